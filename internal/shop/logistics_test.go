package shop

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestTrackShipment(t *testing.T) {
	now := shanghai(2025, 11, 20, 12, 0)
	shipped := now.Add(-72 * time.Hour)
	scan := func(ago time.Duration, status, desc string) TrackingEvent {
		return TrackingEvent{Time: now.Add(-ago), Status: status, Description: desc, Location: "杭州转运中心"}
	}
	parcel := func(status string, events ...TrackingEvent) Shipment {
		return Shipment{ID: "S1", OrderID: "O1", Carrier: "中通", TrackingNo: "ZT1", Status: status, ShippedAt: &shipped, Events: events}
	}
	tests := []struct {
		name           string
		s              Shipment
		threshold      time.Duration
		outcome        string
		stalled        bool
		exception      string
		delivered      bool
		hours          int
		actions        []string
		explanationHas string
	}{
		{name: "moving parcel is in transit",
			s:       parcel(ShipInTransit, scan(60*time.Hour, "picked_up", "已揽收"), scan(5*time.Hour, "in_transit", "到达杭州转运中心")),
			outcome: TrackInTransit, hours: 5, actions: []string{ActionWait}, explanationHas: "到达杭州转运中心"},
		{name: "no scan for 50 hours is stalled",
			s:       parcel(ShipInTransit, scan(70*time.Hour, "picked_up", "已揽收"), scan(50*time.Hour, "in_transit", "离开杭州转运中心")),
			outcome: TrackStalled, stalled: true, hours: 50, actions: []string{ActionContactCarrier, ActionReship, ActionRefund}, explanationHas: "50小时未更新"},
		{name: "exactly 48 hours without a scan is stalled",
			s:       parcel(ShipInTransit, scan(48*time.Hour, "in_transit", "运输中")),
			outcome: TrackStalled, stalled: true, hours: 48},
		{name: "47 hours without a scan is still moving",
			s:       parcel(ShipInTransit, scan(47*time.Hour, "in_transit", "运输中")),
			outcome: TrackInTransit, hours: 47},
		{name: "a stricter threshold flags 30 hours",
			s:         parcel(ShipInTransit, scan(30*time.Hour, "in_transit", "运输中")),
			threshold: 24 * time.Hour, outcome: TrackStalled, stalled: true, hours: 30},
		{name: "scans out of order still use the latest",
			s:       parcel(ShipInTransit, scan(2*time.Hour, "out_for_delivery", "派送中"), scan(60*time.Hour, "picked_up", "已揽收")),
			outcome: TrackInTransit, hours: 2},
		{name: "delivered parcel is never stalled",
			s:       parcel(ShipDelivered, scan(100*time.Hour, "delivered", "已签收")),
			outcome: TrackDelivered, delivered: true, hours: 100, explanationHas: "已签收"},
		{name: "shipment marked delivered without a delivered scan is delivered",
			s:       parcel(ShipDelivered, scan(60*time.Hour, "in_transit", "运输中")),
			outcome: TrackDelivered, delivered: true, hours: 60, explanationHas: "已签收"},
		{name: "damaged scan is an exception the shop resolves by reship or refund",
			s:       parcel(ShipInTransit, scan(3*time.Hour, "damaged", "外包装破损")),
			outcome: TrackException, exception: "damaged", hours: 3, actions: []string{ActionContactCarrier, ActionReship, ActionRefund}, explanationHas: "破损"},
		{name: "held parcel is an exception",
			s:       parcel(ShipInTransit, scan(10*time.Hour, "held", "滞留")),
			outcome: TrackException, exception: "held", hours: 10, explanationHas: "滞留"},
		{name: "failed delivery asks to confirm the address",
			s:       parcel(ShipException, scan(6*time.Hour, "exception", "地址不详,派送失败")),
			outcome: TrackException, exception: "exception", hours: 6, actions: []string{ActionContactCarrier, ActionConfirmAddress}, explanationHas: "地址不详,派送失败"},
		{name: "returned parcel is an exception, not a stall",
			s:       parcel(ShipReturned, scan(80*time.Hour, "returned", "退回寄件人")),
			outcome: TrackException, exception: "returned", hours: 80, explanationHas: "退回"},
		{name: "shipment status exception without scans is an exception",
			s:       parcel(ShipException),
			outcome: TrackException, exception: "exception", hours: 72},
		{name: "dispatched 72 hours ago and never picked up is stalled",
			s:       parcel(ShipCreated),
			outcome: TrackStalled, stalled: true, hours: 72, explanationHas: "仍未揽收"},
		{name: "dispatched recently and awaiting pickup",
			s:       Shipment{ID: "S2", Status: ShipCreated, ShippedAt: ptrTime(now.Add(-3 * time.Hour))},
			outcome: TrackNotShipped, hours: 3, actions: []string{ActionWait}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var st TrackingStatus
			if tt.threshold == 0 {
				st = TrackShipment(tt.s, now)
			} else {
				st = TrackShipmentWithThreshold(tt.s, now, tt.threshold)
			}
			if st.Outcome != tt.outcome || st.Stalled != tt.stalled || st.ExceptionKind != tt.exception || st.Delivered != tt.delivered {
				t.Errorf("got %s stalled=%v exception=%q delivered=%v, want %s %v %q %v (%s)",
					st.Outcome, st.Stalled, st.ExceptionKind, st.Delivered, tt.outcome, tt.stalled, tt.exception, tt.delivered, st.Explanation)
			}
			if st.Exception != (tt.exception != "") {
				t.Errorf("Exception = %v", st.Exception)
			}
			if st.HoursSinceScan != tt.hours {
				t.Errorf("hours since scan = %d, want %d", st.HoursSinceScan, tt.hours)
			}
			if tt.actions != nil && !slices.Equal(st.Actions, tt.actions) {
				t.Errorf("actions = %v, want %v", st.Actions, tt.actions)
			}
			if !strings.Contains(st.Explanation, tt.explanationHas) {
				t.Errorf("explanation %q lacks %q", st.Explanation, tt.explanationHas)
			}
			if st.Explanation == "" || st.ShopAction == "" {
				t.Error("every status must say what it means and what the shop does")
			}
		})
	}
}

func ptrTime(t time.Time) *time.Time { return &t }

func TestFindStalled(t *testing.T) {
	now := shanghai(2025, 11, 20, 12, 0)
	withScan := func(id string, ago time.Duration, status string) Shipment {
		return Shipment{ID: id, Status: ShipInTransit, Events: []TrackingEvent{{Time: now.Add(-ago), Status: status, Description: "运输中"}}}
	}
	all := []Shipment{
		withScan("fresh", 5*time.Hour, "in_transit"),
		withScan("stalled-50h", 50*time.Hour, "in_transit"),
		withScan("delivered", 200*time.Hour, "delivered"),
		withScan("stalled-90h", 90*time.Hour, "in_transit"),
		withScan("damaged", 90*time.Hour, "damaged"),
	}
	tests := []struct {
		name      string
		threshold time.Duration
		want      []string
	}{
		{"default threshold finds the silent parcels, longest first", 0, []string{"stalled-90h", "stalled-50h"}},
		{"a 72-hour threshold finds only the longest", 72 * time.Hour, []string{"stalled-90h"}},
		{"a 4-hour threshold finds every moving parcel", 4 * time.Hour, []string{"stalled-90h", "stalled-50h", "fresh"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range FindStalled(all, now, tt.threshold) {
				got = append(got, s.ShipmentID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
