package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/store"
)

// ShopInfo returns the shop's description; store.ErrNotFound before any
// bundle with a shop section was imported.
func (s *Store) ShopInfo(ctx context.Context) (shop.Info, error) {
	var info shop.Info
	if err := getSetting(ctx, s.pool, "info", &info); err != nil {
		return shop.Info{}, fmt.Errorf("shop info: %w", err)
	}
	return info, nil
}

// Policies returns the shop's policies; store.ErrNotFound before any bundle
// with a policies section was imported.
func (s *Store) Policies(ctx context.Context) (shop.Policies, error) {
	var p shop.Policies
	if err := getSetting(ctx, s.pool, "policies", &p); err != nil {
		return shop.Policies{}, fmt.Errorf("policies: %w", err)
	}
	return p, nil
}

func getSetting(ctx context.Context, q querier, name string, dst any) error {
	var data []byte
	err := q.QueryRow(ctx, `SELECT data FROM shop_settings WHERE name = $1`, name).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.ErrNotFound
	}
	if err != nil {
		return err
	}
	return json.Unmarshal(data, dst)
}

const productCols = `id, name, category, brand, price, original_price, description, status,
	aliases, attributes, size_chart, related, tags, updated_at`

// loadProducts returns the products matching where (a fixed SQL condition
// on products, with args), ordered by id, with their SKUs.
func loadProducts(ctx context.Context, q querier, where string, args ...any) ([]shop.Product, error) {
	rows, err := q.Query(ctx, `SELECT `+productCols+` FROM products WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	out, err := collect(rows, func(r pgx.CollectableRow) (shop.Product, error) {
		var p shop.Product
		var updated *time.Time
		err := r.Scan(&p.ID, &p.Name, &p.Category, &p.Brand, &p.Price, &p.OriginalPrice, &p.Description,
			&p.Status, &p.Aliases, &p.Attributes, &p.SizeChart, &p.Related, &p.Tags, &updated)
		p.UpdatedAt = val(updated)
		return p, err
	})
	if err != nil || len(out) == 0 {
		return nil, err
	}
	index := make(map[string]int, len(out))
	for i, p := range out {
		index[p.ID] = i
	}
	rows, err = q.Query(ctx, `SELECT product_id, sku_id, color, size, stock, price, restock_date
		FROM skus WHERE product_id IN (SELECT id FROM products WHERE `+where+`)
		ORDER BY product_id, position`, args...)
	if err != nil {
		return nil, err
	}
	var pid string
	var k shop.SKU
	_, err = pgx.ForEachRow(rows, []any{&pid, &k.ID, &k.Color, &k.Size, &k.Stock, &k.Price, &k.RestockDate}, func() error {
		if i, ok := index[pid]; ok {
			out[i].SKUs = append(out[i].SKUs, k)
		}
		return nil
	})
	return out, err
}

// Product returns one product with its SKUs.
func (s *Store) Product(ctx context.Context, id string) (shop.Product, error) {
	ps, err := loadProducts(ctx, s.pool, `id = $1`, id)
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
	ps, err := loadProducts(ctx, s.pool, `TRUE`)
	if err != nil {
		return nil, fmt.Errorf("products: %w", err)
	}
	return ps, nil
}

// CoPurchases returns the pairs that include productID, most frequent first.
func (s *Store) CoPurchases(ctx context.Context, productID string) ([]shop.CoPurchase, error) {
	out, err := loadCoPurchases(ctx, s.pool, `product_a = $1 OR product_b = $1`, `count DESC, product_a, product_b`, productID)
	if err != nil {
		return nil, fmt.Errorf("co-purchases of %q: %w", productID, err)
	}
	return out, nil
}

func loadCoPurchases(ctx context.Context, q querier, where, order string, args ...any) ([]shop.CoPurchase, error) {
	rows, err := q.Query(ctx, `SELECT product_a, product_b, count FROM co_purchases WHERE `+where+` ORDER BY `+order, args...)
	if err != nil {
		return nil, err
	}
	out, err := collect(rows, func(r pgx.CollectableRow) (shop.CoPurchase, error) {
		var c shop.CoPurchase
		err := r.Scan(&c.ProductA, &c.ProductB, &c.Count)
		return c, err
	})
	return out, err
}

// SetStock sets one SKU's stock.
func (s *Store) SetStock(ctx context.Context, productID, skuID string, stock int) error {
	tag, err := s.pool.Exec(ctx, `UPDATE skus SET stock = $1 WHERE product_id = $2 AND sku_id = $3`, stock, productID, skuID)
	if err != nil {
		return fmt.Errorf("set stock of %s/%s: %w", productID, skuID, err)
	}
	return mustAffect(tag, "sku", productID+"/"+skuID)
}
