// Package server is Xiaoer's HTTP surface: the conversation API used by the
// widget and by shop systems, the admin API, webhooks, health and metrics.
// Handlers are thin: they check identity, decode, call a service and encode.
package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/httpapi"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/xiaoer-cs/xiaoer/internal/auth"
	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/clock"
	"github.com/xiaoer-cs/xiaoer/internal/kb"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/store"
)

// Analyzer returns the structured understanding of a text (the nlu engine).
type Analyzer interface {
	AnalyzeJSON(text string, now time.Time) (json.RawMessage, error)
}

// BundleImporter validates and imports a (partial) shop bundle in one transaction.
type BundleImporter interface {
	ImportBundle(ctx context.Context, b *shop.Bundle) (shop.ImportStats, error)
}

// Deps are the services the server exposes.
type Deps struct {
	Store    store.Store
	Chat     *chat.Service
	Signer   *auth.Signer
	AdminKey string
	Clock    clock.Clock
	Log      *slog.Logger
	Analyzer Analyzer       // optional
	Importer BundleImporter // optional: admin bundle push and webhooks
	KB       *kb.Service    // optional: knowledge-base admin endpoints
	// AllowedOrigins may call the public API from a browser (the merchant's shop pages).
	AllowedOrigins []string
	Version        string
	// Registry collects metrics; a fresh one is made when nil.
	Registry *prometheus.Registry
	// TokenTTL is how long a conversation token lives (default 30 days).
	TokenTTL time.Duration
	// Extra registers more routes (web UI, later issues) on the same mux.
	Extra func(mux *http.ServeMux)
}

// Server holds the handlers' dependencies.
type Server struct {
	Deps
	mux     *http.ServeMux
	metrics *metrics
	limiter *httpapi.Limiter
}

// New builds the HTTP handler.
func New(d Deps) http.Handler {
	if d.Registry == nil {
		d.Registry = prometheus.NewRegistry()
	}
	if d.TokenTTL == 0 {
		d.TokenTTL = 30 * 24 * time.Hour
	}
	if d.Log == nil {
		d.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Server{Deps: d, mux: http.NewServeMux(), limiter: httpapi.NewLimiter(20, 2)}
	s.metrics = newMetrics(d.Registry, d.Chat)
	s.routes()
	if d.Extra != nil {
		d.Extra(s.mux)
	}
	return s.middleware(s.mux)
}

func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /healthz", s.handle(s.healthz))
	m.Handle("GET /metrics", promhttp.HandlerFor(s.Registry, promhttp.HandlerOpts{}))
	m.HandleFunc("GET /api/openapi.yaml", s.openapi)

	m.HandleFunc("POST /api/v1/conversations", s.handle(s.createConversation))
	m.HandleFunc("GET /api/v1/conversations/{id}", s.handle(s.getConversation))
	m.HandleFunc("POST /api/v1/conversations/{id}/messages", s.handle(s.postMessage))
	m.HandleFunc("GET /api/v1/conversations/{id}/messages", s.handle(s.listMessages))
	m.HandleFunc("GET /api/v1/conversations/{id}/events", s.handle(s.events))
	m.HandleFunc("OPTIONS /api/v1/", s.preflight)

	m.HandleFunc("POST /api/v1/analyze", s.handle(s.admin(s.analyze)))

	m.HandleFunc("POST /api/v1/admin/bundle", s.handle(s.admin(s.pushBundle)))
	m.HandleFunc("GET /api/v1/admin/products", s.handle(s.admin(s.listProducts)))
	m.HandleFunc("GET /api/v1/admin/products/{id}", s.handle(s.admin(s.getProduct)))
	m.HandleFunc("PUT /api/v1/admin/products/{id}/skus/{sku}/stock", s.handle(s.admin(s.setStock)))
	m.HandleFunc("GET /api/v1/admin/customers/{id}", s.handle(s.admin(s.getCustomer)))
	m.HandleFunc("GET /api/v1/admin/customers/{id}/orders", s.handle(s.admin(s.customerOrders)))
	m.HandleFunc("GET /api/v1/admin/orders/{id}", s.handle(s.admin(s.getOrder)))
	m.HandleFunc("GET /api/v1/admin/conversations", s.handle(s.admin(s.listConversations)))
	m.HandleFunc("GET /api/v1/admin/policies", s.handle(s.admin(s.getPolicies)))
	m.HandleFunc("GET /api/v1/admin/promotions", s.handle(s.admin(s.listPromotions)))

	m.HandleFunc("POST /api/v1/webhooks/orders", s.handle(s.webhookOrders))
	m.HandleFunc("POST /api/v1/webhooks/stock", s.handle(s.webhookStock))
	s.kbRoutes()
}

func errStatus(status int, code, format string, args ...any) error {
	return httpapi.Errorf(status, code, format, args...)
}

// handle adapts a handler that returns an error to the shared error mapper.
func (s *Server) handle(h func(w http.ResponseWriter, r *http.Request) error) http.HandlerFunc {
	return httpapi.Handle(s.Log, h)
}

// maxBody bounds request bodies; bundles may be large.
const (
	maxBody       = 1 << 20
	maxBundleBody = 64 << 20
)

func decode(r *http.Request, limit int64, v any) error {
	return decodeReader(io.LimitReader(r.Body, limit+1), v)
}

func decodeBytes(b []byte, v any) error { return decodeReader(bytes.NewReader(b), v) }

func decodeReader(rd io.Reader, v any) error {
	dec := json.NewDecoder(rd)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.EOF):
			return errStatus(400, "invalid_json", "request body is empty; send a JSON object")
		case errors.As(err, &se):
			return errStatus(400, "invalid_json", "request body is not valid JSON at byte %d: %v", se.Offset, err)
		case errors.As(err, &te):
			return errStatus(400, "invalid_json", "field %q: expected %s, got %s", te.Field, te.Type, te.Value)
		case strings.HasPrefix(err.Error(), "json: unknown field"):
			return errStatus(400, "invalid_json", "%s (check the field name against /api/openapi.yaml)", strings.TrimPrefix(err.Error(), "json: "))
		}
		return errStatus(400, "invalid_json", "request body: %v", err)
	}
	if dec.More() {
		return errStatus(400, "invalid_json", "request body has data after the JSON object")
	}
	return nil
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if _, err := s.Store.Policies(ctx); err != nil && !errors.Is(err, store.ErrNotFound) {
		httpapi.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "store": s.Store.Engine()})
		return nil
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok", "store": s.Store.Engine(), "version": s.Version})
	return nil
}

// bearer returns the Authorization bearer value.
func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if v, ok := strings.CutPrefix(h, "Bearer "); ok {
		return strings.TrimSpace(v)
	}
	return ""
}

func (s *Server) isAdmin(r *http.Request) bool {
	return auth.KeyEqual(bearer(r), s.AdminKey)
}

// admin wraps a handler that requires the admin API key.
func (s *Server) admin(h func(w http.ResponseWriter, r *http.Request) error) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if !s.isAdmin(r) {
			return errStatus(http.StatusUnauthorized, "unauthorized", "this endpoint needs the admin API key: Authorization: Bearer <admin key>")
		}
		return h(w, r)
	}
}
