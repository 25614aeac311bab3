package console

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"

	"github.com/xiaoer-cs/xiaoer/internal/httpapi"

	"golang.org/x/crypto/bcrypt"

	"github.com/xiaoer-cs/xiaoer/internal/store"
	"github.com/xiaoer-cs/xiaoer/internal/team"
)

// cookieName holds the session token. The cookie is HttpOnly (scripts cannot
// read it), SameSite=Strict (other sites cannot send it) and scoped to
// /console/; state-changing requests also need the CSRF token.
const cookieName = "xiaoer_console"

// csrfHeader carries the session's CSRF token on POST/PUT/DELETE.
const csrfHeader = "X-CSRF-Token"

type ctxKey struct{}

// me returns the logged-in agent of a request that went through agent().
func me(r *http.Request) team.Agent {
	a, _ := r.Context().Value(ctxKey{}).(team.Agent)
	return a
}

func randomToken() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func hashToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// HashPassword hashes a password with bcrypt at the given cost (0 = default).
func HashPassword(password string, cost int) (string, error) {
	if err := team.ValidatePassword(password); err != nil {
		return "", err
	}
	if cost == 0 {
		cost = bcrypt.DefaultCost
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	if err != nil {
		return "", err
	}
	return string(h), nil
}

// dummyHash makes a login with an unknown name cost as much as a wrong
// password, so response times do not reveal which logins exist.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("xiaoer-no-such-agent"), bcrypt.MinCost)

// agent wraps a handler that needs a logged-in agent of at least role min.
// Requests that change state must carry the session's CSRF token.
func (c *Console) agent(min string, h func(w http.ResponseWriter, r *http.Request) error) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		ck, err := r.Cookie(cookieName)
		if err != nil || ck.Value == "" {
			return errStatus(http.StatusUnauthorized, "login", "请先登录 (log in first)")
		}
		s, err := c.d.Store.Session(r.Context(), hashToken(ck.Value))
		if errors.Is(err, store.ErrNotFound) || err == nil && !c.d.Clock.Now().Before(s.ExpiresAt) {
			return errStatus(http.StatusUnauthorized, "login", "登录已过期,请重新登录 (session expired)")
		}
		if err != nil {
			return err
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			got := r.Header.Get(csrfHeader)
			if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(s.CSRF)) != 1 {
				return errStatus(http.StatusForbidden, "csrf", "缺少或错误的 CSRF 令牌 (missing or wrong CSRF token)")
			}
		}
		a, err := c.d.Store.Agent(r.Context(), s.AgentID)
		if errors.Is(err, store.ErrNotFound) || err == nil && a.Disabled {
			return errStatus(http.StatusUnauthorized, "login", "账号已停用 (account disabled)")
		}
		if err != nil {
			return err
		}
		if !team.AtLeast(a.Role, min) {
			return errForbidden
		}
		ctx := context.WithValue(r.Context(), ctxKey{}, a)
		ctx = context.WithValue(ctx, csrfKey{}, s.CSRF)
		return h(w, r.WithContext(ctx))
	}
}

type csrfKey struct{}

type loginRequest struct {
	Login    string `json:"login"`
	Password string `json:"password"`
}

type meResponse struct {
	Agent team.Agent `json:"agent"`
	CSRF  string     `json:"csrf"`
}

func (c *Console) login(w http.ResponseWriter, r *http.Request) error {
	var req loginRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	req.Login = strings.TrimSpace(req.Login)
	// Guard against password guessing: per address and per login name.
	if !c.logins.Allow("ip|"+httpapi.ClientIP(r)) || !c.logins.Allow("login|"+strings.ToLower(req.Login)) {
		return errStatus(http.StatusTooManyRequests, "rate_limited", "登录尝试过多,请稍后再试 (too many attempts)")
	}
	a, err := c.d.Store.AgentByLogin(r.Context(), req.Login)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	hash := []byte(a.PasswordHash)
	if err != nil || a.Disabled {
		hash = dummyHash
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(req.Password)) != nil || err != nil || a.Disabled {
		return errStatus(http.StatusUnauthorized, "login", "用户名或密码错误 (wrong login or password)")
	}
	tok := randomToken()
	now := c.d.Clock.Now()
	s := team.Session{TokenHash: hashToken(tok), AgentID: a.ID, CSRF: randomToken(), CreatedAt: now, ExpiresAt: now.Add(c.d.SessionTTL)}
	if err := c.d.Store.CreateSession(r.Context(), s); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name: cookieName, Value: tok, Path: "/console/", HttpOnly: true, SameSite: http.SameSiteStrictMode,
		Secure: r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https", MaxAge: int(c.d.SessionTTL.Seconds()),
	})
	c.d.Log.Info("agent logged in", "agent", a.ID, "role", a.Role)
	httpapi.WriteJSON(w, http.StatusOK, meResponse{Agent: a, CSRF: s.CSRF})
	return nil
}

func (c *Console) logout(w http.ResponseWriter, r *http.Request) error {
	if ck, err := r.Cookie(cookieName); err == nil {
		if err := c.d.Store.DeleteSession(r.Context(), hashToken(ck.Value)); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/console/", HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: -1})
	httpapi.WriteJSON(w, http.StatusOK, map[string]bool{"ok": true})
	return nil
}

func (c *Console) me(w http.ResponseWriter, r *http.Request) error {
	csrf, _ := r.Context().Value(csrfKey{}).(string)
	httpapi.WriteJSON(w, http.StatusOK, meResponse{Agent: me(r), CSRF: csrf})
	return nil
}
