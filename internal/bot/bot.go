// Package bot decides what Xiaoer says: it reads the understanding of a
// customer message and the shop's data and composes grounded replies.
//
// Every fact in a reply (stock, price, date, status, rule) comes from the
// shop data the store returns or from the knowledge base; business rules are
// the shop package's functions. The dialogue layer (Respond) calls the same
// typed skills that Skills exposes for an optional LLM layer.
package bot

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/clock"
	"github.com/xiaoer-cs/xiaoer/internal/nlu"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/store"
)

// Understander reads a shopper message; *nlu.Engine implements it.
type Understander interface {
	Analyze(text string, ctx nlu.Context) nlu.Analysis
}

// KnowledgeAnswer is what the knowledge base says about a question.
type KnowledgeAnswer struct {
	Text string `json:"text"`
	// Source names the document or FAQ the text comes from.
	Source     string  `json:"source,omitempty"`
	Confidence float64 `json:"confidence"`
}

// KnowledgeSuggestion is a question the knowledge base answers.
type KnowledgeSuggestion struct {
	Question string `json:"question"`
	// Source names the document or FAQ that answers it.
	Source string `json:"source,omitempty"`
}

// Knowledge answers free questions from the merchant's documents and FAQs.
// ok is false when nothing answers the question well enough. Suggest lists
// related questions it does answer ("您是不是想问"); the bot asks only when it
// gives up on a question, since each suggestion costs a search.
type Knowledge interface {
	Answer(ctx context.Context, question, productID string) (ans KnowledgeAnswer, ok bool)
	Suggest(ctx context.Context, question, productID string) []KnowledgeSuggestion
}

// Catalog reads products.
type Catalog interface {
	Product(ctx context.Context, id string) (shop.Product, error)
	Products(ctx context.Context) ([]shop.Product, error)
	CoPurchases(ctx context.Context, productID string) ([]shop.CoPurchase, error)
}

// Orders reads orders and their parcels.
type Orders interface {
	Order(ctx context.Context, id string) (shop.Order, error)
	// OrdersByCustomer returns the customer's orders, newest first.
	OrdersByCustomer(ctx context.Context, customerID string) ([]shop.Order, error)
	ShipmentsByOrder(ctx context.Context, orderID string) ([]shop.Shipment, error)
	ShipmentByTracking(ctx context.Context, trackingNo string) (shop.Shipment, error)
}

// Customers reads customer profiles.
type Customers interface {
	Customer(ctx context.Context, id string) (shop.Customer, error)
}

// ShopRules reads the shop's description, policies and promotions.
type ShopRules interface {
	ShopInfo(ctx context.Context) (shop.Info, error)
	Policies(ctx context.Context) (shop.Policies, error)
	Promotions(ctx context.Context) ([]shop.Promotion, error)
}

// Cases writes after-sales cases.
type Cases interface {
	CreateCase(ctx context.Context, c shop.Case) error
	UpdateCase(ctx context.Context, c shop.Case) error
	// Cases lists a customer's cases, newest first.
	Cases(ctx context.Context, customerID string) ([]shop.Case, error)
}

// Unanswered records questions the bot could not answer, for merchants to teach.
type Unanswered interface {
	RecordUnanswered(ctx context.Context, question, normalized, conversationID string, at time.Time) (shop.Unanswered, error)
}

// Deps are the bot's data sources. The store satisfies every store
// interface; Knowledge is optional.
type Deps struct {
	Understander Understander
	Knowledge    Knowledge
	Catalog      Catalog
	Orders       Orders
	Customers    Customers
	Shop         ShopRules
	Cases        Cases
	Unanswered   Unanswered
	Clock        clock.Clock
	Log          *slog.Logger
	// Location is the shop's time zone; nil means Asia/Shanghai.
	Location *time.Location
	// NewID makes case ids; nil uses a clock-based id.
	NewID func() string
}

// Bot answers customer messages. It is safe for concurrent use: all
// per-conversation memory travels in the conversation state.
type Bot struct {
	d      Deps
	skills []Skill
}

// New builds a bot.
func New(d Deps) *Bot {
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Location == nil {
		d.Location = time.FixedZone("CST", 8*60*60)
	}
	b := &Bot{d: d}
	b.skills = b.buildSkills()
	return b
}

// errMissingDeps is returned when the bot was built without its data sources.
var errMissingDeps = errors.New("bot: understander and store interfaces are required")

func (b *Bot) ready() bool {
	d := b.d
	return d.Understander != nil && d.Catalog != nil && d.Orders != nil && d.Customers != nil && d.Shop != nil
}

// notFound reports whether err means the record does not exist.
func notFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

var _ chat.Responder = (*Bot)(nil)
