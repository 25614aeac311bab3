// Package httpapi holds what every JSON HTTP surface of Xiaoer shares: the
// one mapper from errors to status codes (the message for the client kept
// apart from the detail for the log), JSON responses, client addresses and
// the per-client rate limiter. The public API (internal/server) and the agent
// console (internal/console) both use it, so they fail the same way.
package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"

	"github.com/xiaoer-cs/xiaoer/internal/auth"
	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/kb"
	"github.com/xiaoer-cs/xiaoer/internal/store"
	"github.com/xiaoer-cs/xiaoer/internal/team"
)

// Error is an error with a status and a message safe to show the client.
type Error struct {
	Status int
	Code   string
	Msg    string
}

func (e *Error) Error() string { return e.Msg }

// Errorf builds an Error.
func Errorf(status int, code, format string, args ...any) error {
	return &Error{Status: status, Code: code, Msg: fmt.Sprintf(format, args...)}
}

// classify maps an error to what the client is told.
func classify(err error) (status int, code, msg string, ok bool) {
	var he *Error
	switch {
	case errors.As(err, &he):
		return he.Status, he.Code, he.Msg, true
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, "not_found", "not found", true
	case errors.Is(err, store.ErrConflict):
		return http.StatusConflict, "conflict", "already exists", true
	case errors.Is(err, chat.ErrInvalid), errors.Is(err, kb.ErrInvalid), errors.Is(err, team.ErrInvalid):
		return http.StatusBadRequest, "invalid", err.Error(), true
	case errors.Is(err, chat.ErrClosed):
		return http.StatusConflict, "closed", err.Error(), true
	case errors.Is(err, auth.ErrBadToken):
		return http.StatusUnauthorized, "unauthorized", "missing, invalid or expired token", true
	}
	return http.StatusInternalServerError, "internal", "服务器内部错误,请稍后再试 (internal error)", false
}

// Handle adapts a handler that returns an error. A failure is never a 200;
// internal errors are logged with their detail and shown as a generic message.
func Handle(log *slog.Logger, h func(w http.ResponseWriter, r *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil || errors.Is(err, context.Canceled) {
			return
		}
		status, code, msg, _ := classify(err)
		if status >= 500 {
			log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		} else {
			log.Debug("request rejected", "method", r.Method, "path", r.URL.Path, "status", status, "err", err)
		}
		WriteJSON(w, status, map[string]any{"error": map[string]string{"code": code, "message": msg}})
	}
}

// WriteJSON writes v as a JSON response. HTML-significant characters are
// escaped even inside JSON strings, so customer text can never be sniffed as markup.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// ClientIP is the request's remote address without the port.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
