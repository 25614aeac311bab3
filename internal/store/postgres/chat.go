package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/store"
)

const conversationCols = `id, customer_id, visitor_id, channel, product_id, status, agent_id, summary, tags,
	csat, state, created_at, updated_at`

func scanConversation(row pgx.Row) (chat.Conversation, error) {
	var c chat.Conversation
	var state []byte
	var created, updated *time.Time
	err := row.Scan(&c.ID, &c.CustomerID, &c.VisitorID, &c.Channel, &c.ProductID, &c.Status, &c.AgentID, &c.Summary,
		&c.Tags, &c.CSAT, &state, &created, &updated)
	c.State, c.CreatedAt, c.UpdatedAt = raw(state), val(created), val(updated)
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
	_, err = s.pool.Exec(ctx, `INSERT INTO conversations (id, customer_id, visitor_id, channel, product_id,
		status, agent_id, summary, tags, csat, state, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`, c.ID, c.CustomerID, c.VisitorID,
		c.Channel, c.ProductID, c.Status, c.AgentID, c.Summary, tags, c.CSAT, rawBytes(c.State),
		ts(c.CreatedAt), ts(c.UpdatedAt))
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
	c, err := scanConversation(s.pool.QueryRow(ctx, `SELECT `+conversationCols+` FROM conversations WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return chat.Conversation{}, notFound("conversation", id)
	}
	if err != nil {
		return chat.Conversation{}, fmt.Errorf("conversation %q: %w", id, err)
	}
	return c, nil
}

// UpdateConversation overwrites the mutable fields of the conversation.
func (s *Store) UpdateConversation(ctx context.Context, c chat.Conversation) error {
	return updateConversation(ctx, s.pool, c)
}

// updateConversation is UpdateConversation on q: the pool or a transaction.
func updateConversation(ctx context.Context, q querier, c chat.Conversation) error {
	tags, err := jsonValue(c.Tags)
	if err != nil {
		return fmt.Errorf("update conversation %q: %w", c.ID, err)
	}
	tag, err := q.Exec(ctx, `UPDATE conversations SET status = $1, agent_id = $2, summary = $3, tags = $4,
		csat = $5, product_id = $6, customer_id = $7, state = $8, updated_at = $9 WHERE id = $10`,
		c.Status, c.AgentID, c.Summary, tags, c.CSAT, c.ProductID, c.CustomerID, rawBytes(c.State),
		ts(c.UpdatedAt), c.ID)
	if err != nil {
		return fmt.Errorf("update conversation %q: %w", c.ID, err)
	}
	return mustAffect(tag, "conversation", c.ID)
}

// Conversations lists conversations matching f, most recently updated first.
func (s *Store) Conversations(ctx context.Context, f chat.ConversationFilter) ([]chat.Conversation, error) {
	var where []string
	var args []any
	for _, c := range []struct{ col, val string }{
		{"status", f.Status}, {"customer_id", f.CustomerID}, {"agent_id", f.AgentID},
	} {
		if c.val != "" {
			args = append(args, c.val)
			where = append(where, fmt.Sprintf("%s = $%d", c.col, len(args)))
		}
	}
	q := `SELECT ` + conversationCols + ` FROM conversations`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY updated_at DESC NULLS LAST, id DESC`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		q += fmt.Sprintf(` LIMIT $%d`, len(args))
	}
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("conversations: %w", err)
	}
	out, err := collect(rows, func(r pgx.CollectableRow) (chat.Conversation, error) { return scanConversation(r) })
	if err != nil {
		return nil, fmt.Errorf("conversations: %w", err)
	}
	return out, nil
}

const messageCols = `id, conversation_id, seq, client_msg_id, role, author, text, payload, created_at`

func scanMessage(row pgx.Row) (chat.Message, error) {
	var m chat.Message
	var payload []byte
	var created *time.Time
	err := row.Scan(&m.ID, &m.ConversationID, &m.Seq, &m.ClientMsgID, &m.Role, &m.Author, &m.Text, &payload, &created)
	m.Payload, m.CreatedAt = raw(payload), val(created)
	return m, err
}

// appendSQL bumps the conversation's counter and inserts the message with
// it in one statement. The UPDATE's row lock serialises appends to one
// conversation; a duplicate client id inserts nothing (and the caller rolls
// back the bump, so seqs stay gapless).
const appendSQL = `WITH c AS (
		UPDATE conversations SET last_seq = last_seq + 1 WHERE id = $2 RETURNING last_seq
	)
	INSERT INTO messages (id, conversation_id, seq, client_msg_id, role, author, text, payload, created_at)
	SELECT $1, $2, c.last_seq, $3, $4, $5, $6, $7, $8 FROM c
	ON CONFLICT (conversation_id, client_msg_id) WHERE client_msg_id <> '' DO NOTHING
	RETURNING seq`

// AppendMessage stores m with the next seq of its conversation, or returns
// the message already stored under the same client id (created=false).
func (s *Store) AppendMessage(ctx context.Context, m chat.Message) (chat.Message, bool, error) {
	if m.ConversationID == "" {
		return chat.Message{}, false, fmt.Errorf("append message: empty conversation id")
	}
	newMessage(&m)
	errDuplicate := errors.New("duplicate client message id")
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		err := insertMessage(ctx, tx, &m)
		if errors.Is(err, pgx.ErrNoRows) {
			return errDuplicate // or no such conversation: told apart below
		}
		return err
	})
	switch {
	case err == nil:
		return m, true, nil
	case !errors.Is(err, errDuplicate):
		return chat.Message{}, false, fmt.Errorf("append message to %q: %w", m.ConversationID, err)
	}
	if m.ClientMsgID != "" {
		prev, err := scanMessage(s.pool.QueryRow(ctx, `SELECT `+messageCols+` FROM messages
			WHERE conversation_id = $1 AND client_msg_id = $2 AND client_msg_id <> ''`, m.ConversationID, m.ClientMsgID))
		if err == nil {
			return prev, false, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return chat.Message{}, false, fmt.Errorf("append message to %q: %w", m.ConversationID, err)
		}
	}
	return chat.Message{}, false, fmt.Errorf("append message: %w", notFound("conversation", m.ConversationID))
}

// AppendReplies stores the replies and the conversation's mutable fields in
// one transaction. The conversation is updated first, so its row lock is
// held from the start and concurrent appends to it queue behind the whole
// turn; the replies then take the next seqs exactly as AppendMessage does.
func (s *Store) AppendReplies(ctx context.Context, conv chat.Conversation, replies []chat.Message) ([]chat.Message, error) {
	out, err := newReplies(conv.ID, replies)
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if err := updateConversation(ctx, tx, conv); err != nil {
			return err
		}
		for i := range out {
			err := insertMessage(ctx, tx, &out[i])
			if errors.Is(err, pgx.ErrNoRows) {
				// The conversation exists (it was just updated), so the
				// insert was skipped for a client id already stored.
				return fmt.Errorf("reply %d: client message id %q is taken: %w", i, out[i].ClientMsgID, store.ErrConflict)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("append replies to %q: %w", conv.ID, err)
	}
	return out, nil
}

// newMessage fills in what the store assigns before a message is written:
// an ID if it has none, its time at the store's precision, no empty payload.
func newMessage(m *chat.Message) {
	if m.ID == "" {
		m.ID = uuid.NewString()
	}
	m.CreatedAt = store.Timestamp(m.CreatedAt)
	m.Payload = raw(m.Payload)
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

// insertMessage runs appendSQL on q (a transaction), setting m.Seq.
// pgx.ErrNoRows means nothing was inserted: the conversation does not exist
// or the client id is already stored in it.
func insertMessage(ctx context.Context, q querier, m *chat.Message) error {
	err := q.QueryRow(ctx, appendSQL, m.ID, m.ConversationID, m.ClientMsgID, m.Role, m.Author, m.Text,
		rawBytes(m.Payload), ts(m.CreatedAt)).Scan(&m.Seq)
	if isUniqueViolation(err) {
		return fmt.Errorf("message id %q is taken: %w", m.ID, store.ErrConflict)
	}
	return err
}

// Messages returns messages with Seq > afterSeq, oldest first, at most limit
// (0 = all). An unknown conversation has no messages.
func (s *Store) Messages(ctx context.Context, conversationID string, afterSeq int64, limit int) ([]chat.Message, error) {
	q := `SELECT ` + messageCols + ` FROM messages WHERE conversation_id = $1 AND seq > $2 ORDER BY seq`
	args := []any{conversationID, afterSeq}
	if limit > 0 {
		q += ` LIMIT $3`
		args = append(args, limit)
	}
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("messages of %q: %w", conversationID, err)
	}
	out, err := collect(rows, func(r pgx.CollectableRow) (chat.Message, error) { return scanMessage(r) })
	if err != nil {
		return nil, fmt.Errorf("messages of %q: %w", conversationID, err)
	}
	return out, nil
}
