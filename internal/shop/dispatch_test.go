package shop

import (
	"strings"
	"testing"
	"time"
)

// shanghai builds a time in the shop's default zone (UTC+8).
func shanghai(y int, mo time.Month, d, h, mi int) time.Time {
	return time.Date(y, mo, d, h, mi, 0, 0, time.FixedZone("CST", 8*3600))
}

func TestDispatchEstimate(t *testing.T) {
	weekdaysOnly := Policies{Dispatch: DispatchPolicy{CutoffTime: "16:00", PromiseHours: 48, Holidays: []string{"2025-12-25"}}}
	everyDay := Policies{Dispatch: DispatchPolicy{CutoffTime: "16:00", PromiseHours: 48, ShipsOnWeekends: true}}
	noCutoff := Policies{Dispatch: DispatchPolicy{PromiseHours: 72}}
	// 2025-11-21 is a Friday.
	tests := []struct {
		name      string
		p         Policies
		paid      time.Time
		loc       *time.Location
		outcome   string
		shipDate  string
		skipped   int
		latest    time.Time
		reasonHas []string
	}{
		{"paid at 15:59 ships today", weekdaysOnly, shanghai(2025, 11, 21, 15, 59), nil,
			DispatchSameDay, "2025-11-21", 0, shanghai(2025, 11, 25, 15, 59), []string{"15:59付款", "早于当日16:00", "当天发货", "48小时内发货(休息日顺延),最晚11月25日(周二)15:59"}},
		{"paid exactly at the cutoff ships the next working day", weekdaysOnly, shanghai(2025, 11, 20, 16, 0), nil,
			DispatchNextWorkingDay, "2025-11-21", 0, shanghai(2025, 11, 24, 16, 0), []string{"晚于当日16:00", "11月21日(周五)发货"}},
		{"paid at 16:01 on Friday ships Monday when the warehouse rests on weekends", weekdaysOnly, shanghai(2025, 11, 21, 16, 1), nil,
			DispatchNextWorkingDay, "2025-11-24", 2, shanghai(2025, 11, 25, 16, 1), []string{"11月24日(周一)发货", "11月22日(周六)、11月23日(周日)仓库休息"}},
		{"paid at 16:01 on Saturday ships Monday when the warehouse rests on weekends", weekdaysOnly, shanghai(2025, 11, 22, 16, 1), nil,
			DispatchNextWorkingDay, "2025-11-24", 2, shanghai(2025, 11, 26, 0, 0), []string{"当天是周六", "11月24日(周一)发货", "11月23日(周日)仓库休息"}},
		// The promise counts working days only (休息日顺延): a weekend
		// warehouse cannot promise to ship on Sunday.
		{"paid Saturday morning still waits for Monday", weekdaysOnly, shanghai(2025, 11, 22, 9, 0), nil,
			DispatchNextWorkingDay, "2025-11-24", 2, shanghai(2025, 11, 26, 0, 0), nil},
		{"paid at 10:00 on Saturday ships today when the warehouse works weekends", everyDay, shanghai(2025, 11, 22, 10, 0), nil,
			DispatchSameDay, "2025-11-22", 0, shanghai(2025, 11, 24, 10, 0), []string{"48小时内发货,最晚11月24日(周一)10:00"}},
		{"paid on a holiday ships the next working day", weekdaysOnly, shanghai(2025, 12, 25, 9, 0), nil,
			DispatchNextWorkingDay, "2025-12-26", 1, shanghai(2025, 12, 30, 0, 0), []string{"当天是节假日"}},
		{"paid the evening before a holiday skips it", weekdaysOnly, shanghai(2025, 12, 24, 18, 0), nil,
			DispatchNextWorkingDay, "2025-12-26", 1, shanghai(2025, 12, 29, 18, 0), []string{"12月25日(周四)仓库休息"}},
		{"payment time is read in the shop's zone", weekdaysOnly, time.Date(2025, 11, 21, 7, 30, 0, 0, time.UTC), nil,
			DispatchSameDay, "2025-11-21", 0, shanghai(2025, 11, 25, 15, 30), []string{"15:30付款"}},
		{"an explicit zone is honoured", weekdaysOnly, shanghai(2025, 11, 22, 0, 30), time.UTC,
			DispatchNextWorkingDay, "2025-11-24", 2, time.Date(2025, 11, 25, 16, 30, 0, 0, time.UTC), []string{"11月21日(周五)16:30付款"}},
		{"no cutoff configured never promises same day", noCutoff, shanghai(2025, 11, 20, 9, 0), nil,
			DispatchNextWorkingDay, "2025-11-21", 0, shanghai(2025, 11, 25, 9, 0), []string{"未设置当日发货截止时间", "72小时"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := DispatchEstimate(tt.p, tt.paid, tt.loc)
			if d.Outcome != tt.outcome {
				t.Errorf("outcome = %s, want %s (%s)", d.Outcome, tt.outcome, d.Reason)
			}
			if d.SameDay != (tt.outcome == DispatchSameDay) {
				t.Errorf("SameDay = %v", d.SameDay)
			}
			if got := d.ShipDate.Format(time.DateOnly); got != tt.shipDate {
				t.Errorf("ship date = %s, want %s (%s)", got, tt.shipDate, d.Reason)
			}
			if len(d.Skipped) != tt.skipped {
				t.Errorf("skipped %d rest days, want %d: %+v", len(d.Skipped), tt.skipped, d.Skipped)
			}
			if !d.Latest.Equal(tt.latest) {
				t.Errorf("latest = %s, want %s", d.Latest, tt.latest)
			}
			for _, s := range tt.reasonHas {
				if !strings.Contains(d.Reason, s) {
					t.Errorf("reason %q lacks %q", d.Reason, s)
				}
			}
		})
	}
}

func TestDispatchWithoutPromiseHasNoLatest(t *testing.T) {
	d := DispatchEstimate(Policies{Dispatch: DispatchPolicy{CutoffTime: "16:00"}}, shanghai(2025, 11, 20, 9, 0), nil)
	if !d.Latest.IsZero() || strings.Contains(d.Reason, "小时") {
		t.Errorf("no promise configured, yet latest=%s reason=%q", d.Latest, d.Reason)
	}
}

func TestNormalizeRegion(t *testing.T) {
	tests := map[string]string{
		"广东省":      "广东",
		"北京市":      "北京",
		"北京":       "北京",
		"新疆维吾尔自治区": "新疆",
		"广西壮族自治区":  "广西",
		"宁夏回族自治区":  "宁夏",
		"内蒙古自治区":   "内蒙古",
		"西藏自治区":    "西藏",
		"香港特别行政区":  "香港",
		"深圳市":      "深圳",
		" 浙江省 ":    "浙江",
		"阿里地区":     "阿里",
		"沙市":       "沙市", // stripping would leave one character
	}
	for in, want := range tests {
		if got := NormalizeRegion(in); got != want {
			t.Errorf("NormalizeRegion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDeliveryEstimate(t *testing.T) {
	sp := ShippingPolicy{
		ETAs: []RegionETA{
			{Regions: []string{"上海", "江苏", "浙江"}, MinDays: 1, MaxDays: 2},
			{Regions: []string{"广东省"}, MinDays: 2, MaxDays: 3},
			{Regions: []string{"深圳"}, MinDays: 1, MaxDays: 1},
			{Regions: []string{"新疆", "西藏"}, MinDays: 5, MaxDays: 8},
		},
		DefaultETA:    RegionETA{MinDays: 2, MaxDays: 4},
		RemoteRegions: []string{"新疆维吾尔自治区", "西藏"},
	}
	dispatch := shanghai(2025, 11, 21, 17, 0) // Friday
	tests := []struct {
		name             string
		province, city   string
		region           string
		matched, remote  bool
		earliest, latest string
		reasonHas        string
	}{
		{"full province name matches the short region", "浙江省", "杭州市", "浙江", true, false, "2025-11-22", "2025-11-23", "1-2天"},
		{"city rule wins over its province", "广东省", "深圳市", "深圳", true, false, "2025-11-22", "2025-11-22", "一般1天送达"},
		{"other cities use the province rule", "广东", "广州", "广东省", true, false, "2025-11-23", "2025-11-24", "2-3天"},
		{"municipality written with 市 matches", "上海市", "上海市", "上海", true, false, "2025-11-22", "2025-11-23", ""},
		{"autonomous region is remote and slow", "新疆维吾尔自治区", "乌鲁木齐市", "新疆", true, true, "2025-11-26", "2025-11-29", "偏远地区"},
		{"unlisted province uses the default", "四川省", "成都市", "", false, false, "2025-11-23", "2025-11-25", "2-4天"},
		{"unknown address uses the default", "", "", "", false, false, "2025-11-23", "2025-11-25", "收货地"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := DeliveryEstimate(sp, dispatch, tt.province, tt.city)
			if e.Region != tt.region || e.Matched != tt.matched || e.Remote != tt.remote {
				t.Errorf("region=%q matched=%v remote=%v, want %q %v %v", e.Region, e.Matched, e.Remote, tt.region, tt.matched, tt.remote)
			}
			if got := e.Earliest.Format(time.DateOnly); got != tt.earliest {
				t.Errorf("earliest = %s, want %s", got, tt.earliest)
			}
			if got := e.Latest.Format(time.DateOnly); got != tt.latest {
				t.Errorf("latest = %s, want %s", got, tt.latest)
			}
			if !strings.Contains(e.Reason, tt.reasonHas) {
				t.Errorf("reason %q lacks %q", e.Reason, tt.reasonHas)
			}
		})
	}
}

func TestShippingFee(t *testing.T) {
	sp := ShippingPolicy{Fee: Yuan(10), FreeShippingThreshold: Yuan(99), RemoteRegions: []string{"新疆", "西藏"}, RemoteFee: Yuan(25)}
	tests := []struct {
		name      string
		p         ShippingPolicy
		subtotal  Money
		province  string
		fee       Money
		free      bool
		more      Money
		canMore   bool
		reasonHas string
	}{
		{"at the threshold ships free", sp, Yuan(99), "浙江省", 0, true, 0, false, "满99元包邮"},
		{"below the threshold pays the fee and is told the gap", sp, 8990, "浙江省", Yuan(10), false, 910, true, "再买9.1元即可包邮"},
		{"remote region is never free", sp, Yuan(500), "新疆维吾尔自治区", Yuan(25), false, 0, false, "不参与包邮"},
		{"remote region without a remote fee pays the standard fee", ShippingPolicy{Fee: Yuan(10), FreeShippingThreshold: Yuan(99), RemoteRegions: []string{"西藏"}},
			Yuan(500), "西藏自治区", Yuan(10), false, 0, false, "偏远地区"},
		{"zero threshold is free everywhere else", ShippingPolicy{Fee: Yuan(10)}, Yuan(1), "四川", 0, true, 0, false, "全场包邮"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fee, free, reason := ShippingFee(tt.p, tt.subtotal, tt.province)
			if fee != tt.fee || free != tt.free {
				t.Errorf("fee=%s free=%v, want %s %v (%s)", fee, free, tt.fee, tt.free, reason)
			}
			if !strings.Contains(reason, tt.reasonHas) {
				t.Errorf("reason %q lacks %q", reason, tt.reasonHas)
			}
			more, ok := AmountToFreeShipping(tt.p, tt.subtotal, tt.province)
			if more != tt.more || ok != tt.canMore {
				t.Errorf("to free shipping = %s %v, want %s %v", more, ok, tt.more, tt.canMore)
			}
		})
	}
}
