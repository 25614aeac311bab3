// Package console is the agent side of Xiaoer: login with hashed passwords,
// cookie sessions with CSRF tokens, roles, the queue of handed-over
// conversations ordered by urgency, auto-assignment to the least-loaded
// online agent, the conversation view with the handoff packet and customer
// 360, the copilot, one-click actions, canned responses, internal notes and
// the admin pages. It also serves the shopper widget's extra endpoints
// (satisfaction rating, photo upload) and the embedded web assets.
package console

import (
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/auth"
	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/clock"
	"github.com/xiaoer-cs/xiaoer/internal/httpapi"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/team"
)

// Deps are the console's collaborators.
type Deps struct {
	Store  Store
	Chat   *chat.Service
	Signer *auth.Signer // verifies shoppers' conversation tokens (widget endpoints)
	Clock  clock.Clock
	Log    *slog.Logger
	// Assets are the embedded web files (package web).
	Assets fs.FS
	// Suggester drafts replies (the bot's skills); optional.
	Suggester Suggester
	// Knowledge finds passages for the copilot; optional.
	Knowledge Knowledge
	// KnowledgeAdmin backs the knowledge and unanswered admin pages; optional.
	KnowledgeAdmin KnowledgeAdmin
	// Boundaries backs the bot-boundaries admin page; optional.
	Boundaries BoundariesStore
	// UploadDir keeps shoppers' photos; uploads are refused when empty.
	UploadDir string
	// Demo serves the demo shop page at /demo/.
	Demo bool
	// DemoIdentitySecret lets the demo page sign a customer identity the way a
	// merchant's server would (demo only).
	DemoIdentitySecret string
	// BcryptCost defaults to bcrypt.DefaultCost; tests lower it.
	BcryptCost int
	// SessionTTL defaults to 12 hours.
	SessionTTL time.Duration
	// CouponCaps bound a one-click coupon per role; defaults in couponCap.
	CouponCaps map[string]shop.Money
}

// Console serves the agent console and the widget's extra endpoints.
type Console struct {
	d        Deps
	presence *presence
	assignMu sync.Mutex       // one assignment pass at a time
	public   *httpapi.Limiter // widget endpoints, per client address
	logins   *httpapi.Limiter // login attempts, per address and per login
}

// New builds a console.
func New(d Deps) *Console {
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.SessionTTL == 0 {
		d.SessionTTL = 12 * time.Hour
	}
	return &Console{
		d:        d,
		presence: newPresence(),
		public:   httpapi.NewLimiter(10, 0.5),
		logins:   httpapi.NewLimiter(10, 0.1),
	}
}

// Routes registers the console, widget assets, widget endpoints and (in
// demo mode) the demo shop page on mux.
func (c *Console) Routes(mux *http.ServeMux) {
	c.assetRoutes(mux)

	// Shopper side: token-authenticated like the rest of the conversation API.
	mux.HandleFunc("POST /api/v1/conversations/{id}/csat", c.handle(c.rate))
	mux.HandleFunc("POST /api/v1/conversations/{id}/uploads", c.handle(c.upload))
	mux.HandleFunc("GET /api/v1/uploads/{name}", c.handle(c.serveUpload))

	// Agent side.
	mux.HandleFunc("POST /console/api/login", c.handle(c.login))
	mux.HandleFunc("POST /console/api/logout", c.handle(c.agent(team.RoleAgent, c.logout)))
	mux.HandleFunc("GET /console/api/me", c.handle(c.agent(team.RoleAgent, c.me)))
	mux.HandleFunc("GET /console/api/events", c.handle(c.agent(team.RoleAgent, c.events)))
	mux.HandleFunc("GET /console/api/queue", c.handle(c.agent(team.RoleAgent, c.queue)))
	mux.HandleFunc("GET /console/api/conversations/{id}", c.handle(c.agent(team.RoleAgent, c.conversation)))
	mux.HandleFunc("POST /console/api/conversations/{id}/reply", c.handle(c.agent(team.RoleAgent, c.reply)))
	mux.HandleFunc("POST /console/api/conversations/{id}/notes", c.handle(c.agent(team.RoleAgent, c.note)))
	mux.HandleFunc("POST /console/api/conversations/{id}/pick", c.handle(c.agent(team.RoleAgent, c.pick)))
	mux.HandleFunc("POST /console/api/conversations/{id}/transfer", c.handle(c.agent(team.RoleAgent, c.transfer)))
	mux.HandleFunc("POST /console/api/conversations/{id}/handback", c.handle(c.agent(team.RoleAgent, c.handback)))
	mux.HandleFunc("POST /console/api/conversations/{id}/close", c.handle(c.agent(team.RoleAgent, c.closeConversation)))
	mux.HandleFunc("GET /console/api/conversations/{id}/copilot", c.handle(c.agent(team.RoleAgent, c.copilot)))
	mux.HandleFunc("POST /console/api/conversations/{id}/actions/coupon", c.handle(c.agent(team.RoleAgent, c.actionCoupon)))
	mux.HandleFunc("POST /console/api/conversations/{id}/actions/case", c.handle(c.agent(team.RoleAgent, c.actionCase)))
	mux.HandleFunc("GET /console/api/customers/{id}", c.handle(c.agent(team.RoleAgent, c.customer360)))
	mux.HandleFunc("GET /console/api/canned", c.handle(c.agent(team.RoleAgent, c.listCanned)))
	mux.HandleFunc("POST /console/api/canned", c.handle(c.agent(team.RoleSupervisor, c.saveCanned)))
	mux.HandleFunc("DELETE /console/api/canned/{id}", c.handle(c.agent(team.RoleSupervisor, c.deleteCanned)))
	mux.HandleFunc("GET /console/api/agents", c.handle(c.agent(team.RoleAgent, c.listAgents)))
	mux.HandleFunc("POST /console/api/agents", c.handle(c.agent(team.RoleAdmin, c.createAgent)))
	mux.HandleFunc("PUT /console/api/agents/{id}", c.handle(c.agent(team.RoleAdmin, c.updateAgent)))
	mux.HandleFunc("GET /console/api/boundaries", c.handle(c.agent(team.RoleSupervisor, c.getBoundaries)))
	mux.HandleFunc("PUT /console/api/boundaries", c.handle(c.agent(team.RoleAdmin, c.putBoundaries)))
	mux.HandleFunc("GET /console/api/knowledge", c.handle(c.agent(team.RoleSupervisor, c.knowledge(c.listDocs))))
	mux.HandleFunc("POST /console/api/knowledge", c.handle(c.agent(team.RoleSupervisor, c.knowledge(c.putDoc))))
	mux.HandleFunc("DELETE /console/api/knowledge/{id}", c.handle(c.agent(team.RoleSupervisor, c.knowledge(c.deleteDoc))))
	mux.HandleFunc("POST /console/api/knowledge/files", c.handle(c.agent(team.RoleSupervisor, c.knowledge(c.addKnowledgeFile))))
	mux.HandleFunc("GET /console/api/knowledge/try", c.handle(c.agent(team.RoleSupervisor, c.knowledge(c.tryKnowledge))))
	mux.HandleFunc("GET /console/api/faqs", c.handle(c.agent(team.RoleSupervisor, c.knowledge(c.listFAQs))))
	mux.HandleFunc("DELETE /console/api/faqs/{id}", c.handle(c.agent(team.RoleSupervisor, c.knowledge(c.deleteFAQ))))
	mux.HandleFunc("GET /console/api/unanswered", c.handle(c.agent(team.RoleSupervisor, c.knowledge(c.listUnanswered))))
	mux.HandleFunc("POST /console/api/unanswered/{id}/teach", c.handle(c.agent(team.RoleSupervisor, c.knowledge(c.teach))))
	mux.HandleFunc("POST /console/api/unanswered/{id}/dismiss", c.handle(c.agent(team.RoleSupervisor, c.knowledge(c.dismiss))))
}

func errStatus(status int, code, format string, args ...any) error {
	return httpapi.Errorf(status, code, format, args...)
}

var (
	errForbidden = errStatus(http.StatusForbidden, "forbidden", "您的角色无权执行此操作 (your role does not allow this)")
	errNotYours  = errStatus(http.StatusForbidden, "forbidden", "该会话不属于您;请先接入或请主管转接 (this conversation is assigned to someone else)")
)

// handle adapts a handler that returns an error to the shared error mapper.
func (c *Console) handle(h func(w http.ResponseWriter, r *http.Request) error) http.HandlerFunc {
	return httpapi.Handle(c.d.Log, h)
}

const maxBody = 1 << 20

func decode(r *http.Request, v any) error {
	return decodeLimit(r, v, maxBody)
}

// decodeLimit decodes a JSON body of at most limit bytes.
func decodeLimit(r *http.Request, v any, limit int64) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, limit))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return errStatus(400, "invalid_json", "request body is empty; send a JSON object")
		}
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return errStatus(http.StatusRequestEntityTooLarge, "too_large", "request body is larger than %d KB; send less at a time", limit>>10)
		}
		return errStatus(400, "invalid_json", "request body: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	return nil
}
