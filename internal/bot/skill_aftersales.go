package bot

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

const schemaReturn = `{"type":"object","properties":{` + orderRefProps + `,
"reason":{"type":"string","enum":["no_reason","size_exchange","quality","damaged","wrong_item","missing_item","adverse_reaction"]},
"opened":{"type":"boolean"},
"tags_removed":{"type":"boolean"},
"exchange_size":{"type":"string","description":"the size a size exchange asks for"},
"size_step":{"type":"integer","description":"1 for one size up (大一码), -1 for one size down"}}}`

// ReturnParams asks whether an order (line) can go back.
type ReturnParams struct {
	OrderRef
	Reason      string `json:"reason,omitempty"`
	Opened      bool   `json:"opened,omitempty"`
	TagsRemoved bool   `json:"tags_removed,omitempty"`
	// ExchangeSize, or else SizeStep (1 one size up, -1 one down), is the
	// size a size exchange wants; its stock is quoted with the decision.
	ExchangeSize string `json:"exchange_size,omitempty"`
	SizeStep     int    `json:"size_step,omitempty"`
}

// ReturnResult is the rule's decision as quoted.
type ReturnResult struct {
	OrderID    string   `json:"order_id"`
	Allowed    bool     `json:"allowed"`
	Outcome    string   `json:"outcome"`
	Kind       string   `json:"kind,omitempty"`
	Reason     string   `json:"reason"`
	Clause     string   `json:"clause,omitempty"`
	Freight    string   `json:"freight,omitempty"`
	Steps      []string `json:"steps,omitempty"`
	Conditions []string `json:"conditions,omitempty"`
	MemberDays int      `json:"member_extra_days,omitempty"`
	NeedsHuman bool     `json:"needs_human,omitempty"`
	// Color is the colour of the order line asked about, kept for a
	// follow-up about the size to exchange to.
	Color string `json:"color,omitempty"`
}

var freightLabels = map[string]string{
	shop.FreightCustomer:  "退货运费由您承担",
	shop.FreightShop:      "退货运费由店铺承担",
	shop.FreightInsurance: "退货运费先由您支付,订单含运费险,理赔款会退到您的付款账户",
}

// lineProduct is the product of order line idx, "" for none (-1).
func lineProduct(o shop.Order, idx int) string {
	if idx < 0 || idx >= len(o.Items) {
		return ""
	}
	return o.Items[idx].ProductID
}

// itemIndex picks the order line the ref points at: the only one, the
// product or colour named, the only line of the kind named ("衣服" in an
// order of a coat and a scarf), or else the product the conversation is
// about; -1 when it cannot tell.
func (t *turn) itemIndex(o shop.Order, ref OrderRef) int {
	if len(o.Items) == 1 {
		return 0
	}
	for i, it := range o.Items {
		if ref.ProductID != "" && it.ProductID == ref.ProductID {
			return i
		}
	}
	for i, it := range o.Items {
		if ref.Color != "" && it.Color == ref.Color {
			return i
		}
	}
	if ref.Category != "" {
		found := -1
		for i, it := range o.Items {
			if p, _ := t.product(it.ProductID); categoryMatches(p, ref.Category) || strings.Contains(it.Name, ref.Category) {
				if found >= 0 {
					return -1
				}
				found = i
			}
		}
		return found
	}
	// Nothing named: the product the conversation is about, when the
	// order has it ("换M码" right after a question about the coat).
	for i, it := range o.Items {
		if ref.ProductID == "" && ref.Color == "" && t.st.ProductID != "" && it.ProductID == t.st.ProductID {
			return i
		}
	}
	return -1
}

// exchangeStock says whether the size an exchange asks for is in stock in
// the colour bought: the exchange is only as good as the stock. The size is
// the one named, or the next one up or down the product's own size list
// (大一码); "" when neither is known or it is the size bought.
func exchangeStock(p shop.Product, it shop.OrderItem, size string, step int) string {
	if size == "" && step != 0 {
		size = nextSize(p, it.Color, it.Size, step)
		if size == "" {
			if step > 0 {
				return fmt.Sprintf("%s已是本款最大的尺码。", it.Size)
			}
			return fmt.Sprintf("%s已是本款最小的尺码。", it.Size)
		}
	}
	if size == "" || shop.SameVariant(size, it.Size) {
		return ""
	}
	a := shop.SKUAvailability(p, it.Color, size)
	want := variantLabel(it.Color, size)
	switch a.Outcome {
	case shop.StockInStock, shop.StockLow:
		if a.LowStock {
			return fmt.Sprintf("要换的%s仅剩%d件,建议尽快提交换货申请。", want, a.Stock)
		}
		return fmt.Sprintf("要换的%s有货(库存%d件)。", want, a.Stock)
	case shop.StockOut:
		restock := "补货时间暂未确定"
		if a.RestockDate != "" {
			restock = "预计" + cnDay(a.RestockDate) + "补货"
		}
		out := fmt.Sprintf("要换的%s暂时缺货,%s", want, restock)
		if len(a.SameSizeOtherColors) > 0 {
			out += ";同尺码有货的颜色:" + listVariants(a.SameSizeOtherColors, 6)
		}
		return out + "。"
	case shop.StockNoSuchSKU:
		return fmt.Sprintf("本款没有%s。", want)
	}
	return ""
}

// nextSize is the size step places up (or down) from size in the product's
// size list for the colour, in catalogue order; "" past either end.
func nextSize(p shop.Product, color, size string, step int) string {
	var sizes []string
	for _, k := range p.SKUs {
		if (color == "" || k.Color == color) && k.Size != "" && !slices.Contains(sizes, k.Size) {
			sizes = append(sizes, k.Size)
		}
	}
	i := slices.Index(sizes, size)
	if i < 0 || i+step < 0 || i+step >= len(sizes) {
		return ""
	}
	return sizes[i+step]
}

// orderSubject names what a reply about order o is about: the line idx
// ("您11月13日买的双面羊毛呢大衣(驼色M码)"), or the whole order when idx is -1.
// The shopper may not have said which order; the reply says which one the
// bot took, so a wrong guess is seen at once.
func (t *turn) orderSubject(o shop.Order, idx int) string {
	day := cnDate(o.CreatedAt.In(t.loc()))
	if idx < 0 || idx >= len(o.Items) {
		return fmt.Sprintf("您%s的订单(%s)", day, shortItems(o, t))
	}
	it := o.Items[idx]
	name := t.itemName(it)
	if v := variantLabel(it.Color, it.Size); v != "" {
		name += "(" + v + ")"
	}
	return fmt.Sprintf("您%s买的%s", day, name)
}

// applicableConditions keeps the return conditions that concern the order
// lines being returned: a condition naming kinds of goods ("护肤、洗护类商品
// 未拆封", "床垫未拆除压缩包装") applies only when a line is of one of them;
// one about wearing ("吊牌、标签完好", "未洗涤、未穿着外出") only to goods
// that are worn; one naming neither ("不影响二次销售") applies to all. The shop's wording is
// kept; only conditions about other goods are left out of the reply.
func (t *turn) applicableConditions(conds []string, o shop.Order, idx int) []string {
	items := o.Items
	if idx >= 0 && idx < len(items) {
		items = items[idx : idx+1]
	}
	kinds := t.kindWords()
	var out []string
	for _, c := range conds {
		var named []string
		for w, cat := range kinds {
			if strings.Contains(c, w) {
				named = append(named, cat)
			}
		}
		worn := len(named) == 0 && containsAny(c, wearConditionWords)
		applies := len(named) == 0 && !worn
		for _, it := range items {
			p, _ := t.product(it.ProductID)
			if p == nil {
				applies = true // unknown product: keep every condition
				continue
			}
			if worn && wearable(p) {
				applies = true
			}
			for _, cat := range named {
				if categoryMatches(p, cat) {
					applies = true
				}
			}
		}
		if applies {
			out = append(out, c)
		}
	}
	return out
}

// wearConditionWords mark a return condition about things that are worn
// ("吊牌、标签完好", "未洗涤、未穿着外出"): it names no kind of goods, but a
// power bank has no tag and is never washed.
var wearConditionWords = []string{"吊牌", "穿着", "试穿", "洗涤", "穿过", "洗过"}

// wearable reports whether p is clothing, shoes or an accessory worn.
func wearable(p *shop.Product) bool {
	return categoryMatches(p, "衣服") || containsAny(p.Category+p.Name, []string{"鞋", "靴", "围巾", "帽", "手套", "袜", "服"})
}

// kindWords maps the words that name a kind of goods in a policy text to the
// category word categoryMatches understands: the catalogue's categories, and
// the shoppers' group words with their short forms (护肤品, 护肤).
func (t *turn) kindWords() map[string]string {
	out := map[string]string{}
	for g := range categoryGroups {
		out[g] = g
		if short := strings.TrimSuffix(g, "品"); short != g && utf8.RuneCountInString(short) >= 2 {
			out[short] = g
		}
	}
	ps, _ := t.products()
	for _, p := range ps {
		if utf8.RuneCountInString(p.Category) >= 2 {
			out[p.Category] = p.Category
		}
	}
	return out
}

func (t *turn) returnCheck(p ReturnParams) (Result, error) {
	o, ask, err := t.resolveOrder(p.OrderRef, "return_exchange")
	if err != nil || ask != nil {
		return deref(ask), err
	}
	pol, err := t.policies()
	if err != nil {
		return Result{}, err
	}
	reason := shop.ReturnReason(p.Reason)
	if reason == "" {
		reason = shop.ReturnNoReason
	}
	idx := t.itemIndex(*o, p.OrderRef)
	var prod *shop.Product
	if idx >= 0 {
		prod, _ = t.product(o.Items[idx].ProductID)
	}
	level := ""
	if c := t.customer(); c != nil {
		level = c.MemberLevel
	}
	d := shop.ReturnEligibility(shop.ReturnInput{Policies: pol, Order: *o, ItemIndex: idx, Product: prod, MemberLevel: level,
		Reason: reason, Opened: p.Opened, TagsRemoved: p.TagsRemoved, Now: t.now, Loc: t.loc()})
	res := ReturnResult{OrderID: o.ID, Allowed: d.Allowed, Outcome: d.Outcome, Kind: d.Kind, Reason: d.Reason, Clause: d.Clause,
		Freight: d.FreightPaidBy, Steps: d.Steps, Conditions: d.Conditions, MemberDays: d.MemberExtraDays, NeedsHuman: d.NeedsHuman}
	r := Result{Data: &res, Handled: true, OrderID: o.ID, Cards: []Card{orderCard(*o, t)}}
	if idx >= 0 {
		// The line is what follow-ups are about ("换L码有货吗" keeps its colour).
		r.ProductID = o.Items[idx].ProductID
		res.Color = o.Items[idx].Color
	}
	var b strings.Builder
	subject := t.orderSubject(*o, idx)
	if d.Allowed {
		verb := "退货"
		if reason == shop.ReturnSizeExchange {
			verb = "换货"
		}
		why, freight, perk := strings.TrimSuffix(d.Reason, "。"), freightLabels[d.FreightPaidBy], ""
		if d.FreightPaidBy == shop.FreightShop && benefitFree(pol, level) {
			perk = fmt.Sprintf("(%s权益)", shop.MemberLevelLabel(level))
		}
		if strings.Contains(why, "运费") { // the rule's reason already says who pays
			why, freight = why+perk, ""
		}
		fmt.Fprintf(&b, "%s可以%s:%s。", subject, verb, why)
		if d.MemberExtraDays > 0 {
			fmt.Fprintf(&b, "您是%s,无理由退货期多%d天。", shop.MemberLevelLabel(level), d.MemberExtraDays)
		}
		if freight != "" {
			b.WriteString(freight + perk + "。")
		}
		if conds := t.applicableConditions(d.Conditions, *o, idx); len(conds) > 0 {
			fmt.Fprintf(&b, "请确保%s。", strings.Join(conds, ";"))
		}
		if reason == shop.ReturnSizeExchange && idx >= 0 && prod != nil {
			b.WriteString(exchangeStock(*prod, o.Items[idx], p.ExchangeSize, p.SizeStep))
		}
		writeSteps(&b, d.Steps)
		r.QuickReplies = []string{"好的", "转人工"}
	} else {
		fmt.Fprintf(&b, "%s:%s。", subject, strings.TrimSuffix(d.Reason, "。"))
		if d.Clause != "" {
			fmt.Fprintf(&b, "(店铺规则:%s)", strings.TrimSuffix(d.Clause, "。"))
		}
		if d.Kind == shop.ReturnKindWarrantyRepair {
			writeSteps(&b, d.Steps)
		}
		if d.NeedsHuman {
			r.Handoff = "needs_human"
		}
		r.QuickReplies = []string{"商品有质量问题", "转人工"}
	}
	r.Text = b.String()
	return r, nil
}

func benefitFree(p shop.Policies, level string) bool {
	b, ok := p.Benefit(level)
	return ok && b.FreeReturnShipping
}

func writeSteps(b *strings.Builder, steps []string) {
	if len(steps) == 0 {
		return
	}
	b.WriteString("办理步骤:")
	for i, s := range steps {
		fmt.Fprintf(b, "\n%d. %s", i+1, strings.TrimSuffix(s, "。"))
	}
}

const schemaAfterSales = `{"type":"object","properties":{` + orderRefProps + `,
"kind":{"type":"string","enum":["quality","damaged","wrong_item","missing_item","adverse_reaction"]},
"description":{"type":"string"},
"has_photo":{"type":"boolean"},
"resolution":{"type":"string","enum":["","replace","refund","repair","partial_refund","compensation"],"description":"the plan the shopper chose"},
"compensation":{"type":"number","description":"compensation the shopper asks for, in yuan"}},
"required":["kind"]}`

// AfterSalesParams describes a complaint.
type AfterSalesParams struct {
	OrderRef
	Kind         string  `json:"kind"`
	Description  string  `json:"description,omitempty"`
	HasPhoto     bool    `json:"has_photo,omitempty"`
	Resolution   string  `json:"resolution,omitempty"`
	Compensation float64 `json:"compensation,omitempty"`
}

// AfterSalesResult is the case and the plan offered.
type AfterSalesResult struct {
	OrderID      string   `json:"order_id"`
	CaseID       string   `json:"case_id,omitempty"`
	CaseStatus   string   `json:"case_status,omitempty"`
	Eligible     bool     `json:"eligible"`
	Reason       string   `json:"reason"`
	NeedPhoto    bool     `json:"need_photo,omitempty"`
	Options      []string `json:"options,omitempty"`
	Compensation string   `json:"compensation,omitempty"`
	Refund       string   `json:"refund,omitempty"`
	Resolution   string   `json:"resolution,omitempty"`
	Escalated    bool     `json:"escalated,omitempty"`
}

var kindReason = map[string]shop.ReturnReason{
	shop.CaseQuality: shop.ReturnQuality, shop.CaseDamaged: shop.ReturnDamaged, shop.CaseWrong: shop.ReturnWrongItem,
	shop.CaseMissing: shop.ReturnMissingItem, shop.CaseReaction: shop.ReturnAdverseReaction,
}

var optionLabels = map[string]string{
	"replace": "换新", "refund": "退货退款", "repair": "维修", "partial_refund": "不退货部分退款",
	"compensation": "补偿", "quality_claim": "质量问题售后", "cancel": "取消订单",
}

var kindIntent = map[string]string{
	shop.CaseQuality: "quality_complaint", shop.CaseDamaged: "damaged_parcel", shop.CaseWrong: "wrong_missing_item",
	shop.CaseMissing: "wrong_missing_item", shop.CaseReaction: "adverse_reaction",
}

func (t *turn) afterSales(p AfterSalesParams) (Result, error) {
	reason, ok := kindReason[p.Kind]
	if !ok {
		return Result{}, fmt.Errorf("after_sales: unknown kind %q", p.Kind)
	}
	o, ask, err := t.resolveOrder(p.OrderRef, kindIntent[p.Kind])
	if err != nil || ask != nil {
		a := deref(ask)
		if a.Pending != nil {
			a.Pending.CaseKind = p.Kind
		}
		return a, err
	}
	pol, err := t.policies()
	if err != nil {
		return Result{}, err
	}
	idx := t.itemIndex(*o, p.OrderRef)
	var prod *shop.Product
	if idx >= 0 {
		prod, _ = t.product(o.Items[idx].ProductID)
	}
	level := ""
	if c := t.customer(); c != nil {
		level = c.MemberLevel
	}
	d := shop.ReturnEligibility(shop.ReturnInput{Policies: pol, Order: *o, ItemIndex: idx, Product: prod, MemberLevel: level,
		Reason: reason, Now: t.now, Loc: t.loc()})
	res := AfterSalesResult{OrderID: o.ID, Eligible: d.Allowed, Reason: d.Reason, Options: d.Options}
	r := Result{Data: &res, Handled: true, OrderID: o.ID}
	lim := pol.BotLimits

	// Find or open the case of this conversation.
	c, err := t.caseFor(o.ID, p.Kind, p.Description)
	if err != nil {
		return Result{}, err
	}
	res.CaseID = c.ID
	var b strings.Builder
	escalate := func(why, handoff string) (Result, error) {
		c.Status = shop.CaseEscalated
		c.Notes = strings.TrimSpace(c.Notes + " " + why)
		if err := t.saveCase(c); err != nil {
			return Result{}, err
		}
		res.Escalated, res.CaseStatus = true, c.Status
		r.Handoff = handoff
		r.Cards = append(r.Cards, caseCard(c))
		return r, nil
	}

	if p.Kind == shop.CaseReaction || shop.AlwaysHuman(lim, kindIntent[p.Kind]) {
		if p.Kind == shop.CaseReaction {
			b.WriteString(stopUsingAdvice)
		}
		fmt.Fprintf(&b, "已为您登记售后单%s,这类问题由专员一对一处理,正在为您转接。", c.ID)
		if d.PhotoRequired {
			b.WriteString("方便的话请准备好问题部位的照片。")
		}
		r.Text = b.String()
		return escalate("always human: "+kindIntent[p.Kind], "always_human")
	}
	if !d.Allowed {
		fmt.Fprintf(&b, "%s。", strings.TrimSuffix(d.Reason, "。"))
		if d.Kind == shop.ReturnKindWarrantyRepair {
			writeSteps(&b, d.Steps)
			r.Text = b.String()
			c.Status = shop.CaseOpen
			c.Resolution = "repair"
			if err := t.saveCase(c); err != nil {
				return Result{}, err
			}
			r.Cards = append(r.Cards, caseCard(c))
			return r, nil
		}
		b.WriteString("这个情况我无法直接处理,已为您转接人工客服进一步核实。")
		r.Text = b.String()
		return escalate("not eligible: "+d.Reason, "beyond_policy")
	}
	if advice := warrantyAdvice(pol, prod, p.Description); advice != "" {
		b.WriteString(advice)
	}
	if d.Kind == shop.ReturnKindWarrantyRepair {
		fmt.Fprintf(&b, "%s(%s)。", strings.TrimSuffix(d.Reason, "。"), strings.TrimSuffix(d.Clause, "。"))
	}
	if d.PhotoRequired && !p.HasPhoto && len(c.Photos) == 0 {
		res.NeedPhoto = true
		c.Status = shop.CaseAwaitingPhoto
		if err := t.saveCase(c); err != nil {
			return Result{}, err
		}
		res.CaseStatus = c.Status
		then := "收到后马上给您处理方案"
		if l, ok := optionLabels[p.Resolution]; ok {
			then = fmt.Sprintf("收到后核实,按「%s」为您办理", l)
		}
		fmt.Fprintf(&b, "已为您登记售后单%s。按店铺售后规则需要照片核实:%s,%s。", c.ID, photoAsk, then)
		r.Text = b.String()
		r.Pending = &Pending{Kind: "photo", Intent: kindIntent[p.Kind], CaseKind: p.Kind, Resolution: p.Resolution, ProductID: lineProduct(*o, idx)}
		r.Cards = append(r.Cards, caseCard(c))
		return r, nil
	}
	if p.HasPhoto && len(c.Photos) == 0 {
		c.Photos = append(c.Photos, "received")
	}

	// The plan: only options the policy allows, amounts within the bot's limits.
	var refund shop.Money
	if idx >= 0 {
		refund = o.LinePaid(idx) // its share of any order-wide discount off
	} else {
		refund = o.Total
	}
	res.Refund = refund.String()
	if p.Compensation > 0 {
		asked := shop.Money(p.Compensation*100 + 0.5)
		if ok, why := shop.CheckCompensation(lim, asked); !ok {
			fmt.Fprintf(&b, "您提出的%s元补偿超出了我能直接处理的范围(%s),已登记在售后单%s,转给专员为您处理。", asked, strings.TrimSuffix(why, "。"), c.ID)
			r.Text = b.String()
			c.Compensation = asked
			return escalate("compensation above cap", "compensation_above_cap")
		}
		res.Compensation = asked.String()
	}
	if p.Resolution != "" && !resolutionAllowed(d.Options, p.Resolution) {
		// The shop's rules decide the ways out, not the wording of the request.
		fmt.Fprintf(&b, "「%s」不在店铺这类售后可以直接办理的方式里。", optionLabels[p.Resolution])
		p.Resolution = ""
	}
	if p.Resolution != "" {
		res.Resolution = p.Resolution
		c.Resolution = p.Resolution
		switch p.Resolution {
		case "refund":
			if ok, _ := shop.CheckRefund(lim, refund); !ok {
				c.RefundAmount = refund
				fmt.Fprintf(&b, "好的,退款金额%s元需要专员审核,已登记在售后单%s并转给专员,会尽快处理。", refund, c.ID)
				r.Text = b.String()
				return escalate("refund above auto limit", "refund_above_cap")
			}
			c.RefundAmount = refund
		case "compensation", "partial_refund":
			amt := lim.MaxCompensation
			if res.Compensation != "" {
				amt = shop.Money(p.Compensation*100 + 0.5)
			}
			if ok, _ := shop.CheckCompensation(lim, amt); !ok || amt <= 0 {
				fmt.Fprintf(&b, "补偿金额需要专员确认,已登记在售后单%s并转给专员。", c.ID)
				r.Text = b.String()
				return escalate("compensation needs human", "compensation_above_cap")
			}
			c.Compensation = amt
			res.Compensation = amt.String()
		}
		c.Status = shop.CaseAccepted
		if err := t.saveCase(c); err != nil {
			return Result{}, err
		}
		res.CaseStatus = c.Status
		fmt.Fprintf(&b, "好的,已按「%s」为您登记,售后单号%s。", resolutionLabel(c), c.ID)
		if pol.QualityReturns.ShopPaysFreight && (p.Resolution == "refund" || p.Resolution == "replace" || p.Resolution == "repair") {
			b.WriteString("需要寄回的运费由店铺承担。")
		}
		writeSteps(&b, d.Steps)
		r.Text = b.String()
		r.Cards = append(r.Cards, caseCard(c))
		return r, nil
	}

	var opts []string
	for _, o := range d.Options {
		if l, ok := optionLabels[o]; ok && o != "partial_refund" {
			opts = append(opts, l)
		}
	}
	comp := lim.MaxCompensation
	offerComp := false
	if ok, _ := shop.CheckCompensation(lim, comp); ok && comp > 0 && containsStr(d.Options, "partial_refund") {
		offerComp = true
		opts = append(opts, fmt.Sprintf("不退货补偿%s元", comp))
		res.Compensation = comp.String()
	}
	c.Status = shop.CaseProposed
	if err := t.saveCase(c); err != nil {
		return Result{}, err
	}
	res.CaseStatus = c.Status
	why := strings.TrimSuffix(d.Reason, "。")
	if p.HasPhoto {
		why = strings.Replace(why, shop.PhotoRequest, ",照片已收到", 1)
	}
	fmt.Fprintf(&b, "已为您登记售后单%s(%s)。可以为您这样处理:%s", c.ID, why, strings.Join(opts, " / "))
	if pol.QualityReturns.ShopPaysFreight {
		b.WriteString(",需要寄回的运费由店铺承担")
	}
	b.WriteString("。您选哪一种?")
	r.Text = b.String()
	for _, o := range d.Options {
		if l, ok := optionLabels[o]; ok && o != "partial_refund" {
			r.QuickReplies = append(r.QuickReplies, l)
		}
	}
	if offerComp {
		r.QuickReplies = append(r.QuickReplies, "补偿"+comp.String()+"元")
	}
	r.Pending = &Pending{Kind: "plan", Intent: kindIntent[p.Kind], CaseKind: p.Kind, ProductID: lineProduct(*o, idx)}
	r.Cards = append(r.Cards, Card{Type: "plan", ID: c.ID, Title: "售后方案", Lines: opts}, caseCard(c))
	return r, nil
}

// photoAsk asks for the evidence the shop's quality rules require; a fault
// that does not show in a picture (不加热, 没声音) shows in a video.
const photoAsk = "请拍能看清问题部位的照片发给我,不加热、没声音这类故障录一段视频更清楚(外包装破损请同时拍快递面单)"

// resolutionAllowed reports whether the policy's options for a case allow a
// resolution the shopper chose; a compensation is the partial refund
// without a return.
func resolutionAllowed(options []string, resolution string) bool {
	if resolution == "compensation" {
		resolution = "partial_refund"
	}
	return containsStr(options, resolution)
}

func containsStr(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func resolutionLabel(c shop.Case) string {
	switch c.Resolution {
	case "compensation", "partial_refund":
		return "不退货补偿" + c.Compensation.String() + "元"
	case "refund":
		return "退货退款" + c.RefundAmount.String() + "元"
	}
	if l, ok := optionLabels[c.Resolution]; ok {
		return l
	}
	return c.Resolution
}

func caseCard(c shop.Case) Card {
	return Card{Type: "case", ID: c.ID, Title: "售后单 " + c.ID, Status: c.Status, Subtitle: c.Kind}
}

// caseFor returns this conversation's open case for the order and kind, or a new one.
func (t *turn) caseFor(orderID, kind, desc string) (shop.Case, error) {
	if c, err := t.conversationCase(); err != nil {
		return shop.Case{}, err
	} else if c != nil && c.OrderID == orderID {
		return *c, nil
	}
	c := shop.Case{ID: t.newCaseID(), ConversationID: t.convID, CustomerID: t.customerID, OrderID: orderID, Kind: kind,
		Status: shop.CaseOpen, Summary: truncate(desc, 200), CreatedAt: t.now, UpdatedAt: t.now}
	if t.b.d.Cases != nil {
		if err := t.b.d.Cases.CreateCase(t.ctx, c); err != nil {
			return shop.Case{}, fmt.Errorf("create case: %w", err)
		}
	}
	t.st.CaseID, t.st.CancelLines = c.ID, nil
	return c, nil
}

// conversationCase is the after-sales case this conversation opened, if
// it is still being handled.
func (t *turn) conversationCase() (*shop.Case, error) {
	if t.b.d.Cases == nil || t.st.CaseID == "" || t.customerID == "" {
		return nil, nil
	}
	cs, err := t.b.d.Cases.Cases(t.ctx, t.customerID)
	if err != nil && !notFound(err) {
		return nil, fmt.Errorf("load cases: %w", err)
	}
	for i := range cs {
		if cs[i].ID == t.st.CaseID && cs[i].Status != shop.CaseClosed && cs[i].Status != shop.CaseResolved {
			return &cs[i], nil
		}
	}
	return nil, nil
}

// Words asking how the goods go back, and how long the case takes.
var (
	sendBackWords  = []string{"寄回", "寄过去", "寄给你们", "退回去", "寄回去", "怎么寄", "要寄", "取件", "上门取", "快递员来", "运费"}
	caseTimeWords  = []string{"多久", "什么时候", "几天", "进度", "多长时间", "啥时候", "哪天", "好了没", "处理好"}
	caseFollowUpOf = map[string]bool{"return_exchange": true, "delivery_time": true, "logistics": true, "order_status": true,
		"refund_status": true, "shipping_fee_carrier": true, "warranty_repair": true}
)

// caseFollowUp answers a question about the plan the shopper just accepted
// ("需要我寄回去吗", "多久能换好") from the case and the shop's quality rules,
// instead of reading it as a new return or a delivery estimate. It applies
// only to the accepted case of this conversation, when the question names
// no other order or product.
func (t *turn) caseFollowUp(intent string, e ents, text string) (Result, bool, error) {
	if !caseFollowUpOf[intent] || !containsAny(text, sendBackWords) && !containsAny(text, caseTimeWords) || e.val("order_id") != "" || e.val("tracking_no") != "" {
		return Result{}, false, nil
	}
	if intent != "return_exchange" && intent != "warranty_repair" && !containsAny(text, []string{"换", "修", "退", "补偿", "售后"}) {
		// "多久能收到" after a case may be about another parcel.
		return Result{}, false, nil
	}
	c, err := t.conversationCase()
	if err != nil || c == nil || c.Status != shop.CaseAccepted || c.Resolution == "" || intent == "refund_status" && c.Resolution != "refund" {
		// A refund question is about this case only when the plan is a refund.
		return Result{}, false, err
	}
	if pid := e.val("product"); pid != "" {
		if o, err := t.ownOrder(c.OrderID); err != nil || o == nil || !slices.ContainsFunc(o.Items, func(it shop.OrderItem) bool { return it.ProductID == pid }) {
			return Result{}, false, err
		}
	}
	pol, err := t.policies()
	if err != nil {
		return Result{}, false, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "您的售后单%s已按「%s」登记,正在处理。", c.ID, resolutionLabel(*c))
	back := c.Resolution == "replace" || c.Resolution == "refund" || c.Resolution == "repair"
	if containsAny(text, sendBackWords) {
		switch {
		case !back:
			b.WriteString("这个方案不需要寄回商品。")
		default:
			// The rules' own step for sending the goods back, else the
			// freight rule alone.
			i := slices.IndexFunc(pol.QualityReturns.Steps, func(st string) bool { return strings.Contains(st, "取件") || strings.Contains(st, "寄回") })
			switch {
			case i >= 0:
				fmt.Fprintf(&b, "%s。", strings.TrimSuffix(pol.QualityReturns.Steps[i], "。"))
			case pol.QualityReturns.ShopPaysFreight:
				b.WriteString("需要寄回,运费由店铺承担。")
			}
		}
	}
	if containsAny(text, caseTimeWords) {
		b.WriteString("具体多久办好要等客服核实后安排,店铺规则里没有写明天数,我不随便承诺;需要的话可以为您转人工催一下。")
	}
	r := Result{Handled: true, Text: b.String(), OrderID: c.OrderID, Cards: []Card{caseCard(*c)}, QuickReplies: []string{"转人工"}}
	return r, true, nil
}

// noteOnCase adds a timestamped line to the notes of the shopper's case id.
func (t *turn) noteOnCase(id, note string) error {
	cs, err := t.b.d.Cases.Cases(t.ctx, t.customerID)
	if err != nil && !notFound(err) {
		return fmt.Errorf("load cases: %w", err)
	}
	for _, c := range cs {
		if c.ID == id {
			c.Notes = strings.TrimSpace(c.Notes + "\n" + t.now.In(t.loc()).Format("01-02 15:04") + " " + truncate(note, 200))
			return t.saveCase(c)
		}
	}
	return nil
}

// looksLikeAddress reports whether text holds a street address ("浦东新区XX路100号").
func looksLikeAddress(text string) bool {
	return addressRe.MatchString(text)
}

var addressRe = regexp.MustCompile(`(省|市|区|县|镇).{0,12}(路|街|道|巷|弄|号|小区|村|栋|室)`)

// newCaseID is the id of a case opened this turn.
func (t *turn) newCaseID() string {
	if t.b.d.NewID != nil {
		return t.b.d.NewID()
	}
	return "CASE-" + t.now.Format("060102150405") + fmt.Sprintf("%03d", t.st.Turns%1000)
}

func (t *turn) saveCase(c shop.Case) error {
	c.UpdatedAt = t.now
	if t.b.d.Cases == nil {
		return nil
	}
	if err := t.b.d.Cases.UpdateCase(t.ctx, c); err != nil {
		return fmt.Errorf("update case: %w", err)
	}
	return nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

const schemaOrderService = `{"type":"object","properties":{` + orderRefProps + `,
"size":{"type":"string","description":"change_spec: the size wanted"},
"action":{"type":"string","enum":["change_address","cancel","urge","refund","change_spec"],"description":"refund: the shopper wants their money back (cancels an unshipped order, explains refusal or return for one on its way or delivered); change_spec: another size or colour of what was ordered"},
"details":{"type":"string","description":"the new address or the reason, as the shopper wrote it"}},
"required":["action"]}`

// OrderServiceParams requests a change to an order.
type OrderServiceParams struct {
	OrderRef
	Action  string `json:"action"`
	Details string `json:"details,omitempty"`
	// Size is the size a change_spec asks for.
	Size string `json:"size,omitempty"`
}

// OrderServiceResult says what was done or what the options are.
type OrderServiceResult struct {
	OrderID  string        `json:"order_id"`
	Action   string        `json:"action"`
	Status   string        `json:"status"`
	Recorded bool          `json:"recorded"`
	CaseID   string        `json:"case_id,omitempty"`
	Options  []string      `json:"options,omitempty"`
	Dispatch *DispatchInfo `json:"dispatch,omitempty"`
}

var actionIntent = map[string]string{"change_address": "change_address", "cancel": "cancel_order", "urge": "urge_dispatch", "refund": "refund_request", "change_spec": "change_address"}

// specWords ask to change the size or colour of what was ordered;
// addressWords mark an address change, which wins.
var (
	specWords    = []string{"尺码", "码数", "选错码", "拍错码", "换码", "改码", "大一码", "小一码", "颜色", "规格", "型号"}
	addressWords = []string{"地址", "省", "市", "区", "县", "路", "街", "小区", "号楼", "收件人", "收货人", "电话", "手机号"}
)

// asksSpecChange reports whether a change request is about the size or the
// colour ordered ("选错码了能改成39吗"), not the address.
func asksSpecChange(text string, size, color string) bool {
	return (size != "" || color != "" || containsAny(text, specWords)) && !containsAny(text, addressWords)
}

// wholeOrderWords speak of an order as a whole ("那单不要了", "整单取消").
var wholeOrderWords = []string{"那单", "这单", "整单", "订单", "一单", "全部", "都不要", "全都"}

// refundAskWords are a shopper asking for their money back ("我要退款",
// "不想要了,退钱"); refundProgressWords a question about a refund already
// under way ("退款什么时候到账", "怎么还没退"), which the order status answers.
var (
	refundAskWords      = []string{"要退款", "想退款", "申请退款", "办退款", "退款吧", "帮我退款", "给我退款", "能退款吗", "可以退款吗", "能不能退款", "可不可以退款", "我要退", "退钱", "不想要了", "不要了"}
	refundProgressWords = []string{"什么时候", "啥时候", "多久", "几天", "到哪", "进度", "到账", "哪一步", "怎么还没", "还没到", "还没退", "退了吗", "退了没", "没收到", "回到"}
)

// asksForRefund reports whether a refund message asks for a refund rather
// than about one in progress.
func asksForRefund(text string) bool {
	return containsAny(text, refundAskWords) && !containsAny(text, refundProgressWords)
}

// saysOpened reports whether the shopper says the goods were opened or used.
func saysOpened(text string) bool {
	return containsAny(text, []string{"拆封", "拆开", "打开", "开封", "用过", "用了"}) && !containsAny(text, []string{"没拆", "未拆", "没打开", "没用", "未开封", "没开封"})
}

// saysTagsRemoved reports whether the shopper says the tags are off.
func saysTagsRemoved(text string) bool {
	return containsAny(text, []string{"吊牌剪", "剪了吊牌", "吊牌拆", "拆了吊牌", "没有吊牌", "吊牌没了"})
}

func (t *turn) orderService(p OrderServiceParams) (Result, error) {
	intent, ok := actionIntent[p.Action]
	if !ok {
		return Result{}, fmt.Errorf("order_service: unknown action %q", p.Action)
	}
	o, ask, err := t.resolveOrder(p.OrderRef, intent)
	if err != nil || ask != nil {
		return deref(ask), err
	}
	pol, err := t.policies()
	if err != nil {
		return Result{}, err
	}
	action := p.Action
	if action == "refund" {
		// Getting the money back means something different at each stage:
		// cancelling before dispatch, refusing the parcel on its way (or the
		// shop chasing a lost one), a return once delivered.
		switch {
		case o.Status == shop.StatusPendingPayment || o.Status == shop.StatusToShip:
			action = "cancel"
		case o.Status == shop.StatusDelivered || o.Status == shop.StatusCompleted:
			return t.returnCheck(ReturnParams{OrderRef: OrderRef{OrderID: o.ID}, Reason: string(shop.ReturnNoReason),
				Opened: saysOpened(p.Details), TagsRemoved: saysTagsRemoved(p.Details)})
		case o.Status.Dispatched():
			return t.refundInTransit(*o, pol)
		default: // refunding, cancelled, closed: where the money is
			return t.orderStatus(OrderStatusParams{OrderRef: OrderRef{OrderID: o.ID}, Intent: "refund_status"})
		}
	}
	if action == "change_spec" {
		return t.changeSpec(*o, p, pol)
	}
	res := OrderServiceResult{OrderID: o.ID, Action: p.Action, Status: o.Status.Label()}
	r := Result{Data: &res, Handled: true, OrderID: o.ID, Cards: []Card{orderCard(*o, t)}}
	var b strings.Builder
	notDispatched := o.Status == shop.StatusPendingPayment || o.Status == shop.StatusToShip
	switch action {
	case "change_address":
		if notDispatched {
			c, err := t.caseFor(o.ID, shop.CaseAddress, "修改地址:"+p.Details)
			if err != nil {
				return Result{}, err
			}
			res.Recorded, res.CaseID = true, c.ID
			fmt.Fprintf(&b, "订单还没发货(%s),已为您登记修改地址的申请(单号%s),发货前会按新地址处理。", o.Status.Label(), c.ID)
			if !looksLikeAddress(p.Details) {
				// The request is recorded; the address it needs comes next.
				b.WriteString("请把新的收货人、电话和详细地址发给我。")
				r.Pending = &Pending{Kind: "address", Intent: "change_address"}
			}
		} else if o.Status == shop.StatusShipped || o.Status == shop.StatusInTransit {
			res.Options = []string{"carrier_redirect", "refuse_and_reorder"}
			if looksLikeAddress(p.Details) {
				b.WriteString("新地址收到了,不过")
			}
			// The waybill is what the carrier asks for when redirecting.
			waybill := ""
			if ships, err := t.b.d.Orders.ShipmentsByOrder(t.ctx, o.ID); err == nil && len(ships) > 0 {
				waybill = fmt.Sprintf("(%s 运单号%s)", ships[0].Carrier, ships[0].TrackingNo)
			}
			fmt.Fprintf(&b, "包裹已经发出,仓库这边改不了地址了。您可以:1. 联系快递%s申请改派到新地址(需快递网点同意,可能产生费用);2. 拒收包裹,退回后为您退款,再按新地址重新下单。", waybill)
		} else {
			fmt.Fprintf(&b, "订单当前状态是%s,无法修改地址。", o.Status.Label())
		}
	case "cancel":
		switch {
		case o.Status == shop.StatusPendingPayment:
			b.WriteString("订单还没付款,可以在订单页直接取消,超时未付款也会自动关闭。")
		case o.Status == shop.StatusToShip:
			text, handoff, err := t.cancelUnshipped(*o, p, pol, &res)
			if err != nil {
				return Result{}, err
			}
			b.WriteString(text)
			r.Handoff = handoff
		case o.Status.Dispatched() && o.Status != shop.StatusDelivered && o.Status != shop.StatusCompleted:
			res.Options = []string{"refuse_delivery"}
			b.WriteString("包裹已经发出,无法直接取消;您可以拒收包裹,退回仓库后为您退款。")
		default:
			fmt.Fprintf(&b, "订单当前状态是%s,不能取消;如需退货,我可以帮您看看退货规则。", o.Status.Label())
		}
	case "urge":
		if o.Status == shop.StatusToShip {
			d := t.dispatchOf(*o, pol)
			res.Dispatch = d
			if d.Overdue {
				fmt.Fprintf(&b, "非常抱歉,按承诺最晚%s前应发出,已经超时了,已为您加急并转专员跟进。", d.Latest)
				r.Handoff = "dispatch_overdue"
			} else {
				// The reason (paid after the cutoff, a rest day) is what "怎么还没发"
				// asks for; it also states the promised latest dispatch.
				fmt.Fprintf(&b, "您的订单(%s)还没发货,已帮您催促仓库优先处理。按规则预计%s发出(%s)。", shortItems(*o, t), d.ShipDate, d.Reason)
			}
		} else if o.Status == shop.StatusPendingPayment {
			b.WriteString("这笔订单还没有付款,付款后才会安排发货哦。")
		} else {
			st, err := t.orderStatus(OrderStatusParams{OrderRef: OrderRef{OrderID: o.ID}, Intent: "logistics"})
			if err != nil {
				return Result{}, err
			}
			sr, ok := st.Data.(*OrderStatusResult)
			switch {
			case !ok || !o.Status.Dispatched() || o.Status == shop.StatusDelivered || o.Status == shop.StatusCompleted:
			case sr.FollowUpCase != "":
				// The urging goes on the case, where the agent chasing the
				// carrier sees how pressed the shopper is.
				if err := t.noteOnCase(sr.FollowUpCase, "顾客催促:"+p.Details); err != nil {
					return Result{}, err
				}
				st.Text = "已把您的催促记到物流跟进单上,会优先联系快递核实。" + st.Text
			case !sr.Issue:
				// A parcel moving normally cannot be sped up; saying so is
				// better than repeating the status as if something was done.
				st.Text = "包裹已经从仓库发出,正在正常运输,快递途中店铺没法再加快,请您再耐心等一等。" + st.Text
			}
			return st, nil
		}
	}
	r.Text = b.String()
	return r, nil
}

// cancelUnshipped records the cancellation of an order not yet dispatched,
// or of the lines named: "面霜不要了" in an order of cream and serum drops
// the cream, refunded at what was paid for it, while the serum ships; "那单
// 都不要了" the whole order. Lines cancelled one after another in the
// conversation add up on its case (State.CancelLines), and all of them
// make the whole order. The refund goes to an agent above the bot's cap.
func (t *turn) cancelUnshipped(o shop.Order, p OrderServiceParams, pol shop.Policies, res *OrderServiceResult) (text, handoff string, err error) {
	line := -1
	if len(o.Items) > 1 && (p.ProductID != "" || p.Category != "" || p.Color != "") && !containsAny(p.Details, wholeOrderWords) {
		line = t.itemIndex(o, p.OrderRef)
	}
	c, err := t.caseFor(o.ID, shop.CaseCancel, "取消订单:"+p.Details)
	if err != nil {
		return "", "", err
	}
	var lines []string // the products of the lines cancelled; nil for the whole order
	if line >= 0 {
		earlier := c.Kind == shop.CaseCancel && c.RefundAmount > 0 // this case already cancels something
		switch {
		case earlier && len(t.st.CancelLines) == 0: // the whole order already
		case earlier && !slices.Contains(t.st.CancelLines, o.Items[line].ProductID):
			lines = append(slices.Clone(t.st.CancelLines), o.Items[line].ProductID)
		case earlier:
			lines = t.st.CancelLines
		default:
			lines = []string{o.Items[line].ProductID}
		}
	}
	amount := o.Total
	var names []string
	if lines != nil {
		amount = 0
		for i, it := range o.Items {
			if slices.Contains(lines, it.ProductID) {
				amount += o.LinePaid(i)
				names = append(names, "「"+it.Name+"」")
			}
		}
		if len(names) == len(o.Items) {
			lines, names, amount = nil, nil, o.Total
		}
	}
	t.st.CancelLines = lines
	what := strings.Join(names, "、")
	if c.Kind == shop.CaseCancel {
		c.Summary = "取消订单:" + p.Details
		if what != "" {
			c.Summary = fmt.Sprintf("取消订单中的%s,其余商品照常发货:%s", what, p.Details)
		}
		c.Summary = truncate(c.Summary, 200)
	}
	res.Recorded, res.CaseID = true, c.ID
	c.RefundAmount = amount
	ok, _ := shop.CheckRefund(pol.BotLimits, amount)
	if !ok {
		c.Status, handoff = shop.CaseEscalated, "refund_above_cap"
	}
	if err := t.saveCase(c); err != nil {
		return "", "", err
	}
	switch {
	case what != "" && !ok:
		text = fmt.Sprintf("订单还没发货,可以只取消%s,其余商品照常发货。退款金额%s元需要专员审核,已登记取消申请(单号%s)并转给专员处理。", what, amount, c.ID)
	case what != "":
		text = fmt.Sprintf("订单还没发货,已为您提交只取消%s的申请(单号%s),其余商品照常发货;仓库拦截成功后实付的%s元原路退回。如果整单都不要了,告诉我一声。", what, c.ID, amount)
	case !ok:
		text = fmt.Sprintf("订单还没发货,可以取消。退款金额%s元需要专员审核,已登记取消申请(单号%s)并转给专员处理。", amount, c.ID)
	default:
		text = fmt.Sprintf("订单还没发货,已为您提交取消申请(单号%s),仓库拦截成功后%s元全额原路退回。", c.ID, amount)
	}
	return text, handoff, nil
}

// changeSpec answers a wish for another size or colour of what was
// ordered. An order's SKU is not edited after payment: before dispatch the
// way is to cancel and order again, once it is on its way an exchange after
// delivery, once delivered the exchange rules decide. The stock of the size
// wanted, in the colour bought, is quoted either way.
func (t *turn) changeSpec(o shop.Order, p OrderServiceParams, pol shop.Policies) (Result, error) {
	step := 0
	switch {
	case containsAny(p.Details, []string{"大一码", "大一号"}):
		step = 1
	case containsAny(p.Details, []string{"小一码", "小一号"}):
		step = -1
	}
	if o.Status == shop.StatusDelivered || o.Status == shop.StatusCompleted {
		return t.returnCheck(ReturnParams{OrderRef: OrderRef{OrderID: o.ID, ProductID: p.ProductID, Category: p.Category},
			Reason: string(shop.ReturnSizeExchange), ExchangeSize: p.Size, SizeStep: step})
	}
	res := OrderServiceResult{OrderID: o.ID, Action: p.Action, Status: o.Status.Label()}
	r := Result{Data: &res, Handled: true, OrderID: o.ID, Cards: []Card{orderCard(o, t)}}
	idx := t.itemIndex(o, p.OrderRef)
	stock := ""
	if idx >= 0 {
		if prod, _ := t.product(o.Items[idx].ProductID); prod != nil {
			stock = strings.Replace(exchangeStock(*prod, o.Items[idx], p.Size, step), "要换的", "您要的", 1)
		}
	}
	var b strings.Builder
	b.WriteString(t.orderSubject(o, idx))
	switch {
	case o.Status == shop.StatusPendingPayment:
		b.WriteString("还没付款,可以直接取消,重新选好尺码颜色再下单。")
		b.WriteString(stock)
	case o.Status == shop.StatusToShip:
		b.WriteString("已付款,订单里的尺码和颜色没法直接修改;还没发货,可以取消后重新下单,取消后货款全额原路退回。")
		b.WriteString(stock)
		b.WriteString("需要的话回复「取消订单」,我帮您提交取消申请。")
		r.QuickReplies = []string{"取消订单", "转人工"}
	case o.Status.Dispatched():
		b.WriteString("已经发出,改不了尺码和颜色了;")
		if pol.Returns.ExchangeDays > 0 {
			fmt.Fprintf(&b, "签收后%d天内可以申请换货。", pol.Returns.ExchangeDays)
		} else {
			b.WriteString("签收后可以申请换货。")
		}
		b.WriteString(stock)
	default:
		fmt.Fprintf(&b, "当前状态是%s,不能修改。", o.Status.Label())
	}
	r.Text = b.String()
	return r, nil
}

// refundInTransit answers "我要退款" for an order on its way: a parcel the
// shop is already chasing (stalled, held, failed) is refunded or resent
// once the carrier confirms it lost, so the follow-up case is what to quote;
// a parcel moving normally can be refused on delivery, or returned after.
func (t *turn) refundInTransit(o shop.Order, pol shop.Policies) (Result, error) {
	r, err := t.orderStatus(OrderStatusParams{OrderRef: OrderRef{OrderID: o.ID}, Intent: "refund_status"})
	if err != nil {
		return r, err
	}
	if sr, ok := r.Data.(*OrderStatusResult); ok && sr.Issue {
		r.Text += "核实后如确认包裹丢失,会按您的意愿为您退款或补发;包裹若能送到,您也可以拒收,退回仓库后原路退款。"
		return r, nil
	}
	var b strings.Builder
	b.WriteString("包裹已经发出,没法直接退款:您可以在快递送达时拒收,包裹退回仓库后为您原路退款")
	if pol.Returns.RefundDays > 0 {
		fmt.Fprintf(&b, "(仓库签收后%d天内)", pol.Returns.RefundDays)
	}
	if pol.Returns.NoReasonDays > 0 {
		fmt.Fprintf(&b, ";也可以签收后%d天内申请无理由退货", pol.Returns.NoReasonDays)
	}
	b.WriteString("。")
	r.Text = b.String() + r.Text
	return r, nil
}

// returnRuleWords mark a question about the return rules rather than about one order.
var returnRuleWords = []string{"怎么退", "如何退", "运费谁", "谁出", "谁承担", "谁付", "规则", "政策", "几天", "多少天", "流程", "运费险"}

// returnRules answers a general return question from the policy, for the
// product in focus when there is one: the window, the conditions (吊牌…),
// exclusions, who pays the postage (运费险, member benefits) and the steps.
// It needs no order and so no identity check.
func (t *turn) returnRules(productID, reason string, opened, tagsRemoved bool) (Result, error) {
	pol, err := t.policies()
	if err != nil {
		return Result{}, err
	}
	prod, err := t.product(productID)
	if err != nil {
		return Result{}, err
	}
	rp := pol.Returns
	res := ReturnResult{Outcome: "policy", Conditions: rp.Conditions, Steps: rp.Steps}
	r := Result{Data: &res, Handled: true}
	var b strings.Builder
	refused := false
	if prod != nil {
		r.ProductID = prod.ID
		switch {
		case containsFold(rp.ExcludedCategories, prod.Category):
			fmt.Fprintf(&b, "「%s」属于%s,不支持无理由退货,有质量问题可以申请售后。", prod.Name, prod.Category)
			refused = true
		case opened && containsFold(rp.OpenedExcludedCategories, prod.Category):
			fmt.Fprintf(&b, "「%s」拆封后不支持无理由退货", prod.Name)
			if c := conditionAbout(rp.Conditions, prod.Category); c != "" {
				fmt.Fprintf(&b, "(店铺规则:%s)", c)
			}
			b.WriteString(";如果是质量问题,可以申请质量售后。")
			refused = true
		}
	}
	if tagsRemoved && !refused {
		c := conditionAbout(rp.Conditions, "吊牌")
		if c == "" {
			c = "吊牌完好"
		}
		fmt.Fprintf(&b, "吊牌剪掉后不符合无理由退货条件(需%s),不能无理由退货;如果是质量问题,可以申请质量售后。", c)
		refused = true
	}
	if !refused {
		if rp.NoReasonDays > 0 {
			fmt.Fprintf(&b, "本店支持签收后%d天无理由退货", rp.NoReasonDays)
			if rp.ExchangeDays > 0 {
				fmt.Fprintf(&b, "、%d天内换货", rp.ExchangeDays)
			}
			b.WriteString("。")
		}
		if len(rp.Conditions) > 0 {
			fmt.Fprintf(&b, "需要满足:%s。", strings.Join(rp.Conditions, "、"))
		}
	}
	level := shop.LevelRegular
	if c := t.customer(); c != nil && c.MemberLevel != "" {
		level = c.MemberLevel
	}
	if bf, ok := pol.Benefit(level); ok && bf.ExtendedReturnDays > 0 && !refused {
		fmt.Fprintf(&b, "您是%s,无理由退货期延长%d天。", shop.MemberLevelLabel(level), bf.ExtendedReturnDays)
		res.MemberDays = bf.ExtendedReturnDays
	}
	switch {
	case t.customerID != "" && benefitFree(pol, level):
		res.Freight = shop.FreightShop
		fmt.Fprintf(&b, "您是%s,退货运费由店铺承担。", shop.MemberLevelLabel(level))
	case rp.CustomerPaysFreight && rp.FreightInsurance:
		res.Freight = shop.FreightInsurance
		b.WriteString("无理由退货的运费先由您支付,订单含运费险,理赔款会退到您的付款账户;质量问题退换由店铺承担运费。")
	case rp.CustomerPaysFreight:
		res.Freight = shop.FreightCustomer
		b.WriteString("无理由退货运费由您承担;质量问题退换由店铺承担运费。")
	default:
		res.Freight = shop.FreightShop
		b.WriteString("退货运费由店铺承担。")
	}
	if !refused {
		writeSteps(&b, rp.Steps)
	}
	res.Allowed = !refused
	r.Text = b.String()
	r.QuickReplies = []string{"查我的订单能不能退", "转人工"}
	return r, nil
}

// conditionAbout returns the first return condition mentioning word.
func conditionAbout(conds []string, word string) string {
	for _, c := range conds {
		if strings.Contains(c, word) {
			return c
		}
	}
	return ""
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// severeWords say a defect is more than the normal wear a product's data describes.
var severeWords = []string{"严重", "很多", "大面积", "破洞", "破了", "坏了", "开线", "整件", "全是"}

// normalWear answers a complaint about something the product's own data
// calls normal ("轻微起球属正常现象,可用毛球修剪器处理") with that fact
// instead of opening a quality case; ok is false otherwise.
func (t *turn) normalWear(productID, text string) (Result, bool) {
	prod, _ := t.product(productID)
	if prod == nil || containsAny(text, severeWords) {
		return Result{}, false
	}
	facts, _ := matchFacts(prod, text)
	for _, f := range facts {
		if strings.Contains(f.Value, "正常") {
			ans := ProductAnswer{ProductID: prod.ID, Facts: []Fact{f}, Source: "attributes"}
			txt := fmt.Sprintf("「%s」%s:%s。如果情况比这严重,或者有其他质量问题,可以拍照发给我,帮您申请售后。", prod.Name, f.Key, strings.TrimSuffix(f.Value, "。"))
			return Result{Handled: true, Text: txt, Data: &ans, ProductID: prod.ID, QuickReplies: []string{"申请售后"}}, true
		}
	}
	return Result{}, false
}

// fixWords mark a knowledge passage as a troubleshooting step the shopper
// can try ("长按按键10秒恢复出厂设置,重新配对").
var fixWords = []string{"恢复出厂", "重置", "重新配对", "重新连接", "重启", "长按", "先关闭", "先试", "检查一下", "清洁触点"}

// troubleshoot answers a symptom the product's documents describe a fix for
// with that fix first, then the after-sales path: many faults of
// electronics (one earbud silent) are settings, not defects, and a case
// with a photo cannot fix them. A photo already sent means the shopper
// wants the case.
func (t *turn) troubleshoot(productID, text string, photo bool) (Result, bool) {
	if productID == "" || photo {
		return Result{}, false
	}
	var best KnowledgeAnswer
	for _, part := range questionParts(text) {
		if ka, ok := t.knowledge(part, productID); ok && ka.Confidence > best.Confidence && containsAny(ka.Text, fixWords) &&
			slices.ContainsFunc(t.productsNamed(ka.Text+ka.Source), func(p *shop.Product) bool { return p.ID == productID }) {
			best = ka
		}
	}
	if best.Text == "" {
		return Result{}, false
	}
	return Result{Handled: true, ProductID: productID, Data: best,
		Text: "可以先试一下这个方法:" + best.Text + "\n如果操作后还是不行,告诉我,我马上为您登记售后处理(质量问题按店铺售后规则换新或退货)。"}, true
}

// warrantyAdvice quotes the warranty process of the product's category when
// it speaks about the problem described (鼓包 → "鼓包请立即停止使用…换新不需寄回"):
// the two share a word that is not the product's own name.
func warrantyAdvice(pol shop.Policies, prod *shop.Product, desc string) string {
	if prod == nil || desc == "" {
		return ""
	}
	own := prod.Name + prod.Category + strings.Join(prod.Aliases, "")
	for _, w := range pol.Warranties {
		if w.Category != prod.Category || w.Process == "" {
			continue
		}
		rs := []rune(desc)
		for i := 0; i+2 <= len(rs); i++ {
			bg := string(rs[i : i+2])
			if strings.ContainsAny(bg, "了的吗呢啊,，。!！?？ ") || strings.Contains(own, bg) {
				continue
			}
			if strings.Contains(w.Process, bg) {
				return fmt.Sprintf("按「%s」的保修说明(%d个月保修):%s。", prod.Name, w.Months, strings.TrimSuffix(w.Process, "。"))
			}
		}
	}
	return ""
}
