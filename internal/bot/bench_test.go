package bot

import (
	"context"
	"testing"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
)

// BenchmarkRespond measures one multi-question turn over the in-memory fake
// (nlu analysis included).
func BenchmarkRespond(b *testing.B) {
	t := &testing.T{}
	bot, _ := testBot(t)
	conv := chat.Conversation{ID: "c", ProductID: "P-COAT-01", CustomerID: "C-1001"}
	msg := chat.Message{Role: chat.RoleCustomer, Text: "有M码吗?今天能发吗?有活动吗"}
	for b.Loop() {
		if _, err := bot.Respond(context.Background(), conv, msg, nil); err != nil {
			b.Fatal(err)
		}
	}
}
