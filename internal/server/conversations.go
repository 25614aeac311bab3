package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/httpapi"

	"github.com/xiaoer-cs/xiaoer/internal/auth"
	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/store"
)

type createConversationRequest struct {
	VisitorID   string `json:"visitor_id"`
	CustomerID  string `json:"customer_id"`
	IdentitySig string `json:"identity_sig"`
	ProductID   string `json:"product_id"`
	Channel     string `json:"channel"`
}

type createConversationResponse struct {
	Conversation chat.Conversation `json:"conversation"`
	Token        string            `json:"token"`
	ExpiresAt    time.Time         `json:"expires_at"`
	Warnings     []string          `json:"warnings,omitempty"`
}

// createConversation opens a chat. Identity is taken only from proof: the
// admin key (a shop system acting for a customer) or the merchant's HMAC of
// the customer id; a bare customer_id from a browser is refused.
func (s *Server) createConversation(w http.ResponseWriter, r *http.Request) error {
	if err := s.limit(r, "create"); err != nil {
		return err
	}
	var req createConversationRequest
	if err := decode(r, maxBody, &req); err != nil {
		return err
	}
	if len(req.VisitorID) > 100 || len(req.CustomerID) > 100 || len(req.ProductID) > 100 {
		return errStatus(400, "invalid", "visitor_id, customer_id and product_id are at most 100 bytes")
	}
	admin := s.isAdmin(r)
	channel := chat.ChannelWidget
	if admin {
		channel = chat.ChannelAPI
	}
	if req.Channel != "" {
		if req.Channel != chat.ChannelWidget && req.Channel != chat.ChannelAPI {
			return errStatus(400, "invalid", "channel must be %q or %q", chat.ChannelWidget, chat.ChannelAPI)
		}
		channel = req.Channel
	}
	if req.CustomerID != "" {
		if !admin && !s.Signer.VerifyIdentity(req.CustomerID, req.IdentitySig) {
			return errStatus(http.StatusUnauthorized, "identity", "customer identity is not verified: identity_sig must be hex(HMAC-SHA256(shop secret, customer_id)) computed by the shop's server")
		}
		if _, err := s.Store.Customer(r.Context(), req.CustomerID); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return errStatus(400, "unknown_customer", "customer %q does not exist; import the customer first", req.CustomerID)
			}
			return err
		}
	}
	var warnings []string
	if req.ProductID != "" {
		if _, err := s.Store.Product(r.Context(), req.ProductID); err != nil {
			if !errors.Is(err, store.ErrNotFound) {
				return err
			}
			// The widget may sit on a page of a product not yet synced: chat anyway.
			warnings = append(warnings, fmt.Sprintf("product %q is unknown and was ignored", req.ProductID))
			req.ProductID = ""
		}
	}
	conv, err := s.Chat.Start(r.Context(), chat.StartRequest{
		CustomerID: req.CustomerID, VisitorID: req.VisitorID, Channel: channel, ProductID: req.ProductID,
	})
	if err != nil {
		return err
	}
	exp := s.Clock.Now().Add(s.TokenTTL)
	tok := s.Signer.IssueConversationToken(auth.ConversationClaims{
		ConversationID: conv.ID, CustomerID: conv.CustomerID, Expires: exp.Unix(),
	})
	httpapi.WriteJSON(w, http.StatusCreated, createConversationResponse{Conversation: conv, Token: tok, ExpiresAt: exp, Warnings: warnings})
	return nil
}

// access is who is calling about a conversation.
type access struct {
	admin bool
}

// authorize lets the admin key, or a conversation token for exactly this
// conversation, through. Tokens come in the Authorization header, or in
// ?token= for EventSource, which cannot set headers.
func (s *Server) authorize(r *http.Request, conversationID string) (access, error) {
	if s.isAdmin(r) {
		return access{admin: true}, nil
	}
	tok := bearer(r)
	if tok == "" {
		tok = r.URL.Query().Get("token")
	}
	if tok == "" {
		return access{}, auth.ErrBadToken
	}
	c, err := s.Signer.VerifyConversationToken(tok, s.Clock.Now())
	if err != nil {
		return access{}, err
	}
	if c.ConversationID != conversationID {
		// Same answer as for a missing conversation: do not confirm it exists.
		return access{}, errStatus(http.StatusForbidden, "forbidden", "this token is not valid for that conversation")
	}
	return access{}, nil
}

// publicConversation is what a shopper may see of their conversation.
type publicConversation struct {
	ID        string    `json:"id"`
	Status    string    `json:"status"`
	ProductID string    `json:"product_id,omitempty"`
	Verified  bool      `json:"verified"`
	CreatedAt time.Time `json:"created_at"`
	CSAT      int       `json:"csat,omitempty"`
}

func (s *Server) getConversation(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	a, err := s.authorize(r, id)
	if err != nil {
		return err
	}
	c, err := s.Store.Conversation(r.Context(), id)
	if err != nil {
		return err
	}
	if a.admin {
		httpapi.WriteJSON(w, http.StatusOK, c)
		return nil
	}
	httpapi.WriteJSON(w, http.StatusOK, publicConversation{ID: c.ID, Status: c.Status, ProductID: c.ProductID,
		Verified: c.CustomerID != "", CreatedAt: c.CreatedAt, CSAT: c.CSAT})
	return nil
}

type postMessageRequest struct {
	ClientMsgID string `json:"client_msg_id"`
	Text        string `json:"text"`
}

func (s *Server) postMessage(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if _, err := s.authorize(r, id); err != nil {
		return err
	}
	if err := s.limit(r, id); err != nil {
		return err
	}
	var req postMessageRequest
	if err := decode(r, maxBody, &req); err != nil {
		return err
	}
	res, err := s.Chat.Post(r.Context(), id, chat.PostRequest{ClientMsgID: req.ClientMsgID, Text: req.Text})
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if res.Duplicate {
		status = http.StatusOK
	} else {
		s.metrics.messages.WithLabelValues(chat.RoleCustomer).Inc()
		s.metrics.messages.WithLabelValues(chat.RoleBot).Add(float64(len(res.Replies)))
	}
	httpapi.WriteJSON(w, status, res)
	return nil
}

// visible drops what a shopper must not see (internal notes).
func visible(ms []chat.Message, admin bool) []chat.Message {
	out := ms[:0:0]
	for _, m := range ms {
		if m.Role == chat.RoleNote && !admin {
			continue
		}
		out = append(out, m)
	}
	return out
}

func (s *Server) listMessages(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	a, err := s.authorize(r, id)
	if err != nil {
		return err
	}
	after, err := intParam(r, "after", 0)
	if err != nil {
		return err
	}
	limit, err := intParam(r, "limit", 200)
	if err != nil {
		return err
	}
	if limit <= 0 || limit > 1000 {
		return errStatus(400, "invalid", "limit must be between 1 and 1000")
	}
	if _, err := s.Store.Conversation(r.Context(), id); err != nil {
		return err
	}
	ms, err := s.Store.Messages(r.Context(), id, int64(after), limit)
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"messages": visible(ms, a.admin)})
	return nil
}

func intParam(r *http.Request, name string, def int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, errStatus(400, "invalid", "query parameter %s=%q must be a non-negative integer", name, v)
	}
	return n, nil
}

// events streams a conversation as Server-Sent Events. It subscribes first,
// then replays stored messages after the client's last seen seq, then relays
// live events, skipping any seq already sent: reconnecting clients get every
// message exactly once.
func (s *Server) events(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	a, err := s.authorize(r, id)
	if err != nil {
		return err
	}
	if _, err := s.Store.Conversation(r.Context(), id); err != nil {
		return err
	}
	var last int64
	if v := r.Header.Get("Last-Event-ID"); v != "" {
		last, _ = strconv.ParseInt(v, 10, 64)
	} else if v := r.URL.Query().Get("after"); v != "" {
		last, _ = strconv.ParseInt(v, 10, 64)
	}
	rc := http.NewResponseController(w)
	sub := s.Chat.Hub().Subscribe(id)
	defer sub.Close()

	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)

	send := func(ev chat.Event) error {
		if ev.Message != nil {
			if ev.Message.Seq <= last {
				return nil
			}
			if ev.Message.Role == chat.RoleNote && !a.admin {
				return nil
			}
			last = ev.Message.Seq
		}
		var data any = ev
		if ev.Conversation != nil && !a.admin {
			c := ev.Conversation
			data = map[string]any{"type": ev.Type, "conversation_id": ev.ConversationID,
				"conversation": publicConversation{ID: c.ID, Status: c.Status, ProductID: c.ProductID,
					Verified: c.CustomerID != "", CreatedAt: c.CreatedAt, CSAT: c.CSAT}}
		}
		b, err := json.Marshal(data)
		if err != nil {
			return err
		}
		if ev.Message != nil {
			fmt.Fprintf(w, "id: %d\n", ev.Message.Seq)
		}
		fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.Type, b)
		return rc.Flush()
	}

	backlog, err := s.Store.Messages(r.Context(), id, last, 0)
	if err != nil {
		return nil // headers are sent; the client will reconnect
	}
	for i := range backlog {
		if err := send(chat.Event{Type: chat.EventMessage, ConversationID: id, Message: &backlog[i]}); err != nil {
			return nil
		}
	}
	fmt.Fprint(w, ": ready\n\n")
	_ = rc.Flush()
	heartbeat := time.NewTicker(20 * time.Second)
	defer heartbeat.Stop()
	for {
		select {
		case <-r.Context().Done():
			return nil
		case <-sub.Lagged:
			return nil // the client reconnects with Last-Event-ID and catches up
		case ev, ok := <-sub.C:
			if !ok {
				return nil
			}
			if err := send(ev); err != nil {
				return nil
			}
		case <-heartbeat.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return nil
			}
			if err := rc.Flush(); err != nil {
				return nil
			}
		}
	}
}
