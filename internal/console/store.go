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

// KnowledgeAdmin manages the knowledge base from the admin pages: documents
// and FAQs, files through the same ingestion pipeline as `xiaoer kb add`, a
// trial question that shows what the knowledge base would answer and why,
// and the unanswered questions an admin teaches.
type KnowledgeAdmin interface {
	Documents(ctx context.Context) ([]shop.KnowledgeDoc, error)
	PutDocument(ctx context.Context, d shop.KnowledgeDoc) error
	DeleteDocument(ctx context.Context, id string) error
	FAQs(ctx context.Context) ([]shop.FAQ, error)
	DeleteFAQ(ctx context.Context, id string) error
	// AddFile ingests a file; its name's extension selects the parser.
	AddFile(ctx context.Context, name string, data []byte, productIDs []string) (KnowledgeFileResult, error)
	// Try answers a question as the bot's knowledge lookup would, without
	// logging it as unanswered.
	Try(ctx context.Context, question, productID string) (KnowledgeTrial, error)
	// Related lists, for each entry, up to n documents (not FAQs) where an
	// admin would most likely add its answer: the page of the product the
	// shopper asked from first, then those whose passages match best.
	Related(ctx context.Context, entries []shop.Unanswered, n int) ([][]DocRef, error)
	Unanswered(ctx context.Context, status string) ([]shop.Unanswered, error)
	// Teach answers an unanswered question and marks it taught: as a new
	// FAQ, or, with documentID, as a new section of that document.
	Teach(ctx context.Context, id int64, question, answer, documentID string) error
	Dismiss(ctx context.Context, id int64) error
}

// KnowledgeFileResult is what a file added.
type KnowledgeFileResult struct {
	Documents []string `json:"documents"`
	FAQs      []string `json:"faqs"`
	Removed   []string `json:"removed,omitempty"`
	Chunks    int      `json:"chunks"`
}

// KnowledgeTrial is the knowledge base's answer to a trial question, with
// the passages it weighed: enough for an admin to see why it answered or
// declined and what to teach.
type KnowledgeTrial struct {
	Found      bool    `json:"found"`
	Text       string  `json:"text,omitempty"`
	Confidence float64 `json:"confidence"`
	// Threshold is the confidence an answer needs.
	Threshold   float64        `json:"threshold"`
	Source      *DocRef        `json:"source,omitempty"`
	Suggestions []string       `json:"suggestions,omitempty"`
	Passages    []TrialPassage `json:"passages"`
}

// TrialPassage is one ranked passage of a trial.
type TrialPassage struct {
	DocID      string  `json:"doc_id"`
	Title      string  `json:"title"`
	Heading    string  `json:"heading,omitempty"`
	Kind       string  `json:"kind"`
	Text       string  `json:"text"`
	Score      float64 `json:"score"`
	Confidence float64 `json:"confidence"`
	Explain    string  `json:"explain"`
}

// DocRef names a document or FAQ.
type DocRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Kind  string `json:"kind"`
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
