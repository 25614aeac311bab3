package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/store"
)

const caseCols = `id, conversation_id, customer_id, order_id, kind, status, summary, resolution, compensation,
	refund_amount, photos, notes, created_at, updated_at`

func scanCase(sc interface{ Scan(...any) error }) (shop.Case, error) {
	var c shop.Case
	var created, updated nullTime
	err := sc.Scan(&c.ID, &c.ConversationID, &c.CustomerID, &c.OrderID, &c.Kind, &c.Status, &c.Summary,
		&c.Resolution, &c.Compensation, &c.RefundAmount, jsonCol{&c.Photos}, &c.Notes, &created, &updated)
	c.CreatedAt, c.UpdatedAt = created.t, updated.t
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
	_, err = s.write.ExecContext(ctx, `INSERT INTO cases (`+caseCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.ConversationID, c.CustomerID, c.OrderID, c.Kind, c.Status, c.Summary, c.Resolution, c.Compensation,
		c.RefundAmount, photos, c.Notes, formatTime(c.CreatedAt), formatTime(c.UpdatedAt))
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
	res, err := s.write.ExecContext(ctx, `UPDATE cases SET conversation_id = ?, customer_id = ?, order_id = ?,
		kind = ?, status = ?, summary = ?, resolution = ?, compensation = ?, refund_amount = ?, photos = ?,
		notes = ?, updated_at = ? WHERE id = ?`, c.ConversationID, c.CustomerID, c.OrderID, c.Kind, c.Status,
		c.Summary, c.Resolution, c.Compensation, c.RefundAmount, photos, c.Notes, formatTime(c.UpdatedAt), c.ID)
	if err != nil {
		return fmt.Errorf("update case %q: %w", c.ID, err)
	}
	return mustAffect(res, "case", c.ID)
}

// Case returns one case.
func (s *Store) Case(ctx context.Context, id string) (shop.Case, error) {
	c, err := scanCase(s.read.QueryRowContext(ctx, `SELECT `+caseCols+` FROM cases WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return shop.Case{}, notFound("case", id)
	}
	if err != nil {
		return shop.Case{}, fmt.Errorf("case %q: %w", id, err)
	}
	return c, nil
}

// Cases lists the customer's cases ("" = all customers), newest first.
func (s *Store) Cases(ctx context.Context, customerID string) ([]shop.Case, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+caseCols+` FROM cases WHERE ? = '' OR customer_id = ?
		ORDER BY created_at DESC, id DESC`, customerID, customerID)
	if err != nil {
		return nil, fmt.Errorf("cases: %w", err)
	}
	var out []shop.Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("cases: %w", err)
		}
		out = append(out, c)
	}
	if err := closeRows(rows); err != nil {
		return nil, fmt.Errorf("cases: %w", err)
	}
	return out, nil
}
