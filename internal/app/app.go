// Package app assembles Xiaoer from its configuration: store, understanding
// engine, knowledge base, bot, chat service and HTTP server. Only main and
// end-to-end tests import it, so tests build exactly the graph users run.
package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/xiaoer-cs/xiaoer/internal/auth"
	"github.com/xiaoer-cs/xiaoer/internal/bot"
	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/clock"
	"github.com/xiaoer-cs/xiaoer/internal/config"
	"github.com/xiaoer-cs/xiaoer/internal/kb"
	"github.com/xiaoer-cs/xiaoer/internal/nlu"
	"github.com/xiaoer-cs/xiaoer/internal/server"
	"github.com/xiaoer-cs/xiaoer/internal/store"
	"github.com/xiaoer-cs/xiaoer/internal/store/cache"
	"github.com/xiaoer-cs/xiaoer/internal/store/postgres"
	"github.com/xiaoer-cs/xiaoer/internal/store/sqlite"
)

// Version is set at build time with -ldflags "-X .../internal/app.Version=v1.2.3".
var Version = "dev"

// App is one assembled Xiaoer.
type App struct {
	Config   *config.Config
	Log      *slog.Logger
	Clock    clock.Clock
	Store    store.Store
	Signer   *auth.Signer
	Hub      *chat.Hub
	Chat     *chat.Service
	AdminKey string
	NLU      *nlu.Engine
	KB       *kb.Service
	Bot      *bot.Bot
	secret   string
	// GeneratedSecrets is true when this start created the data dir's secrets.
	GeneratedSecrets bool
}

// Options adjust assembly for commands and tests.
type Options struct {
	// Clock overrides the configured clock (tests use a fixed one).
	Clock clock.Clock
	// LogOutput defaults to stderr.
	LogOutput io.Writer
}

// NewLogger builds the slog logger from the config.
func NewLogger(c *config.Config, w io.Writer) *slog.Logger {
	if w == nil {
		w = os.Stderr
	}
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(c.LogLevel))
	opts := &slog.HandlerOptions{Level: lvl}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// OpenStore opens the configured database engine and applies migrations.
func OpenStore(ctx context.Context, c *config.Config) (store.Store, error) {
	if c.Postgres() {
		st, err := postgres.Open(ctx, c.DSN)
		if err != nil {
			return nil, fmt.Errorf("open PostgreSQL: %w", err)
		}
		return st, nil
	}
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data dir %s: %w", c.DataDir, err)
	}
	st, err := sqlite.Open(ctx, c.SQLitePath())
	if err != nil {
		return nil, fmt.Errorf("open SQLite %s: %w", c.SQLitePath(), err)
	}
	return st, nil
}

// New assembles the application.
func New(ctx context.Context, c *config.Config, o Options) (*App, error) {
	a := &App{Config: c, Log: NewLogger(c, o.LogOutput)}
	a.Clock = o.Clock
	if a.Clock == nil {
		if c.Clock.IsZero() {
			a.Clock = clock.System{}
		} else {
			a.Clock = clock.StartingAt(c.Clock)
		}
	}
	sec, generated, err := loadSecrets(c.DataDir, c.ShopSecret, c.AdminKey)
	if err != nil {
		return nil, err
	}
	a.secret, a.AdminKey, a.GeneratedSecrets = sec.ShopSecret, sec.AdminKey, generated
	a.Signer = auth.NewSigner(sec.ShopSecret)

	raw, err := OpenStore(ctx, c)
	if err != nil {
		return nil, err
	}
	a.Store = cache.New(raw, 0)
	if c.Demo {
		if err := a.LoadDemo(ctx); err != nil {
			a.Store.Close()
			return nil, err
		}
	}
	if err := a.buildEngines(ctx); err != nil {
		a.Store.Close()
		return nil, err
	}
	a.Hub = chat.NewHub()
	a.Chat = chat.NewService(a.Store, a.Hub, a.consoleResponder(a.responder()), a.Clock, a.Log)
	return a, nil
}

// Handler builds the HTTP handler.
func (a *App) Handler() http.Handler {
	return server.New(a.serverDeps())
}

func (a *App) serverDeps() server.Deps {
	return server.Deps{
		Store:          a.Store,
		Chat:           a.Chat,
		Signer:         a.Signer,
		AdminKey:       a.AdminKey,
		Clock:          a.Clock,
		Log:            a.Log,
		Analyzer:       a.analyzer(),
		Importer:       a.bundleImporter(),
		KB:             a.KB,
		AllowedOrigins: a.Config.AllowedOrigins,
		Version:        Version,
		Registry:       prometheus.NewRegistry(),
		Extra:          a.consoleRoutes,
	}
}

// ShopSecret is the secret merchants use to sign identities and webhooks.
func (a *App) ShopSecret() string { return a.secret }

// Close releases the store.
func (a *App) Close() error {
	if a.Store == nil {
		return nil
	}
	return a.Store.Close()
}

// Redact shortens a secret for printing: enough to recognise, not to use.
func Redact(s string) string {
	if len(s) <= 8 {
		return strings.Repeat("*", len(s))
	}
	return s[:6] + "…" + s[len(s)-2:]
}
