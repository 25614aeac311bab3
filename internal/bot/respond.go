package bot

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/nlu"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// ents is a list of entities with lookups.
type ents []nlu.Entity

func (e ents) val(typ string) string {
	for _, x := range e {
		if x.Type == typ {
			return x.Value
		}
	}
	return ""
}

func (e ents) num(typ string) float64 {
	f, _ := strconv.ParseFloat(e.val(typ), 64)
	return f
}

// merge returns the clause's entities plus the message's of types the clause lacks.
func merge(clause, msg []nlu.Entity) ents {
	out := ents(slices.Clone(clause))
	for _, m := range msg {
		if out.val(m.Type) == "" {
			out = append(out, m)
		}
	}
	return out
}

// Respond answers one customer message.
func (b *Bot) Respond(ctx context.Context, conv chat.Conversation, msg chat.Message, history []chat.Message) (chat.Response, error) {
	if !b.ready() {
		return chat.Response{}, errMissingDeps
	}
	st := loadState(conv.State)
	st.Turns++
	custID := conv.CustomerID
	if custID == "" {
		custID = st.Verified
	}
	if st.ProductID == "" {
		st.ProductID = conv.ProductID
	}
	t := &turn{b: b, ctx: ctx, now: b.d.Clock.Now().In(b.d.Location), st: &st, convID: conv.ID, customerID: custID, pageID: conv.ProductID}
	a := b.d.Understander.Analyze(msg.Text, nlu.Context{Now: t.now, Recent: recentTexts(history, msg, t.now)})
	filterEscalation(&a)
	togetherMoney(&a)
	calmAnger(&a)
	calmBareMention(&a)
	calmBuying(&a)
	mergeFragments(&a)
	d := &dialogue{t: t, a: a, msg: msg}
	if err := d.run(); err != nil {
		return chat.Response{}, err
	}
	return d.response(conv)
}

// recentTexts are the shopper's messages of the last two minutes before this one.
func recentTexts(history []chat.Message, cur chat.Message, now time.Time) []string {
	var out []string
	for _, m := range history {
		if m.Role != chat.RoleCustomer || m.ID == cur.ID && cur.ID != "" || m.Text == cur.Text && m.Seq == cur.Seq {
			continue
		}
		if !m.CreatedAt.IsZero() && now.Sub(m.CreatedAt) > 2*time.Minute {
			continue
		}
		out = append(out, m.Text)
	}
	if len(out) > 5 {
		out = out[len(out)-5:]
	}
	return out
}

// filterEscalation drops escalation cues that are only digits inside an
// order number, tracking number or phone ("12345" inside an order id).
func filterEscalation(a *nlu.Analysis) {
	if !a.Emotion.Escalation {
		return
	}
	keep := false
	for _, s := range a.Emotion.Signals {
		cue, ok := strings.CutPrefix(s, "escalation:")
		if !ok {
			continue
		}
		inID := false
		for _, e := range a.Entities {
			switch e.Type {
			case "order_id", "tracking_no", "phone", "phone_last4", "money", "quantity":
				if strings.Contains(e.Text, cue) {
					inID = true
				}
			}
		}
		if !inID {
			keep = true
		}
	}
	if !keep {
		a.Emotion.Escalation = false
		if a.Emotion.Class == nlu.EmotionAngry && !slices.ContainsFunc(a.Emotion.Signals, func(s string) bool { return strings.HasPrefix(s, "cue:") }) {
			a.Emotion.Class, a.Emotion.Intensity, a.Emotion.Polarity = nlu.EmotionNeutral, 0, 0
		}
	}
}

// clauseSeparators are the marks and words that split a message into
// several questions; a message without any is one sentence.
var clauseSeparators = []string{",", "，", "。", "?", "？", "!", "！", ";", "；", "、", " ", "\n", "~", "～",
	"另外", "顺便", "然后", "以及", "再问"}

// mergeFragments undoes a split of one short sentence into fragments
// ("头皮痒|用什么好", "你是|机器人吗"): the fragments' own intents are read
// out of context, so a sentence without any separator gets the message's
// intent when the classifier is confident about it.
func mergeFragments(a *nlu.Analysis) {
	if len(a.Clauses) < 2 || a.Intent.Name == nlu.IntentUnknown {
		return
	}
	if containsAny(a.Text, clauseSeparators) {
		return
	}
	// A clause ending on a conjunction ("精华和|面霜先用哪个") was cut in the
	// middle of a phrase naming two things: the sentence is one whatever the
	// classifier's confidence.
	dangling := slices.ContainsFunc(a.Clauses[:len(a.Clauses)-1], func(c nlu.Clause) bool {
		return containsSuffix(strings.TrimSpace(c.Text), []string{"和", "跟", "与", "同", "及", "还是", "或"})
	})
	// So is a sentence whose later part is only a question word ("和围巾一起买|
	// 多少"): the word asks about what came before.
	dangling = dangling || slices.ContainsFunc(a.Clauses[1:], func(c nlu.Clause) bool {
		return slices.Contains(bareAsks, strings.TrimRight(strings.TrimSpace(c.Text), "啊呀呢哈嘛?？"))
	})
	if !dangling && a.Intent.Confidence < 0.6 {
		return
	}
	a.Clauses = []nlu.Clause{{Text: a.Normalized, Start: 0, End: len([]rune(a.Normalized)), Intent: a.Intent.Name,
		Confidence: a.Intent.Confidence, Alternatives: a.Alternatives, Entities: a.Entities}}
}

func containsSuffix(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// dialogue is one turn of the conversation.
type dialogue struct {
	t     *turn
	a     nlu.Analysis
	msg   chat.Message
	parts []Result
	// intents handled this turn, in order.
	intents     []string
	handoff     string
	verifiedNow string
	injection   bool
	unanswered  bool
	// resumed is the analysis of a pending question resumed this turn
	// (resume), whose own words said returns.
	resumed nlu.Analysis
}

// said returns the shopper's own words for text, the normalised form of the
// message, of a question resumed or of a clause of either: what is recorded
// for people to read (a case's summary, a new address with its letters)
// keeps what the shopper wrote, while the skills match words on the
// normalised form. A clause has no original of its own (normalising does
// not keep offsets), so it is the whole message it came from, which an
// agent reads as easily.
func (d *dialogue) said(text string) string {
	switch {
	case text == "":
		return ""
	case strings.Contains(d.a.Normalized, text):
		return d.a.Text
	case d.resumed.Normalized != "" && strings.Contains(d.resumed.Normalized, text):
		return d.resumed.Text
	}
	return text
}

// intentSkills names the skill that serves an intent, for the payload.
var intentSkills = map[string]string{
	"stock_availability": "check_stock", "size_advice": "size_advice", "product_attribute": "product_question",
	"suitability": "product_question", "product_comparison": "product_question", "recommendation": "recommend",
	"price_negotiation": "promotions", "promotion_rules": "promotions", "gift": "promotions",
	"dispatch_time": "shipping_info", "delivery_time": "shipping_info", "shipping_fee_carrier": "shipping_info",
	"order_status": "order_status", "logistics": "order_status", "refund_status": "order_status", "refund_request": "order_service",
	"change_address": "order_service", "cancel_order": "order_service", "urge_dispatch": "order_service",
	"return_exchange": "return_check", "quality_complaint": "after_sales", "wrong_missing_item": "after_sales",
	"damaged_parcel": "after_sales", "adverse_reaction": "after_sales", "invoice": "shop_policy",
	"warranty_repair": "shop_policy", "price_protection": "shop_policy", "membership": "shop_policy", "payment": "shop_policy",
	"purchase": "promotions",
}

func (d *dialogue) add(intent string, r Result) {
	if r.Skill == "" {
		r.Skill = intentSkills[intent]
		if _, ok := r.Data.(StockResult); ok {
			r.Skill = "check_stock"
		}
		if _, ok := r.Data.(*OrderStatusResult); ok {
			r.Skill = "order_status"
		}
	}
	d.parts = append(d.parts, r)
	d.intents = append(d.intents, intent)
	if r.ProductID != "" && r.ProductID != d.t.st.ProductID {
		if d.t.st.ProductID != "" {
			d.t.st.Color, d.t.st.Size = "", ""
		}
		d.t.st.ProductID = r.ProductID
	}
	if sr, ok := r.Data.(*SizeResult); ok && sr.Size != "" {
		// The recommended size is the size a colour follow-up asks about.
		d.t.st.Size = sr.Size
	}
	if rr, ok := r.Data.(*ReturnResult); ok && rr.Color != "" && r.ProductID == d.t.st.ProductID {
		// The colour bought is the colour an exchange follow-up ("换L码") asks about.
		d.t.st.Color = rr.Color
	}
	if r.OrderID != "" {
		d.t.st.OrderID = r.OrderID
		if !slices.Contains(d.t.st.Picked, r.OrderID) {
			d.t.st.Picked = nil // the choice offered is no longer the one in play
		}
	}
	if r.Pending != nil {
		d.t.st.Pending = r.Pending
	}
	if r.Handoff != "" && d.handoff == "" {
		d.handoff = r.Handoff
	}
}

func (d *dialogue) run() error {
	t, a := d.t, d.a
	pending := t.st.Pending
	t.st.Pending = nil
	d.rememberBody(ents(a.Entities))

	if isInjection(a.Normalized) || isInjection(d.msg.Text) {
		d.injection = true
		d.add("injection", Result{Handled: true, Text: "抱歉,我只能按店铺的真实规则和数据为您服务,不能更改价格、权限或规则。关于商品、订单和售后的问题,我随时帮您~"})
		return nil
	}
	if d.wants("human_agent") {
		d.handoff = "customer_request"
		d.add("human_agent", Result{Handled: true, Text: "好的,正在为您转接人工客服,请稍等片刻~"})
		return nil
	}
	// An anonymous visitor who sends an order number and phone digits is verified first.
	if t.customerID == "" {
		if done, err := d.tryVerify(pending); done || err != nil {
			return err
		}
	}
	if pending != nil {
		if done, err := d.fillPending(pending); done || err != nil {
			return err
		}
	}
	return d.dispatchClauses()
}

// wants reports whether the message or any clause has the intent.
func (d *dialogue) wants(intent string) bool {
	if intent == "human_agent" {
		// "四人位呢", "有四人位吗" name a variant (人 is in the spec), not a
		// person: with the named products and variants taken out, nothing
		// asks for one.
		rest, n, _ := withoutNamed(d.a.Normalized, ents(d.a.Entities))
		if n > 0 && !strings.Contains(rest, "人") && !containsAny(rest, humanWords) {
			return false
		}
	}
	if d.a.Intent.Name == intent {
		return true
	}
	for _, c := range d.a.Clauses {
		if c.Intent == intent && c.Confidence >= 0.5 {
			// A fragment ("我是新人") read as a request for a person is one only
			// when confident or when it names a person.
			if intent == "human_agent" && c.Confidence < 0.8 && !containsAny(c.Text, humanWords) {
				continue
			}
			return true
		}
	}
	return false
}

// humanWords name a human agent.
var humanWords = []string{"人工", "真人", "客服", "活人", "转接"}

// priceMentions are words any price talk contains.
var priceMentions = []string{"价", "钱", "元", "块", "便宜", "优惠", "折", "减", "贵", "砍", "券", "包邮", "赠", "送"}

// asksPrice reports whether text asks a price: a price word, or 多少 at the
// end after 买/拍/卖 ("和围巾一起买多少"), which "买多少码" is not.
func asksPrice(text string) bool {
	return containsAny(text, priceWords) || buyHowMuchRe.MatchString(text)
}

var buyHowMuchRe = regexp.MustCompile(`[买拍卖]多少[啊呀呢哈嘛]*[?？]?$`)

// bareAsks are question words that ask nothing on their own.
var bareAsks = []string{"多少", "多少钱", "多钱", "几钱", "多久", "几天", "多大", "多长", "多重", "怎么样", "咋样", "如何", "行不行", "行吗", "可以吗", "能不能", "有没有"}

// priceWords ask for a price; bargainWords haggle over it.
var (
	priceWords = []string{"多少钱", "多少米", "到手价", "到手多少", "什么价", "啥价", "价格多少", "怎么卖", "几块钱",
		"付多少", "一共多少", "总共多少", "合计多少", "减多少", "贵不贵", "贵吗", "多钱", "几钱",
		"一件多少", "一条多少", "一双多少", "一个多少", "一瓶多少", "多少一件", "多少一条", "多少一双", "多少一个", "多少一瓶"}
	bargainWords = []string{"便宜", "少点", "优惠点", "抹零", "打折", "降价", "再减", "砍价", "能少"}
)

// mentionedProducts are the products a clause names, by product or category
// entity, in order ("大衣和围巾一起买").
func (t *turn) mentionedProducts(e ents) []string {
	var out []string
	for _, x := range e {
		id := ""
		switch x.Type {
		case "product":
			id = x.Value
		case "category":
			id = t.focusProduct(ents{x})
			if p, _ := t.product(id); !categoryMatches(p, x.Value) {
				id = ""
			}
		}
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

func (d *dialogue) rememberBody(e ents) {
	if h := e.num("height"); h > 0 {
		d.t.st.Height = h
	}
	if w := e.num("weight"); w > 0 {
		d.t.st.Weight = w
	}
	switch {
	case strings.Contains(d.a.Normalized, "宽松"), strings.Contains(d.a.Normalized, "宽大"):
		d.t.st.Fit = shop.FitLoose
	case strings.Contains(d.a.Normalized, "修身"), strings.Contains(d.a.Normalized, "合身"), strings.Contains(d.a.Normalized, "紧身"):
		d.t.st.Fit = shop.FitFitted
	}
}

var last4Re = regexp.MustCompile(`(?:^|[^0-9])([0-9]{4})(?:[^0-9]|$)`)

// tryVerify checks an order number with the phone's last four digits.
func (d *dialogue) tryVerify(pending *Pending) (bool, error) {
	t := d.t
	e := ents(d.a.Entities)
	orderID := e.val("order_id")
	last4 := e.val("phone_last4")
	if last4 == "" {
		if ph := e.val("phone"); len(ph) >= 4 {
			last4 = ph[len(ph)-4:]
		}
	}
	if last4 == "" && orderID != "" {
		rest := strings.Replace(d.a.Normalized, orderID, " ", 1)
		if m := last4Re.FindStringSubmatch(rest); m != nil {
			last4 = m[1]
		}
	}
	if orderID == "" && last4 != "" && pending != nil && pending.Kind == "verify" && len(pending.Candidates) == 1 {
		// The order number came in the previous message.
		orderID = pending.Candidates[0]
	}
	if orderID == "" || last4 == "" {
		if pending != nil && pending.Kind == "verify" && (orderID != "" || last4 != "") {
			if orderID != "" {
				pending.Candidates = []string{orderID}
			}
			d.t.st.Pending = pending
			d.add("verify", Result{Handled: true, Text: "还需要订单号和下单手机号后四位两项信息,请一起发给我~"})
			return true, nil
		}
		return false, nil
	}
	o, err := t.b.d.Orders.Order(t.ctx, orderID)
	if err != nil && !notFound(err) {
		return false, err
	}
	ok := err == nil && o.Address.PhoneLast4 == last4
	if err == nil && !ok {
		if c, cerr := t.b.d.Customers.Customer(t.ctx, o.CustomerID); cerr == nil && c.PhoneLast4 == last4 {
			ok = true
		}
	}
	if !ok {
		t.st.VerifyFailures++
		if t.st.VerifyFailures >= 3 {
			d.handoff = "verification_failed"
			d.add("verify", Result{Handled: true, Text: "订单号和手机尾号多次未能匹配,为了账户安全,我为您转接人工客服核实身份。"})
			return true, nil
		}
		t.st.Pending = &Pending{Kind: "verify", Intent: pendingIntent(pending)}
		d.add("verify", Result{Handled: true, Text: "订单号和手机尾号没有匹配上,请核对后重新发送(订单号可在「我的订单」里复制,手机号是下单时填写的收货手机)。"})
		return true, nil
	}
	t.customerID, t.custDone, t.ordDone = o.CustomerID, false, false
	t.st.Verified, t.st.VerifyFailures = o.CustomerID, 0
	d.verifiedNow = o.CustomerID
	t.st.OrderID = o.ID
	intent := pendingIntent(pending)
	if intent == "" || intent == "verify" {
		intent = d.orderIntent()
	}
	r, err := d.handle(intent, ents(d.a.Entities), d.a.Normalized)
	if err != nil {
		return true, err
	}
	r.Text = "身份验证通过。" + r.Text
	d.add(intent, r)
	return true, nil
}

func pendingIntent(p *Pending) string {
	if p == nil {
		return ""
	}
	return p.Intent
}

// orderIntent is the order intent of this message, defaulting to order_status.
func (d *dialogue) orderIntent() string {
	for _, c := range d.a.Clauses {
		if _, ok := relevantStatuses[c.Intent]; ok {
			return c.Intent
		}
	}
	if _, ok := relevantStatuses[d.a.Intent.Name]; ok {
		return d.a.Intent.Name
	}
	return "order_status"
}

var ordinalRe = regexp.MustCompile(`第?([1-4一二三四])(?:笔|个|单|条)?`)

// stillBrokenWords say a suggested fix did not help; fixedWords that it did.
var (
	stillBrokenWords = []string{"还是不行", "不行", "没用", "没效果", "不管用", "还是一样", "一样的", "还是没", "依然", "仍然", "照样", "没反应", "没好", "还是坏", "不好使"}
	fixedWords       = []string{"好了", "可以了", "解决了", "恢复了", "正常了", "有声音了", "能用了", "没问题了", "行了"}
	// triedWords alone ("试过了") report a failed attempt; next to a fixed
	// word ("试过了,好了") they do not.
	triedWords = []string{"试过", "弄过", "操作过", "按过"}
)

// purchaseNote reports whether text only says when or where the thing was
// bought ("上个月买的", "11月14号在你们家拍的"), as a shopper adds to a
// complaint; a question ("上个月买的能退吗") is not one.
func purchaseNote(text string) bool {
	t := strings.TrimRight(text, "啊呀哈呢哦噢。.!！~")
	return len([]rune(t)) <= 14 && containsSuffix(t, []string{"买的", "拍的", "下单的", "下的单", "入手的", "收到的", "到的货"}) &&
		!containsAny(t, []string{"?", "？", "吗", "怎么", "什么", "多少", "能不能", "可不可以", "哪"})
}

// noteTriedOrder answers a purchase note while a troubleshooting tip waits
// for its outcome: it finds the order the complaint is about, says which one
// it is, and keeps waiting; the case is opened when the tip fails.
func (d *dialogue) noteTriedOrder(p *Pending) error {
	t := d.t
	orig := t.b.d.Understander.Analyze(p.Text, nlu.Context{Now: t.now})
	e := merge(d.a.Entities, orig.Entities)
	o, r, err := t.resolveOrder(t.orderRef(e, p.Text, true), p.Intent)
	if err != nil {
		return err
	}
	if r != nil {
		d.add(p.Intent, *r)
		return nil
	}
	t.st.Pending = p
	d.add(p.Intent, Result{Handled: true, OrderID: o.ID, Text: fmt.Sprintf("好的,查到是这笔订单:%s。可以先按上面的方法试一下;如果还是不行,跟我说一声或者直接发照片、视频,马上为您登记售后。", t.orderLabel(*o))})
	return nil
}

// awaitPhoto answers a message without the photo an after-sales case waits
// for, when it is about that case: a plan chosen ahead ("换新吧") is kept for
// when the photo arrives, a report that the fault persists ("试过了还是不
// 行") is acknowledged, a bare reply reminded; the photo is asked for again
// each time. Anything else is a question of its own (false).
func (d *dialogue) awaitPhoto(p *Pending) bool {
	t := d.t
	text := d.a.Normalized
	var say string
	switch choice := statedPlan(text); {
	case choice != "":
		p.Resolution = choice
		say = fmt.Sprintf("好的,记下了您想%s。", optionLabels[choice])
	case containsAny(text, stillBrokenWords) || containsAny(text, triedWords):
		say = "明白,问题还在,给您添麻烦了。"
	case d.a.Intent.Name == nlu.IntentUnknown || d.a.Intent.Name == "affirm":
		say = "我这边还没收到照片哦。"
	default:
		return false
	}
	t.st.Pending = p
	ask := "请直接在对话框点「图片」发送问题部位的照片或视频,收到后马上给您处理方案。"
	if p.Resolution != "" {
		ask = fmt.Sprintf("请直接在对话框点「图片」发送问题部位的照片或视频,核实后按「%s」为您登记。", optionLabels[p.Resolution])
	}
	d.add(p.Intent, Result{Handled: true, Text: say + ask, OrderID: t.st.OrderID})
	return true
}

// fillPending uses the message to answer the question the bot asked.
func (d *dialogue) fillPending(p *Pending) (bool, error) {
	t := d.t
	e := ents(d.a.Entities)
	switch p.Kind {
	case "order_pick":
		id := e.val("order_id")
		if id != "" && !slices.Contains(p.Candidates, id) {
			id = ""
		}
		if id == "" {
			id = d.pickByMention(p.Candidates, e)
		}
		if id == "" {
			if m := ordinalRe.FindStringSubmatch(d.a.Normalized); m != nil && len([]rune(d.a.Normalized)) <= 8 {
				n := strings.Index("1234", m[1]) + 1
				if n == 0 {
					n = strings.Index("一二三四", m[1])/3 + 1
				}
				if n >= 1 && n <= len(p.Candidates) {
					id = p.Candidates[n-1]
				}
			}
		}
		if id == "" && p.Intent == "change_address" && looksLikeAddress(d.msg.Text) {
			// "我想改个地址" → which order? → the new address: keep it for the
			// request and ask the choice again, saying it was received.
			var cands []shop.Order
			for _, cid := range p.Candidates {
				if o, err := t.ownOrder(cid); err != nil {
					return true, err
				} else if o != nil {
					cands = append(cands, *o)
				}
			}
			r := t.askPick(cands, p.Intent, "新地址收到了。")
			r.Pending.Text = strings.TrimSpace(p.Text + " " + d.msg.Text)
			d.add(p.Intent, *r)
			return true, nil
		}
		if id == "" {
			return false, nil
		}
		t.st.OrderID, t.st.Picked = id, p.Candidates
		return true, d.resume(p, OrderRef{OrderID: id})
	case "body":
		if e.num("height") == 0 && e.num("weight") == 0 {
			return false, nil
		}
		r, err := t.sizeAdvice(SizeParams{ProductID: t.st.ProductID, Height: t.st.Height, Weight: t.st.Weight, Fit: t.st.Fit})
		if err != nil {
			return true, err
		}
		d.add("size_advice", r)
		return true, nil
	case "product":
		if e.val("product") == "" && e.val("category") == "" {
			return false, nil
		}
		if err := d.resume(p, OrderRef{}); err != nil {
			return true, err
		}
		if d.asksBeyond(p.Intent) {
			// "有货吗" → "哪一款?" → "头皮精华多少钱": the product answers the
			// bot's question and the rest is a question of its own.
			return true, d.dispatchClauses()
		}
		return true, nil
	case "photo":
		if !hasPhoto(d.msg) {
			return d.awaitPhoto(p), nil
		}
		r, err := t.afterSales(AfterSalesParams{OrderRef: OrderRef{OrderID: t.st.OrderID, ProductID: p.ProductID}, Kind: p.CaseKind, HasPhoto: true, Description: d.msg.Text, Resolution: p.Resolution})
		if err != nil {
			return true, err
		}
		r.Text = "收到了,谢谢您。" + r.Text
		d.add(p.Intent, r)
		return true, nil
	case "tried":
		switch {
		case containsAny(d.a.Normalized, fixedWords) && !containsAny(d.a.Normalized, stillBrokenWords):
			d.add(p.Intent, Result{Handled: true, Text: "太好了,能用就好~之后如果又出现这个问题,随时告诉我,直接为您登记售后。"})
			return true, nil
		case purchaseNote(d.a.Normalized) && !hasPhoto(d.msg):
			return true, d.noteTriedOrder(p)
		case !containsAny(d.a.Normalized, stillBrokenWords) && !containsAny(d.a.Normalized, triedWords) && !hasPhoto(d.msg):
			return false, nil
		}
		orig := t.b.d.Understander.Analyze(p.Text, nlu.Context{Now: t.now})
		e := merge(d.a.Entities, orig.Entities)
		r, err := t.afterSales(AfterSalesParams{OrderRef: t.orderRef(e, p.Text, true), Kind: p.CaseKind,
			Description: p.Text + "(已按提示自行处理,无效:" + d.a.Text + ")", HasPhoto: hasPhoto(d.msg)})
		if err != nil {
			return true, err
		}
		if r.Pending != nil && r.Pending.Text == "" {
			r.Pending.Text = p.Text
		}
		d.add(p.Intent, r)
		return true, nil
	case "plan":
		res := planChoice(d.a.Normalized)
		if res == "" {
			if d.a.Intent.Name == "affirm" {
				t.st.Pending = p
				d.add(p.Intent, Result{Handled: true, Text: "好的,请告诉我您选择哪一种处理方式~"})
				return true, nil
			}
			return false, nil
		}
		r, err := t.afterSales(AfterSalesParams{OrderRef: OrderRef{OrderID: t.st.OrderID, ProductID: p.ProductID}, Kind: p.CaseKind, HasPhoto: true, Resolution: res, Compensation: e.num("money")})
		if err != nil {
			return true, err
		}
		d.add(p.Intent, r)
		return true, nil
	case "recommend":
		// A budget, a kind or a use narrows the last recommendation down
		// ("有没有适合送妈妈的" → "预算500左右"); a question of its own is not
		// taken for one.
		budget := budgetOf(d.a.Normalized) > 0 && slices.Contains([]string{nlu.IntentUnknown, "recommendation", "price_negotiation", "affirm", "chitchat"}, d.a.Intent.Name)
		if !budget && !d.bareKind(e) {
			return false, nil
		}
		// Not around the product recommended last: that one is a candidate again.
		r, err := t.recommendFor(e, p.Text+" "+d.a.Normalized, "")
		if err != nil {
			return true, err
		}
		d.add("recommendation", r)
		return true, nil
	case "verify":
		// tryVerify handles complete credentials; anything else is a new question.
		return false, nil
	case "address":
		if !looksLikeAddress(d.msg.Text) || t.st.CaseID == "" || t.b.d.Cases == nil {
			return false, nil
		}
		// The address for the change just recorded, in the shopper's words.
		if err := t.noteOnCase(t.st.CaseID, "新地址:"+d.msg.Text); err != nil {
			return true, err
		}
		d.add(p.Intent, Result{Handled: true, OrderID: t.st.OrderID,
			Text: fmt.Sprintf("收到,新地址已补充到修改地址申请(单号%s):%s。发货前会按新地址处理,请留意订单页的收货信息。", t.st.CaseID, strings.TrimSpace(d.msg.Text))})
		return true, nil
	case "kb_pick":
		q := pickedSuggestion(p, d.msg.Text)
		if q == "" {
			return false, nil
		}
		ka, ok := t.knowledge(q, t.st.ProductID)
		if !ok {
			return false, nil
		}
		d.add("knowledge", Result{Handled: true, Text: ka.Text, Data: ka})
		return true, nil
	}
	return false, nil
}

// variantListRe matches a question for the colours or sizes a product comes
// in ("有什么颜色", "颜色有哪些", "有几个码"), not for how one looks
// ("什么颜色显白").
var variantListRe = regexp.MustCompile(`(有|出)(什么|哪些|几种|几个|哪几种|哪几个)(颜色|色|尺码|码|规格)|(颜色|尺码|规格)(有|都有)(哪些|什么|几种|几个)|(几种|几个|哪几种|哪几个)(颜色|尺码|码)|什么(颜色|尺码|码)可(以)?选`)

// bareKind reports whether the message only names a kind of goods ("护肤的呢",
// "那围巾吧"): an answer to "想挑哪一类", not a question about the product
// ("围巾有什么颜色").
func (d *dialogue) bareKind(e ents) bool {
	rest := d.a.Normalized
	for _, w := range []string{e.val("category"), d.t.kindWordIn(rest)} {
		if w != "" {
			rest = strings.ReplaceAll(rest, w, "")
		}
	}
	for _, en := range d.a.Entities {
		if en.Type == "product" || en.Type == "category" {
			rest = strings.ReplaceAll(rest, en.Text, "")
		}
	}
	if rest == d.a.Normalized {
		return false
	}
	for _, f := range []string{"那", "的", "呢", "吧", "类", "吗", "呀", "啊", "要", "想", "看看", "有没有", "也行", "可以", ",", "，", "。", "?", "？", " "} {
		rest = strings.ReplaceAll(rest, f, "")
	}
	return rest == ""
}

// resume answers the question that was waiting, now that the missing piece arrived.
func (d *dialogue) resume(p *Pending, ref OrderRef) error {
	orig := d.a
	if p.Text != "" {
		orig = d.t.b.d.Understander.Analyze(p.Text, nlu.Context{Now: d.t.now})
	}
	d.resumed = orig
	e := merge(d.a.Entities, orig.Entities)
	if ref.OrderID != "" {
		e = slices.DeleteFunc(e, func(x nlu.Entity) bool { return x.Type == "order_id" || x.Type == "date" })
		e = append(e, nlu.Entity{Type: "order_id", Value: ref.OrderID})
	}
	text := orig.Normalized
	if p.CaseKind != "" && p.Intent == "" {
		p.Intent = kindIntent[p.CaseKind]
	}
	r, err := d.handle(p.Intent, e, text)
	if err != nil {
		return err
	}
	d.add(p.Intent, r)
	return nil
}

// pickByMention picks the candidate order whose items the message names.
func (d *dialogue) pickByMention(cands []string, e ents) string {
	pid, cat, color := e.val("product"), e.val("category"), e.val("color")
	if pid == "" && cat == "" && color == "" {
		return ""
	}
	var hit []string
	for _, id := range cands {
		o, _ := d.t.ownOrder(id)
		if o != nil && d.t.orderMatches(*o, OrderRef{ProductID: pid, Category: cat, Color: color}) {
			hit = append(hit, id)
		}
	}
	if len(hit) == 1 {
		return hit[0]
	}
	return ""
}

func hasPhoto(m chat.Message) bool {
	if len(m.Payload) > 0 {
		p := string(m.Payload)
		if strings.Contains(p, "image") || strings.Contains(p, "photo") || strings.Contains(p, "video") || strings.Contains(p, "attachment") {
			return true
		}
	}
	return containsAny(m.Text, []string{"[图片]", "【图片】", "[视频]", "【视频】", "照片发", "图片发", "视频发", "拍了照", "上传了", "发了照片", "发了图", "发了视频", "录了视频", "视频录好", "照片拍好", "拍好了", "都拍了", "已拍照", "拍照发"})
}

// planChoice reads which after-sales plan the shopper picked.
func planChoice(s string) string {
	switch {
	case containsAny(s, []string{"补偿", "补差", "部分退"}):
		return "compensation"
	case containsAny(s, []string{"换新", "换一个", "换一件", "换货", "换个新", "重新发", "补发"}):
		return "replace"
	case containsAny(s, []string{"退款", "退货", "退钱", "不要了"}):
		return "refund"
	case containsAny(s, []string{"维修", "修一下", "修好"}):
		return "repair"
	}
	return ""
}

// statedPlan is the after-sales plan a message asks for outright ("我要退
// 款", "换新吧"); "" for none, or for a question about one ("能退款吗" asks
// what is possible, which the plan offered answers).
func statedPlan(s string) string {
	if containsAny(s, []string{"?", "？", "吗", "怎么", "能不能", "可以", "可不可以"}) {
		return ""
	}
	return planChoice(s)
}

// planIntents are clauses that ask for money back or a return: next to a
// complaint that opened a case they state the plan wanted, which the case
// carries ("围巾起球严重,我要退款").
var planIntents = map[string]bool{"refund_status": true, "refund_request": true, "return_exchange": true}

// clauseIntents lists (intent, entities, text) to handle, deduplicated.
func (d *dialogue) clauseIntents() []clauseWork {
	a := d.a
	var out []clauseWork
	seen := map[string]bool{}
	for _, c := range a.Clauses {
		in := c.Intent
		if c.Confidence < 0.35 {
			in = nlu.IntentUnknown
		}
		in = d.reread(c, in)
		if seen[in] && in != nlu.IntentUnknown {
			continue
		}
		// Price protection needs its own words; "我昨天买的" alone is not a price question.
		if in == "price_protection" && len(a.Clauses) > 1 && !containsAny(c.Text, []string{"降价", "价保", "保价", "差价", "便宜了"}) {
			continue
		}
		seen[in] = true
		out = append(out, clauseWork{intent: in, e: merge(c.Entities, a.Entities), text: c.Text, conf: c.Confidence})
	}
	if len(out) == 0 {
		out = append(out, clauseWork{intent: a.Intent.Name, e: ents(a.Entities), text: a.Normalized})
	}
	// Filler clauses (亲, 在吗) next to real questions add nothing.
	if len(out) > 1 {
		out = slices.DeleteFunc(out, func(w clauseWork) bool {
			switch w.intent {
			case "greeting", "affirm", "deny", "thanks":
				return true
			case "chitchat":
				// "头皮痒…,你们有什么能用的": a weakly read chat fragment next to a question.
				return w.conf < 0.5
			}
			return w.intent == nlu.IntentUnknown && len([]rune(w.text)) <= 3
		})
		if len(out) == 0 {
			out = append(out, clauseWork{intent: a.Intent.Name, e: ents(a.Entities), text: a.Normalized})
		}
	}
	return out
}

// asksBeyond reports whether the message, besides answering the bot's
// question about the intent pending, asks a question of its own: a clause
// read with confidence as another intent that is more than the product named
// with fillers ("头皮精华的呢").
func (d *dialogue) asksBeyond(pending string) bool {
	for _, w := range d.clauseIntents() {
		switch w.intent {
		case pending, nlu.IntentUnknown, "greeting", "affirm", "deny", "thanks", "chitchat":
			continue
		}
		if w.conf >= 0.5 && !bareFollowUp(w) {
			return true
		}
	}
	return false
}

type clauseWork struct {
	intent string
	e      ents
	text   string
	conf   float64
}

func (d *dialogue) dispatchClauses() error {
	t := d.t
	caseAnswered, caseOpened := false, false
	for _, w := range d.clauseIntents() {
		intent := w.intent
		// The clause's own words first, then the message's, as entities
		// merge: "那就43吧,有货吗" asks the stock of 43.
		w.e = t.catalogVariants(t.catalogVariants(w.e, w.text), d.a.Normalized)
		if anotherOrderRe.MatchString(w.text) && t.st.OrderID != "" && t.customerID != "" {
			// "那另一单呢": the last order question, about the order not in focus.
			r, err := d.otherOrder(w)
			if err != nil {
				return err
			}
			d.add(r.intent, r.Result)
			continue
		}
		if (intent == "deny" || intent == nlu.IntentUnknown) && t.customerID != "" && containsAny(w.text, dropWords) &&
			(w.e.val("product") != "" || w.e.val("category") != "" || w.e.val("order_id") != "") {
			// "算了面霜不要了": a thing bought that is not wanted any more
			// is an order to cancel (or, once on its way, to refuse or
			// return), not a "no" to the last question.
			intent = "cancel_order"
		}
		// 好的/不用了 are short; a long "affirm" is a misread question.
		if (intent == "affirm" || intent == "deny") && (len([]rune(w.text)) > 6 || containsAny(w.text, []string{"什么", "吗", "呢", "?", "怎么", "哪"})) {
			intent = nlu.IntentUnknown
		}
		if intent == "price_negotiation" && w.e.num("money") == 0 && !containsAny(w.text, priceMentions) {
			// Bargaining is about a price; "改短一点" is not.
			intent = nlu.IntentUnknown
		}
		if (intent == "size_advice" || intent == "stock_availability") && containsAny(w.text, specChangeWords) && (w.e.val("size") != "" || w.e.val("color") != "") {
			// "裙子能改成M码吗": a size already chosen is being changed — an
			// order's (order_service's change_spec), not a question of which
			// size fits.
			intent = "change_address"
		}
		if intent == "recommendation" && w.conf < 0.5 && !containsAny(w.text, recommendMarkers) {
			// A weak guess with no word of choosing: "签收时要注意什么" is not
			// a request to be shown the shop's categories.
			intent = nlu.IntentUnknown
		}
		if t.st.LastIntent == "size_advice" && containsAny(plainFeet(w.text), footShapeWords) && len([]rune(w.text)) <= 10 {
			// "脚宽" right after shoe size advice describes the feet that
			// advice was for.
			intent = "size_advice"
		}
		if intent == "gift" && asksWhenDelivered(w.text) {
			// "能不能周末送", "晚上几点送": 送 with a time is delivering, not giving.
			intent = "delivery_time"
		}
		if containsAny(w.text, deductedWords) && len(t.st.History) > 0 && slices.Contains(t.st.History[len(t.st.History)-1].Intents, "payment") {
			// "钱已经扣了啊" after a payment that did not go through.
			intent = "payment"
		}
		if buyStatement(w.text) && buyStatement(d.a.Normalized) && !asksPrice(w.text) {
			// "我要买2双", "买两件", "怎么下单": the shopper is buying; the
			// classifier has no such intent and reads a complaint into 买两件.
			// The whole message must say so too: in "只买一瓶洗发水寄上海,
			// 包邮不" the purchase is the premise of a question.
			pid := t.focusProduct(w.e)
			color, size := w.e.val("color"), w.e.val("size")
			if pid == t.st.ProductID {
				color, size = cmp.Or(color, t.st.Color), cmp.Or(size, t.st.Size)
			}
			r, err := t.purchaseGuide(pid, color, size, int(w.e.num("quantity")))
			if err != nil {
				return err
			}
			d.add("purchase", r)
			continue
		}
		if intent == "human_agent" {
			// Only a request wants reaches here ("有四人位吗"): read it anew.
			intent = nlu.IntentUnknown
		}
		if intent == nlu.IntentUnknown || intent == "affirm" || intent == "deny" || bareFollowUp(w) {
			w.intent = intent
			intent = d.followUp(w)
		}
		if intent == "adverse_reaction" && !reactionDescribed(w.text) && !reactionDescribed(d.a.Text) {
			// "头皮痒用什么好" names a symptom to treat, not a reaction to a
			// product; "头皮精华多少钱" names a product whose name says 头皮.
			intent = "product_attribute"
			if containsAny(w.text+d.a.Normalized, []string{"用什么", "推荐", "哪个好", "哪款", "有什么能", "有什么可以", "什么好用"}) {
				intent = "recommendation"
			}
		}
		if asksPrice(w.text) && (slices.Contains([]string{"product_attribute", "product_comparison", "suitability", "price_negotiation", "size_advice", "stock_availability", nlu.IntentUnknown}, intent) ||
			w.conf < 0.5 && (w.e.val("product") != "" || w.e.val("category") != "") && !slices.Contains(orderIntents, intent) && intent != "shipping_fee_carrier") {
			// "X和Y一起买多少钱", "买两件多少钱": a price is computed from the
			// promotions; so is a product's price the classifier guessed
			// another intent for ("围巾多少钱" read as a warranty question).
			intent = "promotion_rules"
		}
		if caseOpened && planIntents[intent] && statedPlan(w.text) != "" {
			continue // the case opened by the complaint carries the plan
		}
		if caseAnswered && caseFollowUpOf[intent] {
			// "大概多久能|换好": the case's answer covers the whole message.
			continue
		}
		if r, ok, err := t.caseFollowUp(intent, w.e, d.a.Normalized); err != nil {
			return err
		} else if ok {
			d.add(intent, r)
			caseAnswered = true
			continue
		}
		r, err := d.handle(intent, w.e, w.text)
		if err != nil {
			return err
		}
		if !r.Handled && r.Text == "" {
			continue
		}
		if _, ok := r.Data.(*AfterSalesResult); ok {
			caseOpened = true
		}
		d.add(intent, r)
	}
	if len(d.parts) == 0 || !slices.ContainsFunc(d.parts, func(r Result) bool { return r.Handled }) {
		// Neither a skill nor the data answered: try the knowledge base on the whole message.
		if ka, ok := t.knowledge(d.a.Text, t.st.ProductID); ok && !(d.a.Intent.Name == "payment" && refundReply(ka.Text, d.a.Text)) {
			d.parts = nil
			d.add("knowledge", Result{Handled: true, Text: ka.Text, Data: ka})
			return nil
		}
		d.unanswered = true
		keep := slices.ContainsFunc(d.parts, func(r Result) bool { return r.Skill == "product_question" && r.Text != "" })
		if !keep {
			d.parts, d.intents = nil, nil
			r := Result{Text: "这个问题我需要确认一下,暂时没法准确回答您;已经记录下来,也可以为您转人工客服。", QuickReplies: []string{"转人工"}}
			ss := t.suggestions(d.a.Text, t.st.ProductID)
			if len(ss) > 0 {
				r.Text = "这个问题我需要确认一下,暂时没法准确回答您,已经记录下来。您是不是想问下面这些?点一下就能看到答案;也可以转人工客服。"
			}
			offerSuggestions(&r, ss)
			d.add(nlu.IntentUnknown, r)
		}
		if t.b.d.Unanswered != nil {
			if _, err := t.b.d.Unanswered.RecordUnanswered(t.ctx, d.a.Text, d.a.Normalized, t.convID, t.now); err != nil {
				t.b.d.Log.Warn("record unanswered", "err", err)
			}
		}
	}
	return nil
}

// anotherOrderRe matches a shopper turning to their other order ("那另一单呢",
// "另外那笔", "其他订单呢").
var anotherOrderRe = regexp.MustCompile(`另(一|外)(一|那|个)?(单|笔|个订单|个包裹)|(其他|其它|别的)(的)?(订单|那单|单)`)

// orderIntents are the intents about one of the shopper's orders.
var orderIntents = []string{"order_status", "logistics", "refund_status", "dispatch_time", "urge_dispatch", "change_address", "cancel_order", "return_exchange", "invoice", "price_protection"}

type intentResult struct {
	intent string
	Result
}

// otherOrder answers the last order question again about the other order:
// the one not chosen among those last offered, or, with none offered, the
// customer's other order; with several left, the shopper picks.
func (d *dialogue) otherOrder(w clauseWork) (intentResult, error) {
	t := d.t
	intent := t.st.LastIntent
	if !slices.Contains(orderIntents, intent) {
		intent = "order_status"
	}
	var others []shop.Order
	all, err := t.myOrders()
	if err != nil {
		return intentResult{}, err
	}
	for _, o := range all {
		if o.ID != t.st.OrderID && (len(t.st.Picked) == 0 || slices.Contains(t.st.Picked, o.ID)) {
			others = append(others, o)
		}
	}
	switch len(others) {
	case 0:
		return intentResult{intent, Result{Handled: true, Text: "您的账户下只有这一笔订单哦。"}}, nil
	case 1:
		t.st.OrderID = others[0].ID
		e := slices.DeleteFunc(slices.Clone(w.e), func(x nlu.Entity) bool { return x.Type == "order_id" || x.Type == "date" })
		e = append(e, nlu.Entity{Type: "order_id", Value: others[0].ID})
		r, err := d.handle(intent, e, w.text)
		return intentResult{intent, r}, err
	}
	r := t.askPick(others, intent, "")
	r.Pending.Text = ""
	return intentResult{intent, *r}, nil
}

// followUp reads an unclassified clause in the light of the last turn:
// "那黑色的呢" after a stock question is a stock question.
func (d *dialogue) followUp(w clauseWork) string {
	e := w.e
	hasVariant := e.val("color") != "" || e.val("size") != ""
	switch {
	case asksPrice(w.text):
		// "四人位多少钱": a price, whatever was asked before.
		return "promotion_rules"
	case e.num("height") > 0 || e.num("weight") > 0:
		return "size_advice"
	case e.val("skin_type") != "" && !hasVariant:
		// "敏感肌呢" after "孕妇能用吗": can this skin use it.
		return "suitability"
	case hasVariant && containsAny(w.text, []string{"有没有", "还有"}):
		// "有没有白色42" asks whether it is to be had, whatever was asked
		// before; "那白色的呢" continues the last question.
		return "stock_availability"
	case hasVariant && slices.Contains([]string{"stock_availability", "size_advice", "product_attribute", "promotion_rules", "price_negotiation"}, d.t.st.LastIntent):
		if d.t.st.LastIntent == "size_advice" {
			return "stock_availability"
		}
		return d.t.st.LastIntent
	case hasVariant:
		return "stock_availability"
	case e.val("order_id") != "" || e.val("tracking_no") != "":
		return "order_status"
	case (e.val("product") != "" || e.val("category") != "") && d.t.st.LastIntent != "":
		return d.t.st.LastIntent
	case (e.val("product") != "" || e.val("category") != "") && bareFollowUp(w):
		// A product named alone with nothing asked before ("大衣"): what the
		// shop has of it, not the intent the classifier guessed for one word.
		return "stock_availability"
	}
	return w.intent
}

// focusProduct resolves the product a clause is about.
func (t *turn) focusProduct(e ents) string {
	if id := e.val("product"); id != "" {
		return id
	}
	if cat := e.val("category"); cat != "" {
		if p, _ := t.product(t.st.ProductID); categoryMatches(p, cat) {
			return p.ID
		}
		ps, _ := t.products()
		var hit []string
		for _, p := range ps {
			if p.Status != "off_shelf" && categoryMatches(&p, cat) {
				hit = append(hit, p.ID)
			}
		}
		if len(hit) == 1 {
			return hit[0]
		}
	}
	return t.st.ProductID
}

func (t *turn) orderRef(e ents, text string, productIsOrder bool) OrderRef {
	ref := OrderRef{OrderID: e.val("order_id"), TrackingNo: e.val("tracking_no"), Date: e.val("date")}
	if ref.OrderID == "" && ref.TrackingNo == "" {
		if productIsOrder {
			ref.ProductID, ref.Category = e.val("product"), e.val("category")
			if ref.ProductID != "" {
				ref.Category = ""
			}
			if ref.ProductID == "" && ref.Category == "" {
				ref.Category = groupWordIn(text)
			}
		}
		if ref.Date != "" && ref.Date > t.now.Format(time.DateOnly) {
			ref.Date = "" // a future date is not when something was bought
		}
	}
	return ref
}

// dropWords say something is not wanted any more.
var dropWords = []string{"不要了", "不想要了", "不想要", "不买了", "不要这个了"}

// specChangeWords change a choice already made ("改成M码", "改为黑色").
var specChangeWords = []string{"改成", "改为", "改一下", "改个", "修改成", "改下"}

// impatientWords complain of a wait.
var impatientWords = []string{"这么慢", "太慢", "好慢", "真慢", "慢死", "还没到", "还不到", "怎么还没", "咋还没", "等了好久", "等好久", "等了好几天", "几天了", "一个礼拜", "一个星期", "一周了", "急死", "着急", "急用"}

// payTroubleWords say a payment did not go through; deductedWords that the
// money left anyway.
var (
	payTroubleWords = []string{"付款成功", "支付成功", "付不了", "付不上", "付不进去", "没付上", "支付失败", "付款失败", "扣了钱", "扣钱了", "钱扣了", "扣款", "显示未付款", "显示待付款", "付款不成功", "支付不成功"}
	// refundingWords mark a passage about money going back to the shopper.
	refundingWords = []string{"退款", "退回", "退到", "原路"}
	deductedWords  = []string{"扣了钱", "扣钱了", "钱扣了", "扣款了", "已经扣", "钱已经", "付了钱", "钱付了", "付过了"}
)

// recommendMarkers are words of choosing or wanting that a request for a
// recommendation has.
var recommendMarkers = []string{"推荐", "哪个", "哪款", "哪种", "哪双", "哪件", "买什么", "买啥", "什么好", "啥好", "用什么", "用啥", "用哪", "挑", "选", "适合", "有没有", "有什么", "想买", "想要", "送", "爆款", "最火", "卖得"}

// addsToFocus reports whether a price question about one product named
// adds it to the product in focus: "和围巾一起买", "再加一条围巾", "加上围巾一共".
func addsToFocus(text string) bool {
	return containsAny(text, []string{"一起", "一共", "总共", "合计", "加上", "再加", "再买", "连同", "一块买", "一块儿买", "搭配"}) ||
		strings.HasPrefix(text, "和") || strings.HasPrefix(text, "跟") || strings.HasPrefix(text, "加")
}

// orderNewWords speak of an order not yet placed ("现在下单什么时候发货").
var orderNewWords = []string{"现在下单", "现在买", "现在拍", "今天下单", "今天买", "今天拍", "如果下单", "要是下单", "下单的话", "马上下单", "现在付款", "今天付款"}

// footShapeWords describe feet a shoe size depends on.
var footShapeWords = []string{"脚宽", "脚背高", "脚胖", "脚肥", "脚窄", "脚瘦", "厚袜", "宽脚", "高脚背", "脚面高"}

// whenWords name a time of day, a day or a time to arrange; giftMarkers say
// that 送 is giving ("周末下单送什么").
var (
	whenWords   = []string{"周末", "周六", "周日", "周一", "周二", "周三", "周四", "周五", "星期", "上午", "下午", "晚上", "早上", "中午", "明天", "后天", "今天", "几点", "时间", "节假日", "假期", "改天", "工作日", "哪天", "白天"}
	giftMarkers = []string{"赠", "礼物", "礼品", "礼盒", "送礼", "小样", "试用", "送啥", "送什么", "送的", "多送", "送个", "送点", "送人", "有送", "送几", "送不送"}
)

// asksWhenDelivered reports whether a message the classifier read as a gift
// question asks when the goods are delivered: 送 with a time and no word of
// giving.
func asksWhenDelivered(text string) bool {
	return strings.Contains(text, "送") && containsAny(text, whenWords) && !containsAny(text, giftMarkers)
}

// doorWords ask how the goods reach the door: delivered to it, carried up
// (the stairs and the lift: "我家6楼没电梯"), installed.
var doorWords = []string{"上门", "送到家", "送货到家", "上楼", "送上去", "搬上", "安装", "送装", "电梯", "楼梯", "爬楼", "楼层"}

// floorRe finds a floor named by number ("住6楼", "十二楼"), which asks how
// the goods get up there too.
var floorRe = regexp.MustCompile(`[0-9一二三四五六七八九十两]+ *(楼|层)`)

// asksAboutTheDoor reports whether a shipping question asks how the goods
// reach the door rather than what the shipping costs or which carrier.
func asksAboutTheDoor(text string) bool {
	return containsAny(text, doorWords) || floorRe.MatchString(text)
}

var personalOrder = []string{"我的订单", "我买的", "我下单", "我的快递", "我的包裹", "我拍的", "订单", "我的货"}

// handle runs the skill for one intent.
func (d *dialogue) handle(intent string, e ents, text string) (Result, error) {
	t := d.t
	pid := t.focusProduct(e)
	switch intent {
	case "stock_availability":
		color, size := e.val("color"), e.val("size")
		if p, _ := t.product(pid); p != nil {
			color, size = variantInText(p, text, color, size)
		}
		if pid == t.st.ProductID && e.val("product") == "" {
			// A follow-up keeps the other half of the variant: 那黑色的呢 keeps the size,
			// and "M码呢" after "有黑色吗" the colour. A full question ("有M码吗") asks
			// about the size alone.
			if color == "" && size != "" && t.st.Color != "" && (d.a.Intent.Name == nlu.IntentUnknown || bareFollowUp(clauseWork{text: text, e: e})) {
				color = t.st.Color
			}
			if size == "" && color != "" {
				size = t.st.Size
			}
		}
		r, err := t.checkStock(StockParams{ProductID: pid, Color: color, Size: size})
		if err == nil && r.Handled && r.Pending == nil {
			t.st.Color, t.st.Size = color, size
		}
		return r, err
	case "size_advice":
		h, w := e.num("height"), e.num("weight")
		if h == 0 {
			h = t.st.Height
		}
		if w == 0 {
			w = t.st.Weight
		}
		foot, usual := footInput(text, e)
		if foot == 0 && usual == "" {
			// "脚宽" after "平时穿40的选多大": the feet described before.
			foot, usual = t.st.FootMM, t.st.ShoeSize
		}
		if foot > 0 || usual != "" {
			t.st.FootMM, t.st.ShoeSize = foot, usual
		}
		r, err := t.sizeAdvice(SizeParams{ProductID: pid, Height: h, Weight: w, Fit: t.st.Fit, FootLength: foot, UsualSize: usual, Notes: text})
		if r.Pending != nil {
			r.Pending.Text = text
		}
		return r, err
	case "product_attribute", "suitability", "product_comparison":
		if intent == "product_attribute" && variantListRe.MatchString(text) {
			// "有什么颜色", "有哪些码": the catalogue's variants answer it,
			// with their stock, not a description of how a colour looks.
			return t.checkStock(StockParams{ProductID: pid})
		}
		if _, aspect := matchFacts(&shop.Product{}, text); aspect != "" {
			t.st.Question = text
		} else if e.val("product") != "" && t.st.Question != "" && bareFollowUp(clauseWork{text: text, e: e}) {
			// "那充电宝呢": the same question about another product; a
			// question of its own ("和精华一起用可以吗") is asked as it is.
			text = t.st.Question
		}
		return t.productQuestion(ProductQuestionParams{ProductID: pid, Question: text, SkinType: e.val("skin_type"), Color: e.val("color")})
	case "recommendation":
		return t.recommendFor(e, text, t.st.ProductID)
	case "price_negotiation", "promotion_rules", "gift":
		if containsAny(text, liveScheduleWords) && !containsAny(text, dealWords) {
			// "直播间几点开播" asks for the live stream's schedule, which the
			// promotions do not give: the knowledge base's answer (a transcript
			// or FAQ that states a time) or not handled, so it is logged.
			return t.fromKnowledge(text, pid), nil
		}
		// "两双一起买能便宜吗" asks what buying more saves, not to haggle.
		multiBuy := e.num("quantity") > 1 || containsAny(text, []string{"一起买", "多买", "买多", "一起拍", "凑单"})
		negotiation := intent == "price_negotiation" && (e.num("money") > 0 || containsAny(text, bargainWords) && !multiBuy)
		var items []BasketItem
		switch b := t.basket(ents(d.a.Entities), d.a.Normalized); {
		case len(b) >= 2:
			// Several products named in the message are priced together, each with its quantity.
			items = b
		case len(b) == 1 && t.st.ProductID != "" && b[0].ProductID != t.st.ProductID && addsToFocus(d.a.Normalized):
			// "和围巾一起买多少钱" on the coat's page: the coat and the scarf.
			items = []BasketItem{{ProductID: t.st.ProductID, Qty: 1, Size: t.st.Size}, b[0]}
		}
		color, size := e.val("color"), e.val("size")
		if p, _ := t.product(pid); p != nil {
			color, size = variantInText(p, text, color, size)
		}
		return t.promotions(PromoParams{ProductID: pid, Color: color, Size: size, Qty: int(e.num("quantity")), AskedPrice: e.num("money"),
			Negotiation: negotiation, GiftOnly: intent == "gift", ProductIDs: t.mentionedProducts(e), Items: items, Question: text})
	case "dispatch_time", "delivery_time", "shipping_fee_carrier":
		if ref := t.orderRef(e, text, true); intent != "shipping_fee_carrier" && ref.Date != "" && ref.Date < t.now.Format(time.DateOnly) && containsAny(text, []string{"买", "下单", "拍", "订"}) {
			// "昨天买的东西什么时候发货" is about an order placed that day.
			return t.orderStatus(OrderStatusParams{OrderRef: t.orderRef(e, text, true), Intent: "dispatch_time"})
		}
		if containsAny(text, originWords) {
			if s := d.shopFacts(); s != "" {
				return Result{Handled: true, Text: s}, nil
			}
		}
		if (e.val("order_id") != "" || containsAny(text, personalOrder)) && intent != "shipping_fee_carrier" {
			return t.orderStatus(OrderStatusParams{OrderRef: t.orderRef(e, text, true), Intent: "dispatch_time"})
		}
		if asksAboutTheDoor(text) {
			// "送货上门吗", "能送上楼吗": how the goods reach the door is the
			// product's own delivery terms or the knowledge base's, not the fee.
			if pid != "" {
				// A product whose terms say nothing of it is declined and
				// logged for the merchant to teach, not answered with the fee.
				if r, err := t.productQuestion(ProductQuestionParams{ProductID: pid, Question: text}); err != nil || r.Handled || r.Text != "" {
					return r, err
				}
			} else if r := t.fromKnowledge(text, ""); r.Handled {
				return r, nil
			}
		}
		if e.val("region") == "" && intent != "shipping_fee_carrier" && !containsAny(text, orderNewWords) {
			// "多久能收到" from a customer with a parcel on its way, after
			// "到哪了" or with no product in view, asks about that parcel, not
			// how long the shop's deliveries take in general; "裙子什么时候
			// 发货" with the dress ordered and not yet shipped asks about that
			// order.
			statuses, as := []shop.OrderStatus{shop.StatusShipped, shop.StatusInTransit}, "logistics"
			if intent == "dispatch_time" {
				statuses, as = []shop.OrderStatus{shop.StatusToShip, shop.StatusPendingPayment}, "dispatch_time"
			}
			if mine, err := t.ownOrderAt(pid, statuses...); err != nil || mine {
				if err != nil {
					return Result{}, err
				}
				return t.orderStatus(OrderStatusParams{OrderRef: t.orderRef(e, text, true), Intent: as, Impatient: containsAny(text, impatientWords)})
			}
		}
		aspect := map[string]string{"dispatch_time": "dispatch", "delivery_time": "delivery", "shipping_fee_carrier": "fee"}[intent]
		if intent == "shipping_fee_carrier" && containsAny(text, []string{"快递", "顺丰", "圆通", "中通", "韵达", "京东", "邮政", "EMS"}) && !containsAny(text, []string{"包邮", "运费"}) {
			aspect = "carrier"
		}
		p := ShippingParams{Region: e.val("region"), ProductID: pid, Aspect: aspect}
		if aspect == "dispatch" {
			p.Weekend, p.Holiday = containsAny(text, weekendWords), containsAny(text, holidayWords)
		}
		return t.shippingInfo(p)
	case "order_status", "logistics", "refund_status", "refund_request":
		if intent == "refund_request" || intent == "refund_status" && asksForRefund(text) {
			r, err := t.orderService(OrderServiceParams{OrderRef: t.orderRef(e, text, true), Action: "refund", Details: d.said(text)})
			setPendingText(&r, d.said(text))
			return r, err
		}
		ref := t.orderRef(e, text, true)
		if intent == "refund_status" && ref == (OrderRef{}) {
			if r, ok, err := t.refundRule(text, pid); ok || err != nil {
				return r, err
			}
		}
		r, err := t.orderStatus(OrderStatusParams{OrderRef: ref, Intent: intent, Impatient: containsAny(text, impatientWords)})
		setPendingText(&r, text)
		return r, err
	case "change_address", "cancel_order", "urge_dispatch":
		action := map[string]string{"change_address": "change_address", "cancel_order": "cancel", "urge_dispatch": "urge"}[intent]
		if intent == "change_address" && asksSpecChange(text, e.val("size"), e.val("color")) {
			action = "change_spec"
		}
		r, err := t.orderService(OrderServiceParams{OrderRef: t.orderRef(e, text, true), Action: action, Details: d.said(text), Size: e.val("size")})
		setPendingText(&r, d.said(text))
		return r, err
	case "return_exchange":
		reason := string(shop.ReturnNoReason)
		if containsAny(text, []string{"换", "尺码", "大了", "小了"}) {
			reason = string(shop.ReturnSizeExchange)
		}
		opened, tags := saysOpened(text), saysTagsRemoved(text)
		ref := t.orderRef(e, text, true)
		if ref.OrderID == "" && ref.TrackingNo == "" && ref.Date == "" && (t.customerID == "" || containsAny(text, returnRuleWords) && ref.ProductID == "" && ref.Category == "") {
			// A question about the rules needs no order, so no identity check.
			return t.returnRules(pid, reason, opened, tags)
		}
		step := 0
		switch {
		case containsAny(text, []string{"大一码", "大一号", "大一个码", "大个码"}):
			step = 1
		case containsAny(text, []string{"小一码", "小一号", "小一个码", "小个码"}):
			step = -1
		}
		r, err := t.returnCheck(ReturnParams{OrderRef: ref, Reason: reason, Opened: opened, TagsRemoved: tags,
			ExchangeSize: e.val("size"), SizeStep: step})
		setPendingText(&r, text)
		return r, err
	case "quality_complaint", "wrong_missing_item", "damaged_parcel", "adverse_reaction":
		if intent == "adverse_reaction" && t.customerID == "" && e.val("order_id") == "" {
			// Health first: an anonymous shopper is not asked to prove who they are
			// before being told to stop and being put through to a person.
			return Result{Handled: true, Text: stopUsingAdvice + "这类问题由专员一对一处理,正在为您转接;方便的话请准备好订单号和问题部位的照片。", Handoff: "always_human"}, nil
		}
		kind := map[string]string{"quality_complaint": shop.CaseQuality, "damaged_parcel": shop.CaseDamaged, "adverse_reaction": shop.CaseReaction, "wrong_missing_item": shop.CaseWrong}[intent]
		if intent == "wrong_missing_item" && containsAny(text, []string{"少发", "漏发", "没收到", "少了", "缺"}) {
			kind = shop.CaseMissing
		}
		if intent == "quality_complaint" {
			if r, ok := t.normalWear(pid, text); ok {
				return r, nil
			}
			if r, ok := t.troubleshoot(pid, text, hasPhoto(d.msg)); ok {
				// The tip promises a case if it does not help: the next
				// message saying so (还是不行, a photo) opens it.
				r.Pending = &Pending{Kind: "tried", Intent: intent, CaseKind: kind, Text: text}
				return r, nil
			}
		}
		r, err := t.afterSales(AfterSalesParams{OrderRef: t.orderRef(e, text, true), Kind: kind, Description: d.a.Text,
			HasPhoto: hasPhoto(d.msg), Compensation: e.num("money"), Resolution: statedPlan(d.a.Normalized)})
		setPendingText(&r, text)
		return r, err
	case "invoice":
		return t.shopPolicy(PolicyParams{Topic: "invoice", ProductID: pid})
	case "warranty_repair":
		return t.shopPolicy(PolicyParams{Topic: "warranty", ProductID: pid})
	case "price_protection":
		return t.shopPolicy(PolicyParams{Topic: "price_protection", ProductID: pid})
	case "membership":
		return t.shopPolicy(PolicyParams{Topic: "membership", Question: text})
	case "payment":
		if t.customerID != "" && (containsAny(text, payTroubleWords) || containsAny(text, deductedWords)) {
			// "围巾怎么还没付款成功": a payment that did not go through is
			// about the shopper's order, not the shop's payment terms.
			r, err := t.orderStatus(OrderStatusParams{OrderRef: t.orderRef(e, text, true), Intent: "payment"})
			if err != nil || !r.Handled || r.Pending != nil {
				return r, err
			}
			if os, ok := r.Data.(*OrderStatusResult); ok && os.Status == string(shop.StatusPendingPayment) {
				if containsAny(text, deductedWords) {
					r.Text += "您说钱已经扣了但订单还显示待付款,这需要同事核对支付记录,我马上为您转接人工。"
					r.Handoff = "payment_issue"
				} else {
					r.Text += "可以在「我的订单」里找到这笔订单,重新点「付款」;如果钱已经扣了但订单还显示待付款,告诉我,我转给同事核实。"
				}
			}
			return r, nil
		}
		if r := t.fromKnowledge(text, pid); r.Handled && !refundReply(r.Text, text) {
			return r, nil
		}
		if containsAny(strings.ToLower(text), payMethods) && !containsAny(text, installmentWords) {
			// "可以货到付款吗": the shop's data states only its instalment
			// terms; quoting them would answer another question.
			return Result{}, nil
		}
		return t.shopPolicy(PolicyParams{Topic: "payment", ProductID: pid})
	case "greeting", "thanks", "goodbye", "chitchat", "out_of_scope", "affirm", "deny":
		if intent == "chitchat" && containsAny(text, authenticityWords) {
			// "你们是正品吗" reads like a question about the shop ("你们是厂家吗"),
			// but it asks for a guarantee only the merchant can give: the
			// knowledge base's answer if it has one, else not handled, so
			// the question is logged for teaching instead of a self-introduction.
			return t.fromKnowledge(text, pid), nil
		}
		if intent == "chitchat" && d.ventsWithoutTopic() {
			return d.ventReply(text)
		}
		return d.social(intent), nil
	}
	// Unknown: the knowledge base may know; else nothing handled.
	return t.fromKnowledge(text, pid), nil
}

func setPendingText(r *Result, text string) {
	if r.Pending != nil && r.Pending.Text == "" {
		r.Pending.Text = text
	}
}

// ventsWithoutTopic reports whether the message is an angry or disappointed
// outburst that the classifier could only call chat ("你们太慢了！气死我了"):
// the shopper is upset about something they have not named, and a
// self-introduction after the apology would read as not listening.
func (d *dialogue) ventsWithoutTopic() bool {
	em := d.a.Emotion
	return em.Expressed && (em.Class == nlu.EmotionAngry || em.Class == nlu.EmotionDisappointed)
}

// slowCues are the words of an outburst about waiting ("太慢了", "等了好几天").
var slowCues = []string{"慢", "等了", "等到", "还没", "这么久", "几天了", "好几天"}

// ventReply answers an outburst without a topic: when it is about waiting
// and the shopper is verified, with the status of their open orders (the
// likeliest cause, a stalled parcel included); otherwise by asking what went
// wrong, offering the order lookup and a person.
func (d *dialogue) ventReply(text string) (Result, error) {
	t := d.t
	if t.customerID != "" && containsAny(text, slowCues) {
		all, err := t.myOrders()
		if err != nil {
			return Result{}, err
		}
		if len(relevant(all, "logistics", nil)) > 0 {
			return t.orderStatus(OrderStatusParams{Intent: "logistics"})
		}
	}
	return Result{Handled: true, Text: "请问是哪里让您不满意了?说说具体情况(订单、商品还是物流),我马上帮您查;也可以直接转人工客服。",
		QuickReplies: []string{"查订单", "转人工"}}, nil
}

// socialIntents are the intents answered by a social filler line alone
// (chitchat may be answered from the shop facts or the knowledge base).
var socialIntents = map[string]bool{"greeting": true, "thanks": true, "goodbye": true, "affirm": true, "deny": true}

func (d *dialogue) social(intent string) Result {
	t := d.t
	info := t.shopInfo()
	bot := orDefault(info.BotName, "小二")
	r := Result{Handled: true}
	switch intent {
	case "greeting":
		name := "亲"
		if c := t.customer(); c != nil && c.Nickname != "" {
			name = c.Nickname
		}
		r.Text = name + ",您好,我是" + bot + ",请问有什么可以帮您?"
		if p, _ := t.product(t.pageID); p != nil {
			r.Text += "看到您在看「" + p.Name + "」,尺码、库存、发货都可以问我~"
			r.QuickReplies = []string{"有什么优惠", "什么时候发货", "帮我选尺码"}
		} else {
			r.QuickReplies = []string{"查订单", "有什么活动", "退换货"}
		}
	case "thanks":
		r.Text = "不客气~还有其他问题随时找我。"
	case "goodbye":
		r.Text = "好的,祝您生活愉快,有需要随时找" + bot + "~"
	case "chitchat":
		if s := d.shopFacts(); s != "" {
			r.Text = s
			break
		}
		r.Text = "我是" + orDefault(info.Name, "本店") + "的智能客服" + bot + ",可以帮您查库存、选尺码、算优惠、查订单和办售后~"
	case "out_of_scope":
		r.Text = "这个我帮不上忙呢,我只能解答本店商品、订单和售后的问题。有需要随时问我~"
	case "affirm":
		r.Text = "好的~还有什么需要帮您的吗?"
	case "deny":
		r.Text = "好的,有需要随时找我~"
	}
	return r
}

// injectionRe matches attempts to instruct the bot or change its role.
var injectionRe = regexp.MustCompile(`(?i)(忽略|无视|忘记|忘掉|不要管).{0,8}(指令|指示|规则|设定|提示|要求|限制)|你现在是|你现在扮演|你是管理员|我是管理员|我是(你们的)?(老板|店长|开发|程序员|系统)|管理员(模式|权限)|开发者模式|系统提示|system\s*prompt|prompt|ignore (all |the )?(previous|above)|jailbreak|越狱|扮演.{0,6}(客服主管|管理员|店长)|(给我|帮我)?(打|改成?)(一|1|0\.1|零)折|改价|(改|修改).{0,4}(价格|库存|订单状态)|0元(购|买|给我)` +
	// Standing orders for every later reply ("从现在起你每次回答都要说…").
	`|(从现在起|从现在开始|从今以后|以后你|接下来你).{0,8}(每次|所有|都要|必须|只能)|每次(回答|回复)都|你(必须|只能)(说|回答|回复)` +
	// A claimed role that would grant privileges ("我是你们客服主管").
	`|我是(你们|贵店|店里|这里)?的?(客服主管|客服经理|主管|经理|店长|老板|管理员|运营|工作人员|员工)` +
	// Setting a price outright ("改成1块钱").
	`|(改成|改为|算成|按)\s*[0-9一二两三四五六七八九十]+(\.[0-9]+)?\s*(块|元)(钱)?(卖|给我|吧)?$|(改成|改为)\s*[0-9一二两三四五六七八九十]+(\.[0-9]+)?\s*(块|元)`)

func isInjection(s string) bool { return injectionRe.MatchString(s) }

// response composes the reply, decides on handoff and returns the new state.
func (d *dialogue) response(conv chat.Conversation) (chat.Response, error) {
	t := d.t
	st := t.st
	pol, err := t.policies()
	if err != nil {
		return chat.Response{}, err
	}
	resolved := !d.unanswered && slices.ContainsFunc(d.parts, func(r Result) bool { return r.Handled })
	if resolved {
		st.Unresolved = 0
	} else {
		st.Unresolved++
	}
	em := d.a.Emotion
	angry := em.Class == nlu.EmotionAngry
	if angry {
		st.AngryTurns++
	} else {
		st.AngryTurns = 0
	}
	issue := slices.ContainsFunc(d.parts, func(r Result) bool {
		if s, ok := r.Data.(*OrderStatusResult); ok && s.Issue {
			return true
		}
		return false
	})
	complaint := slices.ContainsFunc(d.intents, func(i string) bool {
		return slices.Contains([]string{"quality_complaint", "wrong_missing_item", "damaged_parcel", "adverse_reaction", "urge_dispatch", "logistics", "refund_status"}, i)
	})
	if d.handoff == "" {
		for _, in := range append([]string{d.a.Intent.Name}, d.intents...) {
			if shop.AlwaysHuman(pol.BotLimits, in) && d.alwaysHumanApplies(in) {
				d.handoff = "always_human"
				break
			}
		}
	}
	if d.handoff == "" && !d.injection {
		switch {
		case em.Escalation:
			d.handoff = "escalation_threat"
		case angry && (!resolved || issue) && (st.AngryTurns >= 2 || em.Intensity >= 0.8):
			d.handoff = "angry_unresolved"
		case angry && st.AngryTurns >= 2 && complaint:
			d.handoff = "angry_unresolved"
		case st.Unresolved >= shop.MaxUnresolvedTurns(pol.BotLimits):
			d.handoff = "unresolved"
		}
	}

	if d.handoff == "escalation_threat" {
		// A person takes over now: asking which product a threat is about
		// would only be left hanging (the agent sees the whole conversation),
		// and a social filler ("好的~还有什么需要帮您的吗?" for the 我要 of
		// "我要投诉") reads as if the complaint was not heard.
		var parts []Result
		var intents []string
		for i, r := range d.parts {
			intent := ""
			if i < len(d.intents) {
				intent = d.intents[i]
			}
			if r.Pending != nil && r.Pending.Kind == "product" {
				t.st.Pending = nil
				continue
			}
			if socialIntents[intent] {
				continue
			}
			parts, intents = append(parts, r), append(intents, intent)
		}
		d.parts, d.intents = parts, intents
	}

	text, payload := d.compose()
	if d.handoff != "" && !strings.Contains(text, "转接") && !strings.Contains(text, "专员") && !strings.Contains(text, "人工客服确认") {
		text += "\n正在为您转接人工客服,请稍等片刻~"
	}
	if d.handoff != "" {
		if note := offHoursNote(t.shopInfo().ServiceHours, t.now); note != "" {
			text += "\n" + note
		}
	}
	said := truncate(text, 80)
	st.log(TurnLog{Intents: d.intents, Emotion: em.Class, Said: said, Resolved: resolved})
	for _, in := range d.intents {
		if _, ok := skillIntents[in]; ok {
			st.LastIntent = in
		}
	}
	resp := chat.Response{
		Replies: []chat.Reply{{Text: text, Payload: payload}},
		State:   nil,
	}
	resp.Analysis, _ = json.Marshal(d.a)
	if st.ProductID != "" && st.ProductID != conv.ProductID {
		resp.ProductID = st.ProductID
	}
	if d.verifiedNow != "" && conv.CustomerID == "" {
		resp.CustomerID = d.verifiedNow
	}
	if d.a.Sales.PurchaseIntent >= 0.7 && !angry {
		resp.Tags = append(resp.Tags, "hot_lead")
	}
	for _, in := range d.intents {
		if in != nlu.IntentUnknown && !slices.Contains(resp.Tags, "intent:"+in) {
			resp.Tags = append(resp.Tags, "intent:"+in)
		}
	}
	if d.injection {
		resp.Tags = append(resp.Tags, "prompt_injection")
	}
	if d.handoff != "" {
		resp.Handoff = d.packet(text)
		st.Unresolved, st.AngryTurns = 0, 0
	}
	resp.State = st.encode()
	return resp, nil
}

// skillIntents are intents a follow-up may continue.
var skillIntents = map[string]bool{
	"stock_availability": true, "size_advice": true, "product_attribute": true, "suitability": true,
	"promotion_rules": true, "price_negotiation": true, "recommendation": true, "dispatch_time": true,
	"delivery_time": true, "shipping_fee_carrier": true, "order_status": true, "logistics": true,
}

// shopFacts answers questions about the shop itself from its data: the
// agents' service hours, and where parcels leave from (sentences of the
// shop description and dispatch notes naming the warehouse); "" when the
// message asks neither or the data does not say.
func (d *dialogue) shopFacts() string {
	t := d.t
	text := d.a.Normalized + d.a.Text
	info := t.shopInfo()
	var out []string
	if containsAny(text, hoursWords) {
		if open, close, ok := serviceHours(info.ServiceHours); ok {
			out = append(out, fmt.Sprintf("人工客服在线时间是每天%s-%s;我是智能客服%s,24小时在线,随时可以问我~", open, close, orDefault(info.BotName, "小二")))
		}
	}
	if containsAny(text, originWords) {
		notes := ""
		if pol, err := t.policies(); err == nil {
			notes = pol.Dispatch.Notes
		}
		if ss := sentencesWith([]string{"发货仓", "仓位于", "直发", "发货地", "从"}, info.Description); len(ss) > 0 {
			out = append(out, strings.Join(ss, "。")+"。")
		} else if ss := sentencesWith([]string{"仓"}, notes); len(ss) > 0 {
			out = append(out, ss[0]+"。")
		}
	}
	return strings.Join(out, "")
}

// stopUsingAdvice opens every reply to a described adverse reaction.
const stopUsingAdvice = "请您先立即停止使用该产品,用清水冲洗接触部位;如果红肿、刺痛明显或持续不退,请及时就医。"

// reactionWords describe a reaction to a product (not a need such as 头皮痒).
var reactionWords = []string{"过敏", "红肿", "刺痛", "红疹", "起疹", "疹子", "起痘", "爆痘", "闷痘", "发红", "灼热", "灼烧", "烧灼", "脱皮", "肿了", "疼", "痛", "不良反应", "烂脸"}

// reactionDescribed reports whether the text describes a reaction.
func reactionDescribed(s string) bool { return containsAny(s, reactionWords) }

// alwaysHumanApplies reports whether an always-human intent really holds:
// the classifier is confident about it for the message or a clause, and an
// adverse reaction is only one when a reaction is described.
func (d *dialogue) alwaysHumanApplies(in string) bool {
	if in == "adverse_reaction" && !reactionDescribed(d.a.Text) {
		return false
	}
	if d.a.Intent.Name == in && d.a.Intent.Confidence >= 0.6 {
		return true
	}
	if slices.Contains(d.intents, in) {
		return true
	}
	return false
}

// withoutNamed is text with the products, categories, colours and sizes it
// names taken out, with how many were, and whether a colour or size was.
func withoutNamed(text string, e ents) (rest string, n int, variant bool) {
	rest = text
	for _, x := range e {
		switch x.Type {
		case "color", "size", "product", "category", "skin_type":
			if x.Text != "" && strings.Contains(rest, x.Text) {
				rest = strings.Replace(rest, x.Text, "", 1)
				n++
				variant = variant || x.Type == "color" || x.Type == "size"
			}
		}
	}
	return rest, n, variant
}

// followUpFillers are the words around a bare follow-up ("那白色的呢").
var followUpFillers = []string{"那", "的", "呢", "吗", "么", "还有", "有没有", "?", "？", "要", "这个", "那个", "换", "好", " "}

// bareFollowUp reports whether a clause is only a variant or product plus
// fillers ("白色呢", "那M码的呢"): it continues the last question whatever
// intent the classifier guessed for so few words.
func bareFollowUp(w clauseWork) bool {
	rest, n, _ := withoutNamed(w.text, w.e)
	if n == 0 {
		return false
	}
	for _, f := range followUpFillers {
		rest = strings.ReplaceAll(rest, f, "")
	}
	return rest == ""
}

// refundReply reports whether a knowledge reply to a payment question is
// about refunds instead ("支持微信支付吗" → "微信余额:通常即时到账…原路退回"):
// how a shop is paid and how it pays back share every word (微信, 银行卡,
// 花呗) but not the meaning, so such a reply answers only a question that
// mentions a refund itself.
func refundReply(reply, question string) bool {
	return containsAny(reply, refundingWords) && !strings.Contains(question, "退")
}

// ownRefundWords make a refund question about the shopper's own money
// ("我的退款怎么还没到"), which needs their order, not the shop's rule.
var ownRefundWords = []string{"我的", "我退", "我那", "我这", "还没", "怎么还", "咋还", "没收到", "没到账"}

// refundRule answers a refund question that names no order ("退款多久到账",
// "退款退到哪里") with the shop's rule when there is no refund of the
// shopper's to look at: a visitor who asks in general, or a customer with no
// order being refunded. Asking them to verify or to pick one of their
// orders would hold back an answer the knowledge base has. ok is false when
// the question is about a refund of theirs or nothing documents the rule.
func (t *turn) refundRule(text, pid string) (Result, bool, error) {
	note := ""
	if t.customerID == "" {
		if containsAny(text, ownRefundWords) {
			return Result{}, false, nil
		}
		note = "如果想查您某一笔订单的退款进度,请发送订单号和下单手机号后四位。"
	} else {
		all, err := t.myOrders()
		if err != nil {
			return Result{}, false, err
		}
		if slices.ContainsFunc(all, func(o shop.Order) bool { return o.Status == shop.StatusRefunding }) {
			return Result{}, false, nil
		}
		note = "您的账户下目前没有退款中的订单;如果问的是某一笔订单,告诉我是哪一笔,我帮您查。"
	}
	r := t.fromKnowledge(text, pid)
	if !r.Handled {
		return Result{}, false, nil
	}
	r.Text = strings.TrimRight(r.Text, "\n") + "\n" + note
	return r, true, nil
}
