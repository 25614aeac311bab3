package app

import (
	"context"
	"fmt"

	"github.com/xiaoer-cs/xiaoer/internal/bot"
	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/demo"
	"github.com/xiaoer-cs/xiaoer/internal/server"
)

// LoadDemo imports the built-in demo shop, with its dates moved to today.
func (a *App) LoadDemo(ctx context.Context) error {
	b, err := demo.Bundle(a.Clock.Now())
	if err != nil {
		return fmt.Errorf("demo shop: %w", err)
	}
	if _, err := a.importBundle(ctx, b); err != nil {
		return fmt.Errorf("load demo shop: %w", err)
	}
	return nil
}

// buildEngines builds the understanding engine and the knowledge base once.
func (a *App) buildEngines(ctx context.Context) error { return nil }

func (a *App) analyzer() server.Analyzer { return nil }

func (a *App) responder() chat.Responder { return bot.New(bot.Deps{}) }

// ExtraBanner lists more URLs to print at start-up.
func (a *App) ExtraBanner(base string) []string { return nil }
