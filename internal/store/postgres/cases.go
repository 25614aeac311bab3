package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/store"
)

const caseCols = `id, conversation_id, customer_id, order_id, kind, status, summary, resolution, compensation,
	refund_amount, photos, notes, created_at, updated_at`

func scanCase(row pgx.Row) (shop.Case, error) {
	var c shop.Case
	var created, updated *time.Time
	err := row.Scan(&c.ID, &c.ConversationID, &c.CustomerID, &c.OrderID, &c.Kind, &c.Status, &c.Summary,
		&c.Resolution, &c.Compensation, &c.RefundAmount, &c.Photos, &c.Notes, &created, &updated)
	c.CreatedAt, c.UpdatedAt = val(created), val(updated)
	return c, err
}

// CreateCase stores a new after-sales case; store.ErrConflict if the id is taken.
func (s *Store) CreateCase(ctx context.Context, c shop.Case) error {
	if c.ID == "" {
		return fmt.Errorf("create case: empty id")
	}
	photos, err := jsonValue(c.Photos)
	if err != nil {
		return fmt.Errorf("create case %q: %w", c.ID, err)
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO cases (`+caseCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		c.ID, c.ConversationID, c.CustomerID, c.OrderID, c.Kind, c.Status, c.Summary, c.Resolution, c.Compensation,
		c.RefundAmount, photos, c.Notes, ts(c.CreatedAt), ts(c.UpdatedAt))
	if isUniqueViolation(err) {
		return fmt.Errorf("create case %q: %w", c.ID, store.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("create case %q: %w", c.ID, err)
	}
	return nil
}

// UpdateCase overwrites every field of the case except its id and creation time.
func (s *Store) UpdateCase(ctx context.Context, c shop.Case) error {
	photos, err := jsonValue(c.Photos)
	if err != nil {
		return fmt.Errorf("update case %q: %w", c.ID, err)
	}
	tag, err := s.pool.Exec(ctx, `UPDATE cases SET conversation_id = $1, customer_id = $2, order_id = $3,
		kind = $4, status = $5, summary = $6, resolution = $7, compensation = $8, refund_amount = $9, photos = $10,
		notes = $11, updated_at = $12 WHERE id = $13`, c.ConversationID, c.CustomerID, c.OrderID, c.Kind, c.Status,
		c.Summary, c.Resolution, c.Compensation, c.RefundAmount, photos, c.Notes, ts(c.UpdatedAt), c.ID)
	if err != nil {
		return fmt.Errorf("update case %q: %w", c.ID, err)
	}
	return mustAffect(tag, "case", c.ID)
}

// Case returns one case.
func (s *Store) Case(ctx context.Context, id string) (shop.Case, error) {
	c, err := scanCase(s.pool.QueryRow(ctx, `SELECT `+caseCols+` FROM cases WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return shop.Case{}, notFound("case", id)
	}
	if err != nil {
		return shop.Case{}, fmt.Errorf("case %q: %w", id, err)
	}
	return c, nil
}

// Cases lists the customer's cases ("" = all customers), newest first.
func (s *Store) Cases(ctx context.Context, customerID string) ([]shop.Case, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+caseCols+` FROM cases WHERE $1 = '' OR customer_id = $1
		ORDER BY created_at DESC NULLS LAST, id DESC`, customerID)
	if err != nil {
		return nil, fmt.Errorf("cases: %w", err)
	}
	out, err := collect(rows, func(r pgx.CollectableRow) (shop.Case, error) { return scanCase(r) })
	if err != nil {
		return nil, fmt.Errorf("cases: %w", err)
	}
	return out, nil
}
