package app

import (
	"context"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/clock"
)

// ScenarioRunner plays scenario conversations against the assembled app. The
// app must have been built with a *clock.Fixed so each scenario sets its time.
type ScenarioRunner struct {
	App   *App
	Clock *clock.Fixed
}

// SetTime moves the app's clock.
func (r ScenarioRunner) SetTime(t time.Time) { r.Clock.Set(t) }

// Start opens a conversation as a verified customer (or anonymous) on a product page.
func (r ScenarioRunner) Start(ctx context.Context, customerID, productID string) (string, error) {
	c, err := r.App.Chat.Start(ctx, chat.StartRequest{CustomerID: customerID, ProductID: productID, Channel: chat.ChannelCLI})
	return c.ID, err
}

// Post sends a customer message.
func (r ScenarioRunner) Post(ctx context.Context, conversationID, text string) (chat.PostResult, error) {
	return r.App.Chat.Post(ctx, conversationID, chat.PostRequest{Text: text})
}
