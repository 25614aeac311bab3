package shop

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// shopZoneDefault is Asia/Shanghai. China has kept UTC+8 without daylight
// saving since 1991, so a fixed zone is exact for every date an order can
// have, and it avoids reading the system tz database from a pure package.
var shopZoneDefault = time.FixedZone("CST", 8*60*60)

// shopZone returns loc, or Asia/Shanghai when loc is nil.
func shopZone(loc *time.Location) *time.Location {
	if loc == nil {
		return shopZoneDefault
	}
	return loc
}

// Dispatch outcomes.
const (
	DispatchSameDay        = "same_day"         // paid before the cutoff on a working day
	DispatchNextWorkingDay = "next_working_day" // paid after the cutoff or on a rest day
)

// Dispatch is when a paid order is expected to leave the warehouse, with the
// facts behind the estimate so the bot can explain it.
type Dispatch struct {
	// Outcome is DispatchSameDay or DispatchNextWorkingDay.
	Outcome string
	// PaidAt is the payment time in the shop's time zone.
	PaidAt time.Time
	// Cutoff is the policy cutoff (HH:MM); empty when the shop set none.
	Cutoff string
	// SameDay reports whether the order ships on the day it was paid.
	SameDay bool
	// ShipDate is midnight (shop time) of the day the parcel is expected to leave.
	ShipDate time.Time
	// PromiseHours is the policy's latest-dispatch promise; 0 when none.
	PromiseHours int
	// Latest is the promised latest dispatch: PaidAt plus PromiseHours, with
	// rest days not counted (休息日顺延); zero when the shop makes no promise.
	Latest time.Time
	// Skipped lists the rest days between payment and ShipDate, with why.
	Skipped []RestDay
	// Reason explains the estimate in Chinese.
	Reason string
}

// RestDay is a day the warehouse does not ship.
type RestDay struct {
	Date time.Time // midnight, shop time
	Why  string    // 周六, 周日 or 节假日
}

// DispatchEstimate says when an order paid at paidAt leaves the warehouse:
// the same day if paid strictly before the cutoff on a working day, else the
// next working day. Working days exclude Saturdays and Sundays unless
// ShipsOnWeekends, and always exclude Holidays. loc is the shop's time zone
// (nil means Asia/Shanghai). Latest is the promised latest dispatch, the
// promise hours counted on working days only.
func DispatchEstimate(p Policies, paidAt time.Time, loc *time.Location) Dispatch {
	loc = shopZone(loc)
	dp := p.Dispatch
	paid := paidAt.In(loc)
	d := Dispatch{PaidAt: paid, PromiseHours: dp.PromiseHours}
	today := dayStart(paid)
	cutH, cutM, hasCutoff := parseClock(dp.CutoffTime)
	if hasCutoff {
		d.Cutoff = dp.CutoffTime
	}
	workToday, whyRest := isWorkingDay(dp, today)
	beforeCutoff := hasCutoff && paid.Before(time.Date(today.Year(), today.Month(), today.Day(), cutH, cutM, 0, 0, loc))

	var b strings.Builder
	fmt.Fprintf(&b, "%s付款", cnDateTime(paid))
	if workToday && beforeCutoff {
		d.Outcome, d.SameDay, d.ShipDate = DispatchSameDay, true, today
		fmt.Fprintf(&b, ",早于当日%s发货截止时间,当天发货", d.Cutoff)
	} else {
		d.Outcome = DispatchNextWorkingDay
		switch {
		case !workToday:
			fmt.Fprintf(&b, ",当天是%s,仓库不发货", whyRest)
			d.Skipped = append(d.Skipped, RestDay{Date: today, Why: whyRest})
		case hasCutoff:
			fmt.Fprintf(&b, ",晚于当日%s发货截止时间", d.Cutoff)
		default:
			b.WriteString(",店铺未设置当日发货截止时间")
		}
		next := today
		// A year of rest days would be a data error; stop rather than loop.
		for range 366 {
			next = next.AddDate(0, 0, 1)
			ok, why := isWorkingDay(dp, next)
			if ok {
				break
			}
			d.Skipped = append(d.Skipped, RestDay{Date: next, Why: why})
		}
		d.ShipDate = next
		fmt.Fprintf(&b, ",顺延至下一个工作日%s发货", cnDate(next))
		rest := d.Skipped
		if !workToday {
			rest = rest[1:] // today was already explained
		}
		if len(rest) > 0 {
			b.WriteString("(")
			for i, r := range rest {
				if i > 0 {
					b.WriteString("、")
				}
				b.WriteString(cnDate(r.Date))
			}
			b.WriteString("仓库休息)")
		}
	}
	if dp.PromiseHours > 0 {
		var extended bool
		d.Latest, extended = promiseDeadline(dp, paid, time.Duration(dp.PromiseHours)*time.Hour)
		fmt.Fprintf(&b, ";承诺付款后%d小时内发货", dp.PromiseHours)
		if extended {
			b.WriteString("(休息日顺延)")
		}
		fmt.Fprintf(&b, ",最晚%s", cnDateTime(d.Latest))
	}
	d.Reason = b.String()
	return d
}

// promiseDeadline adds the promised hours to paid, counting only working
// days: a warehouse that rests on weekends and holidays cannot promise
// dispatch on them, so the promise moves on (节假日顺延), as shops state it.
// extended reports whether a rest day was passed over.
func promiseDeadline(dp DispatchPolicy, paid time.Time, promise time.Duration) (time.Time, bool) {
	cur, rem, extended := paid, promise, false
	// Bounded like the dispatch search: a year of rest days is a data error.
	for range 400 {
		start := dayStart(cur)
		next := start.AddDate(0, 0, 1)
		if ok, _ := isWorkingDay(dp, start); ok {
			if left := next.Sub(cur); left >= rem {
				return cur.Add(rem), extended
			} else {
				rem -= left
			}
		} else {
			extended = true
		}
		cur = next
	}
	return cur.Add(rem), extended
}

// isWorkingDay reports whether the warehouse ships on day (midnight, shop
// time) and, if not, why.
func isWorkingDay(dp DispatchPolicy, day time.Time) (bool, string) {
	date := day.Format(time.DateOnly)
	for _, h := range dp.Holidays {
		if strings.TrimSpace(h) == date {
			return false, "节假日"
		}
	}
	if !dp.ShipsOnWeekends {
		switch day.Weekday() {
		case time.Saturday:
			return false, "周六"
		case time.Sunday:
			return false, "周日"
		}
	}
	return true, ""
}

// parseClock parses "HH:MM" (24-hour).
func parseClock(s string) (hour, minute int, ok bool) {
	hs, ms, found := strings.Cut(strings.TrimSpace(s), ":")
	if !found {
		return 0, 0, false
	}
	h, err1 := strconv.Atoi(hs)
	m, err2 := strconv.Atoi(ms)
	if err1 != nil || err2 != nil || h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, 0, false
	}
	return h, m, true
}

// dayStart is midnight of t's day in t's location.
func dayStart(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// calendarDays counts the calendar days from a's date to b's date, both read
// in loc (b on the day after a is 1).
func calendarDays(a, b time.Time, loc *time.Location) int {
	ay, am, ad := a.In(loc).Date()
	by, bm, bd := b.In(loc).Date()
	da := time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC)
	db := time.Date(by, bm, bd, 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours() / 24)
}

var cnWeekdays = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// cnDate renders a date as 11月24日(周一).
func cnDate(t time.Time) string {
	return fmt.Sprintf("%d月%d日(%s)", int(t.Month()), t.Day(), cnWeekdays[t.Weekday()])
}

// cnDateTime renders a time as 11月24日(周一)16:00.
func cnDateTime(t time.Time) string { return cnDate(t) + t.Format("15:04") }

// ETA is the expected delivery window after dispatch, with the region rule used.
type ETA struct {
	// Earliest and Latest are midnight (in the dispatch time's zone) of the
	// first and last expected delivery days.
	Earliest time.Time
	Latest   time.Time
	MinDays  int
	MaxDays  int
	// Region is the configured region that matched (as written in the
	// policy); empty when the default ETA applies.
	Region string
	// Matched reports whether a regional ETA applied rather than DefaultETA.
	Matched bool
	// Remote reports whether the address is in a remote region (偏远地区).
	Remote bool
	// Reason explains the estimate in Chinese.
	Reason string
}

// DeliveryEstimate says when a parcel dispatched at dispatch should arrive at
// an address in province/city. Regions in the policy match by province or
// city short name ("广东省" and "广东" are the same); a city rule wins over a
// province rule, and DefaultETA covers everything else. Days are counted on
// calendar days from the dispatch date, as carriers do.
func DeliveryEstimate(p ShippingPolicy, dispatch time.Time, province, city string) ETA {
	e := ETA{MinDays: p.DefaultETA.MinDays, MaxDays: p.DefaultETA.MaxDays}
	prov, cty := NormalizeRegion(province), NormalizeRegion(city)
	e.Remote = regionListed(p.RemoteRegions, prov, cty) != ""
	found := false
	// City rules first: they are more specific than province rules.
	for _, key := range []string{cty, prov} {
		if key == "" || found {
			continue
		}
		for _, r := range p.ETAs {
			if name := regionListed(r.Regions, key, ""); name != "" {
				e.Region, e.Matched, e.MinDays, e.MaxDays = name, true, r.MinDays, r.MaxDays
				found = true
				break
			}
		}
	}
	if e.MaxDays < e.MinDays {
		e.MaxDays = e.MinDays
	}
	day := dayStart(dispatch)
	e.Earliest = day.AddDate(0, 0, e.MinDays)
	e.Latest = day.AddDate(0, 0, e.MaxDays)
	where := strings.TrimSpace(province + city)
	if where == "" {
		where = "收货地"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s发货,", cnDate(day))
	if e.Matched {
		fmt.Fprintf(&b, "发往%s(%s)", where, e.Region)
	} else {
		fmt.Fprintf(&b, "发往%s", where)
	}
	if e.MinDays == e.MaxDays {
		fmt.Fprintf(&b, "一般%d天送达,预计%s到", e.MinDays, cnDate(e.Earliest))
	} else {
		fmt.Fprintf(&b, "一般%d-%d天送达,预计%s至%s到", e.MinDays, e.MaxDays, cnDate(e.Earliest), cnDate(e.Latest))
	}
	if e.Remote {
		b.WriteString(";属于偏远地区,时效可能更长")
	}
	e.Reason = b.String()
	return e
}

// regionListed returns the entry of list (as written) whose short name is a
// or b, or "" if none is.
func regionListed(list []string, a, b string) string {
	for _, r := range list {
		n := NormalizeRegion(r)
		if n == "" {
			continue
		}
		if n == a || n == b {
			return r
		}
	}
	return ""
}

// regionSuffixes are stripped from province and city names, longest first so
// that 新疆维吾尔自治区 loses the whole suffix, not just 区.
var regionSuffixes = []string{
	"维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "地区", "盟", "省", "市",
}

// NormalizeRegion returns the short name of a province or city as used in
// policies: "广东省"→"广东", "北京市"→"北京", "新疆维吾尔自治区"→"新疆",
// "香港特别行政区"→"香港". A suffix is kept if removing it would leave
// fewer than two characters.
func NormalizeRegion(name string) string {
	s := strings.TrimSpace(name)
	for _, suf := range regionSuffixes {
		if rest, ok := strings.CutSuffix(s, suf); ok && len([]rune(rest)) >= 2 {
			return rest
		}
	}
	return s
}

// ShippingFee is what shipping costs for an order of subtotal to province,
// and why. Remote regions pay RemoteFee (or Fee, if no remote fee is set) and
// are never free; elsewhere shipping is free at or above the free-shipping
// threshold, and always free when the threshold is 0.
func ShippingFee(p ShippingPolicy, subtotal Money, province string) (fee Money, free bool, reason string) {
	if name := regionListed(p.RemoteRegions, NormalizeRegion(province), ""); name != "" {
		fee = p.RemoteFee
		if fee <= 0 {
			fee = p.Fee
		}
		if fee <= 0 {
			return 0, true, fmt.Sprintf("%s属于偏远地区,店铺未收取运费", name)
		}
		return fee, false, fmt.Sprintf("%s属于偏远地区,运费%s元,不参与包邮", name, fee)
	}
	if p.FreeShippingThreshold <= 0 || p.Fee <= 0 {
		return 0, true, "全场包邮"
	}
	if subtotal >= p.FreeShippingThreshold {
		return 0, true, fmt.Sprintf("订单金额%s元,满%s元包邮", subtotal, p.FreeShippingThreshold)
	}
	more := p.FreeShippingThreshold - subtotal
	return p.Fee, false, fmt.Sprintf("订单金额%s元,未满%s元包邮门槛,运费%s元;再买%s元即可包邮",
		subtotal, p.FreeShippingThreshold, p.Fee, more)
}

// AmountToFreeShipping is how much more the shopper must spend for free
// shipping to province. ok is false when spending more cannot help: the
// region is remote (never free) or shipping is already free.
func AmountToFreeShipping(p ShippingPolicy, subtotal Money, province string) (more Money, ok bool) {
	fee, free, _ := ShippingFee(p, subtotal, province)
	if free || fee == 0 || regionListed(p.RemoteRegions, NormalizeRegion(province), "") != "" {
		return 0, false
	}
	return p.FreeShippingThreshold - subtotal, true
}
