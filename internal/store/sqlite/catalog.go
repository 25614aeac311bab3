package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/store"
)

// ShopInfo returns the shop's description; store.ErrNotFound before any
// bundle with a shop section was imported.
func (s *Store) ShopInfo(ctx context.Context) (shop.Info, error) {
	var info shop.Info
	if err := getSetting(ctx, s.read, "info", &info); err != nil {
		return shop.Info{}, fmt.Errorf("shop info: %w", err)
	}
	return info, nil
}

// Policies returns the shop's policies; store.ErrNotFound before any bundle
// with a policies section was imported.
func (s *Store) Policies(ctx context.Context) (shop.Policies, error) {
	var p shop.Policies
	if err := getSetting(ctx, s.read, "policies", &p); err != nil {
		return shop.Policies{}, fmt.Errorf("policies: %w", err)
	}
	return p, nil
}

func getSetting(ctx context.Context, q querier, name string, dst any) error {
	var data string
	err := q.QueryRowContext(ctx, `SELECT data FROM shop_settings WHERE name = ?`, name).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrNotFound
	}
	if err != nil {
		return err
	}
	return json.Unmarshal([]byte(data), dst)
}

const productCols = `id, name, category, brand, price, original_price, description, status,
	aliases, attributes, size_chart, related, tags, updated_at`

// loadProducts returns the products matching where (a fixed SQL condition
// on products, with args), ordered by id, with their SKUs.
func loadProducts(ctx context.Context, q querier, where string, args ...any) ([]shop.Product, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+productCols+` FROM products WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	var out []shop.Product
	index := map[string]int{}
	for rows.Next() {
		var p shop.Product
		var updated nullTime
		if err := rows.Scan(&p.ID, &p.Name, &p.Category, &p.Brand, &p.Price, &p.OriginalPrice, &p.Description,
			&p.Status, jsonCol{&p.Aliases}, jsonCol{&p.Attributes}, jsonCol{&p.SizeChart}, jsonCol{&p.Related},
			jsonCol{&p.Tags}, &updated); err != nil {
			rows.Close()
			return nil, err
		}
		p.UpdatedAt = updated.t
		index[p.ID] = len(out)
		out = append(out, p)
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}
	rows, err = q.QueryContext(ctx, `SELECT product_id, sku_id, color, size, stock, price, restock_date
		FROM skus WHERE product_id IN (SELECT id FROM products WHERE `+where+`)
		ORDER BY product_id, position`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var pid string
		var k shop.SKU
		if err := rows.Scan(&pid, &k.ID, &k.Color, &k.Size, &k.Stock, &k.Price, &k.RestockDate); err != nil {
			rows.Close()
			return nil, err
		}
		if i, ok := index[pid]; ok {
			out[i].SKUs = append(out[i].SKUs, k)
		}
	}
	return out, closeRows(rows)
}

// closeRows closes rows and returns the iteration error, if any.
func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}

// Product returns one product with its SKUs.
func (s *Store) Product(ctx context.Context, id string) (shop.Product, error) {
	ps, err := loadProducts(ctx, s.read, `id = ?`, id)
	if err != nil {
		return shop.Product{}, fmt.Errorf("product %q: %w", id, err)
	}
	if len(ps) == 0 {
		return shop.Product{}, notFound("product", id)
	}
	return ps[0], nil
}

// Products returns all products with their SKUs, ordered by id.
func (s *Store) Products(ctx context.Context) ([]shop.Product, error) {
	ps, err := loadProducts(ctx, s.read, `1 = 1`)
	if err != nil {
		return nil, fmt.Errorf("products: %w", err)
	}
	return ps, nil
}

// CoPurchases returns the pairs that include productID, most frequent first.
func (s *Store) CoPurchases(ctx context.Context, productID string) ([]shop.CoPurchase, error) {
	out, err := loadCoPurchases(ctx, s.read, `product_a = ? OR product_b = ?`,
		`count DESC, product_a, product_b`, productID, productID)
	if err != nil {
		return nil, fmt.Errorf("co-purchases of %q: %w", productID, err)
	}
	return out, nil
}

func loadCoPurchases(ctx context.Context, q querier, where, order string, args ...any) ([]shop.CoPurchase, error) {
	rows, err := q.QueryContext(ctx, `SELECT product_a, product_b, count FROM co_purchases WHERE `+where+` ORDER BY `+order, args...)
	if err != nil {
		return nil, err
	}
	var out []shop.CoPurchase
	for rows.Next() {
		var c shop.CoPurchase
		if err := rows.Scan(&c.ProductA, &c.ProductB, &c.Count); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, c)
	}
	return out, closeRows(rows)
}

// SetStock sets one SKU's stock.
func (s *Store) SetStock(ctx context.Context, productID, skuID string, stock int) error {
	res, err := s.write.ExecContext(ctx, `UPDATE skus SET stock = ? WHERE product_id = ? AND sku_id = ?`, stock, productID, skuID)
	if err != nil {
		return fmt.Errorf("set stock of %s/%s: %w", productID, skuID, err)
	}
	return mustAffect(res, "sku", productID+"/"+skuID)
}

// mustAffect turns "no row changed" into store.ErrNotFound.
func mustAffect(res sql.Result, what, id string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound(what, id)
	}
	return nil
}
