package console

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/xiaoer-cs/xiaoer/internal/httpapi"

	"github.com/xiaoer-cs/xiaoer/internal/auth"
	"github.com/xiaoer-cs/xiaoer/internal/chat"
)

// shopperToken checks the conversation token (header, or ?token=) of a
// widget request: it must name exactly this conversation.
func (c *Console) shopperToken(r *http.Request, convID string) error {
	tok := ""
	if v, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		tok = strings.TrimSpace(v)
	}
	if tok == "" {
		tok = r.URL.Query().Get("token")
	}
	if tok == "" || c.d.Signer == nil {
		return auth.ErrBadToken
	}
	claims, err := c.d.Signer.VerifyConversationToken(tok, c.d.Clock.Now())
	if err != nil {
		return err
	}
	if claims.ConversationID != convID {
		return errStatus(http.StatusForbidden, "forbidden", "this token is not valid for that conversation")
	}
	return nil
}

func (c *Console) limitPublic(r *http.Request, what string) error {
	if !c.public.Allow(httpapi.ClientIP(r) + "|" + what) {
		return errStatus(http.StatusTooManyRequests, "rate_limited", "操作太频繁,请稍后再试 (too many requests)")
	}
	return nil
}

type rateRequest struct {
	Score   int    `json:"score"`
	Comment string `json:"comment"`
}

// rate stores the shopper's satisfaction score (CSAT, 1-5) on the
// conversation; a comment is kept as an internal note for the team.
func (c *Console) rate(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if err := c.shopperToken(r, id); err != nil {
		return err
	}
	if err := c.limitPublic(r, "csat"); err != nil {
		return err
	}
	var req rateRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if req.Score < 1 || req.Score > 5 {
		return errStatus(400, "invalid", "score must be 1 to 5")
	}
	if utf8.RuneCountInString(req.Comment) > 500 {
		return errStatus(400, "invalid", "comment is at most 500 characters")
	}
	conv, err := c.d.Chat.Modify(r.Context(), id, func(conv *chat.Conversation) error {
		conv.CSAT = req.Score
		return nil
	})
	if err != nil {
		return err
	}
	text := fmt.Sprintf("顾客评分:%d 星", req.Score)
	if s := strings.TrimSpace(req.Comment); s != "" {
		text += "。评价:" + s
	}
	payload, _ := json.Marshal(map[string]any{"event": "csat", "score": req.Score})
	if _, err := c.d.Chat.PostAs(r.Context(), id, chat.RoleNote, "shopper", text, payload); err != nil {
		return err
	}
	c.publish(conv)
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"csat": req.Score})
	return nil
}

// MaxUploadBytes bounds one photo.
const MaxUploadBytes = 5 << 20

// uploadTypes are the accepted image types, detected from the content, not
// from the name or the declared type.
var uploadTypes = map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/gif": ".gif"}

var uploadNameRe = regexp.MustCompile(`^u_[0-9a-f]{32}\.(jpg|png|webp|gif)$`)

// upload stores an after-sales photo and posts it as the shopper's message.
func (c *Console) upload(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if err := c.shopperToken(r, id); err != nil {
		return err
	}
	if err := c.limitPublic(r, "upload"); err != nil {
		return err
	}
	if c.d.UploadDir == "" {
		return errStatus(http.StatusNotImplemented, "unavailable", "uploads are not enabled")
	}
	conv, err := c.d.Store.Conversation(r.Context(), id)
	if err != nil {
		return err
	}
	if conv.Status == chat.StatusClosed {
		return chat.ErrClosed
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxUploadBytes+64<<10)
	f, _, err := r.FormFile("file")
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return errStatus(http.StatusRequestEntityTooLarge, "too_large", "图片不能超过 5MB (image larger than 5 MB)")
		}
		return errStatus(400, "invalid", "send the image as multipart form field \"file\"")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxUploadBytes+1))
	if err != nil {
		return errStatus(400, "invalid", "could not read the image")
	}
	if len(data) > MaxUploadBytes {
		return errStatus(http.StatusRequestEntityTooLarge, "too_large", "图片不能超过 5MB (image larger than 5 MB)")
	}
	ext, ok := uploadTypes[http.DetectContentType(data)]
	if !ok {
		return errStatus(http.StatusUnsupportedMediaType, "type", "只支持 JPG、PNG、WebP、GIF 图片 (only JPEG, PNG, WebP or GIF images)")
	}
	if bytes.Contains(bytes.ToLower(data[:min(len(data), 1024)]), []byte("<script")) {
		return errStatus(http.StatusUnsupportedMediaType, "type", "the file is not a plain image")
	}
	var rnd [16]byte
	_, _ = rand.Read(rnd[:])
	name := "u_" + hex.EncodeToString(rnd[:]) + ext
	if err := os.MkdirAll(c.d.UploadDir, 0o700); err != nil {
		return fmt.Errorf("create upload dir: %w", err)
	}
	if err := os.WriteFile(filepath.Join(c.d.UploadDir, name), data, 0o600); err != nil {
		return fmt.Errorf("save upload: %w", err)
	}
	url := "/api/v1/uploads/" + name
	payload, _ := json.Marshal(map[string]any{"image": url})
	// The photo goes through the bot like any message, so an after-sales case
	// waiting for a photo moves on.
	res, err := c.d.Chat.Post(r.Context(), id, chat.PostRequest{Text: "[图片]", Payload: payload})
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusCreated, map[string]any{"message": res.Message, "replies": res.Replies, "url": url})
	return nil
}

// serveUpload serves a stored photo. Names are random (128 bits), so the
// URL is the capability; the response is locked down so a crafted file can
// never run as a page.
func (c *Console) serveUpload(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	if !uploadNameRe.MatchString(name) || c.d.UploadDir == "" {
		return errStatus(404, "not_found", "not found")
	}
	data, err := os.ReadFile(filepath.Join(c.d.UploadDir, name))
	if err != nil {
		return errStatus(404, "not_found", "not found")
	}
	ct := http.DetectContentType(data)
	if _, ok := uploadTypes[ct]; !ok {
		return errStatus(404, "not_found", "not found")
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.Header().Set("Cache-Control", "private, max-age=86400")
	_, err = w.Write(data)
	return err
}
