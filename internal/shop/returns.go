package shop

import (
	"fmt"
	"strings"
	"time"
)

// ReturnReason is why the shopper wants to send an item back.
type ReturnReason string

// Return reasons the bot recognises.
const (
	ReturnNoReason        ReturnReason = "no_reason"        // 七天无理由: changed their mind
	ReturnSizeExchange    ReturnReason = "size_exchange"    // 换尺码/换颜色
	ReturnQuality         ReturnReason = "quality"          // defect: 开线, 起球, 不工作
	ReturnDamaged         ReturnReason = "damaged"          // damaged in transit
	ReturnWrongItem       ReturnReason = "wrong_item"       // wrong item, size or colour sent
	ReturnMissingItem     ReturnReason = "missing_item"     // 漏发
	ReturnAdverseReaction ReturnReason = "adverse_reaction" // allergy or skin reaction
)

// Kinds of after-sales handling a return decision grants.
const (
	ReturnKindReturn         = "return"          // no-reason return and refund
	ReturnKindExchange       = "exchange"        // exchange for another size or colour
	ReturnKindQuality        = "quality_return"  // the shop's fault: replace, refund, repair ...
	ReturnKindWarrantyRepair = "warranty_repair" // past the quality window, within the warranty
	ReturnKindCancel         = "cancel"          // not yet dispatched: cancel instead
)

// Outcomes of a return decision, for the bot to branch on.
const (
	ReturnOutcomeAllowed          = "allowed"
	ReturnOutcomeWindowExpired    = "window_expired"
	ReturnOutcomeCategoryExcluded = "category_excluded"
	ReturnOutcomeOpenedExcluded   = "opened_excluded"
	ReturnOutcomeTagsRemoved      = "tags_removed"
	ReturnOutcomeCancelInstead    = "cancel_instead"     // not dispatched yet
	ReturnOutcomeInTransit        = "in_transit"         // refuse delivery or wait
	ReturnOutcomeNotPaid          = "not_paid"           // nothing to return
	ReturnOutcomeOrderCancelled   = "order_cancelled"    // nothing to return
	ReturnOutcomeRefundInProgress = "refund_in_progress" // a refund is already running
	ReturnOutcomeNeedsHuman       = "needs_human"        // the data cannot decide it
	ReturnOutcomeUnknownReason    = "unknown_reason"
)

// Who pays the postage of a return.
const (
	FreightCustomer  = "customer"
	FreightShop      = "shop"
	FreightInsurance = "insurance" // 运费险 refunds the shopper's postage
)

// ReturnInput is everything a return decision depends on.
type ReturnInput struct {
	Policies Policies
	Order    Order
	// ItemIndex is the line of Order.Items in question; -1 (or out of range)
	// means the order as a whole.
	ItemIndex int
	// Product is the product, if known; its Category is used when Category is empty.
	Product *Product
	// Category is the item's canonical category (面霜, 内衣 ...).
	Category string
	// MemberLevel is the shopper's member level (regular, silver, gold, diamond).
	MemberLevel string
	Reason      ReturnReason
	// Opened: the seal was broken. The order line's Opened flag counts too.
	Opened bool
	// TagsRemoved: the shopper said the tags (吊牌) are off. Unknown is
	// treated as intact and the policy conditions are listed instead, so a
	// zero value never refuses a return by accident.
	TagsRemoved bool
	Now         time.Time
	// Loc is the shop's time zone; nil means Asia/Shanghai.
	Loc *time.Location
}

// ReturnDecision says whether and how an item may go back, and why. Every
// field the bot quotes comes from the policy or the order.
type ReturnDecision struct {
	Allowed bool
	// Outcome is one of the ReturnOutcome constants.
	Outcome string
	// Kind is one of the ReturnKind constants; empty when nothing applies.
	Kind string
	// Reason is a specific Chinese explanation:
	// "签收已9天,超过7天无理由退货期", "面霜已拆封,不支持无理由退货".
	Reason string
	// Clause is the policy rule applied, in Chinese: "签收后7天内无理由退货".
	Clause string
	// WindowDays is the applicable window after delivery (incl. member days);
	// MemberExtraDays is the part added by the member level.
	WindowDays      int
	MemberExtraDays int
	// DeliveredAt is when the order was signed for; zero when unknown.
	DeliveredAt time.Time
	// Deadline is the last moment of the window (23:59:59 shop time).
	Deadline time.Time
	// DaysSinceDelivery counts calendar days from the delivery date.
	DaysSinceDelivery int
	// FreightPaidBy is FreightCustomer, FreightShop or FreightInsurance.
	FreightPaidBy string
	PhotoRequired bool
	// Conditions the returned item must meet (吊牌完好, 未洗涤 ...).
	Conditions []string
	Steps      []string
	// Options the shopper may choose: replace, refund, repair,
	// partial_refund, cancel, refuse_delivery, wait, quality_claim ...
	Options []string
	// RefundDays is how long the refund takes after the warehouse receives it.
	RefundDays int
	// NeedsHuman is set when the data cannot decide and an agent must.
	NeedsHuman bool
	// Item is the order line in question, when one was given.
	Item *OrderItem
	// Category is the category the decision used.
	Category string
}

// ReturnEligibility decides a return, exchange or quality claim:
//   - the order must be delivered or completed; before dispatch the answer is
//     to cancel, in transit to refuse delivery or wait;
//   - no-reason returns run NoReasonDays from delivery plus the member's
//     ExtendedReturnDays, and exclude ExcludedCategories, opened items of
//     OpenedExcludedCategories and items whose tags are off; exchanges use
//     ExchangeDays (NoReasonDays if unset) under the same exclusions;
//   - quality, damage, wrong or missing items and adverse reactions run
//     QualityReturns.Days from delivery, with freight and photo per policy
//     (a photo is always needed for a reaction), then fall back to the
//     category's warranty;
//   - a member benefit with FreeReturnShipping makes the shop pay postage.
func ReturnEligibility(in ReturnInput) ReturnDecision {
	loc := shopZone(in.Loc)
	d := ReturnDecision{Category: in.Category}
	var item OrderItem
	if in.ItemIndex >= 0 && in.ItemIndex < len(in.Order.Items) {
		item = in.Order.Items[in.ItemIndex]
		d.Item = &item
	}
	if d.Category == "" && in.Product != nil {
		d.Category = in.Product.Category
	}
	name := itemLabel(d.Category, item, in.Product)
	opened := in.Opened || item.Opened

	switch in.Order.Status {
	case StatusPendingPayment:
		return d.refuse(ReturnOutcomeNotPaid, "订单尚未付款,无需退货;不想要可直接取消订单")
	case StatusToShip:
		d.Kind, d.Options = ReturnKindCancel, []string{"cancel"}
		return d.refuse(ReturnOutcomeCancelInstead, "订单尚未发货,无需退货,可直接申请取消订单并全额退款")
	case StatusShipped, StatusInTransit:
		d.Options = []string{"refuse_delivery", "wait"}
		return d.refuse(ReturnOutcomeInTransit, "包裹正在运输中,暂不能申请退货;可拒收包裹(退回后退款),或签收后再申请售后")
	case StatusRefunding:
		return d.refuse(ReturnOutcomeRefundInProgress, "该订单已有退款正在处理中,请勿重复申请")
	case StatusCancelled:
		return d.refuse(ReturnOutcomeOrderCancelled, "订单已取消,无需退货")
	case StatusDelivered, StatusCompleted:
	default:
		d.NeedsHuman = true
		return d.refuse(ReturnOutcomeNeedsHuman, fmt.Sprintf("订单状态%q无法判断售后资格,需人工核实", in.Order.Status))
	}

	delivered := in.Order.DeliveredAt
	if delivered == nil {
		d.NeedsHuman = true
		return d.refuse(ReturnOutcomeNeedsHuman, "订单缺少签收时间,无法计算售后期限,需人工核实")
	}
	d.DeliveredAt = delivered.In(loc)
	d.DaysSinceDelivery = calendarDays(*delivered, in.Now, loc)

	switch in.Reason {
	case ReturnNoReason, ReturnSizeExchange:
		return d.noReason(in, name, opened)
	case ReturnQuality, ReturnDamaged, ReturnWrongItem, ReturnMissingItem, ReturnAdverseReaction:
		return d.quality(in, loc)
	}
	return d.refuse(ReturnOutcomeUnknownReason, "未说明退货原因,请确认是无理由退货、换尺码,还是质量问题")
}

// refuse ends a decision that does not allow a return.
func (d ReturnDecision) refuse(outcome, reason string) ReturnDecision {
	d.Allowed, d.Outcome, d.Reason = false, outcome, reason
	return d
}

// noReason decides a no-reason return or a size exchange of a delivered order.
func (d ReturnDecision) noReason(in ReturnInput, name string, opened bool) ReturnDecision {
	loc := shopZone(in.Loc)
	rp := in.Policies.Returns
	exchange := in.Reason == ReturnSizeExchange
	verb, kind := "无理由退货", ReturnKindReturn
	if exchange {
		verb, kind = "换货", ReturnKindExchange
	}
	d.Conditions = rp.Conditions
	d.Options = nil

	// A quality claim stays open even when a no-reason return is refused.
	qualityOpen := in.Policies.QualityReturns.Days > 0 && d.DaysSinceDelivery <= in.Policies.QualityReturns.Days
	alt := func() {
		if qualityOpen {
			d.Options = []string{"quality_claim"}
		}
	}
	if d.Category != "" && containsFold(rp.ExcludedCategories, d.Category) {
		d.Clause = fmt.Sprintf("%s类商品不支持无理由退换", d.Category)
		alt()
		return d.refuse(ReturnOutcomeCategoryExcluded, fmt.Sprintf("%s属于不支持无理由退换的品类,如有质量问题可申请质量售后", name))
	}
	if opened && d.Category != "" && containsFold(rp.OpenedExcludedCategories, d.Category) {
		d.Clause = fmt.Sprintf("%s类商品拆封后不支持无理由退换", d.Category)
		alt()
		return d.refuse(ReturnOutcomeOpenedExcluded, fmt.Sprintf("%s已拆封,不支持%s", name, verb))
	}
	if in.TagsRemoved {
		d.Clause = "无理由退换需商品完好、吊牌完好、不影响二次销售"
		alt()
		return d.refuse(ReturnOutcomeTagsRemoved, fmt.Sprintf("%s吊牌已拆除,不符合%s条件(需吊牌完好、不影响二次销售)", name, verb))
	}

	window := rp.NoReasonDays
	var levelLabel string
	if exchange {
		if rp.ExchangeDays > 0 {
			window = rp.ExchangeDays
		}
	} else if b, ok := in.Policies.Benefit(in.MemberLevel); ok && b.ExtendedReturnDays > 0 {
		d.MemberExtraDays = b.ExtendedReturnDays
		window += b.ExtendedReturnDays
		levelLabel = MemberLevelLabel(in.MemberLevel)
	}
	if window <= 0 {
		d.NeedsHuman = true
		return d.refuse(ReturnOutcomeNeedsHuman, fmt.Sprintf("店铺未设置%s期限,需人工确认", verb))
	}
	d.WindowDays = window
	d.Deadline = windowEnd(d.DeliveredAt, window, loc)
	if d.MemberExtraDays > 0 {
		d.Clause = fmt.Sprintf("签收后%d天内无理由退货,%s延长%d天,共%d天", rp.NoReasonDays, levelLabel, d.MemberExtraDays, window)
	} else {
		d.Clause = fmt.Sprintf("签收后%d天内%s", window, verb)
	}
	if d.DaysSinceDelivery > window {
		alt()
		period := fmt.Sprintf("%d天%s期", window, verb)
		if d.MemberExtraDays > 0 {
			period = fmt.Sprintf("%s%d天无理由退货期(%d天+会员延长%d天)", levelLabel, window, rp.NoReasonDays, d.MemberExtraDays)
		}
		return d.refuse(ReturnOutcomeWindowExpired, fmt.Sprintf("签收已%d天,超过%s(截止%s)", d.DaysSinceDelivery, period, cnDate(d.Deadline)))
	}

	d.Allowed, d.Outcome, d.Kind = true, ReturnOutcomeAllowed, kind
	d.FreightPaidBy = noReasonFreight(in.Policies, in.MemberLevel)
	d.Steps = rp.Steps
	d.RefundDays = rp.RefundDays
	if exchange {
		d.Options = []string{"exchange"}
	} else {
		d.Options = []string{"refund"}
	}
	period := fmt.Sprintf("%d天%s期", window, verb)
	if d.MemberExtraDays > 0 {
		period = fmt.Sprintf("%s%d天无理由退货期(%d天+会员延长%d天)", levelLabel, window, rp.NoReasonDays, d.MemberExtraDays)
	}
	d.Reason = fmt.Sprintf("签收第%d天,在%s内,可申请%s,请在%s前提交;退回运费%s",
		d.DaysSinceDelivery, period, verb, cnDate(d.Deadline), freightLabel(d.FreightPaidBy))
	return d
}

// quality decides a claim the shop is responsible for.
func (d ReturnDecision) quality(in ReturnInput, loc *time.Location) ReturnDecision {
	qp := in.Policies.QualityReturns
	what := qualityLabel(in.Reason)
	if qp.Days <= 0 {
		d.NeedsHuman = true
		return d.refuse(ReturnOutcomeNeedsHuman, fmt.Sprintf("店铺未设置质量问题售后期限,%s需人工确认", what))
	}
	d.WindowDays = qp.Days
	d.Deadline = windowEnd(d.DeliveredAt, qp.Days, loc)
	d.Clause = fmt.Sprintf("签收后%d天内可申请质量问题售后", qp.Days)
	if d.DaysSinceDelivery > qp.Days {
		if w, ok := warrantyFor(in.Policies.Warranties, d.Category); ok {
			end := dayStart(d.DeliveredAt).AddDate(0, w.Months, 1).Add(-time.Second)
			if !in.Now.After(end) {
				d.Allowed, d.Outcome, d.Kind = true, ReturnOutcomeAllowed, ReturnKindWarrantyRepair
				d.Clause = fmt.Sprintf("%s保修%d个月:%s", w.Category, w.Months, w.Coverage)
				d.Deadline = end
				d.Options = []string{"repair"}
				if w.Process != "" {
					d.Steps = []string{w.Process}
				}
				d.PhotoRequired = qp.PhotoRequired
				d.Reason = fmt.Sprintf("签收已%d天,超过%d天质量问题退换期,但在%d个月保修期内(至%s),可申请保修",
					d.DaysSinceDelivery, qp.Days, w.Months, cnDate(end))
				return d
			}
		}
		return d.refuse(ReturnOutcomeWindowExpired, fmt.Sprintf("签收已%d天,超过%d天质量问题售后期(截止%s)",
			d.DaysSinceDelivery, qp.Days, cnDate(d.Deadline)))
	}
	d.Allowed, d.Outcome, d.Kind = true, ReturnOutcomeAllowed, ReturnKindQuality
	d.PhotoRequired = qp.PhotoRequired || in.Reason == ReturnAdverseReaction
	switch {
	case qp.ShopPaysFreight:
		d.FreightPaidBy = FreightShop
	case benefitFreeReturn(in.Policies, in.MemberLevel):
		d.FreightPaidBy = FreightShop
	case in.Policies.Returns.FreightInsurance:
		d.FreightPaidBy = FreightInsurance
	default:
		d.FreightPaidBy = FreightCustomer
	}
	d.Options = qp.Options
	d.RefundDays = in.Policies.Returns.RefundDays
	if in.Reason == ReturnAdverseReaction {
		// Safety first: the shopper stops using the product before anything else.
		d.Steps = append([]string{"立即停止使用,用清水清洗接触部位;症状严重请及时就医"}, qp.Steps...)
	} else {
		d.Steps = qp.Steps
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s,签收第%d天,在%d天质量问题售后期内(截止%s)", what, d.DaysSinceDelivery, qp.Days, cnDate(d.Deadline))
	if d.PhotoRequired {
		b.WriteString(PhotoRequest)
	}
	fmt.Fprintf(&b, ";退回运费%s", freightLabel(d.FreightPaidBy))
	d.Reason = b.String()
	return d
}

// PhotoRequest is the part of a quality decision's Reason that asks for the
// photo the policy requires; a caller that has the photo already drops it.
const PhotoRequest = ",请提供照片"

// noReasonFreight is who pays postage for a no-reason return or exchange.
func noReasonFreight(p Policies, level string) string {
	switch {
	case benefitFreeReturn(p, level):
		return FreightShop
	case !p.Returns.CustomerPaysFreight:
		return FreightShop
	case p.Returns.FreightInsurance:
		return FreightInsurance
	}
	return FreightCustomer
}

func benefitFreeReturn(p Policies, level string) bool {
	b, ok := p.Benefit(level)
	return ok && b.FreeReturnShipping
}

func freightLabel(who string) string {
	switch who {
	case FreightShop:
		return "由店铺承担"
	case FreightInsurance:
		return "由运费险赔付"
	case FreightCustomer:
		return "由买家承担"
	}
	return "待确认"
}

func qualityLabel(r ReturnReason) string {
	switch r {
	case ReturnDamaged:
		return "商品运输破损"
	case ReturnWrongItem:
		return "商品错发"
	case ReturnMissingItem:
		return "商品漏发"
	case ReturnAdverseReaction:
		return "使用后出现不良反应"
	}
	return "商品质量问题"
}

// windowEnd is the last second of the day `days` after the delivery date.
func windowEnd(delivered time.Time, days int, loc *time.Location) time.Time {
	return dayStart(delivered.In(loc)).AddDate(0, 0, days+1).Add(-time.Second)
}

func warrantyFor(ws []Warranty, category string) (Warranty, bool) {
	if category == "" {
		return Warranty{}, false
	}
	for _, w := range ws {
		if w.Months > 0 && strings.EqualFold(strings.TrimSpace(w.Category), category) {
			return w, true
		}
	}
	return Warranty{}, false
}

// itemLabel names the item in a reason: the category reads most naturally
// ("面霜已拆封"), then the product name.
func itemLabel(category string, item OrderItem, p *Product) string {
	switch {
	case category != "":
		return category
	case item.Name != "":
		return item.Name
	case p != nil && p.Name != "":
		return p.Name
	}
	return "该商品"
}

// containsFold reports whether list holds s, ignoring case and spaces around.
func containsFold(list []string, s string) bool {
	s = strings.TrimSpace(s)
	for _, v := range list {
		if strings.EqualFold(strings.TrimSpace(v), s) {
			return true
		}
	}
	return false
}
