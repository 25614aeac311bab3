package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

const customerCols = `id, nickname, member_level, province, city, preferences, tags, phone_last4, phone_hash, points, created_at`

func loadCustomers(ctx context.Context, q querier, where string, args ...any) ([]shop.Customer, error) {
	rows, err := q.Query(ctx, `SELECT `+customerCols+` FROM customers WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r pgx.CollectableRow) (shop.Customer, error) {
		var c shop.Customer
		var created *time.Time
		err := r.Scan(&c.ID, &c.Nickname, &c.MemberLevel, &c.Province, &c.City, &c.Preferences, &c.Tags,
			&c.PhoneLast4, &c.PhoneHash, &c.Points, &created)
		c.CreatedAt = val(created)
		return c, err
	})
}

// Customer returns one customer (without the full phone number, which is
// never stored).
func (s *Store) Customer(ctx context.Context, id string) (shop.Customer, error) {
	cs, err := loadCustomers(ctx, s.pool, `id = $1`, id)
	if err != nil {
		return shop.Customer{}, fmt.Errorf("customer %q: %w", id, err)
	}
	if len(cs) == 0 {
		return shop.Customer{}, notFound("customer", id)
	}
	return cs[0], nil
}

// Customers returns all customers ordered by id.
func (s *Store) Customers(ctx context.Context) ([]shop.Customer, error) {
	cs, err := loadCustomers(ctx, s.pool, `TRUE`)
	if err != nil {
		return nil, fmt.Errorf("customers: %w", err)
	}
	return cs, nil
}

const orderCols = `id, customer_id, status, total, shipping_fee, discount, promotion_id, addr_name,
	addr_phone_last4, addr_province, addr_city, addr_district, addr_detail, remark, created_at, paid_at,
	shipped_at, delivered_at, completed_at, cancelled_at, updated_at`

// loadOrders returns the orders matching where, in the given order, with
// their items.
func loadOrders(ctx context.Context, q querier, where, order string, args ...any) ([]shop.Order, error) {
	rows, err := q.Query(ctx, `SELECT `+orderCols+` FROM orders WHERE `+where+` ORDER BY `+order, args...)
	if err != nil {
		return nil, err
	}
	out, err := collect(rows, func(r pgx.CollectableRow) (shop.Order, error) {
		var o shop.Order
		var status string
		var created, paid, shipped, delivered, completed, cancelled, updated *time.Time
		a := &o.Address
		err := r.Scan(&o.ID, &o.CustomerID, &status, &o.Total, &o.ShippingFee, &o.Discount, &o.PromotionID,
			&a.Name, &a.PhoneLast4, &a.Province, &a.City, &a.District, &a.Detail, &o.Remark, &created, &paid,
			&shipped, &delivered, &completed, &cancelled, &updated)
		o.Status = shop.OrderStatus(status)
		o.CreatedAt, o.UpdatedAt = val(created), val(updated)
		o.PaidAt, o.ShippedAt, o.DeliveredAt = ptr(paid), ptr(shipped), ptr(delivered)
		o.CompletedAt, o.CancelledAt = ptr(completed), ptr(cancelled)
		return o, err
	})
	if err != nil || len(out) == 0 {
		return nil, err
	}
	index := make(map[string]int, len(out))
	for i, o := range out {
		index[o.ID] = i
	}
	rows, err = q.Query(ctx, `SELECT order_id, product_id, sku_id, name, color, size, qty, price, opened
		FROM order_items WHERE order_id IN (SELECT id FROM orders WHERE `+where+`)
		ORDER BY order_id, position`, args...)
	if err != nil {
		return nil, err
	}
	var oid string
	var it shop.OrderItem
	_, err = pgx.ForEachRow(rows, []any{&oid, &it.ProductID, &it.SKUID, &it.Name, &it.Color, &it.Size, &it.Qty, &it.Price, &it.Opened}, func() error {
		if i, ok := index[oid]; ok {
			out[i].Items = append(out[i].Items, it)
		}
		return nil
	})
	return out, err
}

// Order returns one order with its items.
func (s *Store) Order(ctx context.Context, id string) (shop.Order, error) {
	list, err := loadOrders(ctx, s.pool, `id = $1`, `id`, id)
	if err != nil {
		return shop.Order{}, fmt.Errorf("order %q: %w", id, err)
	}
	if len(list) == 0 {
		return shop.Order{}, notFound("order", id)
	}
	return list[0], nil
}

// OrdersByCustomer returns the customer's orders, newest first.
func (s *Store) OrdersByCustomer(ctx context.Context, customerID string) ([]shop.Order, error) {
	list, err := loadOrders(ctx, s.pool, `customer_id = $1`, `created_at DESC NULLS LAST, id DESC`, customerID)
	if err != nil {
		return nil, fmt.Errorf("orders of customer %q: %w", customerID, err)
	}
	return list, nil
}

// Orders returns all orders ordered by id.
func (s *Store) Orders(ctx context.Context) ([]shop.Order, error) {
	list, err := loadOrders(ctx, s.pool, `TRUE`, `id`)
	if err != nil {
		return nil, fmt.Errorf("orders: %w", err)
	}
	return list, nil
}

const shipmentCols = `id, order_id, carrier, tracking_no, status, shipped_at, estimated_delivery, updated_at`

// loadShipments returns the shipments matching where, ordered by id, with
// their tracking events.
func loadShipments(ctx context.Context, q querier, where string, args ...any) ([]shop.Shipment, error) {
	rows, err := q.Query(ctx, `SELECT `+shipmentCols+` FROM shipments WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	out, err := collect(rows, func(r pgx.CollectableRow) (shop.Shipment, error) {
		var sh shop.Shipment
		var shipped, eta, updated *time.Time
		err := r.Scan(&sh.ID, &sh.OrderID, &sh.Carrier, &sh.TrackingNo, &sh.Status, &shipped, &eta, &updated)
		sh.ShippedAt, sh.EstimatedDelivery, sh.UpdatedAt = ptr(shipped), ptr(eta), val(updated)
		return sh, err
	})
	if err != nil || len(out) == 0 {
		return nil, err
	}
	index := make(map[string]int, len(out))
	for i, sh := range out {
		index[sh.ID] = i
	}
	rows, err = q.Query(ctx, `SELECT shipment_id, time, location, description, status
		FROM tracking_events WHERE shipment_id IN (SELECT id FROM shipments WHERE `+where+`)
		ORDER BY shipment_id, position`, args...)
	if err != nil {
		return nil, err
	}
	var sid string
	var at *time.Time
	var e shop.TrackingEvent
	_, err = pgx.ForEachRow(rows, []any{&sid, &at, &e.Location, &e.Description, &e.Status}, func() error {
		e.Time = val(at)
		if i, ok := index[sid]; ok {
			out[i].Events = append(out[i].Events, e)
		}
		return nil
	})
	return out, err
}

// ShipmentsByOrder returns the order's shipments with their events.
func (s *Store) ShipmentsByOrder(ctx context.Context, orderID string) ([]shop.Shipment, error) {
	out, err := loadShipments(ctx, s.pool, `order_id = $1`, orderID)
	if err != nil {
		return nil, fmt.Errorf("shipments of order %q: %w", orderID, err)
	}
	return out, nil
}

// ShipmentByTracking returns the shipment with the tracking number.
func (s *Store) ShipmentByTracking(ctx context.Context, trackingNo string) (shop.Shipment, error) {
	if trackingNo == "" {
		return shop.Shipment{}, notFound("shipment with tracking number", trackingNo)
	}
	out, err := loadShipments(ctx, s.pool, `tracking_no = $1`, trackingNo)
	if err != nil {
		return shop.Shipment{}, fmt.Errorf("shipment %q: %w", trackingNo, err)
	}
	if len(out) == 0 {
		return shop.Shipment{}, notFound("shipment with tracking number", trackingNo)
	}
	return out[0], nil
}

// ShipmentsByStatus lists shipments in the given statuses (all if none),
// ordered by id.
func (s *Store) ShipmentsByStatus(ctx context.Context, statuses ...string) ([]shop.Shipment, error) {
	var out []shop.Shipment
	var err error
	if len(statuses) == 0 {
		out, err = loadShipments(ctx, s.pool, `TRUE`)
	} else {
		out, err = loadShipments(ctx, s.pool, `status = ANY($1)`, statuses)
	}
	if err != nil {
		return nil, fmt.Errorf("shipments by status: %w", err)
	}
	return out, nil
}
