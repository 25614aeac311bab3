package shop

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// LineItem is one line of a basket being priced.
type LineItem struct {
	ProductID string
	Category  string
	UnitPrice Money
	Qty       int
}

// total is the line's amount before promotions.
func (l LineItem) total() Money {
	if l.Qty <= 0 || l.UnitPrice <= 0 {
		return 0
	}
	return l.UnitPrice * Money(l.Qty)
}

// ActivePromotions returns the promotions running at now that this shopper
// may use, in their given order: never an expired or future one, never one
// reserved for other member levels, and new-customer promotions (and every
// new_member coupon) only when isNewCustomer. A nil customer counts as a
// regular member.
func ActivePromotions(all []Promotion, now time.Time, c *Customer, isNewCustomer bool) []Promotion {
	level := LevelRegular
	if c != nil && c.MemberLevel != "" {
		level = c.MemberLevel
	}
	var out []Promotion
	for _, p := range all {
		if !p.ActiveAt(now) {
			continue
		}
		if (p.NewCustomersOnly || p.Type == PromoNewMember) && !isNewCustomer {
			continue
		}
		if len(p.MemberLevels) > 0 && !slices.Contains(p.MemberLevels, level) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// inScope reports whether a line is covered by the promotion's scope; an
// empty scope is the whole shop.
func inScope(p Promotion, l LineItem) bool {
	if len(p.ProductIDs) == 0 && len(p.Categories) == 0 {
		return true
	}
	return slices.Contains(p.ProductIDs, l.ProductID) || (l.Category != "" && containsFold(p.Categories, l.Category))
}

// scopedTotal is the amount of the lines in the promotion's scope.
func scopedTotal(p Promotion, items []LineItem) Money {
	var s Money
	for _, l := range items {
		if inScope(p, l) {
			s += l.total()
		}
	}
	return s
}

// PromotionApplies reports whether the basket qualifies for the promotion:
// it holds items in the promotion's scope, and their amount at list price
// reaches the threshold (if any). It does not check dates or eligibility;
// ActivePromotions does.
func PromotionApplies(p Promotion, items []LineItem) bool {
	s := scopedTotal(p, items)
	return s > 0 && s >= p.Threshold
}

// AppliedPromotion is one promotion in a price plan, with what it is worth.
type AppliedPromotion struct {
	ID   string
	Name string
	Type string
	// Base is the amount the rule was computed on (scoped items, after
	// item discounts applied earlier in the plan).
	Base Money
	// Saving is what it takes off the price; 0 for gifts and installments.
	Saving Money
	// Gift and Installments describe non-money perks.
	Gift         string
	Installments int
	// Detail explains the computation in Chinese: "每满300减30,满2次,减60元".
	Detail string
}

// SpendHint says how much more to spend to reach a promotion's next threshold.
type SpendHint struct {
	ID        string
	Name      string
	Type      string
	Threshold Money // the threshold to reach (for 每满, the next multiple)
	More      Money // how much more to spend on items in scope, after their item discounts
	// ExtraSaving is the additional saving once reached (0 for gifts and
	// installments; for a non-stackable promotion competing with the current
	// plan, what it would save on its own).
	ExtraSaving Money
	// ScopeOnly: only items in the promotion's scope count toward it.
	ScopeOnly bool
	Message   string // Chinese: "再买50元可享满300减30"
}

// PricePlan is the best way to pay for a basket with the shop's promotions.
type PricePlan struct {
	Subtotal Money
	// Applied lists the money-saving promotions in the order they apply.
	Applied     []AppliedPromotion
	TotalSaving Money
	Payable     Money
	// Perks are gifts and interest-free installments the basket qualifies for.
	Perks []AppliedPromotion
	// Hints say what spending more would unlock.
	Hints []SpendHint
	// Reason summarises the plan in Chinese.
	Reason string

	afterDiscounts []Money // each line's amount after item discounts
}

// moneyPromotion reports whether the promotion takes money off the price.
func moneyPromotion(p Promotion) bool {
	switch p.Type {
	case PromoFullReduction, PromoDiscount, PromoCoupon, PromoNewMember:
		return true
	}
	return false
}

// maxStackSearch bounds the exhaustive search over stackable combinations
// (2^12 plans); beyond it the plan tries all stackable together and each alone.
const maxStackSearch = 12

// BestPlan prices a basket with the promotions this shopper may use at now
// and picks the combination that makes the payable amount lowest.
//
// Within a plan, item discounts apply first (an item takes the best single
// discount), then 满减 and coupons in turn, each threshold checked on the
// amount left at that point, as the platforms compute it. A non-stackable
// promotion is only ever used alone; stackable ones combine, and every
// subset of them is tried, because a discount can push a basket below a
// 满减 threshold. Discounted line totals are rounded half up to the fen.
// Gifts and installments are listed as perks when their threshold is met by
// what the shopper pays; spend hints name the thresholds within reach.
func BestPlan(all []Promotion, items []LineItem, now time.Time, c *Customer, isNewCustomer bool) PricePlan {
	active := ActivePromotions(all, now, c, isNewCustomer)
	var subtotal Money
	for _, l := range items {
		subtotal += l.total()
	}
	var stackable, single []Promotion
	for _, p := range active {
		if !moneyPromotion(p) || !PromotionApplies(p, items) {
			continue
		}
		if p.Stackable {
			stackable = append(stackable, p)
		} else {
			single = append(single, p)
		}
	}

	best := pricePlan(nil, items, subtotal)
	consider := func(set []Promotion) {
		cand := pricePlan(set, items, subtotal)
		// Prefer the larger saving; on a tie, fewer promotions (simpler to explain).
		if cand.TotalSaving > best.TotalSaving ||
			cand.TotalSaving == best.TotalSaving && cand.TotalSaving > 0 && len(cand.Applied) < len(best.Applied) {
			best = cand
		}
	}
	if len(stackable) <= maxStackSearch {
		for mask := 1; mask < 1<<len(stackable); mask++ {
			var set []Promotion
			for i, p := range stackable {
				if mask&(1<<i) != 0 {
					set = append(set, p)
				}
			}
			consider(set)
		}
	} else {
		consider(stackable)
		for _, p := range stackable {
			consider([]Promotion{p})
		}
	}
	for _, p := range single {
		consider([]Promotion{p})
	}

	for _, p := range active {
		if p.Type != PromoGift && p.Type != PromoInstallment {
			continue
		}
		base := perkBase(p, items, best)
		if base > 0 && base >= p.Threshold {
			a := AppliedPromotion{ID: p.ID, Name: p.Name, Type: p.Type, Base: base, Gift: p.Gift, Installments: p.Installments}
			switch {
			case p.Type == PromoGift && p.Threshold <= 0:
				a.Detail = "购买即赠" + p.Gift // no threshold: "满0元赠" reads like a typo
			case p.Type == PromoGift:
				a.Detail = fmt.Sprintf("满%s元赠%s", p.Threshold, p.Gift)
			default:
				a.Detail = fmt.Sprintf("满%s元可享%d期免息分期", p.Threshold, p.Installments)
			}
			best.Perks = append(best.Perks, a)
		}
	}
	best.Hints = spendHints(active, items, best)
	best.Reason = planReason(best)
	return best
}

// pricePlan computes one plan: item discounts first, then order-level reductions.
func pricePlan(set []Promotion, items []LineItem, subtotal Money) PricePlan {
	plan := PricePlan{Subtotal: subtotal, afterDiscounts: make([]Money, len(items))}

	// Item discounts: each line takes the best single discount in the set.
	owner := make([]int, len(items)) // index in set of the line's discount, -1 for none
	save := make([]Money, len(items))
	for i, l := range items {
		owner[i] = -1
		for j, p := range set {
			if p.Type != PromoDiscount || !inScope(p, l) {
				continue
			}
			if s := l.total() - percentOf(l.total(), p.DiscountPercent); s > save[i] {
				owner[i], save[i] = j, s
			}
		}
	}
	for j, p := range set {
		if p.Type != PromoDiscount {
			continue
		}
		var base, total Money
		for i, l := range items {
			if owner[i] == j {
				base += l.total()
				total += save[i]
			}
		}
		if total == 0 {
			continue
		}
		if p.MaxReduction > 0 && total > p.MaxReduction {
			// The cap gives the excess back, line by line.
			excess := total - p.MaxReduction
			for i := range items {
				if owner[i] == j && excess > 0 {
					back := min(excess, save[i])
					save[i] -= back
					excess -= back
				}
			}
			total = p.MaxReduction
		}
		detail := fmt.Sprintf("%s:%s元商品打%s,省%s元", p.Name, base, discountLabel(p.DiscountPercent), total)
		if p.MaxReduction > 0 && total == p.MaxReduction {
			detail += fmt.Sprintf(",封顶%s元", p.MaxReduction)
		}
		plan.Applied = append(plan.Applied, AppliedPromotion{
			ID: p.ID, Name: p.Name, Type: p.Type, Base: base, Saving: total, Detail: detail,
		})
		plan.TotalSaving += total
	}
	for i, l := range items {
		plan.afterDiscounts[i] = l.total() - save[i]
	}

	// Order-level reductions, each on what is left of its scope. A
	// whole-shop reduction is checked on the amount after earlier
	// reductions; a scoped one on its items after their discounts.
	// 满减 comes before coupons, as on the platforms, whatever the
	// merchant's listing order.
	var reductions []Promotion
	for _, p := range set {
		if p.Type != PromoDiscount {
			reductions = append(reductions, p)
		}
	}
	slices.SortStableFunc(reductions, func(a, b Promotion) int {
		return cmp.Compare(reductionStage(a.Type), reductionStage(b.Type))
	})
	var orderOff Money
	for _, p := range reductions {
		base := plan.scopedAfterDiscounts(p, items)
		if wholeShop(p) {
			base -= orderOff
		}
		s, detail := reductionOf(p, base)
		if s <= 0 {
			continue
		}
		s = min(s, plan.Subtotal-plan.TotalSaving)
		orderOff += s
		plan.Applied = append(plan.Applied, AppliedPromotion{ID: p.ID, Name: p.Name, Type: p.Type, Base: base, Saving: s, Detail: detail})
		plan.TotalSaving += s
	}
	plan.Payable = plan.Subtotal - plan.TotalSaving
	return plan
}

// reductionStage orders order-level reductions: 满减, then coupons, then
// new-member coupons.
func reductionStage(typ string) int {
	switch typ {
	case PromoFullReduction:
		return 0
	case PromoCoupon:
		return 1
	}
	return 2
}

// wholeShop reports whether the promotion has no product or category scope.
func wholeShop(p Promotion) bool { return len(p.ProductIDs) == 0 && len(p.Categories) == 0 }

// scopedAfterDiscounts is the amount of the promotion's scoped lines after
// the plan's item discounts.
func (plan PricePlan) scopedAfterDiscounts(p Promotion, items []LineItem) Money {
	var s Money
	for i, l := range items {
		if inScope(p, l) {
			if i < len(plan.afterDiscounts) {
				s += plan.afterDiscounts[i]
			} else {
				s += l.total()
			}
		}
	}
	return s
}

// reductionOf is what a 满减, coupon or new-member promotion takes off base.
func reductionOf(p Promotion, base Money) (Money, string) {
	if base <= 0 || base < p.Threshold {
		return 0, ""
	}
	var s Money
	var rule, detail string
	switch {
	case p.Reduction > 0 && p.Repeat && p.Threshold > 0:
		n := base / p.Threshold
		s = Money(n) * p.Reduction
		rule = fmt.Sprintf("每满%s减%s", p.Threshold, p.Reduction)
		detail = fmt.Sprintf("%s元满%d次,减%s元", base, n, s)
	case p.Reduction > 0:
		s = p.Reduction
		if p.Threshold > 0 {
			rule = fmt.Sprintf("满%s减%s", p.Threshold, p.Reduction)
			detail = fmt.Sprintf("减%s元", s)
		} else {
			detail = fmt.Sprintf("立减%s元", s)
		}
	case p.DiscountPercent > 0 && p.DiscountPercent < 100:
		s = base - percentOf(base, p.DiscountPercent)
		detail = fmt.Sprintf("%s元打%s,省%s元", base, discountLabel(p.DiscountPercent), s)
	default:
		return 0, ""
	}
	if p.MaxReduction > 0 && s > p.MaxReduction {
		s = p.MaxReduction
		detail += fmt.Sprintf(",封顶%s元", p.MaxReduction)
	}
	if s > base {
		s = base
	}
	switch {
	case p.Name == "":
		return s, joinRule(rule, detail)
	case rule != "" && strings.Contains(p.Name, rule):
		// The name already states the rule ("冬季焕新 每满300减30"): the
		// computation follows in brackets, not the rule a second time.
		return s, p.Name + "(" + detail + ")"
	default:
		return s, p.Name + ":" + joinRule(rule, detail)
	}
}

func joinRule(rule, detail string) string {
	if rule == "" {
		return detail
	}
	return rule + "," + detail
}

// percentOf is m × pct / 100, rounded half up to the fen.
func percentOf(m Money, pct int) Money {
	if pct <= 0 || pct >= 100 {
		return m
	}
	return (m*Money(pct) + 50) / 100
}

// discountLabel renders 85 as 8.5折 and 80 as 8折.
func discountLabel(pct int) string {
	if pct%10 == 0 {
		return fmt.Sprintf("%d折", pct/10)
	}
	return fmt.Sprintf("%d.%d折", pct/10, pct%10)
}

// perkBase is the amount a gift or installment threshold is checked on:
// what the shopper pays for the whole shop, or the scoped items after their
// discounts, so a perk is never promised on money that was taken off.
func perkBase(p Promotion, items []LineItem, plan PricePlan) Money {
	if wholeShop(p) {
		return plan.Payable
	}
	return plan.scopedAfterDiscounts(p, items)
}

// spendHints lists, for each usable promotion with a threshold not yet met
// (or a further 每满 multiple), how much more to spend and what it brings,
// nearest first.
func spendHints(active []Promotion, items []LineItem, plan PricePlan) []SpendHint {
	var hints []SpendHint
	applied := map[string]AppliedPromotion{}
	for _, a := range plan.Applied {
		applied[a.ID] = a
	}
	for _, a := range plan.Perks {
		applied[a.ID] = a
	}
	for _, p := range active {
		if p.Threshold <= 0 || p.Type == PromoDiscount {
			continue
		}
		a, used := applied[p.ID]
		var base Money
		switch {
		case used && a.Type != PromoGift && a.Type != PromoInstallment:
			base = a.Base
		case p.Type == PromoGift || p.Type == PromoInstallment:
			base = perkBase(p, items, plan)
		default:
			base = plan.scopedAfterDiscounts(p, items)
		}
		target := p.Threshold
		if used {
			if p.Type != PromoFullReduction || !p.Repeat {
				continue
			}
			target = (base/p.Threshold + 1) * p.Threshold
		} else if base >= p.Threshold {
			continue // reached but not chosen: it did not beat the best plan
		}
		h := SpendHint{ID: p.ID, Name: p.Name, Type: p.Type, Threshold: target, More: target - base, ScopeOnly: !wholeShop(p)}
		switch p.Type {
		case PromoGift:
			h.Message = fmt.Sprintf("再买%s元可获赠%s(%s)", h.More, p.Gift, p.Name)
		case PromoInstallment:
			h.Message = fmt.Sprintf("再买%s元可享%d期免息分期(%s)", h.More, p.Installments, p.Name)
		default:
			next, _ := reductionOf(p, target)
			h.ExtraSaving = next - a.Saving
			if h.ExtraSaving <= 0 {
				continue // capped: spending more saves nothing more
			}
			if !p.Stackable && !used && len(plan.Applied) > 0 {
				h.Message = fmt.Sprintf("再买%s元可享%s,单独使用省%s元(不与其他优惠同享)", h.More, p.Name, h.ExtraSaving)
			} else {
				h.Message = fmt.Sprintf("再买%s元可享%s,多省%s元", h.More, p.Name, h.ExtraSaving)
			}
		}
		if h.ScopeOnly {
			h.Message += ",仅限活动商品"
		}
		hints = append(hints, h)
	}
	slices.SortStableFunc(hints, func(x, y SpendHint) int { return cmp.Compare(x.More, y.More) })
	return hints
}

// planReason summarises a plan in Chinese.
func planReason(p PricePlan) string {
	var b strings.Builder
	fmt.Fprintf(&b, "商品小计%s元", p.Subtotal)
	if len(p.Applied) == 0 {
		b.WriteString(",暂无可用优惠")
	}
	for _, a := range p.Applied {
		fmt.Fprintf(&b, ";%s", a.Detail)
	}
	if p.TotalSaving > 0 {
		fmt.Fprintf(&b, ";共优惠%s元", p.TotalSaving)
	}
	fmt.Fprintf(&b, ";应付%s元(不含运费)", p.Payable)
	for _, a := range p.Perks {
		fmt.Fprintf(&b, ";%s", a.Detail)
	}
	return b.String()
}
