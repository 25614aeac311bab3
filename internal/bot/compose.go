package bot

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/nlu"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// Payload is the structured part of a bot reply (docs/bot.md).
type Payload struct {
	Cards        []Card   `json:"cards,omitempty"`
	QuickReplies []string `json:"quick_replies,omitempty"`
	Intent       string   `json:"intent,omitempty"`
	Skill        string   `json:"skill,omitempty"`
	Skills       []string `json:"skills,omitempty"`
}

// compose joins the parts into one reply: tone first, then each answer,
// then one buying suggestion when several pre-sale answers fit together.
func (d *dialogue) compose() (string, json.RawMessage) {
	em := d.a.Emotion
	var b strings.Builder
	name := ""
	if c := d.t.customer(); c != nil {
		name = c.Nickname
	}
	negative := em.Class == nlu.EmotionAngry || em.Class == nlu.EmotionDisappointed
	apologise := em.Expressed || letdown(d.a.Intent.Name)
	switch {
	case d.injection || !apologise:
	case em.Class == nlu.EmotionAngry:
		if name != "" {
			b.WriteString(name + ",")
		}
		b.WriteString("非常抱歉给您带来不好的体验,您先别着急,我马上帮您处理。\n")
	case em.Class == nlu.EmotionDisappointed:
		b.WriteString("很抱歉让您失望了。\n")
	}
	var pl Payload
	pl.Intent = d.a.Intent.Name
	var said []string
	for i, p := range d.parts {
		if p.Text == "" || slices.ContainsFunc(said, func(s string) bool { return strings.Contains(s, p.Text) }) {
			// Two clauses about the same order ("耳机跟衬衫那单" + "怎么没动静")
			// get one answer; so do a dispatch question whose answer already
			// gave the delivery estimate the next clause asks for ("今天下单
			// 什么时候" + "到北京").
			continue
		}
		said = append(said, p.Text)
		if i > 0 && b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			b.WriteString("\n")
		}
		b.WriteString(p.Text)
		for _, c := range p.Cards {
			if !slices.ContainsFunc(pl.Cards, func(x Card) bool { return x.Type == c.Type && x.ID == c.ID }) {
				pl.Cards = append(pl.Cards, c)
			}
		}
		for _, q := range p.QuickReplies {
			if !slices.Contains(pl.QuickReplies, q) {
				pl.QuickReplies = append(pl.QuickReplies, q)
			}
		}
		if p.Skill != "" && !slices.Contains(pl.Skills, p.Skill) {
			pl.Skills = append(pl.Skills, p.Skill)
		}
	}
	if len(pl.Skills) > 0 {
		pl.Skill = pl.Skills[0]
	}
	if s := d.buyingSuggestion(); s != "" {
		b.WriteString("\n" + s)
	} else if !negative && em.Class != nlu.EmotionAnxious && !d.injection {
		if s := d.crossSell(); s != "" {
			b.WriteString("\n" + s)
		}
	}
	if len(pl.QuickReplies) > 4 {
		pl.QuickReplies = pl.QuickReplies[:4]
	}
	raw, _ := json.Marshal(pl)
	return strings.TrimSpace(b.String()), raw
}

// letdown reports whether an intent reports a letdown by itself: a case about a
// received order (afterSalesIntents) or urging an order not yet dispatched.
// The reply opens with an apology then even when the shopper voices no
// feeling. Other intents read as upset by default (returns, cancellations,
// price protection, asking for a human) are often plain questions ("这个能七天
// 无理由吗" before buying), so there the apology needs the shopper's own words,
// punctuation or emoji (nlu.Emotion.Expressed).
func letdown(intent string) bool { return afterSalesIntents[intent] || intent == "urge_dispatch" }

// buyingSuggestion sums up size + stock + dispatch + price answers of one message.
func (d *dialogue) buyingSuggestion() string {
	var size *SizeResult
	var stock *StockResult
	var ship *ShippingResult
	var promo *PromoResult
	n := 0
	for _, p := range d.parts {
		switch v := p.Data.(type) {
		case *SizeResult:
			size, n = v, n+1
		case StockResult:
			stock, n = &v, n+1
		case *ShippingResult:
			ship, n = v, n+1
		case *PromoResult:
			promo, n = v, n+1
		}
	}
	if n < 2 || (ship == nil && promo == nil) {
		return ""
	}
	var parts []string
	switch {
	case size != nil && size.Size != "" && len(size.InStockColors) > 0:
		parts = append(parts, "选"+size.Size+"码(有货)")
	case stock != nil && (stock.Outcome == shop.StockInStock || stock.Outcome == shop.StockLow) && variantLabel(stock.Color, stock.Size) != "":
		parts = append(parts, variantLabel(stock.Color, stock.Size)+"有货")
	}
	if ship != nil {
		if ship.Dispatch.SameDay {
			parts = append(parts, "现在下单今天就能发出")
		} else {
			parts = append(parts, "现在下单"+ship.Dispatch.ShipDate+"发出")
		}
	}
	if promo != nil && promo.Payable != "" {
		parts = append(parts, "到手价"+promo.Payable+"元")
	}
	if len(parts) < 2 {
		return ""
	}
	return "综合一下:" + strings.Join(parts, ",") + "。"
}

// crossSell suggests one complementary product after a calm pre-sale answer.
func (d *dialogue) crossSell() string {
	if d.a.Sales.PurchaseIntent < 0.6 || len(d.parts) != 1 {
		return ""
	}
	p := d.parts[0]
	switch p.Data.(type) {
	case StockResult, *SizeResult:
	default:
		return ""
	}
	prod, _ := d.t.product(p.ProductID)
	if prod == nil {
		return ""
	}
	for _, rel := range prod.Related {
		if rel.Kind != "complementary" || rel.Reason == "" {
			continue
		}
		other, _ := d.t.product(rel.ProductID)
		if other == nil || other.Status == "off_shelf" || other.TotalStock() <= 0 {
			continue
		}
		return fmt.Sprintf("搭配推荐:「%s」(%s元),%s。", other.Name, other.Price, strings.TrimSuffix(rel.Reason, "。"))
	}
	return ""
}

// HandoffPacket is what the agent sees first when taking over.
type HandoffPacket struct {
	Reason   string          `json:"reason"`
	Summary  string          `json:"summary"`
	Intents  []string        `json:"intents"`
	Emotions []string        `json:"emotion_trajectory"`
	Customer *PacketCustomer `json:"customer,omitempty"`
	Orders   []PacketOrder   `json:"orders,omitempty"`
	Product  string          `json:"product_id,omitempty"`
	CaseID   string          `json:"case_id,omitempty"`
	BotSaid  []string        `json:"bot_said"`
	Message  string          `json:"last_message"`
}

// PacketCustomer is the customer profile in a handoff packet (no phone).
type PacketCustomer struct {
	ID          string            `json:"id"`
	Nickname    string            `json:"nickname"`
	MemberLevel string            `json:"member_level"`
	Region      string            `json:"region,omitempty"`
	Tags        []string          `json:"tags,omitempty"`
	Preferences map[string]string `json:"preferences,omitempty"`
}

// PacketOrder is a relevant order in a handoff packet.
type PacketOrder struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Total  string `json:"total"`
	Label  string `json:"label"`
}

var handoffReasons = map[string]string{
	"customer_request":       "顾客要求人工",
	"always_human":           "商家设置为必须人工处理",
	"escalation_threat":      "顾客表示要投诉/差评",
	"angry_unresolved":       "顾客情绪激动且问题未解决",
	"unresolved":             "机器人连续未能解答",
	"price_below_rules":      "顾客要求低于活动规则的价格",
	"compensation_above_cap": "补偿金额超出机器人权限",
	"refund_above_cap":       "退款金额超出自动处理上限",
	"beyond_policy":          "超出售后规则,需人工判断",
	"needs_human":            "数据不足,需人工核实",
	"dispatch_overdue":       "订单超时未发货",
	"verification_failed":    "身份验证多次失败",
	"payment_issue":          "顾客已扣款但订单未显示付款",
}

func (d *dialogue) packet(text string) *chat.Handoff {
	t, st := d.t, d.t.st
	p := HandoffPacket{Reason: d.handoff, Product: st.ProductID, CaseID: st.CaseID, Message: d.a.Text}
	for _, h := range st.History {
		p.Intents = append(p.Intents, h.Intents...)
		p.Emotions = append(p.Emotions, h.Emotion)
		if h.Said != "" {
			p.BotSaid = append(p.BotSaid, h.Said)
		}
	}
	if c := t.customer(); c != nil {
		p.Customer = &PacketCustomer{ID: c.ID, Nickname: c.Nickname, MemberLevel: shop.MemberLevelLabel(c.MemberLevel),
			Region: c.Province + c.City, Tags: c.Tags, Preferences: c.Preferences}
	}
	if os, _ := t.myOrders(); len(os) > 0 {
		for _, o := range os {
			if len(p.Orders) == 5 {
				break
			}
			if o.ID == st.OrderID || o.Status != shop.StatusCompleted && o.Status != shop.StatusCancelled {
				p.Orders = append(p.Orders, PacketOrder{ID: o.ID, Status: o.Status.Label(), Total: o.Total.String(), Label: t.orderLabel(o)})
			}
		}
	}
	why := handoffReasons[d.handoff]
	if why == "" {
		why = d.handoff
	}
	who := "访客"
	if p.Customer != nil {
		who = p.Customer.Nickname + "(" + p.Customer.MemberLevel + ")"
	}
	intent := d.a.Intent.Name
	if len(d.intents) > 0 {
		intent = strings.Join(d.intents, "+")
	}
	p.Summary = fmt.Sprintf("%s:%s。意图:%s;情绪:%s", who, why, intent, d.a.Emotion.Class)
	if st.OrderID != "" {
		p.Summary += ";订单" + st.OrderID
	}
	if st.CaseID != "" {
		p.Summary += ";售后单" + st.CaseID
	}
	raw, _ := json.Marshal(p)
	return &chat.Handoff{Reason: d.handoff, Summary: p.Summary, Packet: raw}
}
