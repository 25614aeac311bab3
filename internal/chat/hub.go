package chat

import "sync"

// Event types published on the hub.
const (
	EventMessage      = "message"      // a message was stored
	EventConversation = "conversation" // a conversation changed (status, agent, handoff)
)

// Event is one real-time notification. Events are published only after the
// change is stored, so a subscriber that missed some can always catch up
// from the store by Seq.
type Event struct {
	Type           string        `json:"type"`
	ConversationID string        `json:"conversation_id"`
	Message        *Message      `json:"message,omitempty"`
	Conversation   *Conversation `json:"conversation,omitempty"`
}

// Subscription receives events until it is closed. If the subscriber falls
// behind by more than its buffer, Lagged is closed and no further events are
// delivered: the subscriber must resynchronise from the store (streams do
// this by reconnecting with the last seen seq), which keeps a slow browser
// from slowing down everyone else.
type Subscription struct {
	C      <-chan Event
	Lagged <-chan struct{}

	c      chan Event
	lagged chan struct{}
	hub    *Hub
	key    string
	once   sync.Once
}

// Close stops the subscription.
func (s *Subscription) Close() {
	s.once.Do(func() { s.hub.remove(s) })
}

// Hub fans events out to subscribers of one conversation, and to
// subscribers of all conversations (agent consoles). It is in-process; a
// multi-node deployment relays through the database in a later step.
type Hub struct {
	mu   sync.Mutex
	subs map[string]map[*Subscription]struct{}
}

// NewHub returns an empty hub.
func NewHub() *Hub {
	return &Hub{subs: map[string]map[*Subscription]struct{}{}}
}

// allKey subscribes to every conversation.
const allKey = "*"

// Subscribe to one conversation's events, or to all with conversationID "".
func (h *Hub) Subscribe(conversationID string) *Subscription {
	key := conversationID
	if key == "" {
		key = allKey
	}
	c := make(chan Event, 64)
	s := &Subscription{C: c, c: c, lagged: make(chan struct{}), hub: h, key: key}
	s.Lagged = s.lagged
	h.mu.Lock()
	if h.subs[key] == nil {
		h.subs[key] = map[*Subscription]struct{}{}
	}
	h.subs[key][s] = struct{}{}
	h.mu.Unlock()
	return s
}

func (h *Hub) remove(s *Subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if m := h.subs[s.key]; m != nil {
		if _, ok := m[s]; ok {
			delete(m, s)
			close(s.c)
		}
		if len(m) == 0 {
			delete(h.subs, s.key)
		}
	}
}

// Publish delivers ev to the conversation's subscribers and to the
// all-conversations subscribers without blocking.
func (h *Hub) Publish(ev Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, key := range []string{ev.ConversationID, allKey} {
		for s := range h.subs[key] {
			select {
			case s.c <- ev:
			default:
				// Too slow: cut it loose rather than block publishers.
				delete(h.subs[key], s)
				close(s.lagged)
				close(s.c)
			}
		}
	}
}

// Subscribers counts live subscriptions (for metrics).
func (h *Hub) Subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, m := range h.subs {
		n += len(m)
	}
	return n
}
