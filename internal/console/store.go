package console

import (
	"context"
	"encoding/json"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/team"
)

// Store is what the console needs from storage. The application's store
// (internal/store.Store) satisfies the first group today; the second group
// (agents, sessions, canned responses) is added to the storage contract for
// the console.
type Store interface {
	Conversation(ctx context.Context, id string) (chat.Conversation, error)
	Conversations(ctx context.Context, f chat.ConversationFilter) ([]chat.Conversation, error)
	Messages(ctx context.Context, conversationID string, afterSeq int64, limit int) ([]chat.Message, error)
	AppendMessage(ctx context.Context, m chat.Message) (chat.Message, bool, error)

	Customer(ctx context.Context, id string) (shop.Customer, error)
	OrdersByCustomer(ctx context.Context, customerID string) ([]shop.Order, error)
	Order(ctx context.Context, id string) (shop.Order, error)
	ShipmentsByOrder(ctx context.Context, orderID string) ([]shop.Shipment, error)
	Cases(ctx context.Context, customerID string) ([]shop.Case, error)
	CreateCase(ctx context.Context, c shop.Case) error
	Policies(ctx context.Context) (shop.Policies, error)
	Products(ctx context.Context) ([]shop.Product, error)
	Product(ctx context.Context, id string) (shop.Product, error)

	Accounts
}

// Accounts stores the console's people: agents, sessions, canned responses.
type Accounts interface {
	// CreateAgent adds an agent; store.ErrConflict if the login is taken.
	CreateAgent(ctx context.Context, a team.Agent) error
	// UpdateAgent overwrites name, role, password hash, max chats, disabled.
	UpdateAgent(ctx context.Context, a team.Agent) error
	Agent(ctx context.Context, id string) (team.Agent, error)
	AgentByLogin(ctx context.Context, login string) (team.Agent, error)
	// Agents lists all agents by login.
	Agents(ctx context.Context) ([]team.Agent, error)

	CreateSession(ctx context.Context, s team.Session) error
	// Session returns a session by token hash (expired ones included: the caller checks).
	Session(ctx context.Context, tokenHash string) (team.Session, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteAgentSessions logs an agent out everywhere (disabled, password changed).
	DeleteAgentSessions(ctx context.Context, agentID string) error

	// CannedResponses lists canned responses by shortcut.
	CannedResponses(ctx context.Context) ([]team.Canned, error)
	// UpsertCanned writes a canned response; store.ErrConflict if another has the shortcut.
	UpsertCanned(ctx context.Context, c team.Canned) error
	DeleteCanned(ctx context.Context, id string) error
}

// Suggester drafts replies for an agent from the bot's skills. The draft is
// only shown: the agent edits and sends it.
type Suggester interface {
	Suggest(ctx context.Context, conv chat.Conversation, history []chat.Message) ([]Suggestion, error)
}

// Suggestion is one drafted reply.
type Suggestion struct {
	Text string `json:"text"`
	// Source says where it comes from (skill name, knowledge document, template).
	Source string `json:"source"`
}

// Knowledge finds knowledge-base passages relevant to a question.
type Knowledge interface {
	Search(ctx context.Context, question, productID string, k int) ([]Snippet, error)
}

// Snippet is one knowledge passage shown to the agent.
type Snippet struct {
	DocID string  `json:"doc_id"`
	Title string  `json:"title"`
	Text  string  `json:"text"`
	Score float64 `json:"score"`
}

// KnowledgeAdmin manages knowledge documents and teaches unanswered
// questions (the kb service, or a store-backed fallback).
type KnowledgeAdmin interface {
	Documents(ctx context.Context) ([]shop.KnowledgeDoc, error)
	PutDocument(ctx context.Context, d shop.KnowledgeDoc) error
	DeleteDocument(ctx context.Context, id string) error
	Unanswered(ctx context.Context, status string) ([]shop.Unanswered, error)
	// Teach answers an unanswered question (adds an FAQ) and marks it taught.
	Teach(ctx context.Context, id int64, question, answer string) error
	Dismiss(ctx context.Context, id int64) error
}

// BoundariesStore reads and writes the bot's limits (which intents always
// go to a human, compensation and coupon caps).
type BoundariesStore interface {
	Policies(ctx context.Context) (shop.Policies, error)
	SetBotLimits(ctx context.Context, l shop.BotLimits) error
}

// HandoffNote is the payload of the internal note that records a handoff
// packet (see RecordHandoffs).
type HandoffNote struct {
	Handoff json.RawMessage `json:"handoff"`
	At      time.Time       `json:"at"`
}
