package shop

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// DefaultStallThreshold is how long a parcel in transit may go without a
// scan before it counts as stalled (物流停滞).
const DefaultStallThreshold = 48 * time.Hour

// Tracking outcomes.
const (
	TrackDelivered  = "delivered"
	TrackException  = "exception"
	TrackStalled    = "stalled"
	TrackInTransit  = "in_transit"
	TrackNotShipped = "awaiting_pickup" // created, no scan yet
)

// What the shop does about a parcel, for the bot and the agents' queue.
const (
	ActionContactCarrier = "contact_carrier" // 联系快递核实
	ActionConfirmAddress = "confirm_address" // 与买家确认地址电话
	ActionReship         = "reship"          // 补发
	ActionRefund         = "refund"          // 退款
	ActionWait           = "wait"            // 正常运输,耐心等待
)

// TrackingStatus is the state of a parcel computed from its scans.
type TrackingStatus struct {
	ShipmentID string
	OrderID    string
	Carrier    string
	TrackingNo string
	// Status is the shipment's own status (created, in_transit ...).
	Status string
	// Outcome is one of the Track* constants.
	Outcome string
	// Latest is the most recent scan; HasScan is false when there is none.
	Latest  TrackingEvent
	HasScan bool
	// LastActivity is the latest scan time, or the dispatch time before
	// the first scan; SinceLastScan and HoursSinceScan measure from it.
	LastActivity   time.Time
	SinceLastScan  time.Duration
	HoursSinceScan int
	// StallThreshold is the threshold Stalled was judged with.
	StallThreshold time.Duration
	Stalled        bool
	// Exception is set when the latest scan (or the shipment) reports
	// exception, damaged, held or returned; ExceptionKind says which.
	Exception     bool
	ExceptionKind string
	Delivered     bool
	DeliveredAt   time.Time
	// Explanation says in Chinese what the state means; ShopAction what
	// the shop does about it; Actions the same as codes.
	Explanation string
	ShopAction  string
	Actions     []string
}

// TrackShipment reads a parcel's scans at now with the default stall
// threshold (48 hours).
func TrackShipment(s Shipment, now time.Time) TrackingStatus {
	return TrackShipmentWithThreshold(s, now, DefaultStallThreshold)
}

// TrackShipmentWithThreshold reads a parcel's scans at now: delivered,
// exception (the latest scan is exception, damaged, held or returned), or
// on its way, and stalled when nothing moved for threshold or longer
// (threshold ≤ 0 means DefaultStallThreshold). A parcel awaiting pickup
// counts from its dispatch time.
func TrackShipmentWithThreshold(s Shipment, now time.Time, threshold time.Duration) TrackingStatus {
	if threshold <= 0 {
		threshold = DefaultStallThreshold
	}
	t := TrackingStatus{
		ShipmentID: s.ID, OrderID: s.OrderID, Carrier: s.Carrier, TrackingNo: s.TrackingNo,
		Status: s.Status, StallThreshold: threshold,
	}
	t.Latest, t.HasScan = s.LatestEvent()
	switch {
	case t.HasScan:
		t.LastActivity = t.Latest.Time
	case s.ShippedAt != nil:
		t.LastActivity = *s.ShippedAt
	default:
		t.LastActivity = s.UpdatedAt
	}
	if !t.LastActivity.IsZero() && now.After(t.LastActivity) {
		t.SinceLastScan = now.Sub(t.LastActivity)
		t.HoursSinceScan = int(t.SinceLastScan / time.Hour)
	}

	kind := ""
	if t.HasScan {
		kind = t.Latest.Status
	}
	// A final shipment status (from the carrier) wins over an ordinary
	// scan, so a parcel marked delivered is not reported stalled because
	// its last scan was "in transit".
	switch s.Status {
	case ShipDelivered, ShipException, ShipReturned:
		if !finalScan(kind) {
			kind = s.Status
		}
	}
	if kind == "" {
		kind = s.Status
	}
	switch kind {
	case ShipDelivered:
		t.Outcome, t.Delivered = TrackDelivered, true
		if t.HasScan && t.Latest.Status == ShipDelivered {
			t.DeliveredAt = t.Latest.Time
		}
		t.Explanation = "包裹已签收"
		if t.HasScan && t.Latest.Location != "" {
			t.Explanation += "(" + t.Latest.Location + ")"
		}
		t.ShopAction = "如未收到包裹,请告知,店铺将联系快递核实签收情况"
		return t
	case ShipException, "damaged", "held", ShipReturned:
		t.Outcome, t.Exception, t.ExceptionKind = TrackException, true, kind
		t.Explanation, t.ShopAction, t.Actions = exceptionAdvice(kind)
		if t.HasScan && t.Latest.Description != "" {
			t.Explanation += ",快递记录:" + t.Latest.Description
		}
		return t
	}

	awaiting := !t.HasScan || kind == ShipCreated
	if !t.LastActivity.IsZero() && t.SinceLastScan >= threshold {
		t.Outcome, t.Stalled = TrackStalled, true
		t.Actions = []string{ActionContactCarrier, ActionReship, ActionRefund}
		if awaiting {
			t.Explanation = fmt.Sprintf("已发货%d小时,快递仍未揽收", t.HoursSinceScan)
			t.ShopAction = "店铺将联系快递催促揽收;如无法揽收,为您重新安排发货或退款"
		} else {
			t.Explanation = fmt.Sprintf("物流已%d小时未更新(最后一条:%s %s)", t.HoursSinceScan,
				t.Latest.Time.Format("01-02 15:04"), t.Latest.Description)
			t.ShopAction = "店铺将联系快递核实包裹位置;如确认丢件,为您补发或退款"
		}
		return t
	}
	t.Actions = []string{ActionWait}
	if awaiting {
		t.Outcome = TrackNotShipped
		t.Explanation = "已发货,等待快递揽收"
	} else {
		t.Outcome = TrackInTransit
		t.Explanation = fmt.Sprintf("运输中,最新:%s %s", t.Latest.Time.Format("01-02 15:04"), t.Latest.Description)
	}
	t.ShopAction = "物流正常,请耐心等待"
	return t
}

// finalScan reports whether a scan status ends the normal journey.
func finalScan(status string) bool {
	switch status {
	case ShipDelivered, ShipException, "damaged", "held", ShipReturned:
		return true
	}
	return false
}

// exceptionAdvice explains an exception scan and what the shop does.
func exceptionAdvice(kind string) (explanation, action string, actions []string) {
	switch kind {
	case "damaged":
		return "快递反馈包裹破损",
			"店铺将联系快递核实破损情况,确认后为您补发或退款;签收时如发现破损可拒收或拍照留证",
			[]string{ActionContactCarrier, ActionReship, ActionRefund}
	case "held":
		return "包裹滞留在快递网点或中转站,暂未继续运输",
			"店铺将联系快递核实滞留原因并催促派送;如长时间无法派送,为您补发或退款",
			[]string{ActionContactCarrier, ActionReship, ActionRefund}
	case ShipReturned:
		return "包裹正在退回或已退回商家",
			"店铺将联系快递核实退回原因,包裹退回后为您重新发货或退款",
			[]string{ActionContactCarrier, ActionReship, ActionRefund}
	}
	return "派送异常(如地址不详、联系不上收件人),快递暂时无法派送",
		"店铺将联系快递核实原因并安排重新派送;如地址或电话有误,请提供正确信息",
		[]string{ActionContactCarrier, ActionConfirmAddress}
}

// FindStalled returns the stalled parcels among shipments at now (threshold
// ≤ 0 means DefaultStallThreshold), longest silence first, for proactive
// messages before the shopper asks.
func FindStalled(shipments []Shipment, now time.Time, threshold time.Duration) []TrackingStatus {
	var out []TrackingStatus
	for _, s := range shipments {
		if t := TrackShipmentWithThreshold(s, now, threshold); t.Stalled {
			out = append(out, t)
		}
	}
	slices.SortStableFunc(out, func(a, b TrackingStatus) int { return cmp.Compare(b.SinceLastScan, a.SinceLastScan) })
	return out
}
