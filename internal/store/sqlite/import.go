package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/store"
)

// upsertSQL builds INSERT ... ON CONFLICT (key) DO UPDATE for cols, the
// first len(key) of which are the key.
func upsertSQL(table string, nkey int, cols ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES (%s)", table, strings.Join(cols, ", "),
		strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", "))
	fmt.Fprintf(&b, " ON CONFLICT (%s) DO ", strings.Join(cols[:nkey], ", "))
	if len(cols) == nkey {
		b.WriteString("NOTHING")
		return b.String()
	}
	b.WriteString("UPDATE SET ")
	for i, c := range cols[nkey:] {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s = excluded.%s", c, c)
	}
	return b.String()
}

var (
	upsertProduct = upsertSQL("products", 1, "id", "name", "category", "brand", "price", "original_price",
		"description", "status", "aliases", "attributes", "size_chart", "related", "tags", "updated_at")
	insertSKU = `INSERT INTO skus (product_id, sku_id, position, color, size, stock, price, restock_date)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	upsertCoPurchase = upsertSQL("co_purchases", 2, "product_a", "product_b", "count")
	upsertCustomer   = upsertSQL("customers", 1, "id", "nickname", "member_level", "province", "city",
		"preferences", "tags", "phone_last4", "phone_hash", "points", "created_at")
	upsertOrder = upsertSQL("orders", 1, "id", "customer_id", "status", "total", "shipping_fee", "discount",
		"promotion_id", "addr_name", "addr_phone_last4", "addr_province", "addr_city", "addr_district",
		"addr_detail", "remark", "created_at", "paid_at", "shipped_at", "delivered_at", "completed_at",
		"cancelled_at", "updated_at")
	insertOrderItem = `INSERT INTO order_items (order_id, position, product_id, sku_id, name, color, size, qty, price, opened)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	upsertShipment = upsertSQL("shipments", 1, "id", "order_id", "carrier", "tracking_no", "status",
		"shipped_at", "estimated_delivery", "updated_at")
	insertTrackingEvent = `INSERT INTO tracking_events (shipment_id, position, time, location, description, status)
		VALUES (?, ?, ?, ?, ?, ?)`
	upsertPromotion = upsertSQL("promotions", 1, "id", "name", "type", "description", "threshold", "reduction",
		"repeat", "max_reduction", "discount_percent", "gift", "installments", "code", "product_ids",
		"categories", "member_levels", "new_customers_only", "stackable", "starts_at", "ends_at")
	upsertFAQ     = upsertSQL("faqs", 1, "id", "question", "alternates", "answer", "product_ids", "tags", "updated_at")
	upsertDoc     = upsertSQL("documents", 1, "id", "title", "kind", "format", "source", "product_ids", "body", "updated_at")
	upsertSetting = upsertSQL("shop_settings", 1, "name", "data")
)

// ImportBundle writes every section of b in one transaction.
func (s *Store) ImportBundle(ctx context.Context, b *shop.Bundle) (shop.ImportStats, error) {
	var st shop.ImportStats
	if err := store.CheckBundle(b); err != nil {
		return st, fmt.Errorf("import bundle: %w", err)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		st, err = store.WriteBundle(ctx, txWriter{tx}, b)
		return err
	})
	if err != nil {
		return shop.ImportStats{}, fmt.Errorf("import bundle: %w", err)
	}
	return st, nil
}

// txWriter writes bundle records inside one transaction (store.RecordWriter).
type txWriter struct{ tx *sql.Tx }

func (w txWriter) PutSetting(ctx context.Context, name string, v any) error {
	return putSetting(ctx, w.tx, name, v)
}
func (w txWriter) PutProduct(ctx context.Context, p shop.Product) error {
	return putProduct(ctx, w.tx, p)
}
func (w txWriter) PutCoPurchase(ctx context.Context, c shop.CoPurchase) error {
	_, err := w.tx.ExecContext(ctx, upsertCoPurchase, c.ProductA, c.ProductB, c.Count)
	return err
}
func (w txWriter) PutCustomer(ctx context.Context, c shop.Customer) error {
	return putCustomer(ctx, w.tx, c)
}
func (w txWriter) PutOrder(ctx context.Context, o shop.Order) error { return putOrder(ctx, w.tx, o) }
func (w txWriter) PutShipment(ctx context.Context, sh shop.Shipment) error {
	return putShipment(ctx, w.tx, sh)
}
func (w txWriter) PutPromotion(ctx context.Context, p shop.Promotion) error {
	return putPromotion(ctx, w.tx, p)
}
func (w txWriter) PutFAQ(ctx context.Context, f shop.FAQ) error { return putFAQ(ctx, w.tx, f) }
func (w txWriter) PutDocument(ctx context.Context, d shop.KnowledgeDoc) error {
	return putDocument(ctx, w.tx, d)
}

func putSetting(ctx context.Context, q querier, name string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, upsertSetting, name, string(data))
	return err
}

// jsonArgs marshals each value with jsonValue.
func jsonArgs(vs ...any) ([]any, error) {
	out := make([]any, len(vs))
	for i, v := range vs {
		j, err := jsonValue(v)
		if err != nil {
			return nil, err
		}
		out[i] = j
	}
	return out, nil
}

func putProduct(ctx context.Context, tx *sql.Tx, p shop.Product) error {
	js, err := jsonArgs(p.Aliases, p.Attributes, p.SizeChart, p.Related, p.Tags)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, upsertProduct, p.ID, p.Name, p.Category, p.Brand, p.Price, p.OriginalPrice,
		p.Description, p.Status, js[0], js[1], js[2], js[3], js[4], formatTime(p.UpdatedAt)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM skus WHERE product_id = ?`, p.ID); err != nil {
		return err
	}
	for i, k := range p.SKUs {
		if _, err := tx.ExecContext(ctx, insertSKU, p.ID, k.ID, i, k.Color, k.Size, k.Stock, k.Price, k.RestockDate); err != nil {
			return fmt.Errorf("sku %q: %w", k.ID, err)
		}
	}
	return nil
}

func putCustomer(ctx context.Context, tx *sql.Tx, c shop.Customer) error {
	c = store.StorableCustomer(c)
	js, err := jsonArgs(c.Preferences, c.Tags)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, upsertCustomer, c.ID, c.Nickname, c.MemberLevel, c.Province, c.City,
		js[0], js[1], c.PhoneLast4, c.PhoneHash, c.Points, formatTime(c.CreatedAt))
	return err
}

func putOrder(ctx context.Context, tx *sql.Tx, o shop.Order) error {
	a := o.Address
	if _, err := tx.ExecContext(ctx, upsertOrder, o.ID, o.CustomerID, string(o.Status), o.Total, o.ShippingFee,
		o.Discount, o.PromotionID, a.Name, a.PhoneLast4, a.Province, a.City, a.District, a.Detail, o.Remark,
		formatTime(o.CreatedAt), formatTimePtr(o.PaidAt), formatTimePtr(o.ShippedAt), formatTimePtr(o.DeliveredAt),
		formatTimePtr(o.CompletedAt), formatTimePtr(o.CancelledAt), formatTime(o.UpdatedAt)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM order_items WHERE order_id = ?`, o.ID); err != nil {
		return err
	}
	for i, it := range o.Items {
		if _, err := tx.ExecContext(ctx, insertOrderItem, o.ID, i, it.ProductID, it.SKUID, it.Name, it.Color,
			it.Size, it.Qty, it.Price, it.Opened); err != nil {
			return fmt.Errorf("item %d: %w", i+1, err)
		}
	}
	return nil
}

func putShipment(ctx context.Context, tx *sql.Tx, sh shop.Shipment) error {
	if _, err := tx.ExecContext(ctx, upsertShipment, sh.ID, sh.OrderID, sh.Carrier, sh.TrackingNo, sh.Status,
		formatTimePtr(sh.ShippedAt), formatTimePtr(sh.EstimatedDelivery), formatTime(sh.UpdatedAt)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM tracking_events WHERE shipment_id = ?`, sh.ID); err != nil {
		return err
	}
	for i, e := range sh.Events {
		if _, err := tx.ExecContext(ctx, insertTrackingEvent, sh.ID, i, formatTime(e.Time), e.Location,
			e.Description, e.Status); err != nil {
			return fmt.Errorf("event %d: %w", i+1, err)
		}
	}
	return nil
}

func putPromotion(ctx context.Context, tx *sql.Tx, p shop.Promotion) error {
	js, err := jsonArgs(p.ProductIDs, p.Categories, p.MemberLevels)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, upsertPromotion, p.ID, p.Name, p.Type, p.Description, p.Threshold, p.Reduction,
		p.Repeat, p.MaxReduction, p.DiscountPercent, p.Gift, p.Installments, p.Code, js[0], js[1], js[2],
		p.NewCustomersOnly, p.Stackable, formatTime(p.StartsAt), formatTime(p.EndsAt))
	return err
}

func putFAQ(ctx context.Context, q querier, f shop.FAQ) error {
	js, err := jsonArgs(f.Alternates, f.ProductIDs, f.Tags)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, upsertFAQ, f.ID, f.Question, js[0], f.Answer, js[1], js[2], formatTime(f.UpdatedAt))
	return err
}

func putDocument(ctx context.Context, q querier, d shop.KnowledgeDoc) error {
	js, err := jsonArgs(d.ProductIDs)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, upsertDoc, d.ID, d.Title, d.Kind, d.Format, d.Source, js[0], d.Body, formatTime(d.UpdatedAt))
	return err
}
