package store

import (
	"context"
	"fmt"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// RecordWriter writes one record of each kind inside an engine's open
// transaction. Each engine implements it with its own SQL; WriteBundle owns
// the order of the sections and the counting, so the engines cannot drift.
type RecordWriter interface {
	PutSetting(ctx context.Context, name string, v any) error
	PutProduct(ctx context.Context, p shop.Product) error
	PutCoPurchase(ctx context.Context, c shop.CoPurchase) error
	PutCustomer(ctx context.Context, c shop.Customer) error
	PutOrder(ctx context.Context, o shop.Order) error
	PutShipment(ctx context.Context, s shop.Shipment) error
	PutPromotion(ctx context.Context, p shop.Promotion) error
	PutFAQ(ctx context.Context, f shop.FAQ) error
	PutDocument(ctx context.Context, d shop.KnowledgeDoc) error
}

// WriteBundle writes the sections of b in dependency order (products before
// co-purchases, customers before their orders, orders before their
// shipments) and counts what it wrote. The caller runs it in one transaction.
func WriteBundle(ctx context.Context, w RecordWriter, b *shop.Bundle) (shop.ImportStats, error) {
	var st shop.ImportStats
	if b.Shop != nil {
		if err := w.PutSetting(ctx, "info", b.Shop); err != nil {
			return st, fmt.Errorf("shop info: %w", err)
		}
		st.Shop = true
	}
	if b.Policies != nil {
		if err := w.PutSetting(ctx, "policies", b.Policies); err != nil {
			return st, fmt.Errorf("policies: %w", err)
		}
		st.Policies = true
	}
	for _, p := range b.Products {
		if err := w.PutProduct(ctx, p); err != nil {
			return st, fmt.Errorf("product %q: %w", p.ID, err)
		}
		st.Products++
		st.SKUs += len(p.SKUs)
	}
	for _, c := range b.CoPurchases {
		if err := w.PutCoPurchase(ctx, c); err != nil {
			return st, fmt.Errorf("co-purchase %s+%s: %w", c.ProductA, c.ProductB, err)
		}
		st.CoPurchases++
	}
	for _, c := range b.Customers {
		if err := w.PutCustomer(ctx, c); err != nil {
			return st, fmt.Errorf("customer %q: %w", c.ID, err)
		}
		st.Customers++
	}
	for _, o := range b.Orders {
		if err := w.PutOrder(ctx, o); err != nil {
			return st, fmt.Errorf("order %q: %w", o.ID, err)
		}
		st.Orders++
	}
	for _, sh := range b.Shipments {
		if err := w.PutShipment(ctx, sh); err != nil {
			return st, fmt.Errorf("shipment %q: %w", sh.ID, err)
		}
		st.Shipments++
	}
	for _, p := range b.Promotions {
		if err := w.PutPromotion(ctx, p); err != nil {
			return st, fmt.Errorf("promotion %q: %w", p.ID, err)
		}
		st.Promotions++
	}
	for _, f := range b.FAQs {
		if err := w.PutFAQ(ctx, f); err != nil {
			return st, fmt.Errorf("faq %q: %w", f.ID, err)
		}
		st.FAQs++
	}
	for _, d := range b.Documents {
		if err := w.PutDocument(ctx, d); err != nil {
			return st, fmt.Errorf("document %q: %w", d.ID, err)
		}
		st.Documents++
	}
	return st, nil
}
