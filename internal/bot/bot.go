// Package bot decides what Xiaoer says: it reads the understanding of a
// customer message and the shop's data and composes grounded replies.
package bot

import (
	"context"
	"strings"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
)

// Deps are the bot's data sources.
type Deps struct{}

// Bot answers customer messages.
type Bot struct {
	deps Deps
}

// New builds a bot.
func New(d Deps) *Bot { return &Bot{deps: d} }

// Respond answers one customer message.
func (b *Bot) Respond(ctx context.Context, conv chat.Conversation, msg chat.Message, history []chat.Message) (chat.Response, error) {
	text := msg.Text
	if strings.Contains(text, "人工") || strings.Contains(text, "真人") {
		return chat.Response{
			Replies: []chat.Reply{{Text: "好的,正在为您转接人工客服,请稍等片刻~"}},
			Handoff: &chat.Handoff{Reason: "customer_request", Summary: "顾客要求人工客服:" + text},
		}, nil
	}
	return chat.Response{Replies: []chat.Reply{{Text: "您好,我是小二,已收到您的消息。如需人工客服,回复“转人工”即可。"}}}, nil
}
