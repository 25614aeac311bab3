package shop

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// promoNow is inside every "running" fixture promotion.
var promoNow = shanghai(2025, 11, 11, 12, 0)

func running(p Promotion) Promotion {
	p.StartsAt = shanghai(2025, 11, 1, 0, 0)
	p.EndsAt = shanghai(2025, 11, 12, 0, 0)
	if p.Name == "" {
		p.Name = p.ID
	}
	return p
}

func basket(amounts ...Money) []LineItem {
	items := make([]LineItem, len(amounts))
	for i, a := range amounts {
		items[i] = LineItem{ProductID: "P" + string(rune('A'+i)), Category: "外套", UnitPrice: a, Qty: 1}
	}
	return items
}

func TestActivePromotions(t *testing.T) {
	expired := running(Promotion{ID: "expired", Type: PromoFullReduction})
	expired.EndsAt = promoNow.Add(-time.Minute)
	future := running(Promotion{ID: "future", Type: PromoFullReduction})
	future.StartsAt = promoNow.Add(time.Minute)
	endsNow := running(Promotion{ID: "ends_now", Type: PromoFullReduction})
	endsNow.EndsAt = promoNow
	all := []Promotion{
		running(Promotion{ID: "shop", Type: PromoFullReduction}),
		expired, future, endsNow,
		running(Promotion{ID: "gold", Type: PromoCoupon, MemberLevels: []string{LevelGold, LevelDiamond}}),
		running(Promotion{ID: "newcomer", Type: PromoCoupon, NewCustomersOnly: true}),
		running(Promotion{ID: "new_member", Type: PromoNewMember}),
	}
	gold := &Customer{ID: "C1", MemberLevel: LevelGold}
	regular := &Customer{ID: "C2"}
	tests := []struct {
		name  string
		c     *Customer
		isNew bool
		want  []string
	}{
		{"expired and future promotions are never offered", regular, false, []string{"shop"}},
		{"gold member also gets the gold coupon", gold, false, []string{"shop", "gold"}},
		{"a new customer gets the newcomer offers", regular, true, []string{"shop", "newcomer", "new_member"}},
		{"an unknown shopper counts as a regular member", nil, false, []string{"shop"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range ActivePromotions(all, promoNow, tt.c, tt.isNew) {
				got = append(got, p.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPromotionApplies(t *testing.T) {
	items := []LineItem{
		{ProductID: "COAT", Category: "外套", UnitPrice: Yuan(200), Qty: 1},
		{ProductID: "SCARF", Category: "配饰", UnitPrice: Yuan(50), Qty: 2},
	}
	tests := []struct {
		name string
		p    Promotion
		want bool
	}{
		{"whole-shop threshold met by the basket", Promotion{Threshold: Yuan(300)}, true},
		{"whole-shop threshold missed by a fen", Promotion{Threshold: 30001}, false},
		{"category scope counts only its items", Promotion{Categories: []string{"外套"}, Threshold: Yuan(250)}, false},
		{"product scope counts quantity", Promotion{ProductIDs: []string{"SCARF"}, Threshold: Yuan(100)}, true},
		{"scope with no item in the basket", Promotion{ProductIDs: []string{"HAT"}}, false},
		{"no threshold, item in scope", Promotion{Categories: []string{"配饰"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PromotionApplies(tt.p, items); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBestPlan(t *testing.T) {
	every300 := running(Promotion{ID: "every300", Name: "每满300减30", Type: PromoFullReduction, Threshold: Yuan(300), Reduction: Yuan(30), Repeat: true})
	every300Stack := every300
	every300Stack.Stackable = true
	every300Capped := every300
	every300Capped.MaxReduction = Yuan(50)
	once300 := running(Promotion{ID: "once300", Name: "满300减30", Type: PromoFullReduction, Threshold: Yuan(300), Reduction: Yuan(30)})
	coat85 := running(Promotion{ID: "coat85", Name: "外套85折", Type: PromoDiscount, DiscountPercent: 85, Categories: []string{"外套"}})
	shop90 := running(Promotion{ID: "shop90", Name: "全场9折", Type: PromoDiscount, DiscountPercent: 90})
	shop95Stack := running(Promotion{ID: "shop95", Name: "全场95折", Type: PromoDiscount, DiscountPercent: 95, Stackable: true})
	coupon20 := running(Promotion{ID: "coupon20", Name: "满200减20券", Type: PromoCoupon, Threshold: Yuan(200), Reduction: Yuan(20), Stackable: true})
	newbie := running(Promotion{ID: "newbie", Name: "新人满99减10", Type: PromoNewMember, Threshold: Yuan(99), Reduction: Yuan(10), Stackable: true})
	expired := running(Promotion{ID: "old", Name: "双十一满100减50", Type: PromoFullReduction, Threshold: Yuan(100), Reduction: Yuan(50)})
	expired.EndsAt = promoNow.Add(-time.Hour)
	goldOnly := running(Promotion{ID: "gold", Name: "金卡满100减40", Type: PromoCoupon, Threshold: Yuan(100), Reduction: Yuan(40), MemberLevels: []string{LevelGold}})

	mixed := []LineItem{
		{ProductID: "COAT", Category: "外套", UnitPrice: Yuan(599), Qty: 1},
		{ProductID: "SCARF", Category: "配饰", UnitPrice: Yuan(99), Qty: 1},
	}
	gold := &Customer{MemberLevel: LevelGold}

	tests := []struct {
		name      string
		promos    []Promotion
		items     []LineItem
		c         *Customer
		isNew     bool
		saving    Money
		payable   Money
		applied   []string
		reasonHas []string
	}{
		{name: "每满300减30 on 650 saves 60", promos: []Promotion{every300}, items: basket(Yuan(650)),
			saving: Yuan(60), payable: Yuan(590), applied: []string{"every300"}, reasonHas: []string{"满2次", "减60元", "应付590元"}},
		{name: "每满300减30 capped at 50 on 950 saves 50", promos: []Promotion{every300Capped}, items: basket(Yuan(950)),
			saving: Yuan(50), payable: Yuan(900), applied: []string{"every300"}, reasonHas: []string{"封顶50元"}},
		{name: "满300减30 without repeat saves 30 once on 650", promos: []Promotion{once300}, items: basket(Yuan(650)),
			saving: Yuan(30), payable: Yuan(620), applied: []string{"once300"}},
		{name: "299.99 misses 满300 by a fen", promos: []Promotion{once300}, items: basket(29999),
			saving: 0, payable: 29999, applied: nil, reasonHas: []string{"暂无可用优惠"}},
		{name: "85折 on coats leaves the scarf at full price", promos: []Promotion{coat85}, items: mixed,
			saving: 8985, payable: 60815, applied: []string{"coat85"}, reasonHas: []string{"8.5折", "省89.85元"}},
		{name: "non-stackable promotions: the best single one wins", promos: []Promotion{once300, shop90}, items: basket(Yuan(650)),
			saving: Yuan(65), payable: Yuan(585), applied: []string{"shop90"}},
		{name: "stackable 满减 and coupon add up, the coupon on what is left", promos: []Promotion{every300Stack, coupon20}, items: basket(Yuan(650)),
			saving: Yuan(80), payable: Yuan(570), applied: []string{"every300", "coupon20"}},
		{name: "a non-stackable deal beats a weaker stack", promos: []Promotion{every300Stack, coupon20, running(Promotion{ID: "shop80", Type: PromoDiscount, DiscountPercent: 80})},
			items: basket(Yuan(650)), saving: Yuan(130), payable: Yuan(520), applied: []string{"shop80"}},
		{name: "a discount that drops the basket below 满300 is left out", promos: []Promotion{shop95Stack, every300Stack}, items: basket(Yuan(305)),
			saving: Yuan(30), payable: Yuan(275), applied: []string{"every300"}},
		{name: "a discount and 满减 stack when the discounted basket still qualifies", promos: []Promotion{shop95Stack, every300Stack}, items: basket(Yuan(400)),
			saving: Yuan(50), payable: Yuan(350), applied: []string{"shop95", "every300"}},
		{name: "expired promotion is never offered", promos: []Promotion{expired}, items: basket(Yuan(650)),
			saving: 0, payable: Yuan(650), applied: nil},
		{name: "new-member coupon only for a new customer", promos: []Promotion{newbie}, items: basket(Yuan(120)), isNew: false,
			saving: 0, payable: Yuan(120), applied: nil},
		{name: "new-member coupon applies to a new customer over its threshold", promos: []Promotion{newbie}, items: basket(Yuan(120)), isNew: true,
			saving: Yuan(10), payable: Yuan(110), applied: []string{"newbie"}},
		{name: "gold-only coupon is not offered to a regular member", promos: []Promotion{goldOnly}, items: basket(Yuan(150)),
			saving: 0, payable: Yuan(150), applied: nil},
		{name: "gold-only coupon applies to a gold member", promos: []Promotion{goldOnly}, items: basket(Yuan(150)), c: gold,
			saving: Yuan(40), payable: Yuan(110), applied: []string{"gold"}},
		{name: "quantity counts toward the threshold", promos: []Promotion{every300},
			items: []LineItem{{ProductID: "SOCK", Category: "袜子", UnitPrice: 1990, Qty: 31}}, saving: Yuan(60), payable: 55690, applied: []string{"every300"}},
		{name: "discount rounds each line half up to the fen", promos: []Promotion{coat85},
			items: []LineItem{{ProductID: "X", Category: "外套", UnitPrice: 99, Qty: 1}}, saving: 15, payable: 84, applied: []string{"coat85"}},
		{name: "满减 applies before a coupon listed ahead of it", promos: []Promotion{coupon20, every300Stack}, items: basket(Yuan(650)),
			saving: Yuan(80), payable: Yuan(570), applied: []string{"every300", "coupon20"}},
		{name: "a discount's cap limits its saving", promos: []Promotion{running(Promotion{ID: "cap", Name: "8折最高减50", Type: PromoDiscount, DiscountPercent: 80, MaxReduction: Yuan(50)})},
			items: basket(Yuan(300), Yuan(100)), saving: Yuan(50), payable: Yuan(350), applied: []string{"cap"}, reasonHas: []string{"封顶50元"}},
		{name: "a percentage coupon over its threshold", promos: []Promotion{running(Promotion{ID: "pct", Name: "满200打9折券", Type: PromoCoupon, Threshold: Yuan(200), DiscountPercent: 90})},
			items: basket(Yuan(250)), saving: Yuan(25), payable: Yuan(225), applied: []string{"pct"}},
		{name: "empty basket saves nothing", promos: []Promotion{every300}, items: nil, saving: 0, payable: 0, applied: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := BestPlan(tt.promos, tt.items, promoNow, tt.c, tt.isNew)
			if plan.TotalSaving != tt.saving || plan.Payable != tt.payable {
				t.Errorf("saving=%s payable=%s, want %s %s (%s)", plan.TotalSaving, plan.Payable, tt.saving, tt.payable, plan.Reason)
			}
			if plan.Subtotal-plan.TotalSaving != plan.Payable {
				t.Errorf("subtotal %s - saving %s != payable %s", plan.Subtotal, plan.TotalSaving, plan.Payable)
			}
			var ids []string
			var sum Money
			for _, a := range plan.Applied {
				ids = append(ids, a.ID)
				sum += a.Saving
			}
			if !slices.Equal(ids, tt.applied) {
				t.Errorf("applied %v, want %v", ids, tt.applied)
			}
			if sum != plan.TotalSaving {
				t.Errorf("savings per promotion add to %s, total says %s", sum, plan.TotalSaving)
			}
			for _, s := range tt.reasonHas {
				if !strings.Contains(plan.Reason, s) {
					t.Errorf("reason %q lacks %q", plan.Reason, s)
				}
			}
		})
	}
}

func TestBestPlanHints(t *testing.T) {
	every300 := running(Promotion{ID: "every300", Name: "每满300减30", Type: PromoFullReduction, Threshold: Yuan(300), Reduction: Yuan(30), Repeat: true})
	capped := every300
	capped.MaxReduction = Yuan(60)
	gift := running(Promotion{ID: "gift", Name: "满500赠围巾", Type: PromoGift, Threshold: Yuan(500), Gift: "羊毛围巾"})
	installment := running(Promotion{ID: "fq", Name: "满1000三期免息", Type: PromoInstallment, Threshold: Yuan(1000), Installments: 3})
	coatCoupon := running(Promotion{ID: "coat50", Name: "外套满400减50", Type: PromoCoupon, Threshold: Yuan(400), Reduction: Yuan(50), Categories: []string{"外套"}})

	tests := []struct {
		name      string
		promos    []Promotion
		items     []LineItem
		hints     map[string]Money // promotion id → more to spend
		perks     []string
		messageIn []string
	}{
		{name: "280 is told to spend 20 more for 满300",
			promos: []Promotion{every300}, items: basket(Yuan(280)),
			hints: map[string]Money{"every300": Yuan(20)}, messageIn: []string{"再买20元可享每满300减30,多省30元"}},
		{name: "650 with 每满300 is told the next multiple",
			promos: []Promotion{every300}, items: basket(Yuan(650)),
			hints: map[string]Money{"every300": Yuan(250)}},
		{name: "a capped 满减 at its cap gives no hint",
			promos: []Promotion{capped}, items: basket(Yuan(650)), hints: map[string]Money{}},
		{name: "gift threshold counts what the shopper pays",
			promos: []Promotion{every300, gift}, items: basket(Yuan(520)),
			hints: map[string]Money{"gift": Yuan(10), "every300": Yuan(80)}, messageIn: []string{"再买10元可获赠羊毛围巾"}},
		{name: "gift and installments are listed once reached",
			promos: []Promotion{gift, installment}, items: basket(Yuan(1200)),
			hints: map[string]Money{}, perks: []string{"gift", "fq"}},
		{name: "scoped coupon hint says only scoped items count",
			promos: []Promotion{coatCoupon}, items: []LineItem{{ProductID: "C", Category: "外套", UnitPrice: Yuan(350), Qty: 1}, {ProductID: "S", Category: "配饰", UnitPrice: Yuan(100), Qty: 1}},
			hints: map[string]Money{"coat50": Yuan(50)}, messageIn: []string{"仅限活动商品"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := BestPlan(tt.promos, tt.items, promoNow, nil, false)
			got := map[string]Money{}
			var msgs []string
			for _, h := range plan.Hints {
				got[h.ID] = h.More
				msgs = append(msgs, h.Message)
			}
			if len(got) != len(tt.hints) {
				t.Errorf("hints %v, want %v (%v)", got, tt.hints, msgs)
			}
			for id, more := range tt.hints {
				if got[id] != more {
					t.Errorf("hint %s: more = %s, want %s (%v)", id, got[id], more, msgs)
				}
			}
			for _, s := range tt.messageIn {
				if !strings.Contains(strings.Join(msgs, "|"), s) {
					t.Errorf("hints %v lack %q", msgs, s)
				}
			}
			var perks []string
			for _, p := range plan.Perks {
				perks = append(perks, p.ID)
				if p.Saving != 0 {
					t.Errorf("perk %s must not count as money", p.ID)
				}
			}
			if !slices.Equal(perks, tt.perks) {
				t.Errorf("perks %v, want %v", perks, tt.perks)
			}
			for i := 1; i < len(plan.Hints); i++ {
				if plan.Hints[i].More < plan.Hints[i-1].More {
					t.Errorf("hints not nearest first: %v", msgs)
				}
			}
		})
	}
}

// A gift with no spending threshold is "购买即赠", not "满0元赠".
func TestGiftWithoutThresholdDetail(t *testing.T) {
	free := running(Promotion{ID: "free", Name: "买就送旅行装", Type: PromoGift, Gift: "旅行装80ml"})
	over := running(Promotion{ID: "over", Name: "满500赠围巾", Type: PromoGift, Threshold: Yuan(500), Gift: "羊毛围巾"})
	plan := BestPlan([]Promotion{free, over}, basket(Yuan(600)), promoNow, nil, false)
	details := map[string]string{}
	for _, p := range plan.Perks {
		details[p.ID] = p.Detail
	}
	if details["free"] != "购买即赠旅行装80ml" || details["over"] != "满500元赠羊毛围巾" {
		t.Errorf("gift details = %v", details)
	}
}

// A promotion whose name already states its rule is not followed by the rule
// again; one whose name does not gets the rule spelled out.
func TestReductionDetailDoesNotRepeatTheName(t *testing.T) {
	tests := []struct {
		name  string
		promo Promotion
		want  string
	}{
		{"name states the rule", Promotion{ID: "a", Name: "冬季焕新 每满300减30", Type: PromoFullReduction, Threshold: Yuan(300), Reduction: Yuan(30), Repeat: true},
			"冬季焕新 每满300减30(459元满1次,减30元)"},
		{"name without the rule", Promotion{ID: "b", Name: "冬季焕新", Type: PromoFullReduction, Threshold: Yuan(300), Reduction: Yuan(30), Repeat: true},
			"冬季焕新:每满300减30,459元满1次,减30元"},
		{"single reduction named by its rule", Promotion{ID: "c", Name: "新人首单满99减20", Type: PromoFullReduction, Threshold: Yuan(99), Reduction: Yuan(20)},
			"新人首单满99减20(减20元)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := BestPlan([]Promotion{running(tt.promo)}, basket(Yuan(459)), promoNow, nil, false)
			if len(plan.Applied) != 1 || plan.Applied[0].Detail != tt.want {
				t.Errorf("applied = %+v, want detail %q", plan.Applied, tt.want)
			}
		})
	}
}
