package app

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/demo"
	"github.com/xiaoer-cs/xiaoer/internal/scenario"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// TestRepliesAreGrounded plays every shipped scenario against the demo shop
// and audits each reply against the shop data (docs/bot.md: "every fact in a
// reply comes from the shop data"): every number, date and time must be
// derivable from the data, the customer's own words or the clock; a named
// promotion must be running unless the sentence says it ended or is
// upcoming; an order's status must be that order's; and nothing of another
// customer (order number, nickname, phone digits) may appear.
func TestRepliesAreGrounded(t *testing.T) {
	a, clk, files := newScenarioApp(t)
	b, err := demo.Bundle(demo.AnchorTime()) // what the app imported at start
	if err != nil {
		t.Fatal(err)
	}
	facts := newGroundingFacts(b)
	rn := &recordingRunner{ScenarioRunner: ScenarioRunner{App: a, Clock: clk}}
	ctx := context.Background()
	replies, numbers := 0, 0
	var all []groundingViolation
	for _, f := range files {
		for _, s := range f.Scenarios {
			rn.reset()
			res := scenario.Run(ctx, rn, f, s, demo.AnchorTime())
			audit := facts.scenario()
			var said []string
			for i, tr := range res.Turns {
				said = append(said, tr.Say)
				rec := rn.turns[i]
				turn := groundingTurn{
					Scenario: f.Path[strings.LastIndex(f.Path, "/")+1:] + "/" + s.Name, Turn: i + 1,
					Now: rec.now, CustomerID: rec.customerID, Said: said,
				}
				for _, r := range tr.Replies {
					replies++
					vs, n := audit.check(turn, r)
					numbers += n
					all = append(all, vs...)
				}
			}
		}
	}
	for _, v := range all {
		t.Error(v)
	}
	t.Logf("audited %d replies, %d numbers, dates and times; %d violations", replies, numbers, len(all))
}

// recordingRunner remembers, after each turn, the clock and the customer the
// conversation is verified as (an anonymous visitor may verify mid-way).
type recordingRunner struct {
	ScenarioRunner
	now   time.Time
	turns []recordedTurn
}

type recordedTurn struct {
	now        time.Time
	customerID string
}

func (r *recordingRunner) reset() { r.turns = nil }

func (r *recordingRunner) SetTime(t time.Time) { r.now = t; r.ScenarioRunner.SetTime(t) }

func (r *recordingRunner) Post(ctx context.Context, id, text string) (chat.PostResult, error) {
	pr, err := r.ScenarioRunner.Post(ctx, id, text)
	rec := recordedTurn{now: r.now}
	if c, cerr := r.App.Store.Conversation(ctx, id); cerr == nil {
		rec.customerID = c.CustomerID
	}
	r.turns = append(r.turns, rec)
	return pr, err
}

// groundingTurn is one bot reply's context.
type groundingTurn struct {
	Scenario   string
	Turn       int
	Now        time.Time // the scenario clock at the turn
	CustomerID string    // the verified customer after the turn; "" for an unverified visitor
	Said       []string  // the customer's messages so far, this turn's last
}

// groundingViolation is one fact in a reply the data does not support.
type groundingViolation struct {
	Scenario string
	Turn     int
	Kind     string // number, date, time, weekday, discount, identifier, promotion, status, privacy
	Token    string
	Excerpt  string
}

func (v groundingViolation) String() string {
	return fmt.Sprintf("%s turn %d: %s %q not grounded in the shop data: …%s…", v.Scenario, v.Turn, v.Kind, v.Token, v.Excerpt)
}

// cents is a number in hundredths, the unit every comparison uses (money has
// two decimals; kg, ml and 8.8折 have at most two).
type cents int64

func toCents(f float64) cents { return cents(math.Round(f * 100)) }

func parseCents(s string) (cents, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || len(strings.TrimLeft(s, "0")) > 12 {
		return 0, false
	}
	return toCents(f), true
}

// groundingFacts is what the shop data allows a reply to say.
type groundingFacts struct {
	loc *time.Location
	// exact: every number of the data: JSON values, digit runs inside its
	// strings (descriptions, documents, FAQ answers), stock aggregates and
	// the tiers of repeating 满减.
	exact map[cents]bool
	// byClass: the same numbers by what they count (the unit written after
	// them, or the field they are): a reply's "12件" must be a count of the
	// data, not any 12 of a timestamp or a document.
	byClass map[numberClass]map[cents]bool
	// money: the amounts the bot computes prices with (prices, thresholds,
	// reductions, fees, totals, caps and the tiers of repeating 满减).
	money map[cents]bool
	// percents: the discount percentages of the data (88 = 88折).
	percents map[cents]bool
	// longDigits: digit runs too long to be quantities: order and tracking numbers.
	longDigits map[string]bool
	// idents: identifiers with letters and digits (SKU ids, tracking numbers, coupon codes).
	idents map[string]bool
	// discounts: X of "X折" in the data, as 88 and 8.8.
	discounts map[cents]bool
	// clockTimes: HH:MM (as minutes) written in the data (cutoff, service
	// hours); stampTimes: those of the data's timestamps, which a reply
	// may give only right after a date (a scan, a payment).
	clockTimes map[int]bool
	stampTimes map[int]bool
	// stamps: every timestamp of the data; baseDays: their calendar days
	// (shop zone) and the data's dates.
	stamps   []time.Time
	baseDays []time.Time
	// spanDays: spans in days the policies and documents state, and sums of two.
	spanDays []int
	// orderDays: the days of orders' and parcels' timestamps and holidays,
	// from which the policies' windows count.
	orderDays []time.Time
	// dateOffsets: the windows a date may be after today or an order day:
	// dispatch (same day, next day, the promise) plus delivery (the ETAs),
	// and the return, exchange, quality and price-protection windows.
	dateOffsets []int
	// monthOffsets: warranty months.
	monthOffsets []int
	// dateClaims: what a date followed by these words must be.
	dateClaims []dateClaim
	promos     []shop.Promotion
	products   []shop.Product
	stockOf    map[string]map[cents]bool // product name → its stock counts and aggregates
	orders     map[string]shop.Order
	tracking   map[string]string   // tracking number → order id
	events     map[string][]string // order id → its parcels' scan descriptions
	customers  []shop.Customer
	byCustomer map[string][]shop.Order
}

var (
	digitRunRe   = regexp.MustCompile(`\d+(?:\.\d+)?`)
	clockRe      = regexp.MustCompile(`(\d{1,2}):(\d{2})`)
	daySpanRe    = regexp.MustCompile(`(\d+)\s*(?:个工作日|个自然日|天|日内)`)
	hourSpanRe   = regexp.MustCompile(`(\d+)\s*小时`)
	discountRe   = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*折`)
	cnDiscountRe = regexp.MustCompile(`([一二三四五六七八九])([一二三四五六七八九五])?折`)
)

func newGroundingFacts(b *shop.Bundle) *groundingFacts {
	f := &groundingFacts{
		loc:   time.FixedZone("CST", 8*3600),
		exact: map[cents]bool{}, byClass: map[numberClass]map[cents]bool{}, money: map[cents]bool{}, percents: map[cents]bool{}, longDigits: map[string]bool{},
		idents: map[string]bool{}, discounts: map[cents]bool{}, clockTimes: map[int]bool{}, stampTimes: map[int]bool{},
		orders: map[string]shop.Order{}, tracking: map[string]string{}, byCustomer: map[string][]shop.Order{},
		promos: b.Promotions, customers: b.Customers, products: b.Products, stockOf: map[string]map[cents]bool{},
	}
	for _, c := range []numberClass{classOther, classMoney, classTimes, classSpan, classBody, classStock} {
		f.byClass[c] = map[cents]bool{}
	}
	money := func(m shop.Money) {
		f.exact[cents(m)] = true
		f.money[cents(m)] = true
		f.byClass[classMoney][cents(m)] = true
	}
	days := map[int]bool{0: true, 1: true}
	var stamps []time.Time
	addDay := func(t time.Time) { stamps = append(stamps, t) }

	// Every value of the bundle as JSON: numbers are quantities, strings are
	// scanned for digit runs, times and timestamps.
	raw, err := json.Marshal(b)
	if err != nil {
		panic(err)
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		panic(err)
	}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for _, c := range x {
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		case json.Number:
			if fl, err := x.Float64(); err == nil {
				f.exact[toCents(fl)] = true
			}
		case string:
			if ts, err := time.Parse(time.RFC3339, x); err == nil {
				addDay(ts)
				f.stamps = append(f.stamps, ts)
				lt := ts.In(f.loc)
				f.stampTimes[lt.Hour()*60+lt.Minute()] = true
				return
			}
			if d, err := time.ParseInLocation(time.DateOnly, x, f.loc); err == nil {
				addDay(d)
				return
			}
			for _, loc := range digitRunRe.FindAllStringIndex(x, -1) {
				run := x[loc[0]:loc[1]]
				if c, ok := parseCents(run); ok && len(run) <= 12 {
					f.exact[c] = true
					f.byClass[classOf(x[:loc[0]], x[loc[1]:])][c] = true
				} else {
					f.longDigits[run] = true
				}
				if len(run) >= 9 {
					f.longDigits[run] = true
				}
			}
			for _, m := range clockRe.FindAllStringSubmatch(x, -1) {
				h, _ := strconv.Atoi(m[1])
				mi, _ := strconv.Atoi(m[2])
				f.clockTimes[h*60+mi] = true
			}
			for _, m := range daySpanRe.FindAllStringSubmatch(x, -1) {
				if n, err := strconv.Atoi(m[1]); err == nil && n <= 60 {
					days[n] = true
				}
			}
			for _, m := range hourSpanRe.FindAllStringSubmatch(x, -1) {
				if n, err := strconv.Atoi(m[1]); err == nil && n%24 == 0 {
					days[n/24] = true
				}
			}
			for _, m := range discountRe.FindAllStringSubmatch(x, -1) {
				if c, ok := parseCents(m[1]); ok {
					f.addDiscount(c)
				}
			}
		}
	}
	walk(tree)

	for _, p := range b.Products {
		for _, s := range p.SKUs {
			if s.ID != "" {
				f.idents[s.ID] = true
			}
		}
		f.idents[p.ID] = true
		f.addStockAggregates(p)
		money(p.Price)
		money(p.OriginalPrice)
		for _, s := range p.SKUs {
			money(s.Price)
		}
	}
	for _, p := range b.Promotions {
		f.idents[p.ID] = true
		if p.Code != "" {
			f.idents[p.Code] = true
		}
		if p.DiscountPercent > 0 {
			f.addDiscount(cents(p.DiscountPercent * 100))
			f.percents[cents(p.DiscountPercent*100)] = true
		}
		money(p.Threshold)
		money(p.Reduction)
		money(p.MaxReduction)
		// The data's repeating 满减 states every tier: 每满300减30 is 600 减 60 …
		if p.Repeat && p.Threshold > 0 && p.Reduction > 0 {
			tiers := 20
			if p.MaxReduction > 0 {
				tiers = int(p.MaxReduction/p.Reduction) + 1
			}
			for k := 1; k <= tiers; k++ {
				money(shop.Money(k) * p.Threshold)
				money(shop.Money(k) * p.Reduction)
			}
		}
		// A promotion ending at midnight ends on the previous day.
		addDay(p.EndsAt.Add(-time.Second))
	}
	if b.Policies != nil {
		pol := b.Policies
		for _, mb := range pol.MemberBenefits {
			if mb.DiscountPercent > 0 {
				f.addDiscount(cents(mb.DiscountPercent * 100))
				f.percents[cents(mb.DiscountPercent*100)] = true
			}
		}
		for _, n := range []int{pol.Dispatch.PromiseHours / 24, pol.Shipping.DefaultETA.MinDays, pol.Shipping.DefaultETA.MaxDays,
			pol.Returns.NoReasonDays, pol.Returns.ExchangeDays, pol.Returns.RefundDays, pol.QualityReturns.Days,
			pol.PriceProtection.Days} {
			days[n] = true
		}
		for _, e := range pol.Shipping.ETAs {
			days[e.MinDays], days[e.MaxDays] = true, true
		}
		for _, mb := range pol.MemberBenefits {
			days[mb.ExtendedReturnDays], days[pol.Returns.NoReasonDays+mb.ExtendedReturnDays] = true, true
		}
		for _, m := range []shop.Money{pol.Shipping.Fee, pol.Shipping.FreeShippingThreshold, pol.Shipping.RemoteFee,
			pol.Shipping.SFSurcharge, pol.BotLimits.MaxCompensation, pol.BotLimits.MaxCoupon, pol.BotLimits.MaxAutoRefund} {
			money(m)
		}
		for _, w := range pol.Warranties {
			f.monthOffsets = append(f.monthOffsets, w.Months)
		}
	}
	// A date is a stated span after another: dispatch then delivery, or the
	// next day after a cutoff then a span.
	var single []int
	for d := range days {
		single = append(single, d)
	}
	seen := map[int]bool{}
	for _, x := range single {
		for _, y := range single {
			if !seen[x+y] {
				seen[x+y] = true
				f.spanDays = append(f.spanDays, x+y)
			}
		}
	}
	sort.Ints(f.spanDays)
	for _, d := range f.spanDays {
		f.byClass[classSpan][cents(d*100)] = true
	}
	for _, m := range f.monthOffsets {
		f.byClass[classSpan][cents(m*100)] = true
	}
	if b.Policies != nil {
		f.byClass[classSpan][cents(b.Policies.Dispatch.PromiseHours*100)] = true
	}
	for _, p := range b.Products {
		for _, r := range p.SizeChart {
			for _, v := range []float64{r.HeightMin, r.HeightMax, r.WeightMin, r.WeightMax} {
				f.byClass[classBody][toCents(v)] = true
			}
		}
	}
	for _, o := range b.Orders {
		money(o.Total)
		money(o.ShippingFee)
		money(o.Discount)
		for _, it := range o.Items {
			money(it.Price)
		}
		f.orders[o.ID] = o
		f.byCustomer[o.CustomerID] = append(f.byCustomer[o.CustomerID], o)
	}
	f.events = map[string][]string{}
	for _, s := range b.Shipments {
		f.tracking[s.TrackingNo] = s.OrderID
		for _, e := range s.Events {
			f.events[s.OrderID] = append(f.events[s.OrderID], strings.TrimRight(e.Description, "。"))
		}
		f.idents[s.TrackingNo] = true
	}
	for _, t := range stamps {
		f.baseDays = append(f.baseDays, dayOf(t, f.loc))
	}
	at := func(ts ...*time.Time) {
		for _, t := range ts {
			if t != nil && !t.IsZero() {
				f.orderDays = append(f.orderDays, dayOf(*t, f.loc))
			}
		}
	}
	for _, o := range b.Orders {
		at(&o.CreatedAt, o.PaidAt, o.ShippedAt, o.DeliveredAt, o.CompletedAt, o.CancelledAt)
	}
	for _, s := range b.Shipments {
		at(s.ShippedAt, s.EstimatedDelivery)
		for _, e := range s.Events {
			if e.Status == shop.ShipDelivered {
				at(&e.Time)
			}
		}
	}
	if pol := b.Policies; pol != nil {
		for _, h := range pol.Dispatch.Holidays {
			if d, err := time.ParseInLocation(time.DateOnly, h, f.loc); err == nil {
				at(&d)
			}
		}
		dispatch := map[int]bool{0: true, 1: true, pol.Dispatch.PromiseHours / 24: true}
		for _, m := range hourSpanRe.FindAllStringSubmatch(pol.Dispatch.Notes, -1) {
			if n, err := strconv.Atoi(m[1]); err == nil && n%24 == 0 {
				dispatch[n/24] = true
			}
		}
		delivery := map[int]bool{0: true}
		for _, e := range append(pol.Shipping.ETAs, pol.Shipping.DefaultETA) {
			for d := e.MinDays; d <= e.MaxDays; d++ {
				delivery[d] = true
			}
		}
		offs := map[int]bool{pol.Returns.NoReasonDays: true, pol.Returns.ExchangeDays: true, pol.QualityReturns.Days: true,
			pol.PriceProtection.Days: true, pol.Returns.RefundDays: true}
		for _, mb := range pol.MemberBenefits {
			offs[pol.Returns.NoReasonDays+mb.ExtendedReturnDays] = true
		}
		for d := range dispatch {
			for e := range delivery {
				offs[d+e] = true
			}
		}
		for o := range offs {
			f.dateOffsets = append(f.dateOffsets, o)
		}
		sort.Ints(f.dateOffsets)
	}
	f.addDateClaims(b)
	return f
}

func (f *groundingFacts) addDiscount(c cents) {
	f.discounts[c] = true
	if c%1000 == 0 || c >= 1000 { // 88折 is also written 8.8折
		f.discounts[c/10] = true
	}
}

// addStockAggregates adds what a stock answer sums or counts: the product's
// total, per colour and per size, and how many variants there are.
func (f *groundingFacts) addStockAggregates(p shop.Product) {
	own := map[cents]bool{}
	f.stockOf[p.Name] = own
	add := func(n int) {
		f.exact[cents(n*100)] = true
		f.byClass[classStock][cents(n*100)] = true
		own[cents(n*100)] = true
	}
	byColor, bySize := map[string]int{}, map[string]int{}
	nColor, nSize := map[string]int{}, map[string]int{}
	total, inStock := 0, 0
	for _, s := range p.SKUs {
		add(s.Stock)
		total += s.Stock
		byColor[s.Color] += s.Stock
		bySize[s.Size] += s.Stock
		nColor[s.Color]++
		nSize[s.Size]++
		if s.Stock > 0 {
			inStock++
		}
	}
	add(total)
	add(len(p.SKUs))
	add(inStock)
	add(len(byColor))
	add(len(bySize))
	for _, m := range []map[string]int{byColor, bySize, nColor, nSize} {
		for _, n := range m {
			add(n)
		}
	}
}

func dayOf(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
}

// scenarioAudit audits the replies of one conversation in order: a number
// the bot stated and that was grounded may be the operand of a later one
// (1098 合计 → 减90 → 到手1008).
type scenarioAudit struct {
	f           *groundingFacts
	stated      map[cents]bool
	statedMoney map[cents]bool
}

func (f *groundingFacts) scenario() *scenarioAudit {
	return &scenarioAudit{f: f, stated: map[cents]bool{}, statedMoney: map[cents]bool{}}
}

var (
	dateISORe  = regexp.MustCompile(`(\d{4})-(\d{1,2})-(\d{1,2})`)
	dateCNRe   = regexp.MustCompile(`(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]?`)
	dateScanRe = regexp.MustCompile(`(\d{1,2})-(\d{1,2})(\s+\d{1,2}:\d{2})`)
	weekdayRe  = regexp.MustCompile(`^\s*[(（]?\s*(周[日一二三四五六天]|星期[日一二三四五六天])`)
	exampleRe  = regexp.MustCompile(`(?:例如|比如)\s*[“"「][^”"」]*[”"」]`)
	listMarkRe = regexp.MustCompile(`(?m)^\s*\d{1,2}[.、]\s*`)
	ordinalRe  = regexp.MustCompile(`第\d+笔`)
	identRe    = regexp.MustCompile(`[A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*`)
	caseIDRe   = regexp.MustCompile(`^(?:case_[0-9a-f]+|CASE-\d+)$`)
	heightCNRe = regexp.MustCompile(`[一1]米([一二三四五六七八九])`)
	// datedTimeRe: the text before a time ends with a date (and its weekday).
	datedTimeRe = regexp.MustCompile(dateMark + `\s*(?:[(（]\s*(?:周|星期).[)）])?\s*$`)
	// untilRe: the text before a date says it is a deadline still ahead.
	untilRe = regexp.MustCompile(`(?:至|请在|有效期到)\s*$`)
)

var cnDigit = map[string]int{"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

var weekdayIndex = map[string]time.Weekday{"日": time.Sunday, "天": time.Sunday, "一": time.Monday, "二": time.Tuesday,
	"三": time.Wednesday, "四": time.Thursday, "五": time.Friday, "六": time.Saturday}

// dateMark replaces an audited date in the text, so a time after it is known to be dated.
const dateMark = "\x00"

// statusLabels are the order status labels a reply may print.
var statusLabels = []string{"待付款", "待发货", "已发货", "运输中", "已签收", "退款中", "已完成", "已取消"}

// turnFacts is what this turn adds: the customer's numbers and the clock.
type turnFacts struct {
	now      time.Time
	numbers  map[cents]bool // the customer's numbers and clock-derived counts
	said     map[cents]bool // the customer's numbers only
	spans    map[cents]bool // day and hour spans: the data's, and from data times to now
	days     map[string]bool
	times    map[int]bool
	text     string         // the customer's messages
	context  []cents        // amounts the conversation is about: the customer's numbers, amounts stated before
	stock    map[cents]bool // stock counts of the products the reply names; nil: none named
	moneySet map[cents]bool // every amount: the data's and the context's
}

func (s *scenarioAudit) turnFacts(t groundingTurn) *turnFacts {
	f := s.f
	tf := &turnFacts{now: t.Now.In(f.loc), numbers: map[cents]bool{}, said: map[cents]bool{}, spans: map[cents]bool{},
		days: map[string]bool{}, times: map[int]bool{}, text: strings.Join(t.Said, "\n")}
	for _, m := range digitRunRe.FindAllString(tf.text, -1) {
		if c, ok := parseCents(m); ok {
			tf.said[c] = true
		}
	}
	for _, m := range heightCNRe.FindAllStringSubmatch(tf.text, -1) {
		tf.said[cents((100+10*cnDigit[m[1]])*100)] = true
	}
	for c := range tf.said {
		tf.numbers[c] = true
	}
	today := dayOf(tf.now, f.loc)
	for _, v := range []int{tf.now.Year(), int(tf.now.Month()), tf.now.Day(), tf.now.Hour(), tf.now.Minute()} {
		tf.numbers[cents(v*100)] = true
	}
	tf.times[tf.now.Hour()*60+tf.now.Minute()] = true
	for _, o := range f.spanDays {
		tf.spans[cents(o*100)] = true
	}
	// Dates: the data's own days, yesterday, and today or an order day plus
	// a window of the policies (warranties count months).
	tf.days[today.AddDate(0, 0, -1).Format(time.DateOnly)] = true
	for _, b := range append([]time.Time{today}, f.orderDays...) {
		for _, o := range f.dateOffsets {
			tf.days[b.AddDate(0, 0, o).Format(time.DateOnly)] = true
		}
		for _, m := range f.monthOffsets {
			tf.days[b.AddDate(0, m, 0).Format(time.DateOnly)] = true
			tf.days[b.AddDate(0, m, -1).Format(time.DateOnly)] = true
		}
	}
	for _, b := range append([]time.Time{today}, f.baseDays...) {
		tf.days[b.Format(time.DateOnly)] = true
		// 签收第N天 / 签收已N天 / 还剩N天: calendar days between a data day and today.
		if d := int(math.Round(today.Sub(b).Hours() / 24)); d >= -400 && d <= 400 {
			d = int(abs(int64(d)))
			for _, n := range []int{d, d + 1} {
				tf.numbers[cents(n*100)], tf.spans[cents(n*100)] = true, true
			}
		}
	}
	// 物流已N小时未更新: whole hours between a data timestamp and now.
	for _, ts := range f.stamps {
		if h := math.Abs(ts.Sub(tf.now).Hours()); h < 24*30 {
			for _, n := range []float64{math.Floor(h), math.Round(h)} {
				tf.numbers[toCents(n)], tf.spans[toCents(n)] = true, true
			}
		}
	}
	tf.moneySet = map[cents]bool{}
	for c := range f.money {
		tf.moneySet[c] = true
	}
	for _, set := range []map[cents]bool{tf.said, s.statedMoney} {
		for c := range set {
			tf.addContext(c)
		}
	}
	return tf
}

// addContext adds an amount the conversation is about.
func (tf *turnFacts) addContext(c cents) {
	tf.moneySet[c] = true
	for _, x := range tf.context {
		if x == c {
			return
		}
	}
	tf.context = append(tf.context, c)
}

// numberClass is what a number counts, read from the unit after it: the
// arithmetic the bot may do depends on it.
type numberClass int

const (
	classOther numberClass = iota // anything else (%, sizes, points): a number of the data as is
	classMoney                    // 元: sums, differences, quantities, discounts, instalments
	classTimes                    // 满N次: how many thresholds an amount reaches
	classSpan                     // 天, 小时, 个月: windows and days since
	classBody                     // cm, kg, 斤: the customer's measurements converted
	classStock                    // 件, 条, 双, 款: stock and variant counts
)

var unitClasses = []struct {
	unit  string
	class numberClass
}{
	{"元", classMoney}, {"块", classMoney}, {"次", classTimes},
	{"个工作日", classSpan}, {"天", classSpan}, {"小时", classSpan}, {"个月", classSpan}, {"分钟", classSpan},
	{"件", classStock}, {"条", classStock}, {"双", classStock}, {"台", classStock}, {"瓶", classStock}, {"款", classStock},
	{"cm", classBody}, {"kg", classBody}, {"斤", classBody}, {"公斤", classBody}, {"mm", classBody}, {"厘米", classBody},
}

func classOf(before, after string) numberClass {
	if strings.HasSuffix(before, "¥") || strings.HasSuffix(before, "￥") {
		return classMoney
	}
	after = strings.TrimLeft(after, " ")
	for _, u := range unitClasses {
		if strings.HasPrefix(after, u.unit) {
			return u.class
		}
	}
	return classOther
}

// check audits one reply and returns its violations and how many numbers,
// dates and times it audited.
func (s *scenarioAudit) check(t groundingTurn, reply string) ([]groundingViolation, int) {
	tf := s.turnFacts(t)
	var vs []groundingViolation
	flag := func(kind, token, where string) {
		vs = append(vs, groundingViolation{Scenario: t.Scenario, Turn: t.Turn, Kind: kind, Token: token, Excerpt: excerpt(reply, where)})
	}
	audited := 0
	text := exampleRe.ReplaceAllString(reply, " ")
	text = listMarkRe.ReplaceAllString(text, " ")
	text = ordinalRe.ReplaceAllString(text, " ")

	// Identifiers: case numbers the bot opened, data ids, tracking numbers, codes.
	text = identRe.ReplaceAllStringFunc(text, func(id string) string {
		if !strings.ContainsAny(id, "0123456789") {
			return " "
		}
		audited++
		if !s.f.idents[id] && !caseIDRe.MatchString(id) && !strings.Contains(tf.text, id) {
			flag("identifier", id, id)
		}
		return " "
	})

	// Dates, with the weekday printed after them.
	checkDate := func(m, before, rest string, y, mo, d int) {
		audited++
		if !s.dateGrounded(tf, y, mo, d) {
			flag("date", m, m)
			return
		}
		after := rest
		if w := weekdayRe.FindStringSubmatch(rest); w != nil {
			day := []rune(w[1])[len([]rune(w[1]))-1:]
			if !s.weekdayMatches(tf, y, mo, d, weekdayIndex[string(day)], untilRe.MatchString(before)) {
				flag("weekday", m+w[0], m)
			}
			after = strings.TrimLeft(rest[len(w[0]):], ")）")
		}
		// A date said to be a restock, an order or a promotion's start or end
		// must be exactly that date of the data, not any date near it.
		for _, c := range s.f.dateClaims {
			if strings.HasPrefix(strings.TrimSpace(after), c.prefix) && !c.days[monthDay(mo, d)] {
				flag("date", m+" "+c.prefix, m)
			}
		}
	}
	replaceDates := func(re *regexp.Regexp, text string, parts func([]string) (int, int, int, string)) string {
		var out strings.Builder
		last := 0
		for _, idx := range re.FindAllStringSubmatchIndex(text, -1) {
			sub := make([]string, len(idx)/2)
			for i := range sub {
				if idx[2*i] >= 0 {
					sub[i] = text[idx[2*i]:idx[2*i+1]]
				}
			}
			y, mo, d, keep := parts(sub)
			if mo < 1 || mo > 12 || d < 1 || d > 31 {
				continue
			}
			checkDate(sub[0], text[:idx[0]], text[idx[1]:], y, mo, d)
			out.WriteString(text[last:idx[0]])
			out.WriteString(dateMark + keep)
			last = idx[1]
		}
		out.WriteString(text[last:])
		return out.String()
	}
	atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
	text = replaceDates(dateISORe, text, func(m []string) (int, int, int, string) { return atoi(m[1]), atoi(m[2]), atoi(m[3]), "" })
	text = replaceDates(dateCNRe, text, func(m []string) (int, int, int, string) { return atoi(m[1]), atoi(m[2]), atoi(m[3]), "" })
	text = replaceDates(dateScanRe, text, func(m []string) (int, int, int, string) { return 0, atoi(m[1]), atoi(m[2]), m[3] })

	// Clock times.
	var timed strings.Builder
	last := 0
	for _, idx := range clockRe.FindAllStringSubmatchIndex(text, -1) {
		audited++
		m := text[idx[0]:idx[1]]
		min := atoi(text[idx[2]:idx[3]])*60 + atoi(text[idx[4]:idx[5]])
		dated := datedTimeRe.MatchString(text[:idx[0]])
		if !s.f.clockTimes[min] && !tf.times[min] && !(dated && s.f.stampTimes[min]) {
			flag("time", m, m)
		}
		timed.WriteString(text[last:idx[0]] + " ")
		last = idx[1]
	}
	timed.WriteString(text[last:])
	text = timed.String()

	// Discounts: X折 must be a discount the data states.
	text = discountRe.ReplaceAllStringFunc(text, func(m string) string {
		audited++
		if c, ok := parseCents(discountRe.FindStringSubmatch(m)[1]); !ok || !s.f.discounts[c] {
			flag("discount", m, m)
		}
		return " "
	})
	for _, m := range cnDiscountRe.FindAllStringSubmatch(text, -1) {
		v := cnDigit[m[1]] * 10
		if m[2] != "" {
			v += cnDigit[m[2]]
		}
		if !s.f.discounts[cents(v*100)] {
			flag("discount", m[0], m[0])
		}
	}

	// A product the reply names brings its price into the conversation
	// ("2件原价658元" is its price × 2), and its stock counts are the only
	// ones the reply may give.
	var named []cents
	for _, p := range s.f.products {
		if strings.Contains(reply, p.Name) {
			named = append(named, cents(p.Price))
			if tf.stock == nil {
				tf.stock = map[cents]bool{}
			}
			for c := range s.f.stockOf[p.Name] {
				tf.stock[c] = true
			}
			tf.addContext(cents(p.Price))
			for _, sk := range p.SKUs {
				if sk.Price > 0 {
					tf.addContext(cents(sk.Price))
				}
			}
		}
	}

	// A basket of the products the reply names (一起买合计) is grounded: the
	// sum of their prices, each taken 0–5 times. Kept to small baskets so the
	// combinations stay few and cannot ground arbitrary figures.
	if len(named) >= 2 && len(named) <= 4 {
		var walk func(i int, sum cents)
		walk = func(i int, sum cents) {
			if i == len(named) {
				if sum > 0 {
					tf.moneySet[sum] = true // an amount, not an operand of further sums
				}
				return
			}
			for q := cents(0); q <= 5; q++ {
				walk(i+1, sum+q*named[i])
			}
		}
		walk(0, 0)
	}

	// Every remaining number.
	for _, loc := range digitRunRe.FindAllStringIndex(text, -1) {
		m := text[loc[0]:loc[1]]
		audited++
		if len(m) >= 9 && !strings.Contains(m, ".") {
			if !s.f.longDigits[m] && !strings.Contains(tf.text, m) {
				flag("number", m, m)
			}
			continue
		}
		c, ok := parseCents(m)
		class := classOf(text[:loc[0]], text[loc[1]:])
		if !ok || !s.numberGrounded(tf, c, class) {
			flag("number", m, m)
			continue
		}
		s.stated[c] = true
		if class == classMoney {
			s.statedMoney[c] = true
			tf.addContext(c)
		}
	}

	vs = append(vs, s.checkPromotions(t, tf, reply)...)
	vs = append(vs, s.checkStatuses(t, reply)...)
	vs = append(vs, s.checkPrivacy(t, tf, reply)...)
	return vs, audited
}

// numberGrounded: in the data, said by the customer, from the clock, stated
// before, a small integer, or one arithmetic step the number's kind allows:
// amounts add, subtract, multiply by a quantity, divide into instalments and
// take a data discount; 满N次 divides an amount by a threshold; spans add;
// body measurements convert (斤 → kg). Counts such as stock must be the
// data's own stock (or its sums per colour, size and product, see
// addStockAggregates); other numbers must be in the data as they are.
func (s *scenarioAudit) numberGrounded(tf *turnFacts, x cents, class numberClass) bool {
	if x%100 == 0 && x >= 0 && x <= 1000 || tf.said[x] {
		return true
	}
	if class == classStock && tf.stock != nil {
		return tf.stock[x]
	}
	if s.f.byClass[class][x] || (class == classOther && s.f.exact[x]) || s.stated[x] {
		return true
	}
	if tf.numbers[x] && (class == classOther || class == classSpan) { // the clock: days and hours since, today
		return true
	}
	isQty := func(c cents) bool { return (c%100 == 0 && c >= 100 && c <= 1000) || tf.said[c] }
	switch class {
	case classMoney:
		// One operand is an amount the conversation is about (said, or
		// stated before in it); two arbitrary amounts of the catalogue
		// would ground almost any figure.
		for _, a := range tf.context {
			if a == 0 {
				continue
			}
			if tf.moneySet[x-a] || tf.moneySet[a-x] || tf.moneySet[x+a] { // x = a+b, a−b, b−a
				return true
			}
			// x = a × quantity, x = a ÷ instalments.
			if q := cents(math.Round(float64(x) * 100 / float64(a))); isQty(q) && abs(int64(a)*int64(q)/100-int64(x)) <= 1 {
				return true
			}
			if x != 0 {
				if q := cents(math.Round(float64(a) * 100 / float64(x))); isQty(q) && abs(int64(a)*100/int64(q)-int64(x)) <= 1 {
					return true
				}
			}
			// x = a × p% (price after a data discount) or a × (100−p)% (its saving).
			if p := cents(math.Round(float64(x) * 10000 / float64(a))); (s.f.percents[p] || s.f.percents[10000-p]) &&
				abs(int64(math.Round(float64(a)*float64(p)/10000))-int64(x)) <= 1 {
				return true
			}
		}
	case classTimes:
		// 满N次: an amount of the conversation divided by a data threshold.
		if x%100 == 0 && x > 0 {
			q := int64(x) / 100
			for _, a := range tf.context {
				for b := range s.f.money {
					if b >= 100 && int64(a) >= q*int64(b) && int64(a) < (q+1)*int64(b) {
						return true
					}
				}
			}
		}
	case classSpan:
		for a := range tf.spans {
			if tf.spans[x-a] || tf.spans[a-x] {
				return true
			}
		}
	case classBody:
		for a := range tf.said {
			for _, k := range []int64{2, 10, 100} {
				if int64(a) == int64(x)*k || int64(a)*k == int64(x) {
					return true
				}
			}
		}
	}
	return false
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// dateGrounded: the day is a data day, today, or a data day plus a span the
// policies state (dispatch, delivery, return and warranty windows). Without
// a year, any year of a grounded day matches.
func (s *scenarioAudit) dateGrounded(tf *turnFacts, y, m, d int) bool {
	for day := range tf.days {
		t, _ := time.Parse(time.DateOnly, day)
		if int(t.Month()) == m && t.Day() == d && (y == 0 || t.Year() == y) {
			return true
		}
	}
	return false
}

// weekdayMatches: the weekday printed after a date is that date's. A date
// without a year is the grounded one nearest to today, or for a deadline
// ("至10月1日", a warranty's end) the nearest one not before today.
func (s *scenarioAudit) weekdayMatches(tf *turnFacts, y, m, d int, w time.Weekday, ahead bool) bool {
	if y != 0 {
		return time.Date(y, time.Month(m), d, 0, 0, 0, 0, s.f.loc).Weekday() == w
	}
	today := dayOf(tf.now, s.f.loc)
	var best time.Time
	for yy := today.Year() - 1; yy <= today.Year()+1; yy++ {
		c := time.Date(yy, time.Month(m), d, 0, 0, 0, 0, s.f.loc)
		if !tf.days[c.Format(time.DateOnly)] || (ahead && c.Before(today)) {
			continue
		}
		if best.IsZero() || c.Sub(today).Abs() < best.Sub(today).Abs() {
			best = c
		}
	}
	return !best.IsZero() && best.Weekday() == w
}

// sentences splits a reply where a statement ends.
func sentences(reply string) []string {
	return strings.FieldsFunc(reply, func(r rune) bool { return strings.ContainsRune("。;；!！?？\n", r) })
}

// promotionMarkers say a promotion named in the sentence is not running now.
var promotionMarkers = []string{"已结束", "已过期", "结束了", "将于", "预告", "开始"}

// checkPromotions: a promotion of the data named in a reply runs at the
// scenario's clock, unless its sentence says it ended or is upcoming.
func (s *scenarioAudit) checkPromotions(t groundingTurn, tf *turnFacts, reply string) []groundingViolation {
	var vs []groundingViolation
	for _, sent := range sentences(reply) {
		for _, p := range s.f.promos {
			names := []string{p.Name}
			if i := strings.IndexAny(p.Name, " 　"); i > 0 && utf8.RuneCountInString(p.Name[:i]) >= 4 {
				names = append(names, p.Name[:i])
			}
			named := false
			rest := sent
			for _, n := range names {
				if strings.Contains(rest, n) {
					named = true
					rest = strings.ReplaceAll(rest, n, " ")
				}
			}
			if !named || p.ActiveAt(tf.now) {
				continue
			}
			marked := false
			for _, mk := range promotionMarkers {
				marked = marked || strings.Contains(rest, mk)
			}
			if !marked {
				vs = append(vs, groundingViolation{Scenario: t.Scenario, Turn: t.Turn, Kind: "promotion",
					Token:   fmt.Sprintf("%s (runs %s–%s)", p.Name, p.StartsAt.In(s.f.loc).Format("01-02"), p.EndsAt.In(s.f.loc).Format("01-02")),
					Excerpt: excerpt(sent, names[len(names)-1])})
			}
		}
	}
	return vs
}

// checkStatuses: on a line about an order — its number, its tracking number,
// or (for the verified customer's orders) its order date and an item's name —
// every status label is that order's.
func (s *scenarioAudit) checkStatuses(t groundingTurn, reply string) []groundingViolation {
	var vs []groundingViolation
	for _, line := range strings.Split(reply, "\n") {
		var about []shop.Order
		for id, o := range s.f.orders {
			if strings.Contains(line, id) {
				about = append(about, o)
			}
		}
		for no, id := range s.f.tracking {
			if strings.Contains(line, no) {
				about = append(about, s.f.orders[id])
			}
		}
		if len(about) == 0 && t.CustomerID != "" {
			for _, o := range s.f.byCustomer[t.CustomerID] {
				c := o.CreatedAt.In(s.f.loc)
				if !strings.Contains(line, fmt.Sprintf("%d月%d日", int(c.Month()), c.Day())) {
					continue
				}
				for _, it := range o.Items {
					if it.Name != "" && strings.Contains(line, it.Name) {
						about = append(about, o)
						break
					}
				}
			}
		}
		if len(about) == 0 {
			continue
		}
		// A carrier's scan quoted verbatim ("快件已签收（本人签收）") is the
		// parcel's history, not the order's status.
		for _, o := range about {
			for _, ev := range s.f.events[o.ID] {
				line = strings.ReplaceAll(line, ev, " ")
			}
		}
		for _, l := range statusLabels {
			if !strings.Contains(line, l) {
				continue
			}
			ok := false
			var got []string
			for _, o := range about {
				ok = ok || o.Status.Label() == l
				got = append(got, o.ID+"="+o.Status.Label())
			}
			if !ok {
				vs = append(vs, groundingViolation{Scenario: t.Scenario, Turn: t.Turn, Kind: "status",
					Token: fmt.Sprintf("%s (data: %s)", l, strings.Join(got, ", ")), Excerpt: excerpt(line, l)})
			}
		}
	}
	return vs
}

// checkPrivacy: nothing of a customer other than the verified one — order
// numbers, nickname, phone or recipient's last four digits, recipient names —
// unless the shopper typed it in this conversation.
func (s *scenarioAudit) checkPrivacy(t groundingTurn, tf *turnFacts, reply string) []groundingViolation {
	var vs []groundingViolation
	flag := func(whose, what, token string) {
		vs = append(vs, groundingViolation{Scenario: t.Scenario, Turn: t.Turn, Kind: "privacy",
			Token: fmt.Sprintf("%s's %s %s", whose, what, token), Excerpt: excerpt(reply, token)})
	}
	own := map[string]bool{} // what belongs to the verified customer, e.g. a recipient sharing a name
	for _, o := range s.f.byCustomer[t.CustomerID] {
		own[o.Address.PhoneLast4], own[o.Address.Name] = true, true
	}
	for _, c := range s.f.customers {
		if c.ID == t.CustomerID {
			own[c.PhoneLast4], own[c.Nickname] = true, true
		}
	}
	var fours []string
	for _, m := range digitRunRe.FindAllString(reply, -1) {
		if len(m) == 4 {
			fours = append(fours, m)
		}
	}
	for _, c := range s.f.customers {
		if c.ID == t.CustomerID {
			continue
		}
		if c.Nickname != "" && !own[c.Nickname] && strings.Contains(reply, c.Nickname) && !strings.Contains(tf.text, c.Nickname) {
			flag(c.ID, "nickname", c.Nickname)
		}
		last4 := map[string]bool{c.PhoneLast4: true}
		names := map[string]bool{}
		for _, o := range s.f.byCustomer[c.ID] {
			if strings.Contains(reply, o.ID) && !strings.Contains(tf.text, o.ID) {
				flag(c.ID, "order", o.ID)
			}
			last4[o.Address.PhoneLast4] = true
			if utf8.RuneCountInString(o.Address.Name) >= 2 {
				names[o.Address.Name] = true
			}
		}
		for _, d := range fours {
			if d != "" && last4[d] && !own[d] && !strings.Contains(tf.text, d) {
				flag(c.ID, "phone last 4", d)
			}
		}
		for n := range names {
			if !own[n] && strings.Contains(reply, n) && !strings.Contains(tf.text, n) {
				flag(c.ID, "recipient", n)
			}
		}
	}
	return vs
}

// dateClaim: a date followed by prefix must be one of days (month-day).
type dateClaim struct {
	prefix string
	days   map[string]bool
}

func monthDay(m, d int) string { return fmt.Sprintf("%02d-%02d", m, d) }

func (f *groundingFacts) addDateClaims(b *shop.Bundle) {
	restock, created, starts, ends := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	md := func(set map[string]bool, t time.Time) {
		l := t.In(f.loc)
		set[monthDay(int(l.Month()), l.Day())] = true
	}
	for _, p := range b.Products {
		for _, s := range p.SKUs {
			if d, err := time.ParseInLocation(time.DateOnly, s.RestockDate, f.loc); err == nil {
				md(restock, d)
			}
		}
	}
	for _, o := range b.Orders {
		md(created, o.CreatedAt)
	}
	for _, p := range b.Promotions {
		md(starts, p.StartsAt)
		md(ends, p.EndsAt.Add(-time.Second)) // ends at midnight: the last day is the day before
		md(ends, p.EndsAt)
	}
	f.dateClaims = []dateClaim{{"补货", restock}, {"到货", restock}, {"下单", created}, {"的订单", created},
		{"开始", starts}, {"起", starts}, {"结束", ends}, {"截止", ends}}
}

// excerpt returns up to 40 characters each side of the first occurrence of token.
func excerpt(s, token string) string {
	i := strings.Index(s, token)
	if i < 0 {
		i = 0
	}
	r := []rune(s)
	at := utf8.RuneCountInString(s[:i])
	lo, hi := max(0, at-40), min(len(r), at+utf8.RuneCountInString(token)+40)
	return strings.ReplaceAll(string(r[lo:hi]), "\n", "⏎")
}

// TestGroundingAuditFlagsInventions checks the audit itself: made-up replies
// with an invented fact must be flagged, and a faithful one must not.
func TestGroundingAuditFlagsInventions(t *testing.T) {
	b, err := demo.Bundle(demo.AnchorTime())
	if err != nil {
		t.Fatal(err)
	}
	facts := newGroundingFacts(b)
	tests := []struct {
		name     string
		customer string
		said     string
		reply    string
		want     []string // "kind token" of every expected violation; none for a faithful reply
	}{
		{"invented stock level", "", "驼色M码还有吗",
			"「双面羊毛呢大衣」驼色M码有货,库存13件。", []string{"number 13"}},
		{"invented discount and its price", "", "能便宜点吗",
			"老客户可以给您打7折,到手629.3元。", []string{"discount 7折", "number 629.3"}},
		{"invented instant reduction", "", "有优惠吗",
			"现在下单立减57元。", []string{"number 57"}},
		{"invented restock date", "", "黑色XL码有货吗",
			"「双面羊毛呢大衣」黑色XL码暂时缺货,预计12月9日补货。", []string{"date 12月9日 补货"}},
		{"invented cutoff time", "", "今天能发吗",
			"每天18:00前付款当天发出。", []string{"time 18:00"}},
		{"weekday of another date", "", "上海几天到",
			"发上海一般1-2天送达,预计11月23日(周二)到。", []string{"weekday 11月23日(周二"}},
		{"expired promotion offered as current", "", "有什么活动",
			"现在可以用双十一狂欢 每满200减30,全店每满200元减30元。", []string{"promotion 双十一狂欢 每满200减30"}},
		{"wrong order status", "C-1001", "订单261121983690060267什么状态",
			"您的订单261121983690060267当前状态:已签收。", []string{"status 已签收"}},
		{"another customer's order", "C-1001", "我的订单到哪了",
			"您的订单261115570830622888当前状态:运输中。", []string{"privacy C-1002's order 261115570830622888"}},
		{"another customer's nickname and phone digits", "C-1001", "在吗",
			"老周您好,手机尾号8817已验证。", []string{"privacy C-1009's nickname 老周", "privacy C-1009's phone last 4 8817"}},
		{"ended promotion said to have ended", "", "双十一的满减还有吗",
			"「双十一狂欢 每满200减30」已于11月11日(周三)结束了。", nil},
		{"faithful price quote", "", "这件大衣满减能减多少",
			"「双面羊毛呢大衣」原价899元,用冬季焕新 每满300减30:每满300减30,899元满2次,减60元,到手价839元,共省60元。再买161元可享3期免息分期(满1000元3期免息)。", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			turn := groundingTurn{Scenario: "unit", Turn: 1, Now: demo.AnchorTime(), CustomerID: tt.customer, Said: []string{tt.said}}
			vs, _ := facts.scenario().check(turn, tt.reply)
			var got []string
			for _, v := range vs {
				got = append(got, v.Kind+" "+v.Token)
			}
			for _, w := range tt.want {
				found := false
				for _, g := range got {
					found = found || strings.HasPrefix(g, w)
				}
				if !found {
					t.Errorf("want a violation %q, got %q", w, got)
				}
			}
			if tt.want == nil && len(got) > 0 {
				t.Errorf("faithful reply flagged: %q", got)
			}
		})
	}
}
