package shop

import "time"

// OrderStatus is the lifecycle state of an order.
type OrderStatus string

// Order statuses. Imports accept either the code or the Chinese label.
const (
	StatusPendingPayment OrderStatus = "pending_payment" // 待付款
	StatusToShip         OrderStatus = "to_ship"         // 待发货
	StatusShipped        OrderStatus = "shipped"         // 已发货
	StatusInTransit      OrderStatus = "in_transit"      // 运输中
	StatusDelivered      OrderStatus = "delivered"       // 已签收
	StatusRefunding      OrderStatus = "refunding"       // 退款中
	StatusCompleted      OrderStatus = "completed"       // 已完成
	StatusCancelled      OrderStatus = "cancelled"       // 已取消
)

var orderStatusLabels = []struct {
	s     OrderStatus
	label string
}{
	{StatusPendingPayment, "待付款"},
	{StatusToShip, "待发货"},
	{StatusShipped, "已发货"},
	{StatusInTransit, "运输中"},
	{StatusDelivered, "已签收"},
	{StatusRefunding, "退款中"},
	{StatusCompleted, "已完成"},
	{StatusCancelled, "已取消"},
}

// Label returns the Chinese label of the status.
func (s OrderStatus) Label() string {
	for _, l := range orderStatusLabels {
		if l.s == s {
			return l.label
		}
	}
	return string(s)
}

// ParseOrderStatus accepts a status code or its Chinese label.
func ParseOrderStatus(v string) (OrderStatus, bool) {
	for _, l := range orderStatusLabels {
		if v == string(l.s) || v == l.label {
			return l.s, true
		}
	}
	return "", false
}

// Dispatched reports whether the parcel has left the warehouse.
func (s OrderStatus) Dispatched() bool {
	switch s {
	case StatusShipped, StatusInTransit, StatusDelivered, StatusCompleted:
		return true
	}
	return false
}

// Order is a customer's purchase.
type Order struct {
	ID          string      `json:"id"`
	CustomerID  string      `json:"customer_id"`
	Items       []OrderItem `json:"items"`
	Status      OrderStatus `json:"status"`
	Total       Money       `json:"total"` // what the customer paid, after discounts, incl. shipping
	ShippingFee Money       `json:"shipping_fee,omitempty"`
	Discount    Money       `json:"discount,omitempty"`
	PromotionID string      `json:"promotion_id,omitempty"`
	Address     Address     `json:"address"`
	Remark      string      `json:"remark,omitempty"`
	CreatedAt   time.Time   `json:"created_at"`
	PaidAt      *time.Time  `json:"paid_at,omitempty"`
	ShippedAt   *time.Time  `json:"shipped_at,omitempty"`
	DeliveredAt *time.Time  `json:"delivered_at,omitempty"`
	CompletedAt *time.Time  `json:"completed_at,omitempty"`
	CancelledAt *time.Time  `json:"cancelled_at,omitempty"`
	UpdatedAt   time.Time   `json:"updated_at,omitempty"`
}

// OrderItem is one line of an order.
type OrderItem struct {
	ProductID string `json:"product_id"`
	SKUID     string `json:"sku_id,omitempty"`
	Name      string `json:"name,omitempty"` // product name at purchase time
	Color     string `json:"color,omitempty"`
	Size      string `json:"size,omitempty"`
	Qty       int    `json:"qty"`
	Price     Money  `json:"price"` // unit price paid
	// Opened marks items whose seal was broken (matters for skincare returns).
	Opened bool `json:"opened,omitempty"`
}

// Address is a delivery address. The phone is kept as its last four digits only.
type Address struct {
	Name       string `json:"name,omitempty"`
	PhoneLast4 string `json:"phone_last4,omitempty"`
	Province   string `json:"province,omitempty"`
	City       string `json:"city,omitempty"`
	District   string `json:"district,omitempty"`
	Detail     string `json:"detail,omitempty"`
}

// Shipment is a parcel of an order with its carrier tracking.
type Shipment struct {
	ID         string `json:"id"`
	OrderID    string `json:"order_id"`
	Carrier    string `json:"carrier"` // 顺丰, 中通, 圆通, 京东, 极兔, EMS ...
	TrackingNo string `json:"tracking_no"`
	// Status: created, in_transit, out_for_delivery, delivered, exception, returned.
	Status            string          `json:"status"`
	Events            []TrackingEvent `json:"events,omitempty"`
	ShippedAt         *time.Time      `json:"shipped_at,omitempty"`
	EstimatedDelivery *time.Time      `json:"estimated_delivery,omitempty"`
	UpdatedAt         time.Time       `json:"updated_at,omitempty"`
}

// Shipment statuses.
const (
	ShipCreated        = "created"
	ShipInTransit      = "in_transit"
	ShipOutForDelivery = "out_for_delivery"
	ShipDelivered      = "delivered"
	ShipException      = "exception"
	ShipReturned       = "returned"
)

// TrackingEvent is one scan of a parcel.
type TrackingEvent struct {
	Time        time.Time `json:"time"`
	Location    string    `json:"location,omitempty"`
	Description string    `json:"description"`
	// Status: picked_up, in_transit, out_for_delivery, delivered, exception
	// (delivery failed, address problem), damaged, held, returned.
	Status string `json:"status,omitempty"`
}

// LatestEvent returns the most recent tracking event.
func (s *Shipment) LatestEvent() (TrackingEvent, bool) {
	if len(s.Events) == 0 {
		return TrackingEvent{}, false
	}
	latest := s.Events[0]
	for _, e := range s.Events[1:] {
		if e.Time.After(latest.Time) {
			latest = e
		}
	}
	return latest, true
}

// LinePaid is what the customer paid for line i of the order: the goods'
// share of the total (the total less shipping) in proportion to the line's
// value at its listed price, so an order-wide discount (满减, a coupon) is
// shared by every line it was earned on. The last line takes what rounding
// leaves, so the lines add up to the goods paid. A refund for one line of
// several is this, not the line's price: returning the 899元 coat from a
// 948元 order of coat and scarf (150元 off) gives back 776.19元.
func (o Order) LinePaid(i int) Money {
	if i < 0 || i >= len(o.Items) {
		return 0
	}
	goods := o.Total - o.ShippingFee
	var subtotal Money
	for _, it := range o.Items {
		subtotal += it.Price * Money(max(it.Qty, 1))
	}
	if subtotal <= 0 || goods <= 0 {
		return 0
	}
	share := func(k int) Money {
		v := o.Items[k].Price * Money(max(o.Items[k].Qty, 1))
		return Money((int64(v)*int64(goods)*2 + int64(subtotal)) / (int64(subtotal) * 2)) // rounded half up
	}
	if i < len(o.Items)-1 {
		return share(i)
	}
	rest := goods
	for k := range len(o.Items) - 1 {
		rest -= share(k)
	}
	return rest
}
