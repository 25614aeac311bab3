package bot

import (
	"encoding/json"
	"slices"
)

// State is the dialogue state kept on the conversation between turns.
// It holds ids and short labels only, never order details, so that a state
// blob can be shown to an agent without leaking anything.
type State struct {
	// ProductID is the product in focus: the page, or the last one mentioned.
	ProductID string `json:"product_id,omitempty"`
	// Color and Size are the variant last asked about ("那黑色的呢" keeps the size).
	Color string `json:"color,omitempty"`
	Size  string `json:"size,omitempty"`
	// Question is the last product question that named an aspect (续航多久),
	// asked again of another product by "那充电宝呢".
	Question string `json:"question,omitempty"`
	// OrderID is the order in focus; only ever an order of the verified customer.
	OrderID string `json:"order_id,omitempty"`
	// Picked are the orders the shopper last chose among (ids), so that
	// "那另一单呢" can mean the one not chosen.
	Picked []string `json:"picked,omitempty"`
	// Height (cm), Weight (kg) and Fit remember the shopper's body for size advice.
	Height float64 `json:"height,omitempty"`
	Weight float64 `json:"weight,omitempty"`
	Fit    string  `json:"fit,omitempty"`
	// ShoeSize (the usual one, "平时穿40") and FootMM remember the feet for
	// shoe size advice, so that "脚宽" next turn sizes up from them.
	ShoeSize string  `json:"shoe_size,omitempty"`
	FootMM   float64 `json:"foot_mm,omitempty"`
	// Pending is the question the bot asked and the next message should fill.
	Pending *Pending `json:"pending,omitempty"`
	// LastIntent is the last intent a skill handled, for follow-ups ("那M码呢").
	LastIntent string `json:"last_intent,omitempty"`
	// Unresolved counts turns in a row the bot could not handle.
	Unresolved int `json:"unresolved,omitempty"`
	// AngryTurns counts angry turns in a row.
	AngryTurns int `json:"angry_turns,omitempty"`
	// VerifyFailures counts failed order+phone checks of an anonymous visitor.
	VerifyFailures int `json:"verify_failures,omitempty"`
	// CaseID is the after-sales case opened in this conversation.
	CaseID string `json:"case_id,omitempty"`
	// CancelLines are the products of the order lines CaseID cancels when
	// it cancels some lines only ("面霜不要了", then "精华也不要了"); empty
	// when it cancels the whole order or is no cancellation.
	CancelLines []string `json:"cancel_lines,omitempty"`
	// Verified is the customer an anonymous visitor proved to be this conversation.
	Verified string `json:"verified,omitempty"`
	// Turns counts customer messages.
	Turns int `json:"turns"`
	// History is a short log of recent turns, for follow-ups and the handoff packet.
	History []TurnLog `json:"history,omitempty"`
}

// Pending is a question the bot asked.
type Pending struct {
	// Kind: body (height/weight), verify (order number + phone last 4),
	// order_pick (which of several orders), order_id, photo, tried (whether a
	// suggested fix helped; CaseKind is the case to open if not), plan (accept a
	// proposed after-sales plan), product (which product), kb_pick (one of
	// the suggested questions), recommend (a budget or kind narrowing the
	// last recommendation; Text is its need), address (the new address for
	// the address change just recorded on case State.CaseID).
	Kind string `json:"kind"`
	// Intent is the shopper's question to resume once the answer arrives.
	Intent string `json:"intent,omitempty"`
	// Text is the shopper's original message, to resume with: normalised,
	// except for order services, which keep the shopper's own words for the
	// case they record.
	Text string `json:"text,omitempty"`
	// Candidates are the order ids (order_pick) or the knowledge-base
	// questions (kb_pick, "您是不是想问") offered to choose from.
	Candidates []string `json:"candidates,omitempty"`
	// CaseKind is the after-sales kind waiting for a photo or a decision.
	CaseKind string `json:"case_kind,omitempty"`
	// Resolution is the plan the shopper already chose (replace, refund …)
	// while the bot waits for the photo, applied once the photo arrives.
	Resolution string `json:"resolution,omitempty"`
	// ProductID is the order line an after-sales case waiting for a photo
	// or a decision is about: the plan and its refund are that line's, not
	// the whole order's ("围巾起球" in an order of a coat and a scarf).
	ProductID string `json:"product_id,omitempty"`
}

// TurnLog is one turn in the short history.
type TurnLog struct {
	Intents []string `json:"intents,omitempty"`
	Emotion string   `json:"emotion,omitempty"`
	// Said is the start of the bot's reply.
	Said     string `json:"said,omitempty"`
	Resolved bool   `json:"resolved"`
}

// historyLen bounds State.History.
const historyLen = 8

func loadState(raw json.RawMessage) State {
	var s State
	if len(raw) > 0 {
		// A state the bot cannot read (older version, manual edit) starts over
		// rather than failing the conversation.
		_ = json.Unmarshal(raw, &s)
	}
	return s
}

func (s *State) log(t TurnLog) {
	s.History = append(s.History, t)
	if n := len(s.History); n > historyLen {
		s.History = slices.Clone(s.History[n-historyLen:])
	}
}

func (s State) encode() json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}
