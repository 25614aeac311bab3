package bot

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

const schemaPolicy = `{"type":"object","properties":{
"topic":{"type":"string","enum":["invoice","warranty","price_protection","membership","payment"]},
"product_id":{"type":"string"}},"required":["topic"]}`

// PolicyParams asks about one of the shop's service policies.
type PolicyParams struct {
	Topic     string `json:"topic"`
	ProductID string `json:"product_id,omitempty"`
	// Question is the shopper's wording (积分怎么用 quotes the points rule).
	Question string `json:"question,omitempty"`
}

// PolicyResult quotes the policy.
type PolicyResult struct {
	Topic string   `json:"topic"`
	Facts []string `json:"facts"`
	Found bool     `json:"found"`
}

func (t *turn) shopPolicy(p PolicyParams) (Result, error) {
	pol, err := t.policies()
	if err != nil {
		return Result{}, err
	}
	prod, err := t.product(p.ProductID)
	if err != nil {
		return Result{}, err
	}
	res := PolicyResult{Topic: p.Topic}
	add := func(f string, a ...any) { res.Facts = append(res.Facts, fmt.Sprintf(f, a...)) }
	switch p.Topic {
	case "invoice":
		if len(pol.Invoice.Types) > 0 {
			add("可以开%s", strings.Join(pol.Invoice.Types, "、"))
		}
		if pol.Invoice.Notes != "" {
			add("%s", strings.TrimSuffix(pol.Invoice.Notes, "。"))
		}
	case "warranty":
		if prod != nil {
			for _, w := range pol.Warranties {
				if w.Category == prod.Category {
					add("「%s」保修%d个月:%s", prod.Name, w.Months, strings.TrimSuffix(w.Coverage, "。"))
					if w.Process != "" {
						add("报修方式:%s", strings.TrimSuffix(w.Process, "。"))
					}
				}
			}
			if len(res.Facts) == 0 {
				if v := attr(prod, "保修"); v != "" {
					add("「%s」保修:%s", prod.Name, strings.TrimSuffix(v, "。"))
				}
			}
		}
		if len(res.Facts) == 0 && pol.QualityReturns.Days > 0 {
			add("签收后%d天内出现质量问题可以申请售后", pol.QualityReturns.Days)
			for _, w := range pol.Warranties {
				add("%s保修%d个月", w.Category, w.Months)
			}
		}
	case "price_protection":
		if pol.PriceProtection.Days > 0 {
			add("支持%d天价保", pol.PriceProtection.Days)
			if pol.PriceProtection.Conditions != "" {
				add("%s", strings.TrimSuffix(pol.PriceProtection.Conditions, "。"))
			}
			if t.customerID != "" && t.st.OrderID != "" {
				if o, _ := t.ownOrder(t.st.OrderID); o != nil && o.PaidAt != nil {
					days := int(t.now.Sub(*o.PaidAt) / (24 * time.Hour))
					add("您这笔订单付款于%s,距今%d天", cnDate(o.PaidAt.In(t.loc())), days)
				}
			}
		} else {
			add("店铺暂不支持价保")
		}
	case "membership":
		if c := t.customer(); c != nil {
			add("您是%s,当前积分%d", shop.MemberLevelLabel(c.MemberLevel), c.Points)
			b, ok := pol.Benefit(orDefault(c.MemberLevel, shop.LevelRegular))
			if ok {
				add("您的权益:%s", strings.Join(b.Benefits, ";"))
			}
			if strings.Contains(p.Question, "积分") && !slices.ContainsFunc(b.Benefits, isPointsUse) {
				// How points are spent is a shop-wide rule, listed under one level.
				for _, lb := range pol.MemberBenefits {
					if i := slices.IndexFunc(lb.Benefits, isPointsUse); i >= 0 {
						add("积分使用:%s", strings.TrimSuffix(lb.Benefits[i], "。"))
						break
					}
				}
			}
		} else {
			for _, b := range pol.MemberBenefits {
				add("%s:%s", shop.MemberLevelLabel(b.Level), strings.Join(b.Benefits, ";"))
			}
		}
	case "payment":
		promos, err := t.promotionList()
		if err != nil {
			return Result{}, err
		}
		for _, pr := range shop.ActivePromotions(promos, t.now, t.customer(), false) {
			if pr.Type == shop.PromoInstallment {
				add("%s:%s", pr.Name, strings.TrimSuffix(pr.Description, "。"))
			}
		}
	default:
		return Result{}, fmt.Errorf("shop_policy: unknown topic %q", p.Topic)
	}
	res.Found = len(res.Facts) > 0
	r := Result{Data: &res, Handled: res.Found}
	if res.Found {
		r.Text = strings.Join(res.Facts, "。") + "。"
	}
	if prod != nil {
		r.ProductID = prod.ID
	}
	return r, nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

var weekdays = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// cnDate renders 11月24日(周一).
func cnDate(t time.Time) string {
	return fmt.Sprintf("%d月%d日(%s)", int(t.Month()), t.Day(), weekdays[t.Weekday()])
}

// cnDateTime renders 11月24日(周一)16:00.
func cnDateTime(t time.Time) string { return cnDate(t) + t.Format("15:04") }

// cnDay renders a YYYY-MM-DD date as 12月3日; other text is returned as is.
func cnDay(s string) string {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return fmt.Sprintf("%d月%d日", int(d.Month()), d.Day())
}

// isPointsUse reports whether a benefit says how points are spent (100积分可抵1元).
func isPointsUse(b string) bool { return strings.Contains(b, "积分") && strings.Contains(b, "抵") }
