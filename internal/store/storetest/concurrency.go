package storetest

import (
	"fmt"
	"sync"
	"testing"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/store"
)

// testConcurrentAppends is a small 双十一 burst: many goroutines append to a
// few conversations at once while others read. No append may fail (no
// SQLITE_BUSY, no serialization error), and every conversation must end up
// with seqs 1..n, each exactly once, matching what AppendMessage returned.
func testConcurrentAppends(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	const (
		convs      = 4
		writers    = 12 // per conversation
		perWriter  = 20
		perConv    = writers * perWriter
		readerLoop = 30
	)
	for c := range convs {
		if err := s.CreateConversation(ctx, chat.Conversation{ID: convID(c), Channel: chat.ChannelWidget, Status: chat.StatusBot}); err != nil {
			t.Fatal(err)
		}
	}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		returned = map[string][]int64{} // conversation -> seqs AppendMessage returned
		ids      = map[string]bool{}
		errs     []error
	)
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	for c := range convs {
		for w := range writers {
			wg.Go(func() {
				for i := range perWriter {
					m, created, err := s.AppendMessage(ctx, chat.Message{
						ConversationID: convID(c), ClientMsgID: fmt.Sprintf("w%d-%d", w, i),
						Role: chat.RoleCustomer, Text: "还有货吗",
					})
					if err != nil || !created {
						fail(fmt.Errorf("append %s w%d-%d: created %v, %v", convID(c), w, i, created, err))
						return
					}
					mu.Lock()
					returned[m.ConversationID] = append(returned[m.ConversationID], m.Seq)
					if ids[m.ID] {
						errs = append(errs, fmt.Errorf("id %s returned twice", m.ID))
					}
					ids[m.ID] = true
					mu.Unlock()
				}
			})
		}
		// Readers polling for new messages while the burst goes on, as
		// widgets resuming a stream do.
		wg.Go(func() {
			var after int64
			for range readerLoop {
				ms, err := s.Messages(ctx, convID(c), after, 50)
				if err != nil {
					fail(fmt.Errorf("read %s: %w", convID(c), err))
					return
				}
				for _, m := range ms {
					if m.Seq != after+1 {
						fail(fmt.Errorf("read %s: seq %d after %d: a gap or a reordering", convID(c), m.Seq, after))
						return
					}
					after = m.Seq
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		t.Error(err)
	}
	if len(errs) > 0 {
		t.FailNow()
	}
	for c := range convs {
		ms, err := s.Messages(ctx, convID(c), 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != perConv {
			t.Fatalf("%s has %d messages, want %d", convID(c), len(ms), perConv)
		}
		seen := make([]bool, perConv+1)
		for _, sq := range returned[convID(c)] {
			if sq < 1 || sq > perConv || seen[sq] {
				t.Fatalf("%s: AppendMessage returned seq %d twice or out of range", convID(c), sq)
			}
			seen[sq] = true
		}
		for i, m := range ms {
			if m.Seq != int64(i+1) {
				t.Fatalf("%s: message %d has seq %d, want gapless 1..%d", convID(c), i, m.Seq, perConv)
			}
			if !ids[m.ID] {
				t.Fatalf("%s: stored message %s was never returned by AppendMessage", convID(c), m.ID)
			}
		}
	}
}

func convID(i int) string { return fmt.Sprintf("conv-burst-%d", i) }

// testConcurrentRetries: a flaky mobile network makes the widget post the
// same message several times at once. Exactly one is created, and every
// caller gets that one back.
func testConcurrentRetries(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	if err := s.CreateConversation(ctx, chat.Conversation{ID: "conv-r", Channel: chat.ChannelWidget, Status: chat.StatusBot}); err != nil {
		t.Fatal(err)
	}
	const n = 16
	results := make([]chat.Message, n)
	created := make([]bool, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			results[i], created[i], errs[i] = s.AppendMessage(ctx, chat.Message{
				ConversationID: "conv-r", ClientMsgID: "retry-1", Role: chat.RoleCustomer, Text: "退货地址?",
			})
		})
	}
	wg.Wait()
	ncreated := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("retry %d: %v", i, errs[i])
		}
		if created[i] {
			ncreated++
		}
		if results[i].ID != results[0].ID || results[i].Seq != 1 {
			t.Errorf("retry %d got message %s seq %d, want %s seq 1", i, results[i].ID, results[i].Seq, results[0].ID)
		}
	}
	if ncreated != 1 {
		t.Errorf("%d retries reported created, want exactly 1", ncreated)
	}
	ms, err := s.Messages(ctx, "conv-r", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 {
		t.Errorf("conversation has %d messages, want 1", len(ms))
	}
	// The next message still gets seq 2: the retries left no gap.
	m, _, err := s.AppendMessage(ctx, chat.Message{ConversationID: "conv-r", Role: chat.RoleBot, Text: "浙江省杭州市"})
	if err != nil || m.Seq != 2 {
		t.Errorf("next append: seq %d, %v; want 2", m.Seq, err)
	}
}

// testConcurrentRepliesAndAppends: customers, agents and bot turns write to
// one conversation at once. Every seq is used exactly once with no gap, and
// the replies of one bot turn are consecutive: nothing is interleaved into
// the middle of a turn.
func testConcurrentRepliesAndAppends(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	const (
		conv      = "conv-mixed"
		appenders = 6
		turners   = 6
		perWriter = 15
		perTurn   = 3
		total     = appenders*perWriter + turners*perWriter*perTurn
	)
	if err := s.CreateConversation(ctx, chat.Conversation{ID: conv, Channel: chat.ChannelWidget, Status: chat.StatusBot}); err != nil {
		t.Fatal(err)
	}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		returned = map[int64]string{} // seq -> id returned for it
		errs     []error
	)
	record := func(ms ...chat.Message) {
		mu.Lock()
		defer mu.Unlock()
		for _, m := range ms {
			if prev, ok := returned[m.Seq]; ok {
				errs = append(errs, fmt.Errorf("seq %d returned for %s and %s", m.Seq, prev, m.ID))
			}
			returned[m.Seq] = m.ID
		}
	}
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	for w := range appenders {
		wg.Go(func() {
			for i := range perWriter {
				m, _, err := s.AppendMessage(ctx, chat.Message{ConversationID: conv,
					ClientMsgID: fmt.Sprintf("w%d-%d", w, i), Role: chat.RoleCustomer, Text: "发货了吗"})
				if err != nil {
					fail(fmt.Errorf("append w%d-%d: %w", w, i, err))
					return
				}
				record(m)
			}
		})
	}
	for w := range turners {
		wg.Go(func() {
			for i := range perWriter {
				replies := make([]chat.Message, perTurn)
				for k := range replies {
					replies[k] = chat.Message{Role: chat.RoleBot, Author: "bot", Text: fmt.Sprintf("turn %d-%d reply %d", w, i, k)}
				}
				c := chat.Conversation{ID: conv, Channel: chat.ChannelWidget, Status: chat.StatusBot,
					Tags: []string{fmt.Sprintf("t%d", w)}}
				ms, err := s.AppendReplies(ctx, c, replies)
				if err != nil {
					fail(fmt.Errorf("replies %d-%d: %w", w, i, err))
					return
				}
				if len(ms) != perTurn {
					fail(fmt.Errorf("replies %d-%d: %d returned, want %d", w, i, len(ms), perTurn))
					return
				}
				for k := 1; k < len(ms); k++ {
					if ms[k].Seq != ms[0].Seq+int64(k) {
						fail(fmt.Errorf("replies %d-%d: seqs %d and %d are not consecutive", w, i, ms[0].Seq, ms[k].Seq))
					}
				}
				record(ms...)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		t.Error(err)
	}
	if len(errs) > 0 {
		t.FailNow()
	}
	ms, err := s.Messages(ctx, conv, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != total || len(returned) != total {
		t.Fatalf("%d messages stored and %d seqs returned, want %d", len(ms), len(returned), total)
	}
	for i, m := range ms {
		if m.Seq != int64(i+1) {
			t.Fatalf("message %d has seq %d, want gapless 1..%d", i, m.Seq, total)
		}
		if returned[m.Seq] != m.ID {
			t.Fatalf("seq %d is stored as %s but was returned as %s", m.Seq, m.ID, returned[m.Seq])
		}
	}
}

// BenchAppendMessage measures AppendMessage on s: sequentially into one
// conversation, and in parallel across 16 conversations (a 双十一 burst).
// Each engine's BenchmarkAppendMessage calls it.
func BenchAppendMessage(b *testing.B, s store.Store) {
	ctx := b.Context()
	const nconv = 16
	for i := range nconv {
		if err := s.CreateConversation(ctx, chat.Conversation{ID: convID(i), Channel: chat.ChannelWidget, Status: chat.StatusBot}); err != nil {
			b.Fatal(err)
		}
	}
	msg := func(conv, n int) chat.Message {
		return chat.Message{ConversationID: convID(conv), ClientMsgID: fmt.Sprint(n), Role: chat.RoleCustomer,
			Text: "双十一满减怎么算?买两件能便宜多少", Payload: []byte(`{"intent":"promotion_rules"}`)}
	}
	n := 0 // client ids stay unique however often the sub-benchmarks run
	b.Run("sequential", func(b *testing.B) {
		for b.Loop() {
			n++
			if _, _, err := s.AppendMessage(ctx, msg(0, n)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.SetParallelism(8) // many shoppers at once, not one per CPU
		var mu sync.Mutex
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				mu.Lock()
				n++
				k := n
				mu.Unlock()
				if _, _, err := s.AppendMessage(ctx, msg(k%nconv, k)); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
