package chat

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/xiaoer-cs/xiaoer/internal/clock"
)

// HistoryWindow is how many recent messages the bot is shown.
const HistoryWindow = 10

// MaxMessageRunes bounds one message's text.
const MaxMessageRunes = 2000

// ErrInvalid marks a request the client must fix (empty text, too long...).
var ErrInvalid = errors.New("invalid request")

// ErrClosed is returned when posting to a closed conversation.
var ErrClosed = errors.New("conversation is closed")

// Store is what the chat service needs from storage.
type Store interface {
	CreateConversation(ctx context.Context, c Conversation) error
	Conversation(ctx context.Context, id string) (Conversation, error)
	UpdateConversation(ctx context.Context, c Conversation) error
	AppendMessage(ctx context.Context, m Message) (Message, bool, error)
	// AppendReplies stores a bot turn's replies and the updated conversation
	// in one transaction and returns the stored replies.
	AppendReplies(ctx context.Context, conv Conversation, replies []Message) ([]Message, error)
	Messages(ctx context.Context, conversationID string, afterSeq int64, limit int) ([]Message, error)
}

// Responder is the bot: it reads a customer message in its conversation and
// returns what to say. The chat service persists and publishes the result.
type Responder interface {
	Respond(ctx context.Context, conv Conversation, msg Message, history []Message) (Response, error)
}

// Response is the bot's answer to one customer message.
type Response struct {
	Replies []Reply
	// Analysis is the structured understanding of the customer message
	// (intent, entities, sentiment); stored on that message's payload.
	Analysis json.RawMessage
	// Handoff, when set, hands the conversation to a human.
	Handoff *Handoff
	// State is the new dialogue state; nil keeps the old one.
	State json.RawMessage
	// ProductID/CustomerID update the conversation's focus or verified identity.
	ProductID  string
	CustomerID string
	Tags       []string
}

// Reply is one bot message.
type Reply struct {
	Text    string          `json:"text"`
	Payload json.RawMessage `json:"payload,omitempty"` // cards, quick replies
}

// Handoff asks for a human, with the packet the agent sees first.
type Handoff struct {
	Reason  string          `json:"reason"`
	Summary string          `json:"summary"`
	Packet  json.RawMessage `json:"packet,omitempty"`
}

// Service runs conversations: it stores every message before anything else
// happens, asks the bot, stores and publishes the replies.
type Service struct {
	store Store
	hub   *Hub
	bot   Responder
	clock clock.Clock
	log   *slog.Logger
	locks [64]sync.Mutex
}

// NewService wires a chat service.
func NewService(st Store, hub *Hub, bot Responder, clk clock.Clock, log *slog.Logger) *Service {
	return &Service{store: st, hub: hub, bot: bot, clock: clk, log: log}
}

// Hub returns the event hub.
func (s *Service) Hub() *Hub { return s.hub }

// StartRequest opens a conversation.
type StartRequest struct {
	CustomerID string
	VisitorID  string
	Channel    string
	ProductID  string
}

// Start creates a conversation.
func (s *Service) Start(ctx context.Context, r StartRequest) (Conversation, error) {
	now := s.clock.Now()
	ch := r.Channel
	if ch == "" {
		ch = ChannelWidget
	}
	c := Conversation{
		ID:         NewID("c"),
		CustomerID: r.CustomerID,
		VisitorID:  r.VisitorID,
		Channel:    ch,
		ProductID:  r.ProductID,
		Status:     StatusBot,
		CreatedAt:  now,
		UpdatedAt:  now,
	}
	if err := s.store.CreateConversation(ctx, c); err != nil {
		return Conversation{}, fmt.Errorf("create conversation: %w", err)
	}
	s.hub.Publish(Event{Type: EventConversation, ConversationID: c.ID, Conversation: &c})
	return c, nil
}

// PostRequest is a customer message.
type PostRequest struct {
	ClientMsgID string
	Text        string
	// Payload is structured content from the client, e.g. {"image": url} for an uploaded photo.
	Payload json.RawMessage
}

// PostResult is the stored customer message and what the bot said.
type PostResult struct {
	Message  Message         `json:"message"`
	Replies  []Message       `json:"replies"`
	Analysis json.RawMessage `json:"analysis,omitempty"`
	Handoff  *Handoff        `json:"handoff,omitempty"`
	// Duplicate is true when the client message id was seen before: nothing
	// new was stored and the earlier replies are returned.
	Duplicate bool `json:"duplicate,omitempty"`
}

// Post stores a customer message and returns the bot's replies. The message
// is persisted before the bot runs, so a crash or bot error never loses it.
func (s *Service) Post(ctx context.Context, conversationID string, r PostRequest) (PostResult, error) {
	text := strings.TrimSpace(r.Text)
	if text == "" {
		return PostResult{}, fmt.Errorf("%w: text is empty", ErrInvalid)
	}
	if !utf8.ValidString(text) {
		return PostResult{}, fmt.Errorf("%w: text is not valid UTF-8", ErrInvalid)
	}
	if n := utf8.RuneCountInString(text); n > MaxMessageRunes {
		return PostResult{}, fmt.Errorf("%w: text has %d characters, at most %d are allowed", ErrInvalid, n, MaxMessageRunes)
	}
	if len(r.ClientMsgID) > 100 {
		return PostResult{}, fmt.Errorf("%w: client_msg_id is longer than 100 bytes", ErrInvalid)
	}

	// One message at a time per conversation: the bot's dialogue state is
	// read and written as a unit.
	mu := s.lock(conversationID)
	mu.Lock()
	defer mu.Unlock()

	conv, err := s.store.Conversation(ctx, conversationID)
	if err != nil {
		return PostResult{}, fmt.Errorf("post message: %w", err)
	}
	if conv.Status == StatusClosed {
		return PostResult{}, ErrClosed
	}
	stored, created, err := s.store.AppendMessage(ctx, Message{
		ConversationID: conversationID,
		ClientMsgID:    r.ClientMsgID,
		Role:           RoleCustomer,
		Text:           text,
		Payload:        r.Payload,
		CreatedAt:      s.clock.Now(),
	})
	if err != nil {
		return PostResult{}, fmt.Errorf("store customer message: %w", err)
	}
	if !created {
		return s.replay(ctx, stored)
	}
	s.hub.Publish(Event{Type: EventMessage, ConversationID: conversationID, Message: &stored})
	res := PostResult{Message: stored, Replies: []Message{}}

	if conv.Status != StatusBot || s.bot == nil {
		// A human has it (or is about to): the agent answers.
		conv.UpdatedAt = s.clock.Now()
		if err := s.store.UpdateConversation(ctx, conv); err != nil {
			return res, fmt.Errorf("touch conversation: %w", err)
		}
		return res, nil
	}

	// Seqs are gapless, so the recent window is a range query, however long
	// the conversation has grown.
	history, err := s.store.Messages(ctx, conversationID, max(0, stored.Seq-HistoryWindow), 0)
	if err != nil {
		return res, fmt.Errorf("load history: %w", err)
	}
	resp, err := s.bot.Respond(ctx, conv, stored, history)
	if err != nil {
		// The customer message is stored; hand over rather than go silent.
		s.log.Error("bot failed", "conversation", conversationID, "err", err)
		resp = Response{
			Replies: []Reply{{Text: "抱歉,我这边出了点问题,正在为您转接人工客服,请稍等。"}},
			Handoff: &Handoff{Reason: "bot_error", Summary: "机器人处理出错,需人工接待"},
		}
	}
	res.Analysis = resp.Analysis
	res.Handoff = resp.Handoff
	replies := make([]Message, 0, len(resp.Replies))
	for _, rep := range resp.Replies {
		replies = append(replies, Message{
			ConversationID: conversationID,
			Role:           RoleBot,
			Author:         "bot",
			Text:           rep.Text,
			Payload:        rep.Payload,
			CreatedAt:      s.clock.Now(),
		})
	}

	changed := false
	if resp.State != nil {
		conv.State = resp.State
		changed = true
	}
	if resp.ProductID != "" && resp.ProductID != conv.ProductID {
		conv.ProductID, changed = resp.ProductID, true
	}
	if resp.CustomerID != "" && conv.CustomerID == "" {
		conv.CustomerID, changed = resp.CustomerID, true
	}
	for _, t := range resp.Tags {
		if !contains(conv.Tags, t) {
			conv.Tags, changed = append(conv.Tags, t), true
		}
	}
	if resp.Handoff != nil {
		conv.Status = StatusWaiting
		conv.Summary = resp.Handoff.Summary
		changed = true
	}
	conv.UpdatedAt = s.clock.Now()
	// The replies and the conversation are one write: at peak load each
	// commit on the single SQLite writer is what a message costs.
	sent, err := s.store.AppendReplies(ctx, conv, replies)
	if err != nil {
		return res, fmt.Errorf("store bot replies: %w", err)
	}
	for _, m := range sent {
		s.hub.Publish(Event{Type: EventMessage, ConversationID: conversationID, Message: &m})
		res.Replies = append(res.Replies, m)
	}
	if changed {
		s.hub.Publish(Event{Type: EventConversation, ConversationID: conversationID, Conversation: &conv})
	}
	return res, nil
}

// replay answers a retried post with what was stored the first time.
func (s *Service) replay(ctx context.Context, stored Message) (PostResult, error) {
	after, err := s.store.Messages(ctx, stored.ConversationID, stored.Seq, 50)
	if err != nil {
		return PostResult{}, fmt.Errorf("replay: %w", err)
	}
	res := PostResult{Message: stored, Replies: []Message{}, Duplicate: true}
	for _, m := range after {
		if m.Role == RoleCustomer {
			break
		}
		if m.Role == RoleBot {
			res.Replies = append(res.Replies, m)
		}
	}
	return res, nil
}

// PostAs stores a message from an agent or the system and publishes it.
func (s *Service) PostAs(ctx context.Context, conversationID, role, author, text string, payload json.RawMessage) (Message, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return Message{}, fmt.Errorf("%w: text is empty", ErrInvalid)
	}
	m, _, err := s.store.AppendMessage(ctx, Message{
		ConversationID: conversationID, Role: role, Author: author, Text: text,
		Payload: payload, CreatedAt: s.clock.Now(),
	})
	if err != nil {
		return Message{}, fmt.Errorf("store %s message: %w", role, err)
	}
	s.hub.Publish(Event{Type: EventMessage, ConversationID: conversationID, Message: &m})
	return m, nil
}

// ErrNoChange, returned by a Modify callback, leaves the conversation as it was.
var ErrNoChange = errors.New("no change")

// Modify changes a conversation under the same per-conversation lock a bot
// turn holds, so an agent's assign, handback or close and a shopper's
// message arriving at the same moment never overwrite each other's changes.
// The callback sees the current stored conversation.
func (s *Service) Modify(ctx context.Context, id string, fn func(c *Conversation) error) (Conversation, error) {
	mu := s.lock(id)
	mu.Lock()
	defer mu.Unlock()
	c, err := s.store.Conversation(ctx, id)
	if err != nil {
		return Conversation{}, err
	}
	if err := fn(&c); err != nil {
		if errors.Is(err, ErrNoChange) {
			return c, nil
		}
		return Conversation{}, err
	}
	c.UpdatedAt = s.clock.Now()
	if err := s.store.UpdateConversation(ctx, c); err != nil {
		return Conversation{}, fmt.Errorf("update conversation: %w", err)
	}
	return c, nil
}

func (s *Service) lock(id string) *sync.Mutex {
	h := fnv.New32a()
	h.Write([]byte(id))
	return &s.locks[h.Sum32()%uint32(len(s.locks))]
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// NewID returns a random identifier with a prefix, e.g. c_3f9a... .
func NewID(prefix string) string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand never fails on supported platforms; fall back to time.
		return fmt.Sprintf("%s_%x", prefix, time.Now().UnixNano())
	}
	return prefix + "_" + hex.EncodeToString(b[:])
}
