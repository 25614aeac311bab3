package shop

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// FieldError is one problem found in a bundle: which record (section, index
// and id), which field, and what is wrong with it, worded so that a merchant
// can fix the data.
type FieldError struct {
	Section string // bundle section as named in JSON: products, orders, policies ...
	Index   int    // 0-based position in the section; -1 for shop and policies
	ID      string // id of the record, when it has one
	Field   string // path inside the record, e.g. items[0].sku_id
	Problem string // what is wrong and, where obvious, how to fix it
}

// Error renders the problem as
// `orders[3] (id 2609): items[0].sku_id: SKU "X" does not exist ...`.
func (e FieldError) Error() string {
	var b strings.Builder
	b.WriteString(e.Section)
	if e.Index >= 0 {
		fmt.Fprintf(&b, "[%d]", e.Index)
	}
	if e.ID != "" {
		fmt.Fprintf(&b, " (id %s)", e.ID)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Problem)
	return b.String()
}

// ValidationErrors is every problem found in a bundle, in bundle order.
type ValidationErrors []FieldError

// Error lists the problems, one per line.
func (v ValidationErrors) Error() string {
	switch len(v) {
	case 0:
		return "no problems"
	case 1:
		return v[0].Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d problems in the bundle:", len(v))
	for _, e := range v {
		b.WriteString("\n  ")
		b.WriteString(e.Error())
	}
	return b.String()
}

// KnownIDs are ids that already exist in the store, so that a partial bundle
// (only orders, say) may reference products and customers imported earlier.
// Records in the bundle itself take precedence: a product in the bundle
// replaces its stored SKUs, so its SKU ids are checked against the bundle.
type KnownIDs struct {
	Products  map[string]map[string]bool // product id → its SKU ids
	Customers map[string]bool
	Orders    map[string]bool
}

// Validate checks the bundle on its own: every reference must resolve inside
// it. See ValidateAgainst.
func (b *Bundle) Validate() error { return b.ValidateAgainst(KnownIDs{}) }

// ValidateAgainst checks the bundle before import: required ids and names,
// unique ids per section, known enum values, non-negative amounts and
// stock, positive quantities, YYYY-MM-DD dates, size-chart ranges, policy
// sanity, mainland mobile phones, and references that resolve against the
// bundle itself or the known ids already stored.
//
// It also normalises enum values given as Chinese labels to their codes
// (已发货 → shipped, 金卡会员 → gold, 满减 → full_reduction ...), trims ids and
// rewrites valid phones to their 11 digits, so that what is imported is
// canonical. It returns nil or a ValidationErrors listing every problem.
func (b *Bundle) ValidateAgainst(known KnownIDs) error {
	v := &validator{b: b, known: known}
	v.run()
	if len(v.errs) == 0 {
		return nil
	}
	return v.errs
}

// Enumerations accepted on import: the stored code first, then labels
// (Chinese, or spelling variants) that normalise to it.
var (
	enumMemberLevel = enum{"member level", []enumValue{
		{LevelRegular, []string{"普通会员", "普通", "会员"}},
		{LevelSilver, []string{"银卡会员", "银卡"}},
		{LevelGold, []string{"金卡会员", "金卡"}},
		{LevelDiamond, []string{"钻石会员", "钻石"}},
	}}
	enumShipmentStatus = enum{"shipment status", []enumValue{
		{ShipCreated, []string{"已创建", "待揽收", "已下单"}},
		{ShipInTransit, []string{"运输中", "已揽收", "已发货"}},
		{ShipOutForDelivery, []string{"派送中", "派件中"}},
		{ShipDelivered, []string{"已签收", "已送达"}},
		{ShipException, []string{"异常", "物流异常"}},
		{ShipReturned, []string{"已退回", "退回"}},
	}}
	enumEventStatus = enum{"tracking event status", []enumValue{
		{"picked_up", []string{"已揽收", "揽收"}},
		{"in_transit", []string{"运输中", "在途"}},
		{"out_for_delivery", []string{"派送中", "派件中"}},
		{"delivered", []string{"已签收", "签收"}},
		{"exception", []string{"异常", "派送失败"}},
		{"damaged", []string{"破损"}},
		{"held", []string{"滞留", "留仓"}},
		{"returned", []string{"已退回", "退回"}},
	}}
	enumPromotionType = enum{"promotion type", []enumValue{
		{PromoFullReduction, []string{"满减"}},
		{PromoDiscount, []string{"折扣", "打折"}},
		{PromoGift, []string{"赠品", "满赠"}},
		{PromoInstallment, []string{"免息分期", "分期"}},
		{PromoCoupon, []string{"优惠券"}},
		{PromoNewMember, []string{"新人券", "新人"}},
	}}
	enumDocKind = enum{"document kind", []enumValue{
		{DocProductPage, []string{"商品详情", "详情页"}},
		{DocSOP, []string{"SOP", "流程"}},
		{DocFAQ, []string{"FAQ", "常见问题"}},
		{DocConversation, []string{"对话范例", "对话"}},
		{DocTranscript, []string{"直播讲解", "直播"}},
		{DocNote, []string{"备注", "笔记"}},
	}}
	enumDocFormat = enum{"document format", []enumValue{
		{"markdown", []string{"md"}},
		{"text", []string{"txt", "plain"}},
		{"html", []string{"htm"}},
	}}
	enumProductStatus = enum{"product status", []enumValue{
		{"on_sale", []string{"在售", "上架"}},
		{"off_shelf", []string{"下架", "已下架"}},
	}}
	enumRelationKind = enum{"relation kind", []enumValue{
		{"complementary", []string{"搭配"}},
		{"alternative", []string{"替代"}},
		{"upgrade", []string{"升级"}},
	}}
)

type enumValue struct {
	code   string
	labels []string
}

type enum struct {
	name   string
	values []enumValue
}

// parse returns the code for a code (any letter case) or one of its labels.
func (e enum) parse(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, v := range e.values {
		if strings.EqualFold(s, v.code) {
			return v.code, true
		}
		for _, l := range v.labels {
			if strings.EqualFold(s, l) {
				return v.code, true
			}
		}
	}
	return "", false
}

// help lists the accepted values for an error message.
func (e enum) help() string {
	parts := make([]string, len(e.values))
	for i, v := range e.values {
		parts[i] = v.code
		if len(v.labels) > 0 {
			parts[i] += " (" + v.labels[0] + ")"
		}
	}
	return strings.Join(parts, ", ")
}

func orderStatusHelp() string {
	parts := make([]string, len(orderStatusLabels))
	for i, l := range orderStatusLabels {
		parts[i] = string(l.s) + " (" + l.label + ")"
	}
	return strings.Join(parts, ", ")
}

var mobileRE = regexp.MustCompile(`^1[3-9][0-9]{9}$`)

// NormalizePhone returns the 11 digits of a mainland China mobile number,
// accepting spaces, hyphens and a +86 or 86 prefix ("+86 138-0013-8000").
// ok is false if what remains is not a mobile number.
func NormalizePhone(s string) (digits string, ok bool) {
	r := strings.NewReplacer(" ", "", "-", "", "\u00a0", "", "(", "", ")", "")
	d := r.Replace(strings.TrimSpace(s))
	d = strings.TrimPrefix(d, "+")
	if len(d) == 13 && strings.HasPrefix(d, "86") {
		d = d[2:]
	}
	if !mobileRE.MatchString(d) {
		return "", false
	}
	return d, true
}

var (
	hhmmRE  = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
	last4RE = regexp.MustCompile(`^[0-9]{4}$`)
)

type validator struct {
	b     *Bundle
	known KnownIDs
	errs  ValidationErrors

	// what the bundle (plus the store) defines, for reference checks
	products  map[string]map[string]bool // product id → SKU ids
	customers map[string]bool
	orders    map[string]bool

	// current record, for add
	section string
	index   int
	id      string
}

func (v *validator) at(section string, index int, id string) {
	v.section, v.index, v.id = section, index, id
}

func (v *validator) add(field, format string, args ...any) {
	v.errs = append(v.errs, FieldError{
		Section: v.section, Index: v.index, ID: v.id, Field: field,
		Problem: fmt.Sprintf(format, args...),
	})
}

func (v *validator) run() {
	v.collect()
	v.shopInfo()
	v.policies()
	v.productsSection()
	v.coPurchases()
	v.customersSection()
	v.ordersSection()
	v.shipments()
	v.promotions()
	v.faqs()
	v.documents()
}

// collect gathers the ids the bundle defines, trimmed, merged over the
// known ids (a product in the bundle replaces its stored SKUs).
func (v *validator) collect() {
	v.products = map[string]map[string]bool{}
	for id, skus := range v.known.Products {
		v.products[id] = skus
	}
	for i := range v.b.Products {
		p := &v.b.Products[i]
		p.ID = strings.TrimSpace(p.ID)
		skus := map[string]bool{}
		for j := range p.SKUs {
			p.SKUs[j].ID = strings.TrimSpace(p.SKUs[j].ID)
			skus[p.SKUs[j].ID] = true
		}
		if p.ID != "" {
			v.products[p.ID] = skus
		}
	}
	v.customers = map[string]bool{}
	for id := range v.known.Customers {
		v.customers[id] = true
	}
	for i := range v.b.Customers {
		c := &v.b.Customers[i]
		c.ID = strings.TrimSpace(c.ID)
		v.customers[c.ID] = true
	}
	v.orders = map[string]bool{}
	for id := range v.known.Orders {
		v.orders[id] = true
	}
	for i := range v.b.Orders {
		o := &v.b.Orders[i]
		o.ID = strings.TrimSpace(o.ID)
		v.orders[o.ID] = true
	}
}

// required reports an empty value and returns false.
func (v *validator) required(field, value, what string) bool {
	if strings.TrimSpace(value) == "" {
		v.add(field, "%s is required", what)
		return false
	}
	return true
}

// unique reports an id seen before in the same section.
func (v *validator) unique(seen map[string]int, id string, index int) {
	if id == "" {
		return
	}
	if first, dup := seen[id]; dup {
		v.add("id", "duplicate id %q, also used by %s[%d] — ids must be unique; merge the two records or rename one", id, v.section, first)
		return
	}
	seen[id] = index
}

func (v *validator) money(field string, m Money) {
	if m < 0 {
		v.add(field, "amount %s is negative — amounts are yuan ≥ 0", m)
	}
}

func (v *validator) nonNegative(field string, n int) {
	if n < 0 {
		v.add(field, "%d is negative — must be 0 or more", n)
	}
}

func (v *validator) date(field, s string) {
	if s == "" {
		return
	}
	if _, err := time.Parse("2006-01-02", s); err != nil {
		v.add(field, "%q is not a date — write YYYY-MM-DD, e.g. 2025-11-11", s)
	}
}

func (v *validator) enumField(field string, e enum, value *string, required bool) {
	if strings.TrimSpace(*value) == "" {
		if required {
			v.add(field, "%s is required — one of %s", e.name, e.help())
		}
		return
	}
	code, ok := e.parse(*value)
	if !ok {
		v.add(field, "unknown %s %q — use one of %s", e.name, *value, e.help())
		return
	}
	*value = code
}

// productRef checks that a product id resolves.
func (v *validator) productRef(field, id string) {
	id = strings.TrimSpace(id)
	if id == "" {
		v.add(field, "product id is required")
		return
	}
	if _, ok := v.products[id]; !ok {
		v.add(field, "product %q does not exist — add it to products or fix the id", id)
	}
}

func (v *validator) shopInfo() {
	if v.b.Shop == nil {
		return
	}
	v.at("shop", -1, "")
	s := v.b.Shop
	v.required("name", s.Name, "shop name")
	if s.Timezone != "" {
		if _, err := time.LoadLocation(s.Timezone); err != nil {
			v.add("timezone", "unknown time zone %q — use an IANA name such as Asia/Shanghai", s.Timezone)
		}
	}
	if s.ServiceHours != "" {
		from, to, ok := strings.Cut(s.ServiceHours, "-")
		if !ok || !hhmmRE.MatchString(strings.TrimSpace(from)) || !hhmmRE.MatchString(strings.TrimSpace(to)) {
			v.add("service_hours", "%q is not a time range — write HH:MM-HH:MM, e.g. 09:00-23:00", s.ServiceHours)
		}
	}
}

func (v *validator) policies() {
	p := v.b.Policies
	if p == nil {
		return
	}
	v.at("policies", -1, "")
	if c := p.Dispatch.CutoffTime; c != "" && !hhmmRE.MatchString(c) {
		v.add("dispatch.cutoff_time", "%q is not a time of day — write HH:MM (24-hour), e.g. 16:00", c)
	}
	v.nonNegative("dispatch.promise_hours", p.Dispatch.PromiseHours)
	for i, h := range p.Dispatch.Holidays {
		v.date(fmt.Sprintf("dispatch.holidays[%d]", i), h)
	}
	v.money("shipping.fee", p.Shipping.Fee)
	v.money("shipping.free_shipping_threshold", p.Shipping.FreeShippingThreshold)
	v.money("shipping.sf_surcharge", p.Shipping.SFSurcharge)
	v.money("shipping.remote_fee", p.Shipping.RemoteFee)
	eta := func(field string, e RegionETA) {
		v.nonNegative(field+".min_days", e.MinDays)
		v.nonNegative(field+".max_days", e.MaxDays)
		if e.MaxDays < e.MinDays {
			v.add(field, "min_days %d is more than max_days %d — swap them", e.MinDays, e.MaxDays)
		}
	}
	for i, e := range p.Shipping.ETAs {
		eta(fmt.Sprintf("shipping.etas[%d]", i), e)
		if len(e.Regions) == 0 {
			v.add(fmt.Sprintf("shipping.etas[%d].regions", i), "at least one region is required — use default_eta for everywhere else")
		}
	}
	eta("shipping.default_eta", p.Shipping.DefaultETA)
	v.nonNegative("returns.no_reason_days", p.Returns.NoReasonDays)
	v.nonNegative("returns.exchange_days", p.Returns.ExchangeDays)
	v.nonNegative("returns.refund_days", p.Returns.RefundDays)
	v.nonNegative("quality_returns.days", p.QualityReturns.Days)
	for i, w := range p.Warranties {
		f := fmt.Sprintf("warranties[%d]", i)
		v.required(f+".category", w.Category, "warranty category")
		v.nonNegative(f+".months", w.Months)
	}
	v.nonNegative("price_protection.days", p.PriceProtection.Days)
	for i := range p.MemberBenefits {
		mb := &p.MemberBenefits[i]
		f := fmt.Sprintf("member_benefits[%d]", i)
		v.enumField(f+".level", enumMemberLevel, &mb.Level, true)
		v.nonNegative(f+".extended_return_days", mb.ExtendedReturnDays)
		if mb.PointsPerYuan < 0 {
			v.add(f+".points_per_yuan", "%g is negative — must be 0 or more", mb.PointsPerYuan)
		}
		if mb.DiscountPercent < 0 || mb.DiscountPercent > 100 {
			v.add(f+".discount_percent", "%d is not a percentage — write 95 for 95折 (0 = none)", mb.DiscountPercent)
		}
	}
	v.money("bot_limits.max_compensation", p.BotLimits.MaxCompensation)
	v.money("bot_limits.max_coupon", p.BotLimits.MaxCoupon)
	v.money("bot_limits.max_auto_refund", p.BotLimits.MaxAutoRefund)
	v.nonNegative("bot_limits.max_bot_turns_unresolved", p.BotLimits.MaxBotTurnsUnresolved)
}

func (v *validator) productsSection() {
	seen := map[string]int{}
	skuOwner := map[string]string{} // SKU id → product id, across the bundle
	for i := range v.b.Products {
		p := &v.b.Products[i]
		v.at("products", i, p.ID)
		v.required("id", p.ID, "product id")
		v.unique(seen, p.ID, i)
		v.required("name", p.Name, "product name")
		v.money("price", p.Price)
		v.money("original_price", p.OriginalPrice)
		v.enumField("status", enumProductStatus, &p.Status, false)
		skuSeen := map[string]int{}
		for j := range p.SKUs {
			s := &p.SKUs[j]
			f := fmt.Sprintf("skus[%d]", j)
			if v.required(f+".id", s.ID, "SKU id") {
				if k, dup := skuSeen[s.ID]; dup {
					v.add(f+".id", "duplicate SKU id %q, also skus[%d] — each SKU id once per product", s.ID, k)
				} else if owner, ok := skuOwner[s.ID]; ok && owner != p.ID {
					v.add(f+".id", "SKU id %q is also used by product %s — SKU ids must be unique across products", s.ID, owner)
				}
				skuSeen[s.ID] = j
				skuOwner[s.ID] = p.ID
			}
			v.nonNegative(f+".stock", s.Stock)
			v.money(f+".price", s.Price)
			v.date(f+".restock_date", s.RestockDate)
		}
		for j, r := range p.SizeChart {
			f := fmt.Sprintf("size_chart[%d]", j)
			v.required(f+".size", r.Size, "size")
			for _, b := range []struct {
				name string
				val  float64
			}{{"height_min", r.HeightMin}, {"height_max", r.HeightMax}, {"weight_min", r.WeightMin}, {"weight_max", r.WeightMax}} {
				if b.val < 0 {
					v.add(f+"."+b.name, "%g is negative", b.val)
				}
			}
			if r.HeightMin > 0 && r.HeightMax > 0 && r.HeightMin > r.HeightMax {
				v.add(f+".height_min", "height_min %g cm is more than height_max %g cm — swap them", r.HeightMin, r.HeightMax)
			}
			if r.WeightMin > 0 && r.WeightMax > 0 && r.WeightMin > r.WeightMax {
				v.add(f+".weight_min", "weight_min %g kg is more than weight_max %g kg — swap them", r.WeightMin, r.WeightMax)
			}
			if r.HeightMax > 250 {
				v.add(f+".height_max", "%g cm is not a human height — heights are in cm", r.HeightMax)
			}
			if r.WeightMax > 300 {
				v.add(f+".weight_max", "%g kg is not a human weight — weights are in kg (1 斤 = 0.5 kg)", r.WeightMax)
			}
		}
		for j := range p.Related {
			r := &p.Related[j]
			f := fmt.Sprintf("related[%d]", j)
			v.productRef(f+".product_id", r.ProductID)
			if strings.TrimSpace(r.ProductID) == p.ID && p.ID != "" {
				v.add(f+".product_id", "a product cannot be related to itself")
			}
			v.enumField(f+".kind", enumRelationKind, &r.Kind, true)
		}
	}
}

func (v *validator) coPurchases() {
	for i, c := range v.b.CoPurchases {
		v.at("co_purchases", i, "")
		v.productRef("product_a", c.ProductA)
		v.productRef("product_b", c.ProductB)
		if c.ProductA != "" && c.ProductA == c.ProductB {
			v.add("product_b", "product_a and product_b are the same product")
		}
		v.nonNegative("count", c.Count)
	}
}

func (v *validator) customersSection() {
	seen := map[string]int{}
	for i := range v.b.Customers {
		c := &v.b.Customers[i]
		v.at("customers", i, c.ID)
		v.required("id", c.ID, "customer id")
		v.unique(seen, c.ID, i)
		v.required("nickname", c.Nickname, "nickname")
		v.enumField("member_level", enumMemberLevel, &c.MemberLevel, false)
		if c.Phone != "" {
			if d, ok := NormalizePhone(c.Phone); ok {
				c.Phone = d
			} else {
				v.add("phone", "%q is not an 11-digit mainland mobile number (e.g. 13800138000) — fix it or leave it empty", c.Phone)
			}
		}
		if c.PhoneLast4 != "" && !last4RE.MatchString(c.PhoneLast4) {
			v.add("phone_last4", "%q is not 4 digits", c.PhoneLast4)
		}
		if c.Phone != "" && c.PhoneLast4 != "" && !strings.HasSuffix(c.Phone, c.PhoneLast4) {
			v.add("phone_last4", "%q does not match the last 4 digits of phone — give one of them only", c.PhoneLast4)
		}
		v.nonNegative("points", c.Points)
	}
}

func (v *validator) ordersSection() {
	seen := map[string]int{}
	for i := range v.b.Orders {
		o := &v.b.Orders[i]
		v.at("orders", i, o.ID)
		v.required("id", o.ID, "order id")
		v.unique(seen, o.ID, i)
		o.CustomerID = strings.TrimSpace(o.CustomerID)
		if v.required("customer_id", o.CustomerID, "customer id") && !v.customers[o.CustomerID] {
			v.add("customer_id", "customer %q does not exist — add the customer to customers or fix the id", o.CustomerID)
		}
		if strings.TrimSpace(string(o.Status)) == "" {
			v.add("status", "order status is required — one of %s", orderStatusHelp())
		} else if st, ok := ParseOrderStatus(strings.TrimSpace(string(o.Status))); ok {
			o.Status = st
		} else {
			v.add("status", "unknown order status %q — use one of %s", o.Status, orderStatusHelp())
		}
		if len(o.Items) == 0 {
			v.add("items", "an order needs at least one item")
		}
		for j := range o.Items {
			it := &o.Items[j]
			f := fmt.Sprintf("items[%d]", j)
			it.ProductID = strings.TrimSpace(it.ProductID)
			it.SKUID = strings.TrimSpace(it.SKUID)
			v.productRef(f+".product_id", it.ProductID)
			if skus, ok := v.products[it.ProductID]; ok && it.SKUID != "" && !skus[it.SKUID] {
				v.add(f+".sku_id", "SKU %q does not exist in product %s — add the SKU to the product or fix the id", it.SKUID, it.ProductID)
			}
			if it.Qty <= 0 {
				v.add(f+".qty", "quantity %d must be at least 1", it.Qty)
			}
			v.money(f+".price", it.Price)
		}
		v.money("total", o.Total)
		v.money("shipping_fee", o.ShippingFee)
		v.money("discount", o.Discount)
		if o.CreatedAt.IsZero() {
			v.add("created_at", "order time is required — RFC3339 with zone, e.g. 2025-11-11T20:15:00+08:00")
		}
		for _, t := range []struct {
			name string
			at   *time.Time
		}{{"paid_at", o.PaidAt}, {"shipped_at", o.ShippedAt}, {"delivered_at", o.DeliveredAt}, {"completed_at", o.CompletedAt}, {"cancelled_at", o.CancelledAt}} {
			if t.at != nil && !o.CreatedAt.IsZero() && t.at.Before(o.CreatedAt) {
				v.add(t.name, "%s is before the order was created (%s) — check the time and its zone",
					t.at.Format(time.RFC3339), o.CreatedAt.Format(time.RFC3339))
			}
		}
		if o.Address.PhoneLast4 != "" && !last4RE.MatchString(o.Address.PhoneLast4) {
			v.add("address.phone_last4", "%q is not 4 digits — only the last 4 digits of the phone are kept", o.Address.PhoneLast4)
		}
	}
}

func (v *validator) shipments() {
	seen := map[string]int{}
	tracking := map[string]int{}
	for i := range v.b.Shipments {
		s := &v.b.Shipments[i]
		s.ID = strings.TrimSpace(s.ID)
		v.at("shipments", i, s.ID)
		v.required("id", s.ID, "shipment id")
		v.unique(seen, s.ID, i)
		s.OrderID = strings.TrimSpace(s.OrderID)
		if v.required("order_id", s.OrderID, "order id") && !v.orders[s.OrderID] {
			v.add("order_id", "order %q does not exist — add the order to orders or fix the id", s.OrderID)
		}
		v.required("carrier", s.Carrier, "carrier (快递公司)")
		if v.required("tracking_no", s.TrackingNo, "tracking number") {
			if k, dup := tracking[s.TrackingNo]; dup {
				v.add("tracking_no", "tracking number %q is also used by shipments[%d]", s.TrackingNo, k)
			}
			tracking[s.TrackingNo] = i
		}
		v.enumField("status", enumShipmentStatus, &s.Status, true)
		for j := range s.Events {
			e := &s.Events[j]
			f := fmt.Sprintf("events[%d]", j)
			if e.Time.IsZero() {
				v.add(f+".time", "event time is required — RFC3339 with zone, e.g. 2025-11-12T08:30:00+08:00")
			}
			v.required(f+".description", e.Description, "event description")
			v.enumField(f+".status", enumEventStatus, &e.Status, false)
		}
	}
}

func (v *validator) promotions() {
	seen := map[string]int{}
	for i := range v.b.Promotions {
		p := &v.b.Promotions[i]
		p.ID = strings.TrimSpace(p.ID)
		v.at("promotions", i, p.ID)
		v.required("id", p.ID, "promotion id")
		v.unique(seen, p.ID, i)
		v.required("name", p.Name, "promotion name")
		v.enumField("type", enumPromotionType, &p.Type, true)
		v.money("threshold", p.Threshold)
		v.money("reduction", p.Reduction)
		v.money("max_reduction", p.MaxReduction)
		if p.DiscountPercent < 0 || p.DiscountPercent >= 100 {
			v.add("discount_percent", "%d is not a discount — write 85 for 85折", p.DiscountPercent)
		}
		if p.Type == PromoDiscount && p.DiscountPercent == 0 {
			v.add("discount_percent", "a discount promotion needs discount_percent, e.g. 85 for 85折")
		}
		if (p.Type == PromoFullReduction || p.Type == PromoCoupon) && p.Reduction <= 0 {
			v.add("reduction", "a %s promotion needs a reduction in yuan", p.Type)
		}
		if p.Type == PromoFullReduction && p.Reduction > 0 && p.Threshold > 0 && p.Reduction > p.Threshold {
			v.add("reduction", "reduction %s is more than the threshold %s", p.Reduction, p.Threshold)
		}
		v.nonNegative("installments", p.Installments)
		for j, id := range p.ProductIDs {
			v.productRef(fmt.Sprintf("product_ids[%d]", j), id)
		}
		for j := range p.MemberLevels {
			v.enumField(fmt.Sprintf("member_levels[%d]", j), enumMemberLevel, &p.MemberLevels[j], true)
		}
		if p.StartsAt.IsZero() {
			v.add("starts_at", "start time is required — RFC3339 with zone")
		}
		if p.EndsAt.IsZero() {
			v.add("ends_at", "end time is required — RFC3339 with zone")
		}
		if !p.StartsAt.IsZero() && !p.EndsAt.IsZero() && !p.EndsAt.After(p.StartsAt) {
			v.add("ends_at", "ends at %s, not after it starts (%s)", p.EndsAt.Format(time.RFC3339), p.StartsAt.Format(time.RFC3339))
		}
	}
}

func (v *validator) faqs() {
	seen := map[string]int{}
	for i := range v.b.FAQs {
		f := &v.b.FAQs[i]
		f.ID = strings.TrimSpace(f.ID)
		v.at("faqs", i, f.ID)
		v.required("id", f.ID, "FAQ id")
		v.unique(seen, f.ID, i)
		v.required("question", f.Question, "question")
		v.required("answer", f.Answer, "answer")
		for j, id := range f.ProductIDs {
			v.productRef(fmt.Sprintf("product_ids[%d]", j), id)
		}
	}
}

func (v *validator) documents() {
	seen := map[string]int{}
	for i := range v.b.Documents {
		d := &v.b.Documents[i]
		d.ID = strings.TrimSpace(d.ID)
		v.at("documents", i, d.ID)
		v.required("id", d.ID, "document id")
		v.unique(seen, d.ID, i)
		v.required("title", d.Title, "title")
		v.enumField("kind", enumDocKind, &d.Kind, true)
		v.enumField("format", enumDocFormat, &d.Format, true)
		v.required("body", d.Body, "body")
		for j, id := range d.ProductIDs {
			v.productRef(fmt.Sprintf("product_ids[%d]", j), id)
		}
	}
}
