package httpapi

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/xiaoer-cs/xiaoer/internal/auth"
	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/store"
)

func TestHandleMapsErrors(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	tests := []struct {
		name    string
		err     error
		status  int
		show    string
		notShow string
	}{
		{"explicit", Errorf(418, "teapot", "short and stout"), 418, "short and stout", ""},
		{"not found wrapped", fmt.Errorf("load order 7: %w", store.ErrNotFound), 404, "not found", "order 7"},
		{"invalid input", fmt.Errorf("%w: text is empty", chat.ErrInvalid), 400, "text is empty", ""},
		{"bad token", auth.ErrBadToken, 401, "invalid", ""},
		// Internal detail (a DSN, a path) stays in the log, never in the response.
		{"internal", errors.New("dial postgres://secret@db: refused"), 500, "internal", "secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			Handle(log, func(http.ResponseWriter, *http.Request) error { return tt.err })(rec, httptest.NewRequest("GET", "/", nil))
			body := rec.Body.String()
			if rec.Code != tt.status || !strings.Contains(body, tt.show) || (tt.notShow != "" && strings.Contains(body, tt.notShow)) {
				t.Errorf("%d %s", rec.Code, body)
			}
		})
	}
}

func TestLimiter(t *testing.T) {
	l := NewLimiter(3, 0)
	for i := 0; i < 3; i++ {
		if !l.Allow("a") {
			t.Fatalf("request %d refused within the burst", i+1)
		}
	}
	if l.Allow("a") {
		t.Error("4th request allowed with no refill")
	}
	if !l.Allow("b") {
		t.Error("another key is limited by a's usage")
	}
}
