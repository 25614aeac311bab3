package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/store"
)

// Export returns the whole shop as a bundle, every section ordered by id,
// read from one snapshot (a read-only repeatable-read transaction).
func (s *Store) Export(ctx context.Context) (*shop.Bundle, error) {
	var b *shop.Bundle
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly},
		func(tx pgx.Tx) error {
			var err error
			b, err = exportBundle(ctx, tx)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return b, nil
}

func exportBundle(ctx context.Context, q querier) (*shop.Bundle, error) {
	b := &shop.Bundle{}
	var info shop.Info
	switch err := getSetting(ctx, q, "info", &info); {
	case err == nil:
		b.Shop = &info
	case !errors.Is(err, store.ErrNotFound):
		return nil, fmt.Errorf("shop info: %w", err)
	}
	var pol shop.Policies
	switch err := getSetting(ctx, q, "policies", &pol); {
	case err == nil:
		b.Policies = &pol
	case !errors.Is(err, store.ErrNotFound):
		return nil, fmt.Errorf("policies: %w", err)
	}
	var err error
	if b.Products, err = loadProducts(ctx, q, `TRUE`); err != nil {
		return nil, fmt.Errorf("products: %w", err)
	}
	if b.CoPurchases, err = loadCoPurchases(ctx, q, `TRUE`, `product_a, product_b`); err != nil {
		return nil, fmt.Errorf("co-purchases: %w", err)
	}
	if b.Customers, err = loadCustomers(ctx, q, `TRUE`); err != nil {
		return nil, fmt.Errorf("customers: %w", err)
	}
	if b.Orders, err = loadOrders(ctx, q, `TRUE`, `id`); err != nil {
		return nil, fmt.Errorf("orders: %w", err)
	}
	if b.Shipments, err = loadShipments(ctx, q, `TRUE`); err != nil {
		return nil, fmt.Errorf("shipments: %w", err)
	}
	if b.Promotions, err = loadPromotions(ctx, q); err != nil {
		return nil, fmt.Errorf("promotions: %w", err)
	}
	if b.FAQs, err = loadFAQs(ctx, q); err != nil {
		return nil, fmt.Errorf("faqs: %w", err)
	}
	if b.Documents, err = loadDocuments(ctx, q, `TRUE`); err != nil {
		return nil, fmt.Errorf("documents: %w", err)
	}
	return b, nil
}
