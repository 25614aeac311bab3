package bot

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

const schemaPromo = `{"type":"object","properties":{
"product_id":{"type":"string","description":"product to price; empty for the shop's activities"},
"qty":{"type":"integer","minimum":1},
"asked_price":{"type":"number","description":"a price the shopper proposed, in yuan"},
"negotiation":{"type":"boolean","description":"the shopper is bargaining"},
"product_ids":{"type":"array","items":{"type":"string"},"description":"several products bought together"},
"items":{"type":"array","items":{"type":"object","properties":{"product_id":{"type":"string"},"qty":{"type":"integer","minimum":1},"size":{"type":"string"}},"required":["product_id"]},"description":"a basket with quantities and SKU sizes"},
"question":{"type":"string"}}}`

// PromoParams asks for the promotions that apply.
type PromoParams struct {
	ProductID string `json:"product_id,omitempty"`
	// Color and Size pick the SKU whose price is quoted.
	Color       string  `json:"color,omitempty"`
	Size        string  `json:"size,omitempty"`
	Qty         int     `json:"qty,omitempty"`
	AskedPrice  float64 `json:"asked_price,omitempty"`
	Negotiation bool    `json:"negotiation,omitempty"`
	// GiftOnly narrows the answer to gifts.
	GiftOnly bool `json:"gift_only,omitempty"`
	// ProductIDs prices several products bought together (with ProductID
	// as the first); empty for one product.
	ProductIDs []string `json:"product_ids,omitempty"`
	// Items prices a basket with quantities and sizes; it wins over ProductIDs.
	Items []BasketItem `json:"items,omitempty"`
	// Question is the shopper's wording, to answer about a named activity
	// (双十一) or the new-customer coupon.
	Question string `json:"question,omitempty"`
}

// PromoResult lists the real promotions and the best price plan.
type PromoResult struct {
	Active []PromoInfo `json:"active"`
	// NewCustomerOnly are promotions the shopper gets only on a first order.
	NewCustomerOnly []PromoInfo `json:"new_customer_only,omitempty"`
	Upcoming        []PromoInfo `json:"upcoming,omitempty"`
	ProductID       string      `json:"product_id,omitempty"`
	Subtotal        string      `json:"subtotal,omitempty"`
	Payable         string      `json:"payable,omitempty"`
	Saving          string      `json:"saving,omitempty"`
	Applied         []string    `json:"applied,omitempty"`
	Perks           []string    `json:"perks,omitempty"`
	Hints           []string    `json:"hints,omitempty"`
	// BelowRules is set when the shopper asked for less than the best real price.
	BelowRules bool `json:"below_rules,omitempty"`
}

// PromoInfo is one promotion as quoted.
type PromoInfo struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Type   string `json:"type"`
	Detail string `json:"detail,omitempty"`
	Ends   string `json:"ends,omitempty"`
	Starts string `json:"starts,omitempty"`
}

// isNewCustomer: a verified customer without any paid order.
func (t *turn) isNewCustomer() bool {
	os, err := t.myOrders()
	if err != nil || t.customerID == "" {
		return false
	}
	for _, o := range os {
		if o.Status != shop.StatusCancelled && o.Status != shop.StatusPendingPayment {
			return false
		}
	}
	return true
}

func (t *turn) promotions(p PromoParams) (Result, error) {
	all, err := t.promotionList()
	if err != nil {
		return Result{}, err
	}
	prod, err := t.product(p.ProductID)
	if err != nil {
		return Result{}, err
	}
	cust := t.customer()
	isNew := t.isNewCustomer()
	res := PromoResult{}
	r := Result{Data: &res, Handled: true}
	active := shop.ActivePromotions(all, t.now, cust, isNew)
	for _, pr := range active {
		if prod != nil && !promoCovers(pr, prod) {
			continue
		}
		if p.GiftOnly && pr.Type != shop.PromoGift {
			continue
		}
		res.Active = append(res.Active, promoInfo(pr, t))
	}
	if !isNew {
		for _, pr := range shop.ActivePromotions(all, t.now, cust, true) {
			if (pr.NewCustomersOnly || pr.Type == shop.PromoNewMember) && (prod == nil || promoCovers(pr, prod)) && !p.GiftOnly {
				res.NewCustomerOnly = append(res.NewCustomerOnly, promoInfo(pr, t))
			}
		}
	}
	for _, pr := range all {
		if pr.StartsAt.After(t.now) && pr.StartsAt.Sub(t.now).Hours() < 24*14 && (prod == nil || promoCovers(pr, prod)) && !p.GiftOnly {
			res.Upcoming = append(res.Upcoming, promoInfo(pr, t))
		}
	}
	var b strings.Builder
	if p.Negotiation {
		b.WriteString("价格是店铺统一定的,我这边没有改价权限,不过可以帮您用足现有的优惠:")
	}
	if m := mechanicRe.FindString(p.Question); m != "" && !slices.ContainsFunc(slices.Concat(res.Active, res.Upcoming), func(pi PromoInfo) bool {
		return strings.Contains(pi.Name+pi.Detail, m)
	}) {
		// "买二送一吗": a deal the shopper names that the shop does not run
		// is said not to exist before the deals that do.
		fmt.Fprintf(&b, "店里没有「%s」的活动,", m)
		if prod != nil {
			b.WriteString("现在能用的是:")
		}
	}
	var together []*shop.Product
	var lines []BasketItem
	if len(p.Items) > 0 {
		for _, it := range p.Items {
			if x, err := t.product(it.ProductID); err == nil && x != nil {
				together, lines = append(together, x), append(lines, it)
			}
		}
	} else {
		for _, id := range p.ProductIDs {
			if x, err := t.product(id); err == nil && x != nil && !slices.ContainsFunc(together, func(y *shop.Product) bool { return y.ID == x.ID }) {
				together, lines = append(together, x), append(lines, BasketItem{ProductID: x.ID, Qty: 1})
			}
		}
	}
	if len(together) >= 2 || len(together) == 1 && lines[0].Qty > 1 && len(p.Items) > 0 {
		t.pricePlanTogether(&b, &res, together, lines, all, cust, isNew)
	} else if prod != nil {
		r.ProductID = prod.ID
		qty := max(p.Qty, 1)
		// SKUs may carry their own prices (四人位 dearer than 三人位): the
		// variant asked about is priced at its own, and with none asked the
		// reply prices the first and lists what the others cost.
		groups := priceGroups(prod, p.Color, p.Size)
		plan := shop.BestPlan(all, []shop.LineItem{{ProductID: prod.ID, Category: prod.Category, UnitPrice: groups[0].price, Qty: qty}}, t.now, cust, isNew)
		res.ProductID, res.Subtotal, res.Payable, res.Saving = prod.ID, plan.Subtotal.String(), plan.Payable.String(), plan.TotalSaving.String()
		qtyLabel := ""
		if groups[0].label != "" {
			qtyLabel = groups[0].label
		}
		if qty > 1 {
			qtyLabel += fmt.Sprintf("%d件", qty)
		}
		if len(plan.Applied) > 0 {
			var ap []string
			for _, a := range plan.Applied {
				detail := appliedDetail(a)
				if !strings.Contains(detail, a.Name) {
					detail = a.Name + "(" + detail + ")"
				}
				ap = append(ap, detail)
				res.Applied = append(res.Applied, a.ID)
			}
			fmt.Fprintf(&b, "「%s」%s原价%s元,用%s,到手价%s元,共省%s元。", prod.Name, qtyLabel, plan.Subtotal, strings.Join(ap, "+"), plan.Payable, plan.TotalSaving)
		} else {
			fmt.Fprintf(&b, "「%s」%s价格%s元,目前没有能直接用上的满减或折扣。", prod.Name, qtyLabel, plan.Subtotal)
		}
		for _, pk := range plan.Perks {
			res.Perks = append(res.Perks, pk.Name)
			fmt.Fprintf(&b, "同时%s。", strings.TrimSuffix(pk.Detail, "。"))
		}
		for i, h := range plan.Hints {
			if i == 2 {
				break
			}
			res.Hints = append(res.Hints, h.Message)
			fmt.Fprintf(&b, "%s。", strings.TrimSuffix(h.Message, "。"))
		}
		if len(groups) > 1 {
			var others []string
			for _, g := range groups[1:] {
				o := shop.BestPlan(all, []shop.LineItem{{ProductID: prod.ID, Category: prod.Category, UnitPrice: g.price, Qty: qty}}, t.now, cust, isNew)
				line := fmt.Sprintf("%s原价%s元", g.label, o.Subtotal)
				if o.Payable != o.Subtotal {
					line += fmt.Sprintf(",到手价%s元", o.Payable)
				}
				others = append(others, line)
			}
			fmt.Fprintf(&b, "不同规格价格不同:%s。", strings.Join(others, ";"))
		}
		if p.AskedPrice > 0 {
			asked := shop.Money(p.AskedPrice*100 + 0.5)
			if asked < plan.Payable {
				res.BelowRules = true
				fmt.Fprintf(&b, "您说的%s元低于活动后的到手价%s元,我这边没有权限再降,帮您转给人工客服确认一下。", asked, plan.Payable)
				r.Handoff = "price_below_rules"
			}
		}
	} else {
		if len(res.Active) == 0 {
			b.WriteString("店铺目前没有进行中的活动。")
		} else {
			b.WriteString("目前店铺的活动有:")
			for i, a := range res.Active {
				if i > 0 {
					b.WriteString(";")
				}
				b.WriteString(a.Name)
				if a.Detail != "" {
					b.WriteString("——" + strings.TrimSuffix(a.Detail, "。"))
				}
			}
			b.WriteString("。")
		}
	}
	if len(res.NewCustomerOnly) > 0 && t.customerID == "" {
		fmt.Fprintf(&b, "如果是在本店首次下单,还可以用%s。", res.NewCustomerOnly[0].Name)
	}
	if len(res.NewCustomerOnly) > 0 && t.customerID != "" && containsAny(p.Question, newCustomerWords) {
		fmt.Fprintf(&b, "%s仅限在本店首次下单的新客使用,您之前已经在本店下过单,所以用不了,上面这些活动您都可以参加。", res.NewCustomerOnly[0].Name)
	}
	if isNew && t.customerID != "" && containsAny(p.Question, newCustomerWords) {
		for _, pr := range active {
			if pr.NewCustomersOnly || pr.Type == shop.PromoNewMember {
				fmt.Fprintf(&b, "您是本店新客,首单可以用「%s」", pr.Name)
				if pr.Code != "" {
					fmt.Fprintf(&b, "(券码%s)", pr.Code)
				}
				if pr.Description != "" {
					b.WriteString(":" + strings.TrimSuffix(pr.Description, "。"))
				}
				b.WriteString("。")
			}
		}
	}
	if ended := endedNamed(all, p.Question, t.now); len(ended) > 0 {
		var names []string
		for _, e := range ended {
			names = append(names, fmt.Sprintf("「%s」已于%s结束了", e.Name, cnDate(e.EndsAt.In(t.loc()).Add(-1))))
		}
		head := strings.Join(names, ",") + "。"
		rest := b.String()
		b.Reset()
		b.WriteString(head + "现在可以用的是:" + strings.TrimPrefix(rest, "目前店铺的活动有:"))
	}
	if len(res.Upcoming) > 0 {
		u := res.Upcoming[0]
		fmt.Fprintf(&b, "另外%s将于%s开始。", u.Name, u.Starts)
	}
	if p.GiftOnly && len(res.Active) == 0 {
		b.Reset()
		if prod != nil {
			fmt.Fprintf(&b, "「%s」目前没有赠品活动。", prod.Name)
		} else {
			b.WriteString("店铺目前没有赠品活动。")
		}
	} else if p.GiftOnly && prod == nil {
		b.Reset()
		b.WriteString("目前的赠品活动:")
		for i, a := range res.Active {
			if i > 0 {
				b.WriteString(";")
			}
			b.WriteString(a.Name + "——" + strings.TrimSuffix(a.Detail, "。"))
		}
		b.WriteString("。")
	}
	r.Text = b.String()
	if prod != nil {
		r.Cards = []Card{productCard(prod)}
	}
	return r, nil
}

func promoInfo(p shop.Promotion, t *turn) PromoInfo {
	i := PromoInfo{ID: p.ID, Name: p.Name, Type: p.Type, Detail: p.Description}
	if !p.EndsAt.IsZero() {
		i.Ends = cnDate(p.EndsAt.In(t.loc()).Add(-1))
	}
	if !p.StartsAt.IsZero() {
		i.Starts = cnDate(p.StartsAt.In(t.loc()))
	}
	return i
}

// promoCovers reports whether a promotion's scope includes the product.
func promoCovers(p shop.Promotion, prod *shop.Product) bool {
	if len(p.ProductIDs) == 0 && len(p.Categories) == 0 {
		return true
	}
	return slices.Contains(p.ProductIDs, prod.ID) || slices.Contains(p.Categories, prod.Category)
}

const schemaRecommend = `{"type":"object","properties":{
"need":{"type":"string","description":"what the shopper wants, in their words"},
"category":{"type":"string"},
"product_id":{"type":"string","description":"product in focus, for cross-sell"},
"limit":{"type":"integer","minimum":1,"maximum":5},
"skin_type":{"type":"string","description":"dry, oily, combination, sensitive, normal or acne"}}}`

// RecommendParams describes what to recommend.
type RecommendParams struct {
	Need      string `json:"need,omitempty"`
	Category  string `json:"category,omitempty"`
	ProductID string `json:"product_id,omitempty"`
	Limit     int    `json:"limit,omitempty"`
	// SkinType (dry, oily …) filters skincare by its 适合肤质/不适合 data;
	// empty uses the customer's stored skin type.
	SkinType string `json:"skin_type,omitempty"`
	// MaxPrice (yuan) leaves out dearer products; 0 reads a budget from
	// Need ("预算500左右", "300以内").
	MaxPrice float64 `json:"max_price,omitempty"`
}

// budgetRe finds a budget: a number after 预算/不超过/最多, or before
// 左右/以内/以下.
var budgetRe = regexp.MustCompile(`(?:预算|不超过|不要超过|最多|顶多)\D{0,3}?(\d{2,6})|(\d{2,6})\s*(?:元|块钱|块)?\s*(?:左右|上下|以内|以下|之内)`)

// budgetOf is the price ceiling a need states, in yuan: the amount, or a
// fifth more when it is approximate (左右, 上下); 0 when none. The last one
// stated wins: a need narrowed down turn by turn ("预算300 … 那500以内呢")
// is read whole.
func budgetOf(need string) float64 {
	all := budgetRe.FindAllStringSubmatchIndex(need, -1)
	if len(all) == 0 {
		return 0
	}
	m := all[len(all)-1]
	var num string
	if m[2] >= 0 {
		num = need[m[2]:m[3]]
	} else {
		num = need[m[4]:m[5]]
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0
	}
	if after := strings.TrimSpace(need[m[1]:]); strings.HasPrefix(after, "左右") || strings.HasPrefix(after, "上下") || containsAny(need[m[0]:m[1]], []string{"左右", "上下"}) {
		v *= 1.2
	}
	return v
}

// giftRe matches a need for a present ("送妈妈", "礼物", "送礼").
var giftRe = regexp.MustCompile(`送(给|礼|人|妈|爸|长辈|老人|父母|女|男|老婆|老公|朋友|闺蜜|同事|老师|客户)|礼物|礼品|伴手礼`)

// Recommendation is one recommended product with why.
type Recommendation struct {
	ProductID string `json:"product_id"`
	Name      string `json:"name"`
	Price     string `json:"price"`
	Reason    string `json:"reason"`
	Score     int    `json:"score"`
}

// RecommendResult lists recommendations, best first.
type RecommendResult struct {
	Items []Recommendation `json:"items"`
}

// warmWords signal a need for warmth; coldRegions are where winter is harsh.
var (
	warmWords   = []string{"冷", "保暖", "降温", "冬", "暖和", "零下"}
	coldRegions = []string{"北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "新疆", "西藏", "青海", "甘肃", "宁夏", "山东", "河南", "陕西"}
)

func (t *turn) recommend(p RecommendParams) (Result, error) {
	ps, err := t.products()
	if err != nil {
		return Result{}, err
	}
	limit := p.Limit
	if limit <= 0 || limit > 5 {
		limit = 2
	}
	focus, _ := t.product(p.ProductID)
	cust := t.customer()
	need := p.Need
	wantsWarm := containsAny(need, warmWords)
	gift := giftRe.MatchString(need)
	maxPrice := p.MaxPrice
	if maxPrice <= 0 {
		maxPrice = budgetOf(need)
	}
	coPurchase := map[string]int{}
	relReason := map[string]string{}
	if focus != nil {
		if cps, err := t.b.d.Catalog.CoPurchases(t.ctx, focus.ID); err == nil {
			for _, c := range cps {
				other := c.ProductB
				if other == focus.ID {
					other = c.ProductA
				}
				coPurchase[other] = c.Count
			}
		}
		for _, rel := range focus.Related {
			relReason[rel.ProductID] = rel.Reason
		}
	}
	bought := map[string]bool{}
	if os, _ := t.myOrders(); len(os) > 0 {
		for _, o := range os {
			for _, it := range o.Items {
				bought[it.ProductID] = true
			}
		}
	}
	skin := p.SkinType
	if skin == "" && cust != nil {
		skin = cust.Preferences["skin_type"]
	}
	var recs []Recommendation
	for i := range ps {
		pr := &ps[i]
		// The product in focus is cross-sold around, unless the shopper asks for its own category.
		if pr.Status == "off_shelf" || pr.TotalStock() <= 0 || (focus != nil && pr.ID == focus.ID && p.Category == "") {
			continue
		}
		if maxPrice > 0 && float64(pr.Price)/100 > maxPrice {
			continue
		}
		score, why := 0, ""
		if p.Category != "" {
			if categoryMatches(pr, p.Category) {
				score += 10
			} else {
				continue
			}
		}
		for _, tag := range pr.Tags {
			if len([]rune(tag)) >= 2 && strings.Contains(need, tag) {
				score += 6
				why = "适合" + tag
			}
		}
		if strings.Contains(need, pr.Category) {
			score += 6
		}
		if gift && slices.Contains(pr.Tags, "送礼") {
			score += 6
			if why == "" {
				why = "适合送礼"
			}
		}
		if k, v, n := needFit(pr, need); n >= 2 {
			// "头皮老痒还一直掉头屑" against 适合: 头皮痒、头屑反复…
			score += 3 * n
			if why == "" || n >= 3 {
				why = k + ":" + strings.TrimSuffix(v, "。")
			}
		}
		if wantsWarm && slices.Contains(pr.Tags, "保暖") {
			score += 5
			if v := attr(pr, "厚度"); v != "" {
				why = "厚度:" + strings.TrimSuffix(v, "。")
			} else {
				why = "保暖款"
			}
			if cust != nil && slices.Contains(coldRegions, shop.NormalizeRegion(cust.Province)) {
				score += 2
			}
		}
		switch skinFit(pr, skin) {
		case -1:
			continue // the product's data says it does not suit this skin
		case 1:
			score += 8
			why = "适合肤质:" + strings.TrimSuffix(attr(pr, "适合肤质"), "。")
		}
		if rr, ok := relReason[pr.ID]; ok {
			score += 4
			if why == "" || score < 12 {
				why = rr
			}
		}
		if n := coPurchase[pr.ID]; n > 0 {
			score += 3
			if why == "" {
				why = fmt.Sprintf("很多顾客会一起购买(%d次)", n)
			}
		}
		if cust != nil {
			if st := cust.Preferences["style"]; st != "" && slices.Contains(pr.Tags, st) {
				score += 2
				if why == "" {
					why = "符合您平时的" + st + "风格"
				}
			}

		}
		if bought[pr.ID] && score > 0 {
			score--
		}
		if score <= 0 {
			continue
		}
		if why == "" {
			why = strings.TrimSuffix(pr.Description, "。")
			if len([]rune(why)) > 40 {
				why = string([]rune(why)[:40]) + "…"
			}
		}
		recs = append(recs, Recommendation{ProductID: pr.ID, Name: pr.Name, Price: pr.Price.String(), Reason: why, Score: score})
	}
	sort.SliceStable(recs, func(a, b int) bool { return recs[a].Score > recs[b].Score })
	if len(recs) > limit {
		recs = recs[:limit]
	}
	res := RecommendResult{Items: recs}
	r := Result{Data: &res}
	// The next message may narrow the need down ("预算500左右", "护肤的").
	more := &Pending{Kind: "recommend", Intent: "recommendation", Text: need}
	if len(recs) == 0 {
		if p.Category != "" && maxPrice <= 0 && !gift {
			r.Text = "店里暂时没有特别符合您需求的商品,能再说说您想要的品类或用途吗?"
			return r, nil
		}
		// A present or a budget with nothing matching yet: ask for the kind,
		// naming what the shop sells, rather than give up.
		r.Handled, r.Pending = true, more
		kinds := t.kindsOnSale(maxPrice)
		switch {
		case len(kinds) == 0:
			r.Text = "这个预算内店里暂时没有合适的商品,预算能放宽一些吗?"
		case maxPrice > 0 && p.Category != "":
			r.Text = fmt.Sprintf("这个预算内暂时没有合适的%s。还可以看看:%s。", p.Category, strings.Join(kinds, "、"))
		default:
			r.Text = "想挑哪一类呢?店里有:" + strings.Join(kinds, "、") + "。告诉我品类、用途或预算,我帮您挑。"
		}
		return r, nil
	}
	r.Pending = more
	var b strings.Builder
	b.WriteString("给您推荐")
	for i, rc := range recs {
		if i > 0 {
			b.WriteString(";另外")
		}
		fmt.Fprintf(&b, "「%s」(%s元),%s", rc.Name, rc.Price, rc.Reason)
		pr, _ := t.product(rc.ProductID)
		if pr != nil {
			r.Cards = append(r.Cards, productCard(pr))
		}
	}
	b.WriteString("。")
	r.Text, r.Handled, r.ProductID = b.String(), true, recs[0].ProductID
	return r, nil
}

// recommendFor runs recommend for a message: the kind wanted is the category
// named, the kind of the product named ("推荐个面霜", "大衣配什么围巾"), or a
// shoppers' word for a kind ("护肤的"); a pairing question about the product
// in focus ("这件配什么好看") recommends around focus.
func (t *turn) recommendFor(e ents, text, focus string) (Result, error) {
	cat := e.val("category")
	if p, _ := t.product(e.val("product")); p != nil {
		if containsAny(text, pairWords) && p.ID == focus {
			cat = ""
		} else {
			cat = p.Category
		}
	}
	if cat == "" {
		cat = t.kindIn(text)
	}
	if fp, _ := t.product(focus); fp != nil && containsAny(text, cheaperWords) && (cat == "" || cat == fp.Category) && budgetOf(text) == 0 {
		return t.cheaperThan(fp, text, e.val("skin_type"))
	}
	return t.recommend(RecommendParams{Need: text, Category: cat, ProductID: focus, SkinType: e.val("skin_type")})
}

// cheaperWords ask for something like the product in view at a lower price.
var cheaperWords = []string{"便宜点", "便宜一点", "便宜些", "更便宜", "便宜的", "实惠点", "实惠一点", "更实惠", "价格低一点", "低一点的", "平价"}

// cheaperThan answers "有没有便宜点的" about product fp: products of its kind
// below its price, or, when it is already the cheapest of its kind, the
// deals that lower its own price (never a made-up discount).
func (t *turn) cheaperThan(fp *shop.Product, need, skin string) (Result, error) {
	limit := float64(fp.Price)/100 - 0.01
	r, err := t.recommend(RecommendParams{Need: need, Category: fp.Category, ProductID: fp.ID, SkinType: skin, MaxPrice: limit})
	if err != nil {
		return r, err
	}
	if rr, ok := r.Data.(*RecommendResult); ok && len(rr.Items) > 0 {
		return r, nil
	}
	pr, err := t.promotions(PromoParams{ProductID: fp.ID})
	if err != nil {
		return Result{}, err
	}
	ps, err := t.products()
	if err != nil {
		return Result{}, err
	}
	onSale := 0
	for _, p := range ps {
		if p.Category == fp.Category && p.Status != "off_shelf" && p.TotalStock() > 0 {
			onSale++
		}
	}
	if onSale <= 1 {
		pr.Text = fmt.Sprintf("店里在售的%s目前只有「%s」这一款(%s元),价格是统一定的,可以用足现有的优惠:", fp.Category, fp.Name, fp.Price) + pr.Text
	} else {
		pr.Text = fmt.Sprintf("「%s」(%s元)已经是店里在售%s中价格最低的了,可以用足现有的优惠:", fp.Name, fp.Price, fp.Category) + pr.Text
	}
	return pr, nil
}

// kindIn is the category word for a shoppers' word for a kind of goods in
// text (护肤, 洗护, 数码, 衣服), the longest; "" when none.
func (t *turn) kindIn(text string) string {
	return t.kindWords()[t.kindWordIn(text)]
}

// kindWordIn is the longest word for a kind of goods in text, as written.
func (t *turn) kindWordIn(text string) string {
	best := ""
	for w := range t.kindWords() {
		// Longest first; equal lengths in a fixed order, not the map's.
		if strings.Contains(text, w) && (len(w) > len(best) || len(w) == len(best) && w < best) {
			best = w
		}
	}
	return best
}

// kindsOnSale lists the catalogue's categories that have a product on sale
// and in stock (at most maxPrice when set), in catalogue order.
func (t *turn) kindsOnSale(maxPrice float64) []string {
	ps, _ := t.products()
	var out []string
	for _, p := range ps {
		if p.Status == "off_shelf" || p.TotalStock() <= 0 || p.Category == "" || maxPrice > 0 && float64(p.Price)/100 > maxPrice {
			continue
		}
		if !slices.Contains(out, p.Category) {
			out = append(out, p.Category)
		}
	}
	return out
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// mechanicRe matches a multi-buy deal a shopper may name: 买二送一, 买一送一,
// 第二件半价, 第二件8折, 两件9折.
var mechanicRe = regexp.MustCompile(`买[一二两三四五1-5]送[一二两三1-3]|第[二2]件(半价|[0-9一二三四五六七八九](\.[0-9])?折)|[两二三2-3]件[0-9一二三四五六七八九](\.[0-9])?折`)

// newCustomerWords ask about the first-order (new customer) offer.
var newCustomerWords = []string{"新人", "新客", "首单", "新用户", "新会员"}

// endedNamed returns the promotions the question names (by the leading
// words of their name, "双十一" for "双十一狂欢 …") that have ended: they
// may be mentioned only as ended.
func endedNamed(all []shop.Promotion, q string, now time.Time) []shop.Promotion {
	var out []shop.Promotion
	for _, p := range all {
		if p.EndsAt.IsZero() || p.EndsAt.After(now) {
			continue
		}
		head := []rune(strings.Fields(p.Name + " ")[0])
		for k := len(head); k >= 3; k-- {
			if strings.Contains(q, string(head[:k])) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// appliedDetail explains one applied promotion. A capped reduction is told
// by its cap alone ("已达封顶,减150元"): the uncapped figure next to it
// reads like a second, larger discount.
func appliedDetail(a shop.AppliedPromotion) string {
	if strings.Contains(a.Detail, "封顶") && a.Saving > 0 && a.Base > 0 {
		return fmt.Sprintf("%s,%s元已达封顶,减%s元", a.Name, a.Base, a.Saving)
	}
	return strings.TrimSuffix(a.Detail, "。")
}

// pricePlanTogether prices several products bought together with the best
// real promotion plan (shop.BestPlan over all the lines).
func (t *turn) pricePlanTogether(b *strings.Builder, res *PromoResult, prods []*shop.Product, lines []BasketItem, all []shop.Promotion, cust *shop.Customer, isNew bool) {
	var items []shop.LineItem
	var names []string
	for i, p := range prods {
		l := lineItem(p, lines[i])
		items = append(items, l)
		name := "「" + p.Name + "」"
		if lines[i].Size != "" {
			name += lines[i].Size
		}
		if l.Qty > 1 {
			names = append(names, fmt.Sprintf("%s%s元×%d", name, l.UnitPrice, l.Qty))
		} else {
			names = append(names, fmt.Sprintf("%s%s元", name, l.UnitPrice))
		}
	}
	plan := shop.BestPlan(all, items, t.now, cust, isNew)
	res.Subtotal, res.Payable, res.Saving = plan.Subtotal.String(), plan.Payable.String(), plan.TotalSaving.String()
	fmt.Fprintf(b, "%s一起买合计%s元", strings.Join(names, "+"), plan.Subtotal)
	if len(plan.Applied) > 0 {
		var ap []string
		for _, a := range plan.Applied {
			detail := appliedDetail(a)
			if !strings.Contains(detail, a.Name) {
				detail = a.Name + "(" + detail + ")"
			}
			ap = append(ap, detail)
			res.Applied = append(res.Applied, a.ID)
		}
		fmt.Fprintf(b, ",用%s,到手价%s元,共省%s元。", strings.Join(ap, "+"), plan.Payable, plan.TotalSaving)
	} else {
		b.WriteString(",目前没有能直接用上的满减或折扣。")
	}
	for _, pk := range plan.Perks {
		res.Perks = append(res.Perks, pk.Name)
		fmt.Fprintf(b, "同时%s。", strings.TrimSuffix(pk.Detail, "。"))
	}
	for i, h := range plan.Hints {
		if i == 2 {
			break
		}
		res.Hints = append(res.Hints, h.Message)
		fmt.Fprintf(b, "%s。", strings.TrimSuffix(h.Message, "。"))
	}
}

// needKeys are the attributes that say what a product is for.
var needKeys = []string{"适合", "适合发质", "功效"}

// needFit counts the two-character words a need shares with the attribute
// saying what the product is for, returning the best attribute.
func needFit(p *shop.Product, need string) (key, val string, n int) {
	nr := []rune(need)
	for _, k := range needKeys {
		v := attr(p, k)
		if v == "" {
			continue
		}
		seen := map[string]bool{}
		c := 0
		for i := 0; i+1 < len(nr); i++ {
			bg := string(nr[i : i+2])
			if seen[bg] || !isHan(nr[i]) || !isHan(nr[i+1]) {
				continue
			}
			seen[bg] = true
			if strings.Contains(v, bg) {
				c++
			}
		}
		if c > n {
			key, val, n = k, v, c
		}
	}
	return key, val, n
}

func isHan(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }

// pairWords ask what goes with a product.
var pairWords = []string{"配什么", "搭什么", "搭配", "怎么搭", "配啥", "搭啥"}

// skinWords are how product data spells each skin type.
var skinWords = map[string][]string{
	"dry": {"干性", "干皮", "偏干"}, "oily": {"油性", "油皮", "偏油"}, "combination": {"混合"},
	"sensitive": {"敏感"}, "normal": {"中性"}, "acne": {"痘"},
}

// skinFit reads a product's 适合肤质 and 不适合 attributes for a skin
// type: -1 unsuitable, 1 suitable, 0 when the data says neither.
func skinFit(p *shop.Product, skin string) int {
	words := skinWords[skin]
	if len(words) == 0 {
		return 0
	}
	if containsAny(attr(p, "不适合"), words) {
		return -1
	}
	if containsAny(attr(p, "适合肤质"), words) {
		return 1
	}
	return 0
}

// priceGroup is a price some of a product's SKUs sell at, with the variant
// words that tell them apart ("四人位"); label is "" when all SKUs cost the same.
type priceGroup struct {
	label string
	price shop.Money
}

// priceGroups lists the prices of p's SKUs. When color or size name SKUs, only
// theirs count (the first group is the one quoted); otherwise every distinct
// price, cheapest first, labelled by the size or colour that sets it.
func priceGroups(p *shop.Product, color, size string) []priceGroup {
	price := func(s shop.SKU) shop.Money {
		if s.Price > 0 {
			return s.Price
		}
		return p.Price
	}
	distinct := map[shop.Money]bool{}
	for _, s := range p.SKUs {
		distinct[price(s)] = true
	}
	if len(distinct) <= 1 {
		return []priceGroup{{price: p.Price}}
	}
	skus := p.SKUs
	if color != "" || size != "" {
		var named []shop.SKU
		for _, s := range p.SKUs {
			if (color == "" || s.Color == color) && (size == "" || shop.SameVariant(s.Size, size)) {
				named = append(named, s)
			}
		}
		if len(named) > 0 {
			skus = named
		}
	}
	// Which half of the variant sets the price: the size when every size has
	// one price whatever the colour, else the colour, else both.
	bySize, byColor := map[string]shop.Money{}, map[string]shop.Money{}
	sizeSets, colorSets := true, true
	for _, s := range p.SKUs {
		if v, ok := bySize[s.Size]; ok && v != price(s) {
			sizeSets = false
		}
		if v, ok := byColor[s.Color]; ok && v != price(s) {
			colorSets = false
		}
		bySize[s.Size], byColor[s.Color] = price(s), price(s)
	}
	var out []priceGroup
	for _, s := range skus {
		label := variantLabel(s.Color, s.Size)
		switch {
		case sizeSets:
			label = variantLabel("", s.Size)
		case colorSets:
			label = s.Color
		}
		pr := price(s)
		if i := slices.IndexFunc(out, func(g priceGroup) bool { return g.price == pr }); i >= 0 {
			if !strings.Contains(out[i].label, label) {
				out[i].label += "/" + label
			}
			continue
		}
		out = append(out, priceGroup{label: label, price: pr})
	}
	slices.SortStableFunc(out, func(a, b priceGroup) int { return int(a.price - b.price) })
	return out
}

// buyQtyRe matches a shopper saying what they will buy ("买2双", "来两件",
// "拍3个"); howToBuyRe asks how to buy; wantToBuyRe says they will.
var (
	buyQtyRe    = regexp.MustCompile(`(买|拍|来|要|入)\s*([0-9]+|[一二两三四五六七八九十]+)\s*(件|双|个|瓶|套|条|支|盒|台|只|份|张)`)
	howToBuyRe  = regexp.MustCompile(`(怎么|如何|在哪|哪里|咋|怎样)(下单|购买|买|拍|付款)`)
	wantToBuyRe = regexp.MustCompile(`(我要|我想|准备|打算|那就|就它|决定)(下单|买|拍|入手|要了)`)
)

// boughtWords mark a message about goods already bought ("买了两件只到一件",
// "我买的两双…"): an after-sales matter, never a purchase.
var boughtWords = []string{"买了", "拍了", "买的", "拍的", "下单了", "下了单", "收到", "到了", "少", "漏", "只有", "只到", "没", "坏", "退", "换", "错"}

// buyStatement reports whether a clause says the shopper is buying or asks
// how to, and not about something bought.
func buyStatement(text string) bool {
	if containsAny(text, boughtWords) || containsAny(text, payTroubleWords) || strings.Contains(text, "失败") {
		// Bought already, or a payment gone wrong ("怎么付款失败了").
		return false
	}
	if howToBuyRe.MatchString(text) {
		return true
	}
	if containsAny(text, buyQuestionWords) {
		// "买一件能用满减吗", "只买一瓶包邮不": a question about buying,
		// which its own skill answers.
		return false
	}
	return buyQtyRe.MatchString(text) || wantToBuyRe.MatchString(text) || strings.TrimRight(text, "吧啦了!！。~") == "下单"
}

// buyQuestionWords make a message about buying a question.
var buyQuestionWords = []string{"吗", "么", "嘛", "呢", "不", "?", "？", "能", "可以", "多少", "什么", "啥", "几", "哪", "包邮", "优惠", "满减", "便宜", "送", "是否", "有没有"}

// purchaseGuide answers a shopper who is buying ("我要买2双", "怎么下单"):
// whether the variant chosen is in stock, what the quantity costs with the
// promotions that apply, how to order and when it ships. It places no order:
// the shopper does, on the product page.
func (t *turn) purchaseGuide(productID, color, size string, qty int) (Result, error) {
	prod, err := t.product(productID)
	if err != nil {
		return Result{}, err
	}
	if prod == nil {
		return t.askProduct("promotion_rules"), nil
	}
	qty = max(qty, 1)
	want := variantLabel(color, size)
	if want != "" {
		a := shop.SKUAvailability(*prod, color, size)
		if a.Outcome != shop.StockInStock && a.Outcome != shop.StockLow {
			// The variant cannot be bought now: the stock answer says what can.
			return t.checkStock(StockParams{ProductID: prod.ID, Color: color, Size: size})
		}
		if a.Stock < qty {
			return Result{Handled: true, ProductID: prod.ID, Text: fmt.Sprintf("「%s」%s目前只剩%d件,不够%d件,可以先拍%d件,或换个颜色尺码。", prod.Name, want, a.Stock, qty, a.Stock)}, nil
		}
	} else if prod.Status == "off_shelf" || prod.TotalStock() <= 0 {
		return t.checkStock(StockParams{ProductID: prod.ID})
	}
	promo, err := t.promotions(PromoParams{ProductID: prod.ID, Color: color, Size: size, Qty: qty})
	if err != nil {
		return Result{}, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "好的~「%s」", prod.Name)
	if want != "" {
		b.WriteString(want)
	}
	if qty > 1 {
		fmt.Fprintf(&b, "%d件", qty)
	}
	if pr, ok := promo.Data.(*PromoResult); ok && pr.Payable != "" {
		if pr.Saving != "" && pr.Saving != "0" {
			fmt.Fprintf(&b, "到手价%s元(按现在的活动算,省%s元)。", pr.Payable, pr.Saving)
		} else {
			fmt.Fprintf(&b, "合计%s元。", pr.Payable)
		}
	} else {
		b.WriteString("。")
	}
	pick := "选好款式"
	if varies(prod, func(s shop.SKU) string { return s.Color }) || varies(prod, func(s shop.SKU) string { return s.Size }) {
		pick = "选好颜色尺码"
		if want != "" {
			pick = "选" + want
		}
	}
	fmt.Fprintf(&b, "在商品页点「立即购买」,%s", pick)
	if qty > 1 {
		fmt.Fprintf(&b, "、数量改成%d", qty)
	}
	b.WriteString(",提交订单付款就可以了。")
	if pol, err := t.policies(); err == nil {
		if note := productDeliveryNote(prod); note != "" {
			fmt.Fprintf(&b, "%s。", strings.TrimSuffix(note, "。"))
		} else if d := shop.DispatchEstimate(pol, t.now, t.loc()); d.SameDay {
			b.WriteString("现在付款今天就能发出。")
		} else {
			fmt.Fprintf(&b, "现在付款预计%s发货。", cnDate(d.ShipDate))
		}
	}
	return Result{Handled: true, ProductID: prod.ID, Text: b.String(), Data: promo.Data, QuickReplies: []string{"有什么优惠", "什么时候到"}}, nil
}

// varies reports whether p's SKUs differ in the field key reads.
func varies(p *shop.Product, key func(shop.SKU) string) bool {
	for _, s := range p.SKUs {
		if key(s) != key(p.SKUs[0]) {
			return true
		}
	}
	return false
}
