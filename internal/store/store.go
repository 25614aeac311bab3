// Package store defines the storage contract. Two engines implement it —
// store/sqlite (embedded default) and store/postgres (production) — and one
// contract test suite (store/storetest) runs against both.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/team"
)

// ErrNotFound is returned when the requested record does not exist.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned when a write collides with existing data.
var ErrConflict = errors.New("conflict")

// Store is everything Xiaoer persists. Implementations are safe for
// concurrent use.
//
// Times are stored in UTC at microsecond precision (see Timestamp) and come
// back in UTC; compare them with time.Equal. Lists read back in the order
// they were written (SKUs, order items, tracking events), and an empty list
// or map reads back as nil. Lookups of a missing id return an error wrapping
// ErrNotFound; list queries that match nothing return an empty list.
type Store interface {
	// Close releases the database.
	Close() error
	// Engine names the engine ("sqlite" or "postgres").
	Engine() string

	// ImportBundle upserts every section of the bundle in one transaction:
	// either all of it is written or nothing is. Upserts are keyed by id, so
	// importing the same bundle twice yields the same data. Products replace
	// their SKUs; orders replace their items; shipments replace their events.
	ImportBundle(ctx context.Context, b *shop.Bundle) (shop.ImportStats, error)
	// Export returns the whole shop as a bundle (used by tests and backups).
	Export(ctx context.Context) (*shop.Bundle, error)

	// ShopInfo and Policies return ErrNotFound until a bundle with that
	// section has been imported.
	ShopInfo(ctx context.Context) (shop.Info, error)
	Policies(ctx context.Context) (shop.Policies, error)

	Product(ctx context.Context, id string) (shop.Product, error)
	Products(ctx context.Context) ([]shop.Product, error)
	CoPurchases(ctx context.Context, productID string) ([]shop.CoPurchase, error)
	// SetStock sets one SKU's stock (webhooks, agents).
	SetStock(ctx context.Context, productID, skuID string, stock int) error

	Customer(ctx context.Context, id string) (shop.Customer, error)
	Customers(ctx context.Context) ([]shop.Customer, error)

	Order(ctx context.Context, id string) (shop.Order, error)
	// OrdersByCustomer returns the customer's orders, newest first.
	OrdersByCustomer(ctx context.Context, customerID string) ([]shop.Order, error)
	Orders(ctx context.Context) ([]shop.Order, error)
	// ShipmentsByOrder returns the order's shipments with their events.
	ShipmentsByOrder(ctx context.Context, orderID string) ([]shop.Shipment, error)
	ShipmentByTracking(ctx context.Context, trackingNo string) (shop.Shipment, error)
	// ShipmentsByStatus lists shipments in the given statuses (all if none given).
	ShipmentsByStatus(ctx context.Context, statuses ...string) ([]shop.Shipment, error)

	Promotions(ctx context.Context) ([]shop.Promotion, error)

	FAQs(ctx context.Context) ([]shop.FAQ, error)
	UpsertFAQ(ctx context.Context, f shop.FAQ) error
	DeleteFAQ(ctx context.Context, id string) error
	Documents(ctx context.Context) ([]shop.KnowledgeDoc, error)
	Document(ctx context.Context, id string) (shop.KnowledgeDoc, error)
	UpsertDocument(ctx context.Context, d shop.KnowledgeDoc) error
	DeleteDocument(ctx context.Context, id string) error

	// RecordUnanswered adds one occurrence of a question, aggregated by its
	// normalised form, and returns the updated entry.
	RecordUnanswered(ctx context.Context, question, normalized, conversationID string, at time.Time) (shop.Unanswered, error)
	// UnansweredList returns entries with the status ("" = all), most frequent first.
	UnansweredList(ctx context.Context, status string) ([]shop.Unanswered, error)
	UnansweredByID(ctx context.Context, id int64) (shop.Unanswered, error)
	// ResolveUnanswered sets the status (taught, dismissed) and resolution.
	ResolveUnanswered(ctx context.Context, id int64, status, resolution string) error

	CreateConversation(ctx context.Context, c chat.Conversation) error
	Conversation(ctx context.Context, id string) (chat.Conversation, error)
	// UpdateConversation overwrites the mutable fields (status, agent,
	// summary, tags, csat, product, customer, state, updated_at).
	UpdateConversation(ctx context.Context, c chat.Conversation) error
	Conversations(ctx context.Context, f chat.ConversationFilter) ([]chat.Conversation, error)

	// AppendMessage persists a message, assigning ID (if empty) and the next
	// Seq of its conversation. If ClientMsgID is set and a message with the
	// same conversation and client id exists, it returns that stored message
	// and created=false instead of writing.
	AppendMessage(ctx context.Context, m chat.Message) (stored chat.Message, created bool, err error)
	// AppendReplies stores the bot's side of a turn in one transaction: it
	// appends the replies to conv.ID, each with an ID (if empty) and the next
	// Seq as AppendMessage assigns them, and overwrites conv's mutable fields
	// as UpdateConversation does. ClientMsgID is not looked up: replies are
	// never retried by a client. Either everything is written or nothing is;
	// an unknown conversation is ErrNotFound. It returns the stored replies.
	AppendReplies(ctx context.Context, conv chat.Conversation, replies []chat.Message) ([]chat.Message, error)
	// Messages returns messages with Seq > afterSeq, oldest first, at most limit (0 = all).
	Messages(ctx context.Context, conversationID string, afterSeq int64, limit int) ([]chat.Message, error)

	CreateCase(ctx context.Context, c shop.Case) error
	UpdateCase(ctx context.Context, c shop.Case) error
	Case(ctx context.Context, id string) (shop.Case, error)
	// Cases lists cases of a customer ("" = all), newest first.
	Cases(ctx context.Context, customerID string) ([]shop.Case, error)

	// The agent console's people (migration 0002_console).

	// CreateAgent adds an agent (login stored lower-case); ErrConflict if the
	// id or login is taken.
	CreateAgent(ctx context.Context, a team.Agent) error
	// UpdateAgent overwrites name, role, password hash, max chats, disabled
	// and updated_at; ErrNotFound if absent.
	UpdateAgent(ctx context.Context, a team.Agent) error
	Agent(ctx context.Context, id string) (team.Agent, error)
	// AgentByLogin finds an agent by login, case-insensitively.
	AgentByLogin(ctx context.Context, login string) (team.Agent, error)
	// Agents lists all agents by login.
	Agents(ctx context.Context) ([]team.Agent, error)

	// CreateSession stores a console session (keyed by the hash of its
	// token) and drops sessions that expired before it was created.
	CreateSession(ctx context.Context, s team.Session) error
	// Session returns a session by token hash, expired or not (callers check).
	Session(ctx context.Context, tokenHash string) (team.Session, error)
	// DeleteSession ends one session; ErrNotFound if there is none.
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteAgentSessions ends every session of an agent.
	DeleteAgentSessions(ctx context.Context, agentID string) error

	// CannedResponses lists canned responses by shortcut.
	CannedResponses(ctx context.Context) ([]team.Canned, error)
	// UpsertCanned writes a canned response by id; ErrConflict if another
	// one has the same shortcut.
	UpsertCanned(ctx context.Context, c team.Canned) error
	// DeleteCanned removes a canned response; ErrNotFound if absent.
	DeleteCanned(ctx context.Context, id string) error
}
