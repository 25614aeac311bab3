package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/clock"
	"github.com/xiaoer-cs/xiaoer/internal/demo"
	"github.com/xiaoer-cs/xiaoer/internal/nlu"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/store"
)

// fakeShop implements the bot's own data interfaces over the demo bundle.
type fakeShop struct {
	mu         sync.Mutex
	b          *shop.Bundle
	cases      []shop.Case
	unanswered []string
}

func (f *fakeShop) ShopInfo(context.Context) (shop.Info, error)     { return *f.b.Shop, nil }
func (f *fakeShop) Policies(context.Context) (shop.Policies, error) { return *f.b.Policies, nil }
func (f *fakeShop) Promotions(context.Context) ([]shop.Promotion, error) {
	return f.b.Promotions, nil
}
func (f *fakeShop) Product(_ context.Context, id string) (shop.Product, error) {
	for _, p := range f.b.Products {
		if p.ID == id {
			return p, nil
		}
	}
	return shop.Product{}, store.ErrNotFound
}
func (f *fakeShop) Products(context.Context) ([]shop.Product, error) { return f.b.Products, nil }
func (f *fakeShop) CoPurchases(_ context.Context, id string) ([]shop.CoPurchase, error) {
	var out []shop.CoPurchase
	for _, c := range f.b.CoPurchases {
		if c.ProductA == id || c.ProductB == id {
			out = append(out, c)
		}
	}
	return out, nil
}
func (f *fakeShop) Customer(_ context.Context, id string) (shop.Customer, error) {
	for _, c := range f.b.Customers {
		if c.ID == id {
			return c, nil
		}
	}
	return shop.Customer{}, store.ErrNotFound
}
func (f *fakeShop) Order(_ context.Context, id string) (shop.Order, error) {
	for _, o := range f.b.Orders {
		if o.ID == id {
			return o, nil
		}
	}
	return shop.Order{}, store.ErrNotFound
}
func (f *fakeShop) OrdersByCustomer(_ context.Context, id string) ([]shop.Order, error) {
	var out []shop.Order
	for _, o := range f.b.Orders {
		if o.CustomerID == id {
			out = append(out, o)
		}
	}
	slices.SortStableFunc(out, func(a, b shop.Order) int { return b.CreatedAt.Compare(a.CreatedAt) })
	return out, nil
}
func (f *fakeShop) ShipmentsByOrder(_ context.Context, id string) ([]shop.Shipment, error) {
	var out []shop.Shipment
	for _, s := range f.b.Shipments {
		if s.OrderID == id {
			out = append(out, s)
		}
	}
	return out, nil
}
func (f *fakeShop) ShipmentByTracking(_ context.Context, no string) (shop.Shipment, error) {
	for _, s := range f.b.Shipments {
		if s.TrackingNo == no {
			return s, nil
		}
	}
	return shop.Shipment{}, store.ErrNotFound
}
func (f *fakeShop) CreateCase(_ context.Context, c shop.Case) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cases = append(f.cases, c)
	return nil
}
func (f *fakeShop) UpdateCase(_ context.Context, c shop.Case) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.cases {
		if f.cases[i].ID == c.ID {
			f.cases[i] = c
			return nil
		}
	}
	return store.ErrNotFound
}
func (f *fakeShop) Cases(_ context.Context, customerID string) ([]shop.Case, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []shop.Case
	for _, c := range f.cases {
		if customerID == "" || c.CustomerID == customerID {
			out = append(out, c)
		}
	}
	return out, nil
}
func (f *fakeShop) RecordUnanswered(_ context.Context, q, norm, conv string, at time.Time) (shop.Unanswered, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.unanswered = append(f.unanswered, norm)
	return shop.Unanswered{Question: q, Normalized: norm, Count: 1}, nil
}

var (
	engineOnce sync.Once
	engine     *nlu.Engine
	engineErr  error
)

// testBot builds a bot over a fresh copy of the demo shop at the demo anchor;
// opts adjust its dependencies.
func testBot(t *testing.T, opts ...func(*Deps)) (*Bot, *fakeShop) {
	t.Helper()
	b, err := demo.Bundle(demo.AnchorTime())
	if err != nil {
		t.Fatalf("demo bundle: %v", err)
	}
	engineOnce.Do(func() {
		engine, engineErr = nlu.New(nlu.Options{})
		if engineErr != nil {
			return
		}
		engine.SetCatalog(nlu.CatalogOf(b.Products))
	})
	if engineErr != nil {
		t.Fatalf("nlu: %v", engineErr)
	}
	f := &fakeShop{b: b}
	n := 0
	d := Deps{Understander: engine, Catalog: f, Orders: f, Customers: f, Shop: f, Cases: f, Unanswered: f,
		Clock: clock.NewFixed(demo.AnchorTime()), NewID: func() string { n++; return fmt.Sprintf("CASE-%d", n) }}
	for _, o := range opts {
		o(&d)
	}
	return New(d), f
}

// session plays a conversation turn by turn, like the chat service does.
type session struct {
	t    *testing.T
	bot  *Bot
	conv chat.Conversation
	hist []chat.Message
}

func newSession(t *testing.T, bot *Bot, customerID, productID string) *session {
	return &session{t: t, bot: bot, conv: chat.Conversation{ID: "conv-1", CustomerID: customerID, ProductID: productID, Status: chat.StatusBot}}
}

func (s *session) say(text string) (chat.Response, string) {
	s.t.Helper()
	msg := chat.Message{ID: fmt.Sprint(len(s.hist) + 1), ConversationID: s.conv.ID, Seq: int64(len(s.hist) + 1), Role: chat.RoleCustomer, Text: text, CreatedAt: demo.AnchorTime()}
	if strings.HasPrefix(text, "[图片]") {
		msg.Payload = json.RawMessage(`{"image":"x.jpg"}`)
	}
	s.hist = append(s.hist, msg)
	start := time.Now()
	resp, err := s.bot.Respond(context.Background(), s.conv, msg, s.hist)
	if err != nil {
		s.t.Fatalf("respond %q: %v", text, err)
	}
	_ = start
	if resp.State != nil {
		s.conv.State = resp.State
	}
	if resp.CustomerID != "" && s.conv.CustomerID == "" {
		s.conv.CustomerID = resp.CustomerID
	}
	if resp.ProductID != "" {
		s.conv.ProductID = resp.ProductID
	}
	var texts []string
	for _, r := range resp.Replies {
		texts = append(texts, r.Text)
		s.hist = append(s.hist, chat.Message{Role: chat.RoleBot, Text: r.Text, Payload: r.Payload})
	}
	return resp, strings.Join(texts, "\n")
}
