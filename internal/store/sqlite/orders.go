package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

const customerCols = `id, nickname, member_level, province, city, preferences, tags, phone_last4, phone_hash, points, created_at`

func loadCustomers(ctx context.Context, q querier, where string, args ...any) ([]shop.Customer, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+customerCols+` FROM customers WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	var out []shop.Customer
	for rows.Next() {
		var c shop.Customer
		var created nullTime
		if err := rows.Scan(&c.ID, &c.Nickname, &c.MemberLevel, &c.Province, &c.City, jsonCol{&c.Preferences},
			jsonCol{&c.Tags}, &c.PhoneLast4, &c.PhoneHash, &c.Points, &created); err != nil {
			rows.Close()
			return nil, err
		}
		c.CreatedAt = created.t
		out = append(out, c)
	}
	return out, closeRows(rows)
}

// Customer returns one customer (without the full phone number, which is
// never stored).
func (s *Store) Customer(ctx context.Context, id string) (shop.Customer, error) {
	cs, err := loadCustomers(ctx, s.read, `id = ?`, id)
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
	cs, err := loadCustomers(ctx, s.read, `1 = 1`)
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
	rows, err := q.QueryContext(ctx, `SELECT `+orderCols+` FROM orders WHERE `+where+` ORDER BY `+order, args...)
	if err != nil {
		return nil, err
	}
	var out []shop.Order
	index := map[string]int{}
	for rows.Next() {
		var o shop.Order
		var status string
		var created, paid, shipped, delivered, completed, cancelled, updated nullTime
		a := &o.Address
		if err := rows.Scan(&o.ID, &o.CustomerID, &status, &o.Total, &o.ShippingFee, &o.Discount, &o.PromotionID,
			&a.Name, &a.PhoneLast4, &a.Province, &a.City, &a.District, &a.Detail, &o.Remark, &created, &paid,
			&shipped, &delivered, &completed, &cancelled, &updated); err != nil {
			rows.Close()
			return nil, err
		}
		o.Status = shop.OrderStatus(status)
		o.CreatedAt, o.UpdatedAt = created.t, updated.t
		o.PaidAt, o.ShippedAt, o.DeliveredAt = paid.ptr(), shipped.ptr(), delivered.ptr()
		o.CompletedAt, o.CancelledAt = completed.ptr(), cancelled.ptr()
		index[o.ID] = len(out)
		out = append(out, o)
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}
	rows, err = q.QueryContext(ctx, `SELECT order_id, product_id, sku_id, name, color, size, qty, price, opened
		FROM order_items WHERE order_id IN (SELECT id FROM orders WHERE `+where+`)
		ORDER BY order_id, position`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var oid string
		var it shop.OrderItem
		if err := rows.Scan(&oid, &it.ProductID, &it.SKUID, &it.Name, &it.Color, &it.Size, &it.Qty, &it.Price, &it.Opened); err != nil {
			rows.Close()
			return nil, err
		}
		if i, ok := index[oid]; ok {
			out[i].Items = append(out[i].Items, it)
		}
	}
	return out, closeRows(rows)
}

// Order returns one order with its items.
func (s *Store) Order(ctx context.Context, id string) (shop.Order, error) {
	list, err := loadOrders(ctx, s.read, `id = ?`, `id`, id)
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
	list, err := loadOrders(ctx, s.read, `customer_id = ?`, `created_at DESC NULLS LAST, id DESC`, customerID)
	if err != nil {
		return nil, fmt.Errorf("orders of customer %q: %w", customerID, err)
	}
	return list, nil
}

// Orders returns all orders ordered by id.
func (s *Store) Orders(ctx context.Context) ([]shop.Order, error) {
	list, err := loadOrders(ctx, s.read, `1 = 1`, `id`)
	if err != nil {
		return nil, fmt.Errorf("orders: %w", err)
	}
	return list, nil
}

const shipmentCols = `id, order_id, carrier, tracking_no, status, shipped_at, estimated_delivery, updated_at`

// loadShipments returns the shipments matching where, ordered by id, with
// their tracking events.
func loadShipments(ctx context.Context, q querier, where string, args ...any) ([]shop.Shipment, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+shipmentCols+` FROM shipments WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	var out []shop.Shipment
	index := map[string]int{}
	for rows.Next() {
		var sh shop.Shipment
		var shipped, eta, updated nullTime
		if err := rows.Scan(&sh.ID, &sh.OrderID, &sh.Carrier, &sh.TrackingNo, &sh.Status, &shipped, &eta, &updated); err != nil {
			rows.Close()
			return nil, err
		}
		sh.ShippedAt, sh.EstimatedDelivery, sh.UpdatedAt = shipped.ptr(), eta.ptr(), updated.t
		index[sh.ID] = len(out)
		out = append(out, sh)
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}
	rows, err = q.QueryContext(ctx, `SELECT shipment_id, time, location, description, status
		FROM tracking_events WHERE shipment_id IN (SELECT id FROM shipments WHERE `+where+`)
		ORDER BY shipment_id, position`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var sid string
		var e shop.TrackingEvent
		var at nullTime
		if err := rows.Scan(&sid, &at, &e.Location, &e.Description, &e.Status); err != nil {
			rows.Close()
			return nil, err
		}
		e.Time = at.t
		if i, ok := index[sid]; ok {
			out[i].Events = append(out[i].Events, e)
		}
	}
	return out, closeRows(rows)
}

// ShipmentsByOrder returns the order's shipments with their events.
func (s *Store) ShipmentsByOrder(ctx context.Context, orderID string) ([]shop.Shipment, error) {
	out, err := loadShipments(ctx, s.read, `order_id = ?`, orderID)
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
	out, err := loadShipments(ctx, s.read, `tracking_no = ?`, trackingNo)
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
	where := `1 = 1`
	args := make([]any, len(statuses))
	if len(statuses) > 0 {
		where = `status IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(statuses)), ", ") + `)`
		for i, st := range statuses {
			args[i] = st
		}
	}
	out, err := loadShipments(ctx, s.read, where, args...)
	if err != nil {
		return nil, fmt.Errorf("shipments by status: %w", err)
	}
	return out, nil
}
