package console

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/xiaoer-cs/xiaoer/internal/httpapi"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/store"
	"github.com/xiaoer-cs/xiaoer/internal/team"
)

// defaultCouponCaps bound one coupon per role unless Deps.CouponCaps says
// otherwise: a person may grant more than the bot, a supervisor more than
// an agent.
var defaultCouponCaps = map[string]shop.Money{
	team.RoleAgent:      shop.Yuan(50),
	team.RoleSupervisor: shop.Yuan(200),
	team.RoleAdmin:      shop.Yuan(500),
}

func (c *Console) couponCap(role string) shop.Money {
	if v, ok := c.d.CouponCaps[role]; ok {
		return v
	}
	return defaultCouponCaps[role]
}

type couponRequest struct {
	Amount shop.Money `json:"amount"` // yuan in JSON
	Reason string     `json:"reason"`
}

// actionCoupon grants the shopper a coupon within the agent's role cap. The
// grant is recorded in the conversation (shopper notice + internal note).
func (c *Console) actionCoupon(w http.ResponseWriter, r *http.Request) error {
	var req couponRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	conv, err := c.actableOpen(r)
	if err != nil {
		return err
	}
	a := me(r)
	if req.Amount <= 0 {
		return errStatus(400, "invalid", "amount must be positive")
	}
	if limit := c.couponCap(a.Role); req.Amount > limit {
		return errStatus(http.StatusForbidden, "limit", "优惠券金额超出您的权限(上限 %s 元),请找主管 (above your limit of %s yuan)", limit.String(), limit.String())
	}
	reason := strings.TrimSpace(req.Reason)
	if utf8.RuneCountInString(reason) > 200 {
		return errStatus(400, "invalid", "reason is at most 200 characters")
	}
	if err := c.system(r.Context(), conv.ID, "已为您发放一张 "+req.Amount.String()+" 元优惠券,下单时可直接使用。", map[string]any{"event": "coupon", "amount": req.Amount.String()}); err != nil {
		return err
	}
	payload, _ := json.Marshal(map[string]any{"event": "coupon", "amount": req.Amount.String(), "agent_name": a.Name})
	if _, err := c.d.Chat.PostAs(r.Context(), conv.ID, chat.RoleNote, a.ID, "发放优惠券 "+req.Amount.String()+" 元:"+reason, payload); err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusCreated, map[string]any{"amount": req.Amount})
	return nil
}

var caseKinds = map[string]string{
	shop.CaseReturn: "退货", shop.CaseExchange: "换货", shop.CaseQuality: "质量问题", shop.CaseDamaged: "运输破损",
	shop.CaseWrong: "错发", shop.CaseMissing: "漏发", shop.CaseReaction: "过敏/不良反应", shop.CaseAddress: "改地址", shop.CaseCancel: "取消订单",
	shop.CaseLogistics: "物流跟进",
}

type caseRequest struct {
	Kind    string `json:"kind"`
	OrderID string `json:"order_id"`
	Summary string `json:"summary"`
}

// actionCase opens an after-sales case (return, exchange, defect ...) for
// the conversation's verified customer and one of their orders.
func (c *Console) actionCase(w http.ResponseWriter, r *http.Request) error {
	var req caseRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	conv, err := c.actable(r)
	if err != nil {
		return err
	}
	label, ok := caseKinds[req.Kind]
	if !ok {
		return errStatus(400, "invalid", "kind must be one of return, exchange, quality, damaged, wrong_item, missing_item, adverse_reaction, address_change, cancel, logistics")
	}
	if conv.CustomerID == "" {
		return errStatus(400, "unverified", "顾客身份未验证,无法关联订单建单 (the shopper is not a verified customer)")
	}
	if req.OrderID != "" {
		o, err := c.d.Store.Order(r.Context(), req.OrderID)
		if errors.Is(err, store.ErrNotFound) || err == nil && o.CustomerID != conv.CustomerID {
			// Same answer for someone else's order as for a missing one.
			return errStatus(400, "invalid", "订单 %s 不属于该顾客 (no such order for this customer)", req.OrderID)
		}
		if err != nil {
			return err
		}
	}
	summary := strings.TrimSpace(req.Summary)
	if summary == "" {
		summary = label
	}
	if utf8.RuneCountInString(summary) > 500 {
		return errStatus(400, "invalid", "summary is at most 500 characters")
	}
	now := c.d.Clock.Now()
	k := shop.Case{ID: chat.NewID("case"), ConversationID: conv.ID, CustomerID: conv.CustomerID, OrderID: req.OrderID,
		Kind: req.Kind, Status: shop.CaseOpen, Summary: summary, Notes: "由客服 " + me(r).Name + " 创建", CreatedAt: now, UpdatedAt: now}
	if err := c.d.Store.CreateCase(r.Context(), k); err != nil {
		return err
	}
	text := "已为您创建" + label + "售后单(" + k.ID + "),我们会尽快处理。"
	if err := c.system(r.Context(), conv.ID, text, map[string]any{"event": "case", "case_id": k.ID, "kind": k.Kind}); err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusCreated, map[string]any{"case": k})
	return nil
}
