package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/store"
)

const promotionCols = `id, name, type, description, threshold, reduction, repeat, max_reduction,
	discount_percent, gift, installments, code, product_ids, categories, member_levels,
	new_customers_only, stackable, starts_at, ends_at`

func loadPromotions(ctx context.Context, q querier) ([]shop.Promotion, error) {
	rows, err := q.Query(ctx, `SELECT `+promotionCols+` FROM promotions ORDER BY id`)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r pgx.CollectableRow) (shop.Promotion, error) {
		var p shop.Promotion
		var starts, ends *time.Time
		err := r.Scan(&p.ID, &p.Name, &p.Type, &p.Description, &p.Threshold, &p.Reduction, &p.Repeat,
			&p.MaxReduction, &p.DiscountPercent, &p.Gift, &p.Installments, &p.Code, &p.ProductIDs,
			&p.Categories, &p.MemberLevels, &p.NewCustomersOnly, &p.Stackable, &starts, &ends)
		p.StartsAt, p.EndsAt = val(starts), val(ends)
		return p, err
	})
}

// Promotions returns all promotions (past, current and scheduled) ordered by id.
func (s *Store) Promotions(ctx context.Context) ([]shop.Promotion, error) {
	out, err := loadPromotions(ctx, s.pool)
	if err != nil {
		return nil, fmt.Errorf("promotions: %w", err)
	}
	return out, nil
}

func loadFAQs(ctx context.Context, q querier) ([]shop.FAQ, error) {
	rows, err := q.Query(ctx, `SELECT id, question, alternates, answer, product_ids, tags, updated_at FROM faqs ORDER BY id`)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r pgx.CollectableRow) (shop.FAQ, error) {
		var f shop.FAQ
		var updated *time.Time
		err := r.Scan(&f.ID, &f.Question, &f.Alternates, &f.Answer, &f.ProductIDs, &f.Tags, &updated)
		f.UpdatedAt = val(updated)
		return f, err
	})
}

// FAQs returns all FAQs ordered by id.
func (s *Store) FAQs(ctx context.Context) ([]shop.FAQ, error) {
	out, err := loadFAQs(ctx, s.pool)
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
	if err := putFAQ(ctx, s.pool, f); err != nil {
		return fmt.Errorf("upsert faq %q: %w", f.ID, err)
	}
	return nil
}

// DeleteFAQ deletes the FAQ; store.ErrNotFound if there is none.
func (s *Store) DeleteFAQ(ctx context.Context, id string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM faqs WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("delete faq %q: %w", id, err)
	}
	return mustAffect(tag, "faq", id)
}

func loadDocuments(ctx context.Context, q querier, where string, args ...any) ([]shop.KnowledgeDoc, error) {
	rows, err := q.Query(ctx, `SELECT id, title, kind, format, source, product_ids, body, updated_at
		FROM documents WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r pgx.CollectableRow) (shop.KnowledgeDoc, error) {
		var d shop.KnowledgeDoc
		var updated *time.Time
		err := r.Scan(&d.ID, &d.Title, &d.Kind, &d.Format, &d.Source, &d.ProductIDs, &d.Body, &updated)
		d.UpdatedAt = val(updated)
		return d, err
	})
}

// Documents returns all knowledge documents ordered by id.
func (s *Store) Documents(ctx context.Context) ([]shop.KnowledgeDoc, error) {
	out, err := loadDocuments(ctx, s.pool, `TRUE`)
	if err != nil {
		return nil, fmt.Errorf("documents: %w", err)
	}
	return out, nil
}

// Document returns one knowledge document.
func (s *Store) Document(ctx context.Context, id string) (shop.KnowledgeDoc, error) {
	out, err := loadDocuments(ctx, s.pool, `id = $1`, id)
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
	if err := putDocument(ctx, s.pool, d); err != nil {
		return fmt.Errorf("upsert document %q: %w", d.ID, err)
	}
	return nil
}

// DeleteDocument deletes the document; store.ErrNotFound if there is none.
func (s *Store) DeleteDocument(ctx context.Context, id string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM documents WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("delete document %q: %w", id, err)
	}
	return mustAffect(tag, "document", id)
}

const unansweredCols = `id, question, normalized, count, examples, conversation_ids, status, resolution, first_seen, last_seen`

func scanUnanswered(row pgx.Row) (shop.Unanswered, error) {
	var u shop.Unanswered
	var first, last *time.Time
	err := row.Scan(&u.ID, &u.Question, &u.Normalized, &u.Count, &u.Examples, &u.ConversationIDs,
		&u.Status, &u.Resolution, &first, &last)
	u.FirstSeen, u.LastSeen = val(first), val(last)
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
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		// Insert-if-absent first so that the row exists to be locked: two
		// first occurrences at once then serialise on the row instead of
		// one failing on the unique key.
		if _, err := tx.Exec(ctx, `INSERT INTO unanswered (normalized, question, count, status)
			VALUES ($1, $2, 0, 'open') ON CONFLICT (normalized) DO NOTHING`, normalized, question); err != nil {
			return err
		}
		var err error
		u, err = scanUnanswered(tx.QueryRow(ctx, `SELECT `+unansweredCols+` FROM unanswered
			WHERE normalized = $1 FOR UPDATE`, normalized))
		if err != nil {
			return err
		}
		u = store.AddUnanswered(u, question, normalized, conversationID, at)
		js, err := jsonArgs(u.Examples, u.ConversationIDs)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE unanswered SET question = $1, count = $2, examples = $3,
			conversation_ids = $4, first_seen = $5, last_seen = $6 WHERE id = $7`, u.Question, u.Count,
			js[0], js[1], ts(u.FirstSeen), ts(u.LastSeen), u.ID)
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
	rows, err := s.pool.Query(ctx, `SELECT `+unansweredCols+` FROM unanswered
		WHERE $1 = '' OR status = $1 ORDER BY count DESC, last_seen DESC, id`, status)
	if err != nil {
		return nil, fmt.Errorf("unanswered list: %w", err)
	}
	out, err := collect(rows, func(r pgx.CollectableRow) (shop.Unanswered, error) { return scanUnanswered(r) })
	if err != nil {
		return nil, fmt.Errorf("unanswered list: %w", err)
	}
	return out, nil
}

// UnansweredByID returns one entry.
func (s *Store) UnansweredByID(ctx context.Context, id int64) (shop.Unanswered, error) {
	u, err := scanUnanswered(s.pool.QueryRow(ctx, `SELECT `+unansweredCols+` FROM unanswered WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return shop.Unanswered{}, notFound("unanswered question", strconv.FormatInt(id, 10))
	}
	if err != nil {
		return shop.Unanswered{}, fmt.Errorf("unanswered %d: %w", id, err)
	}
	return u, nil
}

// ResolveUnanswered sets the entry's status and resolution.
func (s *Store) ResolveUnanswered(ctx context.Context, id int64, status, resolution string) error {
	tag, err := s.pool.Exec(ctx, `UPDATE unanswered SET status = $1, resolution = $2 WHERE id = $3`, status, resolution, id)
	if err != nil {
		return fmt.Errorf("resolve unanswered %d: %w", id, err)
	}
	return mustAffect(tag, "unanswered question", strconv.FormatInt(id, 10))
}
