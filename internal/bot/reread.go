package bot

import (
	"regexp"
	"slices"
	"strings"

	"github.com/xiaoer-cs/xiaoer/internal/nlu"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// This file holds the bot-side corrections of how the nlu read a message:
// words it took for money, anger it read into a neutral question, and
// clauses whose own intent is a misreading of context ("鞋子昨天就付钱了"
// next to "还不发" is when the order was paid, not a quality complaint).

// togetherMoney drops money entities that are 一块 meaning "together"
// ("一块买", "一块儿", "一起…一块"): 一块 as money is followed by 钱 or a
// number, never by a verb of buying.
func togetherMoney(a *nlu.Analysis) {
	drop := func(text string) func(nlu.Entity) bool {
		return func(e nlu.Entity) bool {
			if e.Type != "money" || !strings.HasPrefix(e.Text, "一块") {
				return false
			}
			i := strings.Index(text, e.Text)
			if i < 0 {
				return false
			}
			after := text[i+len(e.Text):]
			return strings.HasPrefix(e.Text, "一块儿") || containsPrefix(after, togetherVerbs) || strings.Contains(text[:i], "一起")
		}
	}
	a.Entities = slices.DeleteFunc(a.Entities, drop(a.Normalized))
	for i := range a.Clauses {
		a.Clauses[i].Entities = slices.DeleteFunc(a.Clauses[i].Entities, drop(a.Clauses[i].Text))
	}
}

// calmBareMention drops an emotion that rests on nothing but the intent read
// into a message that only names a product, colour or size ("大衣", "黑色的呢"):
// such a message answers the bot's question or follows the last one, and the
// anger prior of a complaint the classifier guessed for it would open the
// reply with an apology.
func calmBareMention(a *nlu.Analysis) {
	em := &a.Emotion
	if len(em.Signals) > 0 || em.Class == nlu.EmotionNeutral || len(a.Clauses) != 1 {
		return
	}
	if bareFollowUp(clauseWork{text: a.Clauses[0].Text, e: ents(a.Clauses[0].Entities)}) {
		em.Class, em.Intensity, em.Polarity = nlu.EmotionNeutral, 0, 0
	}
}

// calmBuying drops an emotion that rests on nothing but the intent read into
// a message saying the shopper is buying ("买两件" reads as a missing-item
// complaint): someone buying is not upset, and the apology would be absurd.
func calmBuying(a *nlu.Analysis) {
	em := &a.Emotion
	if len(em.Signals) > 0 || em.Class == nlu.EmotionNeutral {
		return
	}
	for _, c := range a.Clauses {
		if !buyStatement(c.Text) {
			return
		}
	}
	em.Class, em.Intensity, em.Polarity = nlu.EmotionNeutral, 0, 0
}

// togetherVerbs follow 一块 when it means "together".
var togetherVerbs = []string{"儿", "买", "拍", "下单", "结算", "付", "算", "发", "寄"}

func containsPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// calmAnger undoes an angry reading that rests on one mild cue in a
// pre-sale question ("到底差在哪", "搞什么活动"): the apology opener and
// the anger handoff are for shoppers who are upset about something, so a
// message with no complaint, order or after-sales intent, a single cue and
// no strong intensity is neutral.
func calmAnger(a *nlu.Analysis) {
	em := &a.Emotion
	if em.Class != nlu.EmotionAngry || em.Escalation || em.Intensity >= 0.8 {
		return
	}
	cues := 0
	for _, s := range em.Signals {
		if strings.HasPrefix(s, "cue:") {
			cues++
		}
	}
	if cues > 1 {
		return
	}
	if !preSale[a.Intent.Name] {
		return
	}
	for _, c := range a.Clauses {
		if c.Confidence >= 0.35 && !preSale[c.Intent] && c.Intent != nlu.IntentUnknown {
			return
		}
	}
	em.Class, em.Intensity, em.Polarity = nlu.EmotionNeutral, 0, 0
}

// preSale are the intents about buying, which need no order.
var preSale = map[string]bool{
	"stock_availability": true, "size_advice": true, "product_attribute": true, "suitability": true,
	"product_comparison": true, "recommendation": true, "price_negotiation": true, "promotion_rules": true,
	"gift": true, "dispatch_time": true, "delivery_time": true, "shipping_fee_carrier": true,
}

// afterSalesIntents open a case about a received order.
var afterSalesIntents = map[string]bool{"quality_complaint": true, "wrong_missing_item": true, "damaged_parcel": true}

// orderRefWords show that a clause is about an order the shopper has.
var orderRefWords = []string{"我的订单", "我买的", "买的", "我下单", "下的单", "我拍的", "拍的", "订单", "那单", "这单", "收到", "到货", "签收", "快递", "包裹", "发错", "少发", "漏发", "坏", "破", "退"}

// replaceEvery matches a question how often something is replaced (多久换一次, 几个月更换).
var replaceEvery = regexp.MustCompile(`(多久|多长时间|多少天|几天|几周|几个月|几年|多少时间)(要|得|需要|就要|就得|该)?(换|更换)(一次|一回|一下|新的)?`)

// ownOrderWords name an order, a parcel or a refund: with no other shop named, one of ours.
var ownOrderWords = []string{"订单", "那单", "这单", "包裹", "物流", "退款", "售后", "我的快递"}

// elsewhereWords name another shop or platform, whose orders the bot cannot see.
var elsewhereWords = []string{"别的店", "别家", "别人家", "其他店", "其它店", "另一个店", "另一家", "不是你们", "不是在你们", "京东", "拼多多", "淘宝", "天猫", "抖音", "快手", "唯品会", "闲鱼", "美团", "饿了么", "外卖"}

// paidWords state that an order was bought or paid.
var paidWords = []string{"付钱", "付款", "付了", "下单了", "下的单", "拍了", "买了", "买的"}

// defectWords describe something wrong with a received product.
var defectWords = []string{"坏", "破", "裂", "断", "开胶", "脱胶", "掉漆", "漏", "瑕疵", "质量", "次品", "污", "脏", "异味", "发霉", "不亮", "没声", "不出声", "没反应", "充不进", "开线", "脱线", "起球", "掉色", "褪色", "发错", "少发", "漏发", "缺"}

// reread corrects one clause's intent in the light of the whole message:
//   - an order or after-sales intent in a clause with no order reference,
//     inside a confident pre-sale message ("只买一瓶洗发水寄上海,包邮不"),
//     is the message's question: no order, so no identity check;
//   - an after-sales clause that only says when the order was bought or paid
//     and names no defect ("鞋子昨天就付钱了" + "还不发", "买的面霜开封用了,
//     太油了" + "想退掉") is context for the message's order intent;
//   - an errand-like request about an order, a parcel or a refund that
//     names no other shop ("帮我查一下订单") is read as its runner-up;
//   - asking how often a thing is replaced is a product question, not an
//     exchange;
//   - bargaining without a price or a haggling word is a price question;
//   - a clause that only lists products next to a price question
//     ("面霜和精华各来一个,最后要付多少") is part of that question.
func (d *dialogue) reread(c nlu.Clause, in string) string {
	a := d.a
	msg, conf := a.Intent.Name, a.Intent.Confidence
	text := c.Text
	e := ents(c.Entities)
	hasRef := e.val("order_id") != "" || e.val("tracking_no") != "" || containsAny(text, orderRefWords)
	switch {
	case in != msg && conf >= 0.8 && preSale[msg] && (afterSalesIntents[in] || relevantStatuses[in] != nil) && !preSale[in] && !hasRef && e.val("date") == "":
		in = msg
	case in != msg && conf >= 0.8 && afterSalesIntents[in] && relevantStatuses[msg] != nil && !afterSalesIntents[msg] &&
		containsAny(text, paidWords) && !containsAny(text, defectWords):
		in = msg
	}
	if in == "out_of_scope" && len(c.Alternatives) > 0 && c.Alternatives[0].Name != "out_of_scope" &&
		(e.val("order_id") != "" || e.val("tracking_no") != "" || containsAny(text, ownOrderWords)) && !containsAny(a.Normalized, elsewhereWords) {
		// "帮我查一下订单" reads like an errand (帮我查一下天气), but an order
		// or parcel named without another shop is one of ours.
		in = c.Alternatives[0].Name
	}
	if in == "return_exchange" && !hasRef && replaceEvery.MatchString(text) {
		// "猫抓板多久换一次" asks how often a thing wears out, not for an exchange.
		in = "product_attribute"
	}
	if in == "recommendation" && d.t.st.ProductID != "" && e.val("product") == "" && e.val("category") == "" && asksOtherColours(text) {
		// "有没有别的颜色推荐" on a product's page asks for its other colours,
		// not for other products.
		in = "stock_availability"
	}
	if (in == "product_attribute" || in == "suitability") && asksForVariant(c) {
		// "大衣有黑色吗" asks whether the colour is sold and in stock, not
		// what the product page says about black coats.
		in = "stock_availability"
	}
	if in == "price_negotiation" && e.num("money") == 0 && !containsAny(text, bargainWords) && !containsAny(d.a.Normalized, bargainWords) && asksPrice(d.a.Normalized) {
		in = "promotion_rules"
	}
	if !isPriceIntent(in) && asksPrice(a.Normalized) && e.val("product") != "" && !containsAny(text, askWords) {
		in = "promotion_rules"
	}
	return in
}

// asksOtherColours reports whether text asks which colours a product comes
// in; "什么颜色" alone does not, since "搭配什么颜色好看" asks what goes with it.
func asksOtherColours(text string) bool {
	return containsAny(text, []string{"别的颜色", "其他颜色", "其它颜色", "别的色", "其他色", "哪些颜色", "几个颜色", "几种颜色", "还有什么颜色", "还有啥颜色"})
}

// asksForVariant reports whether a clause only asks whether a colour or size
// is to be had: with the product, colour and size named taken out, what is
// left is 有…吗 ("大衣有黑色吗", "有没有L码的", "还有黑色款吗").
func asksForVariant(c nlu.Clause) bool {
	rest, _, variant := withoutNamed(c.Text, c.Entities)
	return variant && variantOnly.MatchString(rest)
}

var variantOnly = regexp.MustCompile(`^(请问|这个|这件|这款|那个|那)?(还有|有没有|有)(的|款|的款)?(吗|么|嘛|呢|不|没)?[?？]?$`)

func isPriceIntent(in string) bool {
	return in == "promotion_rules" || in == "price_negotiation" || in == "gift"
}

// askWords make a clause a question of its own.
var askWords = []string{"吗", "么", "什么", "啥", "怎么", "多少", "几", "哪", "?", "？", "能不能", "是不是", "有没有"}

// BasketItem is one product of several priced together, with its quantity
// and the SKU size named (which may have its own price).
type BasketItem struct {
	ProductID string `json:"product_id"`
	Qty       int    `json:"qty,omitempty"`
	Size      string `json:"size,omitempty"`
}

// basket reads the products a message names with their quantities: the
// quantity just before a product is its own ("两件大衣再加一件毛衣"), and
// a SKU size spelled after it ("精华30ml") picks that SKU.
func (t *turn) basket(e ents, text string) []BasketItem {
	var out []BasketItem
	var prods, qtys []nlu.Entity
	for _, x := range e {
		switch x.Type {
		case "product":
			prods = append(prods, x)
		case "quantity":
			qtys = append(qtys, x)
		}
	}
	slices.SortFunc(prods, func(a, b nlu.Entity) int { return a.Start - b.Start })
	for i, x := range prods {
		if slices.ContainsFunc(out, func(b BasketItem) bool { return b.ProductID == x.Value }) {
			continue
		}
		prev, next := 0, 1<<30
		if i > 0 {
			prev = prods[i-1].End
		}
		if i+1 < len(prods) {
			next = prods[i+1].Start
		}
		item := BasketItem{ProductID: x.Value, Qty: 1}
		for _, q := range qtys {
			if q.End <= x.Start && q.Start >= prev {
				if n := int(ents{q}.num("quantity")); n > 0 {
					item.Qty = n
				}
			}
		}
		if p, _ := t.product(x.Value); p != nil {
			r := []rune(text)
			if x.End <= len(r) {
				seg := string(r[x.End:min(next, len(r))])
				for _, s := range p.SKUs {
					if s.Size != "" && !isPlainSize(s.Size) && strings.Contains(seg, s.Size) {
						item.Size = s.Size
						break
					}
				}
			}
		}
		out = append(out, item)
	}
	return out
}

// lineItem is the priced line of a basket item: the SKU's own price when
// the named size has one, else the product's.
func lineItem(p *shop.Product, it BasketItem) shop.LineItem {
	price := p.Price
	if it.Size != "" {
		for _, s := range p.SKUs {
			if s.Size == it.Size && s.Price > 0 {
				price = s.Price
			}
		}
	}
	return shop.LineItem{ProductID: p.ID, Category: p.Category, UnitPrice: price, Qty: max(it.Qty, 1)}
}
