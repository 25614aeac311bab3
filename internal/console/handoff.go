package console

import (
	"context"
	"encoding/json"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/clock"
)

// MessageAppender stores and publishes a message (chat.Service.PostAs-like).
type MessageAppender interface {
	AppendMessage(ctx context.Context, m chat.Message) (chat.Message, bool, error)
}

// RecordHandoffs wraps the bot so that each handoff's packet (summary,
// intents, emotion trajectory, orders, what the bot said) is kept as an
// internal note on the conversation, where the console shows it on top. The
// chat service itself keeps only the summary.
func RecordHandoffs(next chat.Responder, st MessageAppender, hub *chat.Hub, clk clock.Clock) chat.Responder {
	return handoffRecorder{next: next, st: st, hub: hub, clock: clk}
}

type handoffRecorder struct {
	next  chat.Responder
	st    MessageAppender
	hub   *chat.Hub
	clock clock.Clock
}

func (h handoffRecorder) Respond(ctx context.Context, conv chat.Conversation, msg chat.Message, history []chat.Message) (chat.Response, error) {
	resp, err := h.next.Respond(ctx, conv, msg, history)
	if err != nil || resp.Handoff == nil || len(resp.Handoff.Packet) == 0 {
		return resp, err
	}
	payload, _ := json.Marshal(HandoffNote{Handoff: resp.Handoff.Packet, At: h.clock.Now()})
	m, _, aerr := h.st.AppendMessage(ctx, chat.Message{ConversationID: conv.ID, Role: chat.RoleNote, Author: "bot",
		Text: "转人工:" + resp.Handoff.Summary, Payload: payload, CreatedAt: h.clock.Now()})
	if aerr == nil && h.hub != nil {
		h.hub.Publish(chat.Event{Type: chat.EventMessage, ConversationID: conv.ID, Message: &m})
	}
	return resp, nil
}
