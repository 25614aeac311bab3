package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/store"
)

const promotionCols = `id, name, type, description, threshold, reduction, repeat, max_reduction,
	discount_percent, gift, installments, code, product_ids, categories, member_levels,
	new_customers_only, stackable, starts_at, ends_at`

func loadPromotions(ctx context.Context, q querier) ([]shop.Promotion, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+promotionCols+` FROM promotions ORDER BY id`)
	if err != nil {
		return nil, err
	}
	var out []shop.Promotion
	for rows.Next() {
		var p shop.Promotion
		var starts, ends nullTime
		if err := rows.Scan(&p.ID, &p.Name, &p.Type, &p.Description, &p.Threshold, &p.Reduction, &p.Repeat,
			&p.MaxReduction, &p.DiscountPercent, &p.Gift, &p.Installments, &p.Code, jsonCol{&p.ProductIDs},
			jsonCol{&p.Categories}, jsonCol{&p.MemberLevels}, &p.NewCustomersOnly, &p.Stackable, &starts, &ends); err != nil {
			rows.Close()
			return nil, err
		}
		p.StartsAt, p.EndsAt = starts.t, ends.t
		out = append(out, p)
	}
	return out, closeRows(rows)
}

// Promotions returns all promotions (past, current and scheduled) ordered by id.
func (s *Store) Promotions(ctx context.Context) ([]shop.Promotion, error) {
	out, err := loadPromotions(ctx, s.read)
	if err != nil {
		return nil, fmt.Errorf("promotions: %w", err)
	}
	return out, nil
}

func loadFAQs(ctx context.Context, q querier) ([]shop.FAQ, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, question, alternates, answer, product_ids, tags, updated_at FROM faqs ORDER BY id`)
	if err != nil {
		return nil, err
	}
	var out []shop.FAQ
	for rows.Next() {
		var f shop.FAQ
		var updated nullTime
		if err := rows.Scan(&f.ID, &f.Question, jsonCol{&f.Alternates}, &f.Answer, jsonCol{&f.ProductIDs},
			jsonCol{&f.Tags}, &updated); err != nil {
			rows.Close()
			return nil, err
		}
		f.UpdatedAt = updated.t
		out = append(out, f)
	}
	return out, closeRows(rows)
}

// FAQs returns all FAQs ordered by id.
func (s *Store) FAQs(ctx context.Context) ([]shop.FAQ, error) {
	out, err := loadFAQs(ctx, s.read)
	if err != nil {
		return nil, fmt.Errorf("faqs: %w", err)
	}
	return out, nil
}

// UpsertFAQ creates or replaces the FAQ with f.ID.
func (s *Store) UpsertFAQ(ctx context.Context, f shop.FAQ) error {
	if f.ID == "" {
		return fmt.Errorf("upsert faq: empty id")
	}
	if err := putFAQ(ctx, s.write, f); err != nil {
		return fmt.Errorf("upsert faq %q: %w", f.ID, err)
	}
	return nil
}

// DeleteFAQ deletes the FAQ; store.ErrNotFound if there is none.
func (s *Store) DeleteFAQ(ctx context.Context, id string) error {
	res, err := s.write.ExecContext(ctx, `DELETE FROM faqs WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete faq %q: %w", id, err)
	}
	return mustAffect(res, "faq", id)
}

func loadDocuments(ctx context.Context, q querier, where string, args ...any) ([]shop.KnowledgeDoc, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, title, kind, format, source, product_ids, body, updated_at
		FROM documents WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	var out []shop.KnowledgeDoc
	for rows.Next() {
		var d shop.KnowledgeDoc
		var updated nullTime
		if err := rows.Scan(&d.ID, &d.Title, &d.Kind, &d.Format, &d.Source, jsonCol{&d.ProductIDs}, &d.Body, &updated); err != nil {
			rows.Close()
			return nil, err
		}
		d.UpdatedAt = updated.t
		out = append(out, d)
	}
	return out, closeRows(rows)
}

// Documents returns all knowledge documents ordered by id.
func (s *Store) Documents(ctx context.Context) ([]shop.KnowledgeDoc, error) {
	out, err := loadDocuments(ctx, s.read, `1 = 1`)
	if err != nil {
		return nil, fmt.Errorf("documents: %w", err)
	}
	return out, nil
}

// Document returns one knowledge document.
func (s *Store) Document(ctx context.Context, id string) (shop.KnowledgeDoc, error) {
	out, err := loadDocuments(ctx, s.read, `id = ?`, id)
	if err != nil {
		return shop.KnowledgeDoc{}, fmt.Errorf("document %q: %w", id, err)
	}
	if len(out) == 0 {
		return shop.KnowledgeDoc{}, notFound("document", id)
	}
	return out[0], nil
}

// UpsertDocument creates or replaces the document with d.ID.
func (s *Store) UpsertDocument(ctx context.Context, d shop.KnowledgeDoc) error {
	if d.ID == "" {
		return fmt.Errorf("upsert document: empty id")
	}
	if err := putDocument(ctx, s.write, d); err != nil {
		return fmt.Errorf("upsert document %q: %w", d.ID, err)
	}
	return nil
}

// DeleteDocument deletes the document; store.ErrNotFound if there is none.
func (s *Store) DeleteDocument(ctx context.Context, id string) error {
	res, err := s.write.ExecContext(ctx, `DELETE FROM documents WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete document %q: %w", id, err)
	}
	return mustAffect(res, "document", id)
}

const unansweredCols = `id, question, normalized, count, examples, conversation_ids, status, resolution, first_seen, last_seen`

func scanUnanswered(sc interface{ Scan(...any) error }) (shop.Unanswered, error) {
	var u shop.Unanswered
	var first, last nullTime
	err := sc.Scan(&u.ID, &u.Question, &u.Normalized, &u.Count, jsonCol{&u.Examples}, jsonCol{&u.ConversationIDs},
		&u.Status, &u.Resolution, &first, &last)
	u.FirstSeen, u.LastSeen = first.t, last.t
	return u, err
}

// RecordUnanswered adds one occurrence of a question, aggregated by its
// normalised form (the question itself when normalized is empty).
func (s *Store) RecordUnanswered(ctx context.Context, question, normalized, conversationID string, at time.Time) (shop.Unanswered, error) {
	if normalized == "" {
		normalized = question
	}
	if normalized == "" {
		return shop.Unanswered{}, fmt.Errorf("record unanswered: empty question")
	}
	var u shop.Unanswered
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		u, err = scanUnanswered(tx.QueryRowContext(ctx, `SELECT `+unansweredCols+` FROM unanswered WHERE normalized = ?`, normalized))
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		u = store.AddUnanswered(u, question, normalized, conversationID, at)
		js, err := jsonArgs(u.Examples, u.ConversationIDs)
		if err != nil {
			return err
		}
		if u.ID == 0 {
			return tx.QueryRowContext(ctx, `INSERT INTO unanswered (normalized, question, count, examples,
				conversation_ids, status, resolution, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
				RETURNING id`, u.Normalized, u.Question, u.Count, js[0], js[1], u.Status, u.Resolution,
				formatTime(u.FirstSeen), formatTime(u.LastSeen)).Scan(&u.ID)
		}
		_, err = tx.ExecContext(ctx, `UPDATE unanswered SET count = ?, examples = ?, conversation_ids = ?,
			first_seen = ?, last_seen = ? WHERE id = ?`, u.Count, js[0], js[1], formatTime(u.FirstSeen),
			formatTime(u.LastSeen), u.ID)
		return err
	})
	if err != nil {
		return shop.Unanswered{}, fmt.Errorf("record unanswered %q: %w", normalized, err)
	}
	return u, nil
}

// UnansweredList returns entries with the status ("" = all), most frequent
// first, then most recently seen.
func (s *Store) UnansweredList(ctx context.Context, status string) ([]shop.Unanswered, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+unansweredCols+` FROM unanswered
		WHERE ? = '' OR status = ? ORDER BY count DESC, last_seen DESC, id`, status, status)
	if err != nil {
		return nil, fmt.Errorf("unanswered list: %w", err)
	}
	var out []shop.Unanswered
	for rows.Next() {
		u, err := scanUnanswered(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("unanswered list: %w", err)
		}
		out = append(out, u)
	}
	if err := closeRows(rows); err != nil {
		return nil, fmt.Errorf("unanswered list: %w", err)
	}
	return out, nil
}

// UnansweredByID returns one entry.
func (s *Store) UnansweredByID(ctx context.Context, id int64) (shop.Unanswered, error) {
	u, err := scanUnanswered(s.read.QueryRowContext(ctx, `SELECT `+unansweredCols+` FROM unanswered WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return shop.Unanswered{}, notFound("unanswered question", strconv.FormatInt(id, 10))
	}
	if err != nil {
		return shop.Unanswered{}, fmt.Errorf("unanswered %d: %w", id, err)
	}
	return u, nil
}

// ResolveUnanswered sets the entry's status and resolution.
func (s *Store) ResolveUnanswered(ctx context.Context, id int64, status, resolution string) error {
	res, err := s.write.ExecContext(ctx, `UPDATE unanswered SET status = ?, resolution = ? WHERE id = ?`, status, resolution, id)
	if err != nil {
		return fmt.Errorf("resolve unanswered %d: %w", id, err)
	}
	return mustAffect(res, "unanswered question", strconv.FormatInt(id, 10))
}
