package bot

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// OrderRef says which order the shopper means; every field is optional.
// Without any, the order in focus or the only relevant order is used, and
// the shopper is asked to choose when several match.
type OrderRef struct {
	OrderID    string `json:"order_id,omitempty"`
	TrackingNo string `json:"tracking_no,omitempty"`
	// Date (YYYY-MM-DD) the order was placed ("我昨天买的").
	Date      string `json:"date,omitempty"`
	ProductID string `json:"product_id,omitempty"`
	Category  string `json:"category,omitempty"`
	Color     string `json:"color,omitempty"`
}

const orderRefProps = `"order_id":{"type":"string"},
"tracking_no":{"type":"string"},
"date":{"type":"string","description":"YYYY-MM-DD the order was placed"},
"product_id":{"type":"string","description":"a product in the order"},
"category":{"type":"string"},
"color":{"type":"string"}`

// relevantStatuses are the order statuses an intent is usually about.
var relevantStatuses = map[string][]shop.OrderStatus{
	"logistics":          {shop.StatusShipped, shop.StatusInTransit},
	"order_status":       {shop.StatusPendingPayment, shop.StatusToShip, shop.StatusShipped, shop.StatusInTransit, shop.StatusRefunding},
	"dispatch_time":      {shop.StatusToShip, shop.StatusPendingPayment},
	"payment":            {shop.StatusPendingPayment},
	"urge_dispatch":      {shop.StatusToShip},
	"change_address":     {shop.StatusPendingPayment, shop.StatusToShip, shop.StatusShipped, shop.StatusInTransit},
	"cancel_order":       {shop.StatusPendingPayment, shop.StatusToShip},
	"refund_status":      {shop.StatusRefunding},
	"refund_request":     {shop.StatusToShip, shop.StatusShipped, shop.StatusInTransit, shop.StatusDelivered, shop.StatusCompleted},
	"return_exchange":    {shop.StatusDelivered, shop.StatusCompleted},
	"quality_complaint":  {shop.StatusDelivered, shop.StatusCompleted},
	"wrong_missing_item": {shop.StatusDelivered, shop.StatusCompleted},
	"damaged_parcel":     {shop.StatusDelivered, shop.StatusCompleted, shop.StatusInTransit, shop.StatusShipped},
	"adverse_reaction":   {shop.StatusDelivered, shop.StatusCompleted},
	"price_protection":   {shop.StatusToShip, shop.StatusShipped, shop.StatusInTransit, shop.StatusDelivered, shop.StatusCompleted},
	"invoice":            {shop.StatusDelivered, shop.StatusCompleted},
}

// verifyPrompt asks an anonymous visitor to prove who they are.
const verifyPrompt = "为了保护您的隐私,查询订单前需要先验证身份:请发送订单号和下单手机号后四位,例如“订单号2611… 手机尾号1234”。"

// resolveOrder finds the order meant, or returns the question to ask.
func (t *turn) resolveOrder(ref OrderRef, intent string) (*shop.Order, *Result, error) {
	if t.customerID == "" {
		pend := &Pending{Kind: "verify", Intent: intent}
		if ref.OrderID != "" {
			// Remembered so that the phone digits alone complete the check next turn.
			pend.Candidates = []string{ref.OrderID}
		}
		return nil, &Result{Text: verifyPrompt, Pending: pend, Handled: true}, nil
	}
	if ref.TrackingNo != "" && ref.OrderID == "" {
		s, err := t.b.d.Orders.ShipmentByTracking(t.ctx, ref.TrackingNo)
		if err != nil && !notFound(err) {
			return nil, nil, fmt.Errorf("load shipment: %w", err)
		}
		if err == nil {
			ref.OrderID = s.OrderID
		} else {
			return nil, &Result{Text: fmt.Sprintf("在您的账户下没有找到快递单号%s对应的订单,请核对一下单号,或直接发订单号给我。", ref.TrackingNo), Handled: true}, nil
		}
	}
	if ref.OrderID != "" {
		o, err := t.ownOrder(ref.OrderID)
		if err != nil {
			return nil, nil, err
		}
		if o == nil {
			return nil, &Result{Text: "在您的账户下没有找到这个订单,请核对订单号(可在「我的订单」里复制);如果是用其他账号下的单,请用下单账号咨询。", Handled: true}, nil
		}
		return o, nil, nil
	}
	all, err := t.myOrders()
	if err != nil {
		return nil, nil, err
	}
	if len(all) == 0 {
		return nil, &Result{Text: "您的账户下还没有订单哦。如果是用其他账号下的单,请用下单账号联系我们。", Handled: true}, nil
	}
	filtered := ref.Date != "" || ref.ProductID != "" || ref.Category != "" || ref.Color != ""
	cands := all
	if filtered {
		cands = nil
		for _, o := range all {
			if t.orderMatches(o, ref) {
				cands = append(cands, o)
			}
		}
		if len(cands) == 0 && ref.ProductID != "" {
			// A product word ("空气炸锅") resolves to one catalogue product, but the
			// shopper may have bought another of its kind: match by its category.
			if p, _ := t.product(ref.ProductID); p != nil && p.Category != "" {
				alt := ref
				alt.ProductID, alt.Category = "", p.Category
				for _, o := range all {
					if t.orderMatches(o, alt) {
						cands = append(cands, o)
					}
				}
			}
		}
		if len(cands) == 0 {
			return nil, t.askPick(relevant(all, intent, all), intent, "没有找到符合描述的订单。"), nil
		}
		if len(cands) == 1 {
			return &cands[0], nil, nil
		}
		if ref.Date != "" {
			// "我昨天买的那个" with two orders that day: the shopper must choose;
			// guessing by status could answer about the wrong parcel.
			return nil, t.askPick(cands, intent, ""), nil
		}
	} else if t.st.OrderID != "" {
		// The order in focus, unless the question only makes sense at a
		// stage it is not at and another order is ("退款多久到账" after
		// talking about a delivered order, with another one being refunded).
		// A return or a complaint may well be about the order in focus at
		// any stage ("这个能退吗" of a parcel on its way).
		other := relevant(all, intent, nil)
		for i := range all {
			if all[i].ID == t.st.OrderID && (!stageBound[intent] || len(other) == 0 || len(relevant([]shop.Order{all[i]}, intent, nil)) == 1) {
				return &all[i], nil, nil
			}
		}
	}
	rel := relevant(cands, intent, nil)
	if len(rel) == 1 {
		return &rel[0], nil, nil
	}
	if len(rel) == 0 {
		rel = cands
		if len(rel) == 1 {
			return &rel[0], nil, nil
		}
	}
	return nil, t.askPick(rel, intent, ""), nil
}

// ownOrderAt reports whether a question about one stage of an order
// (delivery, dispatch) is about an order of the verified customer at one of
// the statuses: the order in focus if it is at one, or else one of theirs
// with productID, the product in view (any order when none is). A shopper
// looking at a product they have not ordered asks about a new order.
func (t *turn) ownOrderAt(productID string, statuses ...shop.OrderStatus) (bool, error) {
	if t.customerID == "" {
		return false, nil
	}
	all, err := t.myOrders()
	if err != nil {
		return false, err
	}
	for _, o := range all {
		if o.ID == t.st.OrderID {
			return slices.Contains(statuses, o.Status), nil
		}
	}
	for _, o := range all {
		if slices.Contains(statuses, o.Status) && (productID == "" || slices.ContainsFunc(o.Items, func(it shop.OrderItem) bool { return it.ProductID == productID })) {
			return true, nil
		}
	}
	return false, nil
}

// stageBound are the intents that ask about an order at one stage only:
// a refund being made, a payment, a dispatch. ("到哪了" after talking
// about a delivered parcel may be that parcel missing.)
var stageBound = map[string]bool{"refund_status": true, "payment": true, "dispatch_time": true, "urge_dispatch": true}

// relevant keeps the orders in the statuses the intent is about; fallback when none.
func relevant(os []shop.Order, intent string, fallback []shop.Order) []shop.Order {
	sts, ok := relevantStatuses[intent]
	if !ok {
		return os
	}
	var out []shop.Order
	for _, o := range os {
		if slices.Contains(sts, o.Status) {
			out = append(out, o)
		}
	}
	if len(out) == 0 {
		return fallback
	}
	return out
}

func (t *turn) orderMatches(o shop.Order, ref OrderRef) bool {
	if ref.Date != "" && o.CreatedAt.In(t.loc()).Format(time.DateOnly) != ref.Date {
		return false
	}
	if ref.ProductID == "" && ref.Category == "" && ref.Color == "" {
		return true
	}
	for _, it := range o.Items {
		if ref.ProductID != "" && it.ProductID != ref.ProductID {
			continue
		}
		if ref.Color != "" && it.Color != ref.Color {
			continue
		}
		if ref.Category != "" {
			if p, _ := t.product(it.ProductID); !categoryMatches(p, ref.Category) && !strings.Contains(it.Name, ref.Category) {
				continue
			}
		}
		return true
	}
	return false
}

// askPick lists the candidate orders and asks which one.
func (t *turn) askPick(cands []shop.Order, intent, lead string) *Result {
	if len(cands) > 4 {
		cands = cands[:4]
	}
	r := &Result{Handled: true, Pending: &Pending{Kind: "order_pick", Intent: intent}}
	var b strings.Builder
	b.WriteString(lead)
	b.WriteString("请问您问的是哪一笔订单?")
	for i, o := range cands {
		fmt.Fprintf(&b, "\n%d. %s", i+1, t.orderLabel(o))
		r.Pending.Candidates = append(r.Pending.Candidates, o.ID)
		r.QuickReplies = append(r.QuickReplies, fmt.Sprintf("第%d笔", i+1))
		r.Cards = append(r.Cards, orderCard(o, t))
	}
	r.Text = b.String()
	return r
}

// itemName is an order line's product name: as ordered, or the
// catalogue's when the line has none.
func (t *turn) itemName(it shop.OrderItem) string {
	if it.Name != "" {
		return it.Name
	}
	if p, _ := t.product(it.ProductID); p != nil {
		return p.Name
	}
	return ""
}

// orderLabel is a short description: 11月21日下单 法式V领收腰连衣裙 红色M码(运输中).
func (t *turn) orderLabel(o shop.Order) string {
	var items []string
	for _, it := range o.Items {
		name := t.itemName(it)
		if v := variantLabel(it.Color, it.Size); v != "" {
			name += " " + v
		}
		items = append(items, name)
	}
	return fmt.Sprintf("%s下单 %s(%s)", cnDate(o.CreatedAt.In(t.loc())), strings.Join(items, "、"), o.Status.Label())
}

func orderCard(o shop.Order, t *turn) Card {
	c := Card{Type: "order", ID: o.ID, Title: "订单 " + o.ID, Status: o.Status.Label(), Price: o.Total.String(),
		Subtitle: cnDate(o.CreatedAt.In(t.loc())) + "下单"}
	for _, it := range o.Items {
		name := t.itemName(it)
		c.Lines = append(c.Lines, fmt.Sprintf("%s %s ×%d", name, variantLabel(it.Color, it.Size), it.Qty))
	}
	return c
}

const schemaOrder = `{"type":"object","properties":{` + orderRefProps + `}}`

// OrderStatusParams asks about an order's status and parcel.
type OrderStatusParams struct {
	OrderRef
	// Intent is the shopper's intent (logistics, order_status, refund_status, dispatch_time).
	Intent string `json:"intent,omitempty"`
	// Impatient: the shopper complains of the wait ("怎么这么慢", "都一个礼拜了").
	Impatient bool `json:"impatient,omitempty"`
}

// OrderStatusResult is an order's state and its parcels' tracking.
type OrderStatusResult struct {
	OrderID     string           `json:"order_id"`
	Status      string           `json:"status"`
	StatusLabel string           `json:"status_label"`
	Dispatch    *DispatchInfo    `json:"dispatch,omitempty"`
	Parcels     []ParcelTracking `json:"parcels,omitempty"`
	// Issue is set when a parcel is stalled or has an exception.
	Issue bool `json:"issue,omitempty"`
	// FollowUpCase is the logistics case that records the shop's promise to
	// chase the carrier about such a parcel (opened now or already open).
	FollowUpCase string `json:"follow_up_case,omitempty"`
}

// DispatchInfo is when an order leaves the warehouse.
type DispatchInfo struct {
	ShipDate string `json:"ship_date"`
	Latest   string `json:"latest,omitempty"`
	SameDay  bool   `json:"same_day"`
	Reason   string `json:"reason"`
	Overdue  bool   `json:"overdue,omitempty"`
}

// ParcelTracking is one parcel's tracking.
type ParcelTracking struct {
	Carrier     string `json:"carrier"`
	TrackingNo  string `json:"tracking_no"`
	Outcome     string `json:"outcome"`
	LatestTime  string `json:"latest_time,omitempty"`
	LatestPlace string `json:"latest_place,omitempty"`
	LatestText  string `json:"latest_text,omitempty"`
	ETA         string `json:"eta,omitempty"`
	Explanation string `json:"explanation,omitempty"`
	ShopAction  string `json:"shop_action,omitempty"`
	Stalled     bool   `json:"stalled,omitempty"`
	Exception   bool   `json:"exception,omitempty"`
	// Late: moving, but the day it was due has passed.
	Late bool `json:"late,omitempty"`
	// Notable are earlier scans that matter to the shopper (a failed
	// delivery, a refusal, damage on the way), oldest first, as quoted.
	Notable []string `json:"notable,omitempty"`
}

// notableEvents quotes a parcel's earlier problem scans (exception,
// damaged, held) other than the latest, with the scan's local time and place.
func notableEvents(s shop.Shipment, loc *time.Location) []string {
	latest, ok := s.LatestEvent()
	if !ok {
		return nil
	}
	evs := slices.Clone(s.Events)
	slices.SortStableFunc(evs, func(a, b shop.TrackingEvent) int { return a.Time.Compare(b.Time) })
	var out []string
	for _, e := range evs {
		if e.Time.Equal(latest.Time) && e.Description == latest.Description {
			continue
		}
		switch e.Status {
		case shop.ShipException, "damaged", "held":
			out = append(out, strings.TrimSpace(e.Time.In(loc).Format("01-02 15:04")+" "+placeLabel(e.Location, e.Description)+strings.TrimSuffix(e.Description, "。")))
		}
	}
	if len(out) > 2 {
		out = out[len(out)-2:]
	}
	return out
}

// placeLabel is "location " unless the description already names it.
func placeLabel(loc, desc string) string {
	if loc == "" || strings.Contains(desc, loc) {
		return ""
	}
	return loc + " "
}

func (t *turn) orderStatus(p OrderStatusParams) (Result, error) {
	intent := p.Intent
	if intent == "" {
		intent = "order_status"
	}
	o, ask, err := t.resolveOrder(p.OrderRef, intent)
	if err != nil || ask != nil {
		return deref(ask), err
	}
	pol, err := t.policies()
	if err != nil {
		return Result{}, err
	}
	res := OrderStatusResult{OrderID: o.ID, Status: string(o.Status), StatusLabel: o.Status.Label()}
	r := Result{Data: &res, Handled: true, OrderID: o.ID, Cards: []Card{orderCard(*o, t)}, ProductID: soleProduct(*o)}
	var b strings.Builder
	if p.Impatient && o.Status.Dispatched() && o.Status != shop.StatusDelivered && o.Status != shop.StatusCompleted {
		b.WriteString("理解您着急,我帮您看了一下:")
	}
	fmt.Fprintf(&b, "您%s的订单(%s)当前状态:%s。", cnDate(o.CreatedAt.In(t.loc())), shortItems(*o, t), o.Status.Label())
	switch o.Status {
	case shop.StatusPendingPayment:
		b.WriteString("订单还没有付款,付款后才会安排发货。")
	case shop.StatusToShip:
		d := t.dispatchOf(*o, pol)
		res.Dispatch = d
		if d != nil {
			if d.Overdue {
				fmt.Fprintf(&b, "按店铺承诺最晚应在%s前发出,已经超时了,非常抱歉,我马上帮您催仓库。", d.Latest)
				res.Issue = true
			} else {
				fmt.Fprintf(&b, "预计%s发货(%s)。", d.ShipDate, d.Reason)
			}
		}
	case shop.StatusRefunding:
		b.WriteString("退款正在处理中")
		if pol.Returns.RefundDays > 0 {
			fmt.Fprintf(&b, ",仓库签收退货后%d天内原路退回", pol.Returns.RefundDays)
		}
		b.WriteString("。")
	case shop.StatusCancelled:
		b.WriteString("订单已取消,如已付款会原路退回。")
	}
	if o.Status.Dispatched() || o.Status == shop.StatusRefunding {
		ships, err := t.b.d.Orders.ShipmentsByOrder(t.ctx, o.ID)
		if err != nil && !notFound(err) {
			return Result{}, fmt.Errorf("load shipments: %w", err)
		}
		// An order being refunded is about the money and the goods on their
		// way back: the delivery of the outbound parcel is old news, and a
		// parcel refused and returned needs no re-shipping or follow-up.
		refunding := o.Status == shop.StatusRefunding
		for _, s := range ships {
			pt := t.track(s, *o, pol)
			res.Parcels = append(res.Parcels, pt)
			card := Card{Type: "tracking", ID: s.TrackingNo, Title: pt.Carrier + " " + pt.TrackingNo, Status: pt.Outcome,
				Lines: []string{strings.TrimSpace(pt.LatestTime + " " + pt.LatestPlace + " " + pt.LatestText)}}
			r.Cards = append(r.Cards, card)
			if refunding && pt.Outcome == shop.TrackDelivered {
				continue
			}
			res.Issue = res.Issue || !refunding && (pt.Stalled || pt.Exception)
			fmt.Fprintf(&b, "%s %s:", pt.Carrier, pt.TrackingNo)
			if pt.LatestText != "" {
				fmt.Fprintf(&b, "最新物流 %s %s%s。", pt.LatestTime, placeLabel(pt.LatestPlace, pt.LatestText), strings.TrimSuffix(pt.LatestText, "。"))
			} else {
				b.WriteString("已发货,等待快递揽收。")
			}
			if len(pt.Notable) > 0 {
				fmt.Fprintf(&b, "途中记录:%s。", strings.Join(pt.Notable, ";"))
			}
			switch {
			case refunding:
			case pt.Exception || pt.Stalled:
				// The scan the explanation quotes was just quoted above.
				expl := strings.TrimSuffix(strings.TrimSuffix(pt.Explanation, ",快递记录:"+pt.LatestText), "。")
				fmt.Fprintf(&b, "%s;%s。", expl, strings.TrimSuffix(pt.ShopAction, "。"))
			case pt.Outcome == shop.TrackDelivered:
			case pt.Late:
				fmt.Fprintf(&b, "原预计%s送达,已经超过了,非常抱歉;店铺会联系快递核实原因。", pt.ETA)
			case pt.ETA != "":
				fmt.Fprintf(&b, "预计%s送达", pt.ETA)
				if p.Impatient {
					// A wait complained of while the parcel is on time: say
					// so, and when to come back, rather than repeat the scan.
					b.WriteString(",目前还在正常时效内;如果到时还没收到,随时找我,帮您联系快递核实")
				}
				b.WriteString("。")
			}
		}
		if len(ships) == 0 && o.Status.Dispatched() {
			b.WriteString("暂时还没有物流信息,请稍后再查。")
		}
		if err := t.recordFollowUp(*o, &res, &b); err != nil {
			return Result{}, err
		}
	}
	r.Text = b.String()
	return r, nil
}

// soleProduct is the product of an order of one product, which becomes the
// product in focus: "我的沙发到哪了" then "要自己安装吗" asks about that sofa.
// "" for an order of several products.
func soleProduct(o shop.Order) string {
	id := ""
	for _, it := range o.Items {
		if id != "" && it.ProductID != id {
			return ""
		}
		id = it.ProductID
	}
	return id
}

// recordFollowUp opens a logistics case for an order whose parcel is stalled
// or failed on the way, or finds the one already open, and says its number.
// The reply has just promised that the shop will chase the carrier; the case
// is what puts that promise in front of an agent. Nothing is recorded for a
// parcel that is moving or delivered, nor without a case store.
func (t *turn) recordFollowUp(o shop.Order, res *OrderStatusResult, b *strings.Builder) error {
	if t.b.d.Cases == nil || o.Status == shop.StatusRefunding {
		return nil
	}
	var issues []string
	for _, pt := range res.Parcels {
		switch {
		case pt.Stalled || pt.Exception:
			issues = append(issues, pt.Carrier+" "+pt.TrackingNo+":"+pt.Explanation)
		case pt.Late:
			issues = append(issues, pt.Carrier+" "+pt.TrackingNo+":超过预计送达时间("+pt.ETA+")仍未签收")
		}
	}
	if len(issues) == 0 {
		return nil
	}
	cs, err := t.b.d.Cases.Cases(t.ctx, t.customerID)
	if err != nil && !notFound(err) {
		return fmt.Errorf("load cases: %w", err)
	}
	for _, c := range cs {
		if c.OrderID == o.ID && c.Kind == shop.CaseLogistics && c.Status != shop.CaseResolved && c.Status != shop.CaseClosed {
			res.FollowUpCase = c.ID
			fmt.Fprintf(b, "物流跟进单(单号%s)已在处理中。", c.ID)
			return nil
		}
	}
	c := shop.Case{ID: t.newCaseID(), ConversationID: t.convID, CustomerID: t.customerID, OrderID: o.ID, Kind: shop.CaseLogistics,
		Status: shop.CaseOpen, Summary: truncate("物流跟进:"+strings.Join(issues, ";"), 200), CreatedAt: t.now, UpdatedAt: t.now}
	if err := t.b.d.Cases.CreateCase(t.ctx, c); err != nil {
		return fmt.Errorf("create case: %w", err)
	}
	res.FollowUpCase = c.ID
	fmt.Fprintf(b, "已为您登记物流跟进单(单号%s)。", c.ID)
	return nil
}

func deref(r *Result) Result {
	if r == nil {
		return Result{}
	}
	return *r
}

// dispatchOf estimates when a paid, unshipped order leaves.
func (t *turn) dispatchOf(o shop.Order, pol shop.Policies) *DispatchInfo {
	paid := o.CreatedAt
	if o.PaidAt != nil {
		paid = *o.PaidAt
	}
	d := shop.DispatchEstimate(pol, paid, t.loc())
	info := &DispatchInfo{ShipDate: cnDate(d.ShipDate), SameDay: d.SameDay, Reason: d.Reason}
	if !d.Latest.IsZero() {
		info.Latest = cnDateTime(d.Latest.In(t.loc()))
		info.Overdue = t.now.After(d.Latest)
	}
	return info
}

func (t *turn) track(s shop.Shipment, o shop.Order, pol shop.Policies) ParcelTracking {
	ts := shop.TrackShipment(s, t.now)
	pt := ParcelTracking{Carrier: s.Carrier, TrackingNo: s.TrackingNo, Outcome: ts.Outcome, Explanation: ts.Explanation,
		ShopAction: ts.ShopAction, Stalled: ts.Stalled, Exception: ts.Exception}
	if ts.HasScan {
		pt.LatestTime = ts.Latest.Time.In(t.loc()).Format("01-02 15:04")
		pt.LatestPlace = ts.Latest.Location
		pt.LatestText = ts.Latest.Description
		// The shop package formats scan times as stored (UTC from the
		// database); the shopper reads shop time.
		if raw := ts.Latest.Time.Format("01-02 15:04"); raw != pt.LatestTime {
			pt.Explanation = strings.ReplaceAll(pt.Explanation, raw, pt.LatestTime)
		}
	}
	pt.Notable = notableEvents(s, t.loc())
	var due time.Time
	switch {
	case s.EstimatedDelivery != nil:
		due = s.EstimatedDelivery.In(t.loc())
		pt.ETA = cnDate(due)
	case s.ShippedAt != nil:
		e := shop.DeliveryEstimate(pol.Shipping, s.ShippedAt.In(t.loc()), o.Address.Province, o.Address.City)
		due = e.Latest
		if e.MinDays == e.MaxDays {
			pt.ETA = cnDate(e.Earliest)
		} else {
			pt.ETA = cnDate(e.Earliest) + "至" + cnDate(e.Latest)
		}
	}
	if !due.IsZero() && ts.Outcome != shop.TrackDelivered && !pt.Stalled && !pt.Exception {
		y, m, d := due.In(t.loc()).Date()
		pt.Late = t.now.In(t.loc()).After(time.Date(y, m, d, 23, 59, 59, 0, t.loc()))
	}
	if ts.HasScan && ts.Latest.Status == shop.ShipOutForDelivery && !pt.Stalled && !pt.Exception &&
		ts.Latest.Time.In(t.loc()).Format(time.DateOnly) == t.now.In(t.loc()).Format(time.DateOnly) {
		// A parcel out for delivery this morning arrives today, whatever
		// the estimate made when it shipped said.
		pt.ETA, pt.Late = "今天", false
	}
	return pt
}

func shortItems(o shop.Order, t *turn) string {
	var names []string
	for _, it := range o.Items {
		name := t.itemName(it)
		names = append(names, name)
	}
	if len(names) > 2 {
		return fmt.Sprintf("%s等%d件", names[0], len(names))
	}
	return strings.Join(names, "、")
}

const schemaShipping = `{"type":"object","properties":{
"region":{"type":"string","description":"province or city; empty uses the shopper's"},
"product_id":{"type":"string"},
"aspect":{"type":"string","enum":["dispatch","delivery","fee","carrier"]},
"weekend":{"type":"boolean","description":"asks whether the warehouse ships on weekends"},
"holiday":{"type":"boolean","description":"asks whether the warehouse ships on holidays"}}}`

// ShippingParams asks about dispatch, transit time, fee or carrier before buying.
type ShippingParams struct {
	Region    string `json:"region,omitempty"`
	ProductID string `json:"product_id,omitempty"`
	Aspect    string `json:"aspect,omitempty"`
	// Weekend and Holiday: the shopper asks whether the warehouse ships on
	// weekends ("周末发货吗") or holidays ("元旦发不发货").
	Weekend bool `json:"weekend,omitempty"`
	Holiday bool `json:"holiday,omitempty"`
}

// restDayRule answers whether the warehouse ships on rest days from the
// dispatch policy: weekends by ShipsOnWeekends, holidays by the dates the
// shop set, those of the coming holidayHorizon days named (also after a
// weekend question: the shopper planning around rest days wants them).
// When holidays are asked about and none are set, it says so rather than
// promising.
func restDayRule(dp shop.DispatchPolicy, now time.Time, loc *time.Location, weekend, holiday bool) string {
	var b strings.Builder
	if weekend {
		if dp.ShipsOnWeekends {
			b.WriteString("周六周日仓库照常发货")
			if dp.CutoffTime != "" {
				fmt.Fprintf(&b, ",每天%s前付款当天发出", dp.CutoffTime)
			}
		} else {
			b.WriteString("周六周日仓库休息不发货,周末付款的订单顺延到周一发出")
		}
		b.WriteString("。")
	}
	today := now.In(loc).Format(time.DateOnly)
	horizon := now.In(loc).AddDate(0, 0, holidayHorizon).Format(time.DateOnly)
	var days []string
	for _, h := range dp.Holidays {
		h = strings.TrimSpace(h)
		if h < today || h > horizon {
			continue
		}
		if d, err := time.ParseInLocation(time.DateOnly, h, loc); err == nil {
			days = append(days, cnDate(d))
		}
	}
	switch {
	case len(days) > 0:
		fmt.Fprintf(&b, "近期节假日安排:%s仓库休息,当天付款的订单顺延到下一个工作日发出。", strings.Join(days, "、"))
	case holiday && len(dp.Holidays) == 0:
		b.WriteString("店铺没有设置节假日停发,节假日照常发货。")
	case holiday:
		fmt.Fprintf(&b, "接下来%d天内没有安排节假日停发,照常发货。", holidayHorizon)
	}
	return b.String()
}

// holidayHorizon is how many days ahead restDayRule names holidays.
const holidayHorizon = 60

// ShippingResult is computed against the current time.
type ShippingResult struct {
	Dispatch DispatchInfo `json:"dispatch"`
	Region   string       `json:"region,omitempty"`
	ETA      string       `json:"eta,omitempty"`
	Remote   bool         `json:"remote,omitempty"`
	Fee      string       `json:"fee,omitempty"`
	FreeShip bool         `json:"free_shipping"`
	FeeNote  string       `json:"fee_note,omitempty"`
	Carrier  string       `json:"carrier,omitempty"`
	Carriers []string     `json:"carriers,omitempty"`
	Note     string       `json:"note,omitempty"`
}

func (t *turn) shippingInfo(p ShippingParams) (Result, error) {
	pol, err := t.policies()
	if err != nil {
		return Result{}, err
	}
	prod, err := t.product(p.ProductID)
	if err != nil {
		return Result{}, err
	}
	d := shop.DispatchEstimate(pol, t.now, t.loc())
	res := ShippingResult{Dispatch: DispatchInfo{ShipDate: cnDate(d.ShipDate), SameDay: d.SameDay, Reason: d.Reason}}
	r := Result{Data: &res, Handled: true}
	province, city := p.Region, ""
	where := p.Region
	if prov, ok := shop.ProvinceOf(p.Region); ok && prov != shop.NormalizeRegion(p.Region) {
		// A city ("乌鲁木齐") ships by its province's rule.
		province, city = prov, p.Region
	}
	if province == "" {
		if c := t.customer(); c != nil {
			province, city = c.Province, c.City
			where = province
		}
	}
	res.Region = province
	delivery := productDeliveryNote(prod)
	var b strings.Builder
	if prod != nil && pol.Dispatch.Notes != "" {
		for _, s := range strings.Split(pol.Dispatch.Notes, "。") {
			if prod.Category != "" && strings.Contains(s, prod.Category) {
				res.Note = strings.TrimSpace(s)
			}
		}
	}
	aspect := p.Aspect
	if aspect == "" || aspect == "dispatch" {
		switch {
		case res.Note != "":
			fmt.Fprintf(&b, "「%s」%s。", prod.Name, res.Note)
		case p.Weekend || p.Holiday:
			b.WriteString(restDayRule(pol.Dispatch, t.now, t.loc(), p.Weekend, p.Holiday))
		case d.SameDay:
			fmt.Fprintf(&b, "现在下单付款,今天(%s)就能发货:每天%s前付款当天发出。", cnDate(d.ShipDate), d.Cutoff)
		default:
			fmt.Fprintf(&b, "现在下单付款,预计%s发货", cnDate(d.ShipDate))
			if d.Cutoff != "" {
				fmt.Fprintf(&b, "(每天%s前付款当天发,已过今天的截单时间)", d.Cutoff)
			}
			b.WriteString("。")
		}
	}
	if aspect == "" || aspect == "delivery" || aspect == "dispatch" && province != "" {
		if province != "" || aspect == "delivery" {
			e := shop.DeliveryEstimate(pol.Shipping, d.ShipDate, province, city)
			res.Remote = e.Remote
			if e.MinDays == e.MaxDays {
				res.ETA = cnDate(e.Earliest)
			} else {
				res.ETA = cnDate(e.Earliest) + "至" + cnDate(e.Latest)
			}
			if where == "" {
				where = "大部分地区"
			}
			if delivery != "" {
				fmt.Fprintf(&b, "「%s」%s", prod.Name, strings.TrimSuffix(delivery, "。"))
			} else if res.Note == "" {
				fmt.Fprintf(&b, "发%s一般%s天送达,预计%s到", where, dayRange(e.MinDays, e.MaxDays), res.ETA)
			} else {
				fmt.Fprintf(&b, "发出后到%s一般%s天", where, dayRange(e.MinDays, e.MaxDays))
			}
			if e.Remote {
				b.WriteString(",属于偏远地区,时效可能更长")
			}
			b.WriteString("。")
		}
	}
	if aspect == "fee" || aspect == "carrier" {
		price := shop.Money(0)
		if prod != nil {
			price = prod.Price
		}
		fee, free, reason := shop.ShippingFee(pol.Shipping, price, province)
		res.Fee, res.FreeShip = fee.String(), free
		if prod != nil {
			fmt.Fprintf(&b, "%s。", reason)
		} else if pol.Shipping.FreeShippingThreshold > 0 {
			fmt.Fprintf(&b, "满%s元包邮,不满收运费%s元", pol.Shipping.FreeShippingThreshold, pol.Shipping.Fee)
			if len(pol.Shipping.RemoteRegions) > 0 {
				fmt.Fprintf(&b, ";%s等偏远地区运费%s元,不参与包邮", strings.Join(pol.Shipping.RemoteRegions, "、"), pol.Shipping.RemoteFee)
			}
			b.WriteString("。")
		} else {
			b.WriteString("全场包邮。")
		}
	}
	if (aspect == "carrier" || aspect == "fee") && delivery != "" {
		// Furniture sent by the factory's own logistics: its terms, not the
		// parcel carriers and their SF upgrade.
		fmt.Fprintf(&b, "「%s」不走普通快递,%s。", prod.Name, strings.TrimSuffix(delivery, "。"))
	} else if aspect == "carrier" || aspect == "fee" {
		res.Carrier, res.Carriers = pol.Shipping.DefaultCarrier, pol.Shipping.Carriers
		if pol.Shipping.DefaultCarrier != "" {
			fmt.Fprintf(&b, "默认发%s", pol.Shipping.DefaultCarrier)
			perk := carrierPerk(pol, t.customer(), "顺丰")
			if pol.Shipping.SFSurcharge > 0 && slices.Contains(pol.Shipping.Carriers, "顺丰") && perk == "" {
				fmt.Fprintf(&b, ",需要顺丰可补%s元运费差价", pol.Shipping.SFSurcharge)
			}
			b.WriteString("。")
			if perk != "" {
				b.WriteString(perk)
			}
		}
	}
	r.Text = b.String()
	if prod != nil {
		r.ProductID = prod.ID
	}
	return r, nil
}

func dayRange(a, b int) string {
	if a == b {
		return fmt.Sprint(a)
	}
	return fmt.Sprintf("%d-%d", a, b)
}

// productDeliveryNote is the product's own delivery promise (furniture sent
// from the factory: "发货后约7–15天送达"), from the attribute sentence that
// states a delivery time; "" when the product has none.
func productDeliveryNote(p *shop.Product) string {
	if p == nil {
		return ""
	}
	keys := make([]string, 0, len(p.Attributes))
	for k := range p.Attributes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if v := p.Attributes[k]; strings.Contains(v, "送达") {
			return k + ":" + v
		}
	}
	return ""
}

// carrierPerk quotes the customer's member benefit about a carrier
// ("默认免费升级顺丰"); "" when the level has none.
func carrierPerk(pol shop.Policies, c *shop.Customer, carrier string) string {
	if c == nil {
		return ""
	}
	b, ok := pol.Benefit(orDefault(c.MemberLevel, shop.LevelRegular))
	if !ok {
		return ""
	}
	for _, x := range b.Benefits {
		if strings.Contains(x, carrier) && !strings.Contains(x, "取件") {
			return fmt.Sprintf("您是%s,享有“%s”的权益,发顺丰不用补差价。", shop.MemberLevelLabel(c.MemberLevel), x)
		}
	}
	return ""
}
