package chat_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/clock"
	"github.com/xiaoer-cs/xiaoer/internal/store/sqlite"
)

// slowBot tags the conversation after taking a while, like a bot turn that
// reads the shop's data.
type slowBot struct{ started chan struct{} }

func (b slowBot) Respond(ctx context.Context, conv chat.Conversation, msg chat.Message, _ []chat.Message) (chat.Response, error) {
	close(b.started)
	time.Sleep(50 * time.Millisecond)
	return chat.Response{Replies: []chat.Reply{{Text: "好的"}}, Tags: []string{"hot_lead"}}, nil
}

// TestModifyDuringBotTurnLosesNothing: an agent's change made while the bot
// is answering must survive the bot's own update of the conversation.
func TestModifyDuringBotTurnLosesNothing(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	bot := slowBot{started: make(chan struct{})}
	svc := chat.NewService(st, chat.NewHub(), bot, clock.NewFixed(time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC)), slog.New(slog.NewTextHandler(io.Discard, nil)))
	conv, err := svc.Start(ctx, chat.StartRequest{VisitorID: "v"})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if _, err := svc.Post(ctx, conv.ID, chat.PostRequest{Text: "有M码吗"}); err != nil {
			t.Error(err)
		}
	}()
	<-bot.started
	if _, err := svc.Modify(ctx, conv.ID, func(c *chat.Conversation) error {
		c.AgentID = "agent-1"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	got, err := st.Conversation(ctx, conv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.AgentID != "agent-1" || len(got.Tags) != 1 || got.Tags[0] != "hot_lead" {
		t.Errorf("conversation = agent %q tags %v; one of the two updates was lost", got.AgentID, got.Tags)
	}
}
