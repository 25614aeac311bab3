package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/store"
)

// testAppendReplies: the bot's turn (its replies and the conversation's new
// state) is stored by one call; the replies follow the customer's message
// in seq order and the conversation reads back as written.
func testAppendReplies(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	t0 := at("2025-11-11 00:00:00")
	conv := chat.Conversation{ID: "conv-r", VisitorID: "v-1", Channel: chat.ChannelWidget, Status: chat.StatusBot,
		CreatedAt: t0, UpdatedAt: t0}
	if err := s.CreateConversation(ctx, conv); err != nil {
		t.Fatal(err)
	}
	customer, _, err := s.AppendMessage(ctx, chat.Message{ConversationID: conv.ID, ClientMsgID: "cm-1",
		Role: chat.RoleCustomer, Text: "我要退货,找人工", CreatedAt: t0})
	if err != nil {
		t.Fatal(err)
	}

	upd := conv
	upd.Status, upd.Summary, upd.Tags = chat.StatusWaiting, "要求退货", []string{"退货", "转人工"}
	upd.CustomerID, upd.ProductID = "C001", "P001"
	upd.State, upd.UpdatedAt = []byte(`{"step":2}`), t0.Add(time.Second)
	upd.Channel, upd.VisitorID, upd.CreatedAt = "ignored", "ignored", t0.Add(time.Hour) // not mutable
	payload := []byte(`{"quick_replies": ["查订单"]}`)
	replies := []chat.Message{
		{Role: chat.RoleBot, Author: "bot", Text: "好的,正在为您转接", CreatedAt: t0.Add(time.Second)},
		{ID: "m-fixed", ConversationID: conv.ID, Role: chat.RoleBot, Author: "bot", Text: "请稍等", Payload: payload,
			CreatedAt: t0.Add(time.Second)},
	}
	stored, err := s.AppendReplies(ctx, upd, replies)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != 2 {
		t.Fatalf("AppendReplies returned %d replies, want 2", len(stored))
	}
	for i, m := range stored {
		if want := customer.Seq + int64(i) + 1; m.Seq != want {
			t.Errorf("reply %d: seq %d, want %d (right after the customer message)", i, m.Seq, want)
		}
		if m.ID == "" || m.ConversationID != conv.ID {
			t.Errorf("reply %d: id %q conversation %q, want an id in %q", i, m.ID, m.ConversationID, conv.ID)
		}
	}
	if stored[1].ID != "m-fixed" {
		t.Errorf("reply 1: id %q, want the given m-fixed", stored[1].ID)
	}
	if stored[0].ID == stored[1].ID || stored[0].ID == customer.ID {
		t.Errorf("ids are not unique: %q %q %q", customer.ID, stored[0].ID, stored[1].ID)
	}
	got, err := s.Messages(ctx, conv.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "messages after AppendReplies", got, norm([]chat.Message{customer, stored[0], stored[1]}))
	if string(got[2].Payload) != string(payload) {
		t.Errorf("payload = %s, want the exact bytes %s", got[2].Payload, payload)
	}

	want := upd
	want.Channel, want.VisitorID, want.CreatedAt = conv.Channel, conv.VisitorID, conv.CreatedAt
	gotConv, err := s.Conversation(ctx, conv.ID)
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "conversation after AppendReplies", gotConv, norm(want))

	// A turn without replies still updates the conversation, and the next
	// message continues the sequence.
	upd.Tags, upd.UpdatedAt = append(upd.Tags, "加急"), t0.Add(2*time.Second)
	if got, err := s.AppendReplies(ctx, upd, nil); err != nil || len(got) != 0 {
		t.Fatalf("AppendReplies without replies = %v, %v; want none, nil", got, err)
	}
	if gotConv, _ := s.Conversation(ctx, conv.ID); len(gotConv.Tags) != 3 {
		t.Errorf("tags after a turn without replies = %v, want 3", gotConv.Tags)
	}
	next, _, err := s.AppendMessage(ctx, chat.Message{ConversationID: conv.ID, Role: chat.RoleAgent, Text: "您好"})
	if err != nil || next.Seq != customer.Seq+3 {
		t.Errorf("next append: seq %d, %v; want %d", next.Seq, err, customer.Seq+3)
	}
}

// testAppendRepliesAtomic: a turn that cannot be stored leaves no trace,
// neither a reply nor a change to the conversation.
func testAppendRepliesAtomic(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	t0 := at("2025-11-11 00:00:00")
	conv := chat.Conversation{ID: "conv-x", Channel: chat.ChannelWidget, Status: chat.StatusBot, CreatedAt: t0, UpdatedAt: t0}
	if err := s.CreateConversation(ctx, conv); err != nil {
		t.Fatal(err)
	}
	taken, _, err := s.AppendMessage(ctx, chat.Message{ConversationID: conv.ID, Role: chat.RoleCustomer, Text: "在吗"})
	if err != nil {
		t.Fatal(err)
	}
	reply := chat.Message{Role: chat.RoleBot, Author: "bot", Text: "在的"}

	t.Run("an unknown conversation is ErrNotFound and stores nothing", func(t *testing.T) {
		_, err := s.AppendReplies(ctx, chat.Conversation{ID: "conv-404", Status: chat.StatusBot}, []chat.Message{reply, reply})
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("error = %v, want one wrapping store.ErrNotFound", err)
		}
		if ms, _ := s.Messages(ctx, "conv-404", 0, 0); len(ms) != 0 {
			t.Errorf("conv-404 has %d messages, want none", len(ms))
		}
	})
	t.Run("a taken message id is ErrConflict and leaves the conversation as it was", func(t *testing.T) {
		upd := conv
		upd.Status, upd.Summary, upd.Tags, upd.UpdatedAt = chat.StatusWaiting, "转人工", []string{"投诉"}, t0.Add(time.Minute)
		dup := reply
		dup.ID = taken.ID
		_, err := s.AppendReplies(ctx, upd, []chat.Message{reply, dup})
		if !errors.Is(err, store.ErrConflict) {
			t.Errorf("error = %v, want one wrapping store.ErrConflict", err)
		}
		got, err := s.Conversation(ctx, conv.ID)
		if err != nil {
			t.Fatal(err)
		}
		assertEqual(t, "conversation after a failed AppendReplies", got, norm(conv))
		ms, err := s.Messages(ctx, conv.ID, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		assertEqual(t, "messages after a failed AppendReplies", ms, norm([]chat.Message{taken}))
		// The rolled-back turn left no gap in the sequence.
		next, _, err := s.AppendMessage(ctx, chat.Message{ConversationID: conv.ID, Role: chat.RoleCustomer, Text: "人呢"})
		if err != nil || next.Seq != 2 {
			t.Errorf("next append: seq %d, %v; want 2", next.Seq, err)
		}
	})
	t.Run("a reply for another conversation is refused", func(t *testing.T) {
		other := reply
		other.ConversationID = "conv-other"
		if _, err := s.AppendReplies(ctx, conv, []chat.Message{other}); err == nil {
			t.Error("AppendReplies stored a reply of another conversation")
		}
	})
}
