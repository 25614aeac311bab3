package shop

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func returnsPolicies() Policies {
	return Policies{
		Returns: ReturnPolicy{
			NoReasonDays: 7, ExchangeDays: 15,
			Conditions:               []string{"吊牌完好", "未洗涤", "不影响二次销售"},
			ExcludedCategories:       []string{"内衣"},
			OpenedExcludedCategories: []string{"面霜", "洗发水"},
			CustomerPaysFreight:      true,
			RefundDays:               3,
			Steps:                    []string{"申请退货", "寄回商品", "仓库验收后退款"},
		},
		QualityReturns: QualityPolicy{
			Days: 30, PhotoRequired: true, ShopPaysFreight: true,
			Options: []string{"replace", "refund"}, Steps: []string{"拍照上传", "客服审核"},
		},
		Warranties: []Warranty{{Category: "吹风机", Months: 12, Coverage: "非人为损坏免费维修", Process: "寄回售后点维修"}},
		MemberBenefits: []MemberBenefit{
			{Level: LevelGold, Benefits: []string{"退货包运费"}, FreeReturnShipping: true},
			{Level: LevelDiamond, Benefits: []string{"延长退货期"}, ExtendedReturnDays: 8},
		},
	}
}

func deliveredOrder(delivered time.Time, items ...OrderItem) Order {
	return Order{ID: "O1", Status: StatusDelivered, DeliveredAt: &delivered, Items: items}
}

func TestReturnEligibility(t *testing.T) {
	pol := returnsPolicies()
	delivered := shanghai(2025, 11, 10, 14, 0)
	day := func(n int) time.Time { return delivered.AddDate(0, 0, n) }
	coat := OrderItem{ProductID: "P1", Name: "羊毛大衣", Qty: 1, Price: Yuan(599)}
	cream := OrderItem{ProductID: "P2", Name: "保湿面霜", Qty: 1, Price: Yuan(199)}
	paid := shanghai(2025, 11, 8, 10, 0)

	insured := returnsPolicies()
	insured.Returns.FreightInsurance = true
	noQualityDays := returnsPolicies()
	noQualityDays.QualityReturns.Days = 0

	tests := []struct {
		name      string
		in        ReturnInput
		allowed   bool
		outcome   string
		kind      string
		freight   string
		photo     bool
		window    int
		daysSince int
		deadline  string
		reasonHas []string
		options   []string
	}{
		{name: "coat within 7 days can be returned without reason at the buyer's cost",
			in:      ReturnInput{Policies: pol, Order: deliveredOrder(delivered, coat), Category: "外套", Reason: ReturnNoReason, Now: day(3)},
			allowed: true, outcome: ReturnOutcomeAllowed, kind: ReturnKindReturn, freight: FreightCustomer,
			window: 7, daysSince: 3, deadline: "2025-11-17", reasonHas: []string{"签收第3天", "7天无理由退货期", "由买家承担"}, options: []string{"refund"}},
		{name: "the seventh day is still inside the window",
			in:      ReturnInput{Policies: pol, Order: deliveredOrder(delivered, coat), Category: "外套", Reason: ReturnNoReason, Now: shanghai(2025, 11, 17, 23, 59)},
			allowed: true, outcome: ReturnOutcomeAllowed, kind: ReturnKindReturn, freight: FreightCustomer, window: 7, daysSince: 7, deadline: "2025-11-17"},
		{name: "delivered 9 days ago is past the 7-day no-reason window",
			in:      ReturnInput{Policies: pol, Order: deliveredOrder(delivered, coat), Category: "外套", Reason: ReturnNoReason, Now: day(9)},
			outcome: ReturnOutcomeWindowExpired, window: 7, daysSince: 9, deadline: "2025-11-17",
			reasonHas: []string{"签收已9天,超过7天无理由退货期"}, options: []string{"quality_claim"}},
		{name: "diamond member gets 8 extra return days",
			in:      ReturnInput{Policies: pol, Order: deliveredOrder(delivered, coat), Category: "外套", MemberLevel: LevelDiamond, Reason: ReturnNoReason, Now: day(12)},
			allowed: true, outcome: ReturnOutcomeAllowed, kind: ReturnKindReturn, freight: FreightCustomer,
			window: 15, daysSince: 12, deadline: "2025-11-25", reasonHas: []string{"钻石会员15天无理由退货期(7天+会员延长8天)"}},
		{name: "diamond member past 15 days is refused with the member window named",
			in:      ReturnInput{Policies: pol, Order: deliveredOrder(delivered, coat), Category: "外套", MemberLevel: LevelDiamond, Reason: ReturnNoReason, Now: day(16)},
			outcome: ReturnOutcomeWindowExpired, window: 15, daysSince: 16, deadline: "2025-11-25",
			reasonHas: []string{"签收已16天,超过钻石会员15天无理由退货期"}, options: []string{"quality_claim"}},
		{name: "gold member returns with free shipping",
			in:      ReturnInput{Policies: pol, Order: deliveredOrder(delivered, coat), Category: "外套", MemberLevel: LevelGold, Reason: ReturnNoReason, Now: day(2)},
			allowed: true, outcome: ReturnOutcomeAllowed, kind: ReturnKindReturn, freight: FreightShop, window: 7, daysSince: 2, deadline: "2025-11-17",
			reasonHas: []string{"由店铺承担"}},
		{name: "freight insurance pays the buyer's postage",
			in:      ReturnInput{Policies: insured, Order: deliveredOrder(delivered, coat), Category: "外套", Reason: ReturnNoReason, Now: day(2)},
			allowed: true, outcome: ReturnOutcomeAllowed, kind: ReturnKindReturn, freight: FreightInsurance, window: 7, daysSince: 2, deadline: "2025-11-17",
			reasonHas: []string{"运费险"}},
		{name: "opened cream cannot be returned without reason",
			in:      ReturnInput{Policies: pol, Order: deliveredOrder(delivered, cream), Category: "面霜", Opened: true, Reason: ReturnNoReason, Now: day(2)},
			outcome: ReturnOutcomeOpenedExcluded, daysSince: 2, reasonHas: []string{"面霜已拆封,不支持无理由退货"}, options: []string{"quality_claim"}},
		{name: "the order line's opened flag counts as opened",
			in:      ReturnInput{Policies: pol, Order: deliveredOrder(delivered, OrderItem{Name: "面霜", Opened: true}), Category: "面霜", Reason: ReturnNoReason, Now: day(2)},
			outcome: ReturnOutcomeOpenedExcluded, daysSince: 2},
		{name: "sealed cream can be returned without reason",
			in:      ReturnInput{Policies: pol, Order: deliveredOrder(delivered, cream), Category: "面霜", Reason: ReturnNoReason, Now: day(2)},
			allowed: true, outcome: ReturnOutcomeAllowed, kind: ReturnKindReturn, freight: FreightCustomer, window: 7, daysSince: 2, deadline: "2025-11-17"},
		{name: "category comes from the product when not given",
			in: ReturnInput{Policies: pol, Order: deliveredOrder(delivered, cream), Product: &Product{ID: "P2", Name: "保湿面霜", Category: "面霜"},
				Opened: true, Reason: ReturnNoReason, Now: day(2)},
			outcome: ReturnOutcomeOpenedExcluded, daysSince: 2, reasonHas: []string{"面霜已拆封"}},
		{name: "underwear is never returned without reason",
			in:      ReturnInput{Policies: pol, Order: deliveredOrder(delivered, OrderItem{Name: "文胸"}), Category: "内衣", Reason: ReturnNoReason, Now: day(1)},
			outcome: ReturnOutcomeCategoryExcluded, daysSince: 1, reasonHas: []string{"内衣属于不支持无理由退换的品类"}, options: []string{"quality_claim"}},
		{name: "removed tags block a no-reason return",
			in:      ReturnInput{Policies: pol, Order: deliveredOrder(delivered, coat), Category: "外套", TagsRemoved: true, Reason: ReturnNoReason, Now: day(1)},
			outcome: ReturnOutcomeTagsRemoved, daysSince: 1, reasonHas: []string{"吊牌已拆除"}},
		{name: "size exchange runs the 15-day exchange window",
			in:      ReturnInput{Policies: pol, Order: deliveredOrder(delivered, coat), Category: "外套", Reason: ReturnSizeExchange, Now: day(10)},
			allowed: true, outcome: ReturnOutcomeAllowed, kind: ReturnKindExchange, freight: FreightCustomer, window: 15, daysSince: 10, deadline: "2025-11-25",
			reasonHas: []string{"15天换货期"}, options: []string{"exchange"}},
		{name: "size exchange after 16 days is refused",
			in:      ReturnInput{Policies: pol, Order: deliveredOrder(delivered, coat), Category: "外套", Reason: ReturnSizeExchange, Now: day(16)},
			outcome: ReturnOutcomeWindowExpired, window: 15, daysSince: 16, deadline: "2025-11-25", reasonHas: []string{"超过15天换货期"}},
		{name: "quality problem within 30 days: shop pays freight, photo needed",
			in:      ReturnInput{Policies: pol, Order: deliveredOrder(delivered, coat), Category: "外套", Reason: ReturnQuality, Now: day(20)},
			allowed: true, outcome: ReturnOutcomeAllowed, kind: ReturnKindQuality, freight: FreightShop, photo: true,
			window: 30, daysSince: 20, deadline: "2025-12-10", reasonHas: []string{"商品质量问题", "30天质量问题售后期", "请提供照片"}, options: []string{"replace", "refund"}},
		{name: "opened cream with an adverse reaction is a quality return with photo",
			in:      ReturnInput{Policies: pol, Order: deliveredOrder(delivered, cream), Category: "面霜", Opened: true, Reason: ReturnAdverseReaction, Now: day(5)},
			allowed: true, outcome: ReturnOutcomeAllowed, kind: ReturnKindQuality, freight: FreightShop, photo: true,
			window: 30, daysSince: 5, deadline: "2025-12-10", reasonHas: []string{"不良反应"}},
		{name: "damaged parcel within the window",
			in:      ReturnInput{Policies: pol, Order: deliveredOrder(delivered, coat), Category: "外套", Reason: ReturnDamaged, Now: day(1)},
			allowed: true, outcome: ReturnOutcomeAllowed, kind: ReturnKindQuality, freight: FreightShop, photo: true, window: 30, daysSince: 1, deadline: "2025-12-10"},
		{name: "wrong item sent on underwear is still the shop's problem",
			in:      ReturnInput{Policies: pol, Order: deliveredOrder(delivered, OrderItem{Name: "文胸"}), Category: "内衣", Reason: ReturnWrongItem, Now: day(3)},
			allowed: true, outcome: ReturnOutcomeAllowed, kind: ReturnKindQuality, freight: FreightShop, photo: true, window: 30, daysSince: 3, deadline: "2025-12-10",
			reasonHas: []string{"商品错发"}},
		{name: "missing item claimed after 31 days is too late",
			in:      ReturnInput{Policies: pol, Order: deliveredOrder(delivered, coat), Category: "外套", Reason: ReturnMissingItem, Now: day(31)},
			outcome: ReturnOutcomeWindowExpired, window: 30, daysSince: 31, deadline: "2025-12-10", reasonHas: []string{"签收已31天,超过30天质量问题售后期"}},
		{name: "hair dryer past the quality window falls back to its 12-month warranty",
			in:      ReturnInput{Policies: pol, Order: deliveredOrder(delivered, OrderItem{Name: "吹风机"}), Category: "吹风机", Reason: ReturnQuality, Now: day(100)},
			allowed: true, outcome: ReturnOutcomeAllowed, kind: ReturnKindWarrantyRepair, photo: true, window: 30, daysSince: 100, deadline: "2026-11-10",
			reasonHas: []string{"12个月保修期内"}, options: []string{"repair"}},
		{name: "not yet dispatched: cancel instead of returning",
			in:      ReturnInput{Policies: pol, Order: Order{Status: StatusToShip, PaidAt: &paid, Items: []OrderItem{coat}}, Reason: ReturnNoReason, Now: day(0)},
			outcome: ReturnOutcomeCancelInstead, kind: ReturnKindCancel, reasonHas: []string{"尚未发货", "取消订单"}, options: []string{"cancel"}},
		{name: "in transit: refuse delivery or wait",
			in:      ReturnInput{Policies: pol, Order: Order{Status: StatusInTransit, PaidAt: &paid, Items: []OrderItem{coat}}, Reason: ReturnNoReason, Now: day(0)},
			outcome: ReturnOutcomeInTransit, reasonHas: []string{"拒收"}, options: []string{"refuse_delivery", "wait"}},
		{name: "unpaid order has nothing to return",
			in:      ReturnInput{Policies: pol, Order: Order{Status: StatusPendingPayment}, Reason: ReturnNoReason, Now: day(0)},
			outcome: ReturnOutcomeNotPaid},
		{name: "a refund already running is not duplicated",
			in:      ReturnInput{Policies: pol, Order: Order{Status: StatusRefunding}, Reason: ReturnQuality, Now: day(0)},
			outcome: ReturnOutcomeRefundInProgress},
		{name: "completed order is judged like a delivered one",
			in: ReturnInput{Policies: pol, Order: Order{Status: StatusCompleted, DeliveredAt: &delivered, Items: []OrderItem{coat}},
				Category: "外套", Reason: ReturnNoReason, Now: day(4)},
			allowed: true, outcome: ReturnOutcomeAllowed, kind: ReturnKindReturn, freight: FreightCustomer, window: 7, daysSince: 4, deadline: "2025-11-17"},
		{name: "delivered without a delivery time needs a human",
			in:      ReturnInput{Policies: pol, Order: Order{Status: StatusDelivered}, Reason: ReturnNoReason, Now: day(4)},
			outcome: ReturnOutcomeNeedsHuman},
		{name: "no quality window configured needs a human",
			in:      ReturnInput{Policies: noQualityDays, Order: deliveredOrder(delivered, coat), Reason: ReturnQuality, Now: day(4)},
			outcome: ReturnOutcomeNeedsHuman, daysSince: 4},
		{name: "unknown reason asks what happened",
			in:      ReturnInput{Policies: pol, Order: deliveredOrder(delivered, coat), Now: day(4)},
			outcome: ReturnOutcomeUnknownReason, daysSince: 4},
		{name: "days count calendar days in the shop's zone, not 24-hour blocks",
			in:      ReturnInput{Policies: pol, Order: deliveredOrder(shanghai(2025, 11, 10, 23, 0), coat), Category: "外套", Reason: ReturnNoReason, Now: shanghai(2025, 11, 18, 0, 30)},
			outcome: ReturnOutcomeWindowExpired, window: 7, daysSince: 8, deadline: "2025-11-17", reasonHas: []string{"签收已8天"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ReturnEligibility(tt.in)
			if d.Allowed != tt.allowed || d.Outcome != tt.outcome {
				t.Fatalf("allowed=%v outcome=%s, want %v %s (%s)", d.Allowed, d.Outcome, tt.allowed, tt.outcome, d.Reason)
			}
			if d.Kind != tt.kind {
				t.Errorf("kind = %q, want %q", d.Kind, tt.kind)
			}
			if d.FreightPaidBy != tt.freight {
				t.Errorf("freight by %q, want %q", d.FreightPaidBy, tt.freight)
			}
			if d.PhotoRequired != tt.photo {
				t.Errorf("photo required = %v, want %v", d.PhotoRequired, tt.photo)
			}
			if d.WindowDays != tt.window {
				t.Errorf("window = %d, want %d", d.WindowDays, tt.window)
			}
			if d.DaysSinceDelivery != tt.daysSince {
				t.Errorf("days since delivery = %d, want %d", d.DaysSinceDelivery, tt.daysSince)
			}
			if tt.deadline != "" {
				if got := d.Deadline.Format(time.DateOnly); got != tt.deadline || d.Deadline.Format("15:04:05") != "23:59:59" {
					t.Errorf("deadline = %s, want %s 23:59:59", d.Deadline.Format(time.DateTime), tt.deadline)
				}
			}
			for _, s := range tt.reasonHas {
				if !strings.Contains(d.Reason, s) {
					t.Errorf("reason %q lacks %q", d.Reason, s)
				}
			}
			if tt.options != nil && !slices.Equal(d.Options, tt.options) {
				t.Errorf("options = %v, want %v", d.Options, tt.options)
			}
			if d.Reason == "" {
				t.Error("every decision must explain itself")
			}
			if d.Allowed && d.Clause == "" {
				t.Error("an allowed decision must cite the policy clause")
			}
		})
	}
}

func TestAdverseReactionStartsWithSafety(t *testing.T) {
	delivered := shanghai(2025, 11, 10, 14, 0)
	d := ReturnEligibility(ReturnInput{
		Policies: returnsPolicies(), Order: deliveredOrder(delivered, OrderItem{Name: "面霜"}), Category: "面霜",
		Reason: ReturnAdverseReaction, Now: delivered.AddDate(0, 0, 1),
	})
	if len(d.Steps) == 0 || !strings.Contains(d.Steps[0], "停止使用") {
		t.Errorf("first step should tell the shopper to stop using it: %v", d.Steps)
	}
	if len(d.Steps) != 3 {
		t.Errorf("the policy's own steps must follow: %v", d.Steps)
	}
}

func TestReturnDecisionCitesTheItemLine(t *testing.T) {
	delivered := shanghai(2025, 11, 10, 14, 0)
	order := deliveredOrder(delivered, OrderItem{Name: "大衣"}, OrderItem{Name: "面霜", Opened: true})
	d := ReturnEligibility(ReturnInput{Policies: returnsPolicies(), Order: order, ItemIndex: 1, Category: "面霜", Reason: ReturnNoReason, Now: delivered})
	if d.Item == nil || d.Item.Name != "面霜" {
		t.Fatalf("item = %+v, want the second line", d.Item)
	}
	if d.Outcome != ReturnOutcomeOpenedExcluded {
		t.Errorf("outcome = %s, want opened_excluded from the line's flag", d.Outcome)
	}
}
