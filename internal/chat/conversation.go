// Package chat holds conversations and messages and the real-time hub that
// fans new events out to widgets and consoles.
package chat

import (
	"encoding/json"
	"time"
)

// Conversation statuses.
const (
	StatusBot     = "bot"     // the bot is answering
	StatusWaiting = "waiting" // handed over, waiting for an agent
	StatusHuman   = "human"   // an agent has it
	StatusClosed  = "closed"
)

// Channels a conversation can come from.
const (
	ChannelWidget = "widget"
	ChannelAPI    = "api"
	ChannelCLI    = "cli"
)

// Conversation is one chat between a shopper and the shop.
type Conversation struct {
	ID string `json:"id"`
	// CustomerID is set only when identity was verified (signed widget
	// identity, admin API on behalf of a customer, or order+phone check).
	CustomerID string `json:"customer_id,omitempty"`
	// VisitorID identifies an anonymous browser.
	VisitorID string `json:"visitor_id,omitempty"`
	Channel   string `json:"channel"`
	// ProductID is the page the chat was opened from.
	ProductID string    `json:"product_id,omitempty"`
	Status    string    `json:"status"`
	AgentID   string    `json:"agent_id,omitempty"`
	Summary   string    `json:"summary,omitempty"`
	Tags      []string  `json:"tags,omitempty"`
	CSAT      int       `json:"csat,omitempty"` // 1..5, 0 = not rated
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// State is the bot's dialogue state, opaque to the store.
	State json.RawMessage `json:"-"`
}

// Message roles.
const (
	RoleCustomer = "customer"
	RoleBot      = "bot"
	RoleAgent    = "agent"
	RoleSystem   = "system"
	RoleNote     = "note" // internal agent note, never shown to the shopper
)

// Message is one message in a conversation. Seq orders messages within a
// conversation and lets clients resume a stream without duplicates.
type Message struct {
	ID             string `json:"id"`
	ConversationID string `json:"conversation_id"`
	Seq            int64  `json:"seq"`
	// ClientMsgID makes posting idempotent: a retry with the same id returns
	// the stored message instead of creating a second one.
	ClientMsgID string `json:"client_msg_id,omitempty"`
	Role        string `json:"role"`
	Author      string `json:"author,omitempty"` // agent id or bot name
	Text        string `json:"text"`
	// Payload is the structured part: analysis, cards, quick replies, handoff.
	Payload   json.RawMessage `json:"payload,omitempty"`
	CreatedAt time.Time       `json:"created_at"`
}

// ConversationFilter selects conversations for listing.
type ConversationFilter struct {
	Status     string
	CustomerID string
	AgentID    string
	Limit      int
}
