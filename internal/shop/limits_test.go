package shop

import (
	"strings"
	"testing"
)

func TestBotMoneyLimits(t *testing.T) {
	limits := BotLimits{MaxCompensation: Yuan(20), MaxCoupon: Yuan(10), MaxAutoRefund: Yuan(100)}
	check := map[string]func(BotLimits, Money) (bool, string){
		"compensation": CheckCompensation,
		"coupon":       CheckCoupon,
		"refund":       CheckRefund,
	}
	tests := []struct {
		name      string
		kind      string
		l         BotLimits
		amount    Money
		ok        bool
		reasonHas string
	}{
		{"compensation at the cap is the bot's call", "compensation", limits, Yuan(20), true, "上限20元"},
		{"compensation a fen over the cap needs a human", "compensation", limits, 2001, false, "补偿20.01元超过机器人权限上限20元,需转人工"},
		{"coupon under the cap is fine", "coupon", limits, Yuan(5), true, "优惠券5元"},
		{"coupon over the cap needs a human", "coupon", limits, Yuan(15), false, "需转人工"},
		{"refund of 99.9 is automatic under a 100 cap", "refund", limits, 9990, true, "退款99.9元"},
		{"refund of 299 needs a human", "refund", limits, Yuan(299), false, "超过机器人权限上限100元"},
		{"no cap configured means the bot grants nothing", "compensation", BotLimits{}, Yuan(1), false, "未授权"},
		{"zero amount is not a grant", "refund", limits, 0, false, "无效"},
		{"negative amount is not a grant", "coupon", limits, -100, false, "无效"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, reason := check[tt.kind](tt.l, tt.amount)
			if ok != tt.ok {
				t.Errorf("ok = %v, want %v (%s)", ok, tt.ok, reason)
			}
			if !strings.Contains(reason, tt.reasonHas) {
				t.Errorf("reason %q lacks %q", reason, tt.reasonHas)
			}
		})
	}
}

func TestAlwaysHuman(t *testing.T) {
	l := BotLimits{AlwaysHumanIntents: []string{"complaint", "Legal_Threat"}}
	tests := []struct {
		name   string
		intent string
		want   bool
	}{
		{"listed intent goes to a human", "complaint", true},
		{"listed intent matches ignoring case and spaces", " legal_threat ", true},
		{"other intents stay with the bot", "order_status", false},
		{"empty intent is not listed", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := AlwaysHuman(l, tt.intent); got != tt.want {
				t.Errorf("AlwaysHuman(%q) = %v, want %v", tt.intent, got, tt.want)
			}
		})
	}
}

func TestMaxUnresolvedTurns(t *testing.T) {
	if got := MaxUnresolvedTurns(BotLimits{}); got != 2 {
		t.Errorf("unset limit = %d, want the default 2", got)
	}
	if got := MaxUnresolvedTurns(BotLimits{MaxBotTurnsUnresolved: 4}); got != 4 {
		t.Errorf("configured limit = %d, want 4", got)
	}
}
