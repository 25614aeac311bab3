package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/store"
)

const conversationCols = `id, customer_id, visitor_id, channel, product_id, status, agent_id, summary, tags,
	csat, state, created_at, updated_at`

func scanConversation(sc interface{ Scan(...any) error }) (chat.Conversation, error) {
	var c chat.Conversation
	var created, updated nullTime
	err := sc.Scan(&c.ID, &c.CustomerID, &c.VisitorID, &c.Channel, &c.ProductID, &c.Status, &c.AgentID, &c.Summary,
		jsonCol{&c.Tags}, &c.CSAT, scanRaw{&c.State}, &created, &updated)
	c.CreatedAt, c.UpdatedAt = created.t, updated.t
	return c, err
}

// CreateConversation stores a new conversation; store.ErrConflict if the id
// is taken.
func (s *Store) CreateConversation(ctx context.Context, c chat.Conversation) error {
	if c.ID == "" {
		return fmt.Errorf("create conversation: empty id")
	}
	tags, err := jsonValue(c.Tags)
	if err != nil {
		return fmt.Errorf("create conversation %q: %w", c.ID, err)
	}
	_, err = s.write.ExecContext(ctx, `INSERT INTO conversations (id, customer_id, visitor_id, channel, product_id,
		status, agent_id, summary, tags, csat, state, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, c.CustomerID, c.VisitorID, c.Channel, c.ProductID,
		c.Status, c.AgentID, c.Summary, tags, c.CSAT, rawBytes(c.State), formatTime(c.CreatedAt), formatTime(c.UpdatedAt))
	if isUniqueViolation(err) {
		return fmt.Errorf("create conversation %q: %w", c.ID, store.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("create conversation %q: %w", c.ID, err)
	}
	return nil
}

// Conversation returns one conversation.
func (s *Store) Conversation(ctx context.Context, id string) (chat.Conversation, error) {
	c, err := scanConversation(s.read.QueryRowContext(ctx, `SELECT `+conversationCols+` FROM conversations WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return chat.Conversation{}, notFound("conversation", id)
	}
	if err != nil {
		return chat.Conversation{}, fmt.Errorf("conversation %q: %w", id, err)
	}
	return c, nil
}

// UpdateConversation overwrites the mutable fields of the conversation.
func (s *Store) UpdateConversation(ctx context.Context, c chat.Conversation) error {
	return updateConversation(ctx, s.write, c)
}

// updateConversation is UpdateConversation on q: the writer connection, or a
// transaction on it.
func updateConversation(ctx context.Context, q querier, c chat.Conversation) error {
	tags, err := jsonValue(c.Tags)
	if err != nil {
		return fmt.Errorf("update conversation %q: %w", c.ID, err)
	}
	res, err := q.ExecContext(ctx, `UPDATE conversations SET status = ?, agent_id = ?, summary = ?, tags = ?,
		csat = ?, product_id = ?, customer_id = ?, state = ?, updated_at = ? WHERE id = ?`,
		c.Status, c.AgentID, c.Summary, tags, c.CSAT, c.ProductID, c.CustomerID, rawBytes(c.State),
		formatTime(c.UpdatedAt), c.ID)
	if err != nil {
		return fmt.Errorf("update conversation %q: %w", c.ID, err)
	}
	return mustAffect(res, "conversation", c.ID)
}

// Conversations lists conversations matching f, most recently updated first.
func (s *Store) Conversations(ctx context.Context, f chat.ConversationFilter) ([]chat.Conversation, error) {
	var where []string
	var args []any
	for _, c := range []struct{ col, val string }{
		{"status", f.Status}, {"customer_id", f.CustomerID}, {"agent_id", f.AgentID},
	} {
		if c.val != "" {
			where = append(where, c.col+" = ?")
			args = append(args, c.val)
		}
	}
	q := `SELECT ` + conversationCols + ` FROM conversations`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY updated_at DESC, id DESC`
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("conversations: %w", err)
	}
	var out []chat.Conversation
	for rows.Next() {
		c, err := scanConversation(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("conversations: %w", err)
		}
		out = append(out, c)
	}
	if err := closeRows(rows); err != nil {
		return nil, fmt.Errorf("conversations: %w", err)
	}
	return out, nil
}

const messageCols = `id, conversation_id, seq, client_msg_id, role, author, text, payload, created_at`

func scanMessage(sc interface{ Scan(...any) error }) (chat.Message, error) {
	var m chat.Message
	var created nullTime
	err := sc.Scan(&m.ID, &m.ConversationID, &m.Seq, &m.ClientMsgID, &m.Role, &m.Author, &m.Text,
		scanRaw{&m.Payload}, &created)
	m.CreatedAt = created.t
	return m, err
}

// appendStmts are AppendMessage's statements, prepared once on the writer
// connection: at a burst of a thousand messages a second, parsing the SQL
// anew for every message is a good share of the cost.
type appendStmts struct {
	find, bump, insert *sql.Stmt
}

func prepareAppend(ctx context.Context, db *sql.DB) (appendStmts, error) {
	var a appendStmts
	var err error
	// "client_msg_id <> ''" repeats the partial index's condition so that
	// the planner may use it; without it this is a scan of the conversation.
	if a.find, err = db.PrepareContext(ctx, `SELECT `+messageCols+` FROM messages
		WHERE conversation_id = ? AND client_msg_id = ? AND client_msg_id <> ''`); err != nil {
		return a, err
	}
	if a.bump, err = db.PrepareContext(ctx, `UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ?
		RETURNING last_seq`); err != nil {
		return a, err
	}
	a.insert, err = db.PrepareContext(ctx, `INSERT INTO messages (`+messageCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	return a, err
}

func (a appendStmts) close() error {
	var errs []error
	for _, st := range []*sql.Stmt{a.find, a.bump, a.insert} {
		if st != nil {
			errs = append(errs, st.Close())
		}
	}
	return errors.Join(errs...)
}

// AppendMessage stores m with the next seq of its conversation, or returns
// the message already stored under the same client id (created=false).
//
// The whole append is one write transaction on the single writer
// connection, so concurrent appends queue in Go rather than racing in
// SQLite: the seq counter is read and bumped with nobody else writing.
func (s *Store) AppendMessage(ctx context.Context, m chat.Message) (chat.Message, bool, error) {
	if m.ConversationID == "" {
		return chat.Message{}, false, fmt.Errorf("append message: empty conversation id")
	}
	newMessage(&m)
	var stored chat.Message
	created := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if m.ClientMsgID != "" {
			prev, err := scanMessage(tx.StmtContext(ctx, s.appendStmts.find).QueryRowContext(ctx, m.ConversationID, m.ClientMsgID))
			if err == nil {
				stored = prev
				return nil
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		if err := s.insertMessage(ctx, tx, &m); err != nil {
			return err
		}
		stored, created = m, true
		return nil
	})
	if err != nil {
		return chat.Message{}, false, fmt.Errorf("append message to %q: %w", m.ConversationID, err)
	}
	if len(stored.Payload) == 0 {
		stored.Payload = nil
	}
	return stored, created, nil
}

// AppendReplies stores the replies and the conversation's mutable fields in
// one write transaction on the writer connection: one commit for the bot's
// whole turn instead of one per reply plus one for the conversation.
func (s *Store) AppendReplies(ctx context.Context, conv chat.Conversation, replies []chat.Message) ([]chat.Message, error) {
	out, err := newReplies(conv.ID, replies)
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if err := updateConversation(ctx, tx, conv); err != nil {
			return err
		}
		for i := range out {
			if err := s.insertMessage(ctx, tx, &out[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("append replies to %q: %w", conv.ID, err)
	}
	for i := range out {
		if len(out[i].Payload) == 0 {
			out[i].Payload = nil
		}
	}
	return out, nil
}

// newMessage fills in what the store assigns before a message is written:
// an ID if it has none, and its time at the store's precision.
func newMessage(m *chat.Message) {
	if m.ID == "" {
		m.ID = uuid.NewString()
	}
	m.CreatedAt = store.Timestamp(m.CreatedAt)
}

// newReplies copies replies for conversation convID, ready to be written.
func newReplies(convID string, replies []chat.Message) ([]chat.Message, error) {
	if convID == "" {
		return nil, fmt.Errorf("append replies: empty conversation id")
	}
	out := make([]chat.Message, len(replies))
	for i, m := range replies {
		if m.ConversationID == "" {
			m.ConversationID = convID
		}
		if m.ConversationID != convID {
			return nil, fmt.Errorf("append replies to %q: reply %d belongs to conversation %q", convID, i, m.ConversationID)
		}
		newMessage(&m)
		out[i] = m
	}
	return out, nil
}

// insertMessage gives m the next seq of its conversation and inserts it, in
// tx on the writer connection (with AppendMessage's prepared statements).
func (s *Store) insertMessage(ctx context.Context, tx *sql.Tx, m *chat.Message) error {
	err := tx.StmtContext(ctx, s.appendStmts.bump).QueryRowContext(ctx, m.ConversationID).Scan(&m.Seq)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("conversation", m.ConversationID)
	}
	if err != nil {
		return err
	}
	if _, err := tx.StmtContext(ctx, s.appendStmts.insert).ExecContext(ctx, m.ID, m.ConversationID, m.Seq, m.ClientMsgID,
		m.Role, m.Author, m.Text, rawBytes(m.Payload), formatTime(m.CreatedAt)); err != nil {
		if isUniqueViolation(err) {
			return fmt.Errorf("message id %q is taken: %w", m.ID, store.ErrConflict)
		}
		return err
	}
	return nil
}

// Messages returns messages with Seq > afterSeq, oldest first, at most limit
// (0 = all). An unknown conversation has no messages.
func (s *Store) Messages(ctx context.Context, conversationID string, afterSeq int64, limit int) ([]chat.Message, error) {
	q := `SELECT ` + messageCols + ` FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq`
	args := []any{conversationID, afterSeq}
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("messages of %q: %w", conversationID, err)
	}
	var out []chat.Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("messages of %q: %w", conversationID, err)
		}
		out = append(out, m)
	}
	if err := closeRows(rows); err != nil {
		return nil, fmt.Errorf("messages of %q: %w", conversationID, err)
	}
	return out, nil
}
