package shop

import (
	"fmt"
	"strings"
)

// DefaultMaxBotTurnsUnresolved is how many unresolved turns in a row the bot
// takes before handing over, when the shop sets no number.
const DefaultMaxBotTurnsUnresolved = 2

// CheckCompensation reports whether the bot may offer amount as compensation
// on its own (at most BotLimits.MaxCompensation); beyond it, or when the
// shop allows none, a human decides.
func CheckCompensation(l BotLimits, amount Money) (ok bool, reason string) {
	return checkLimit("补偿", l.MaxCompensation, amount)
}

// CheckRefund reports whether the bot may refund amount without an agent
// (at most BotLimits.MaxAutoRefund).
func CheckRefund(l BotLimits, amount Money) (ok bool, reason string) {
	return checkLimit("退款", l.MaxAutoRefund, amount)
}

// CheckCoupon reports whether the bot may issue a coupon worth amount on
// its own (at most BotLimits.MaxCoupon).
func CheckCoupon(l BotLimits, amount Money) (ok bool, reason string) {
	return checkLimit("优惠券", l.MaxCoupon, amount)
}

func checkLimit(what string, limit, amount Money) (bool, string) {
	switch {
	case amount <= 0:
		return false, fmt.Sprintf("%s金额%s元无效,需人工处理", what, amount)
	case limit <= 0:
		return false, fmt.Sprintf("店铺未授权机器人自行发放%s,需转人工", what)
	case amount > limit:
		return false, fmt.Sprintf("%s%s元超过机器人权限上限%s元,需转人工", what, amount, limit)
	}
	return true, fmt.Sprintf("%s%s元在机器人权限内(上限%s元)", what, amount, limit)
}

// AlwaysHuman reports whether the shop wants a human for this intent no
// matter what (BotLimits.AlwaysHumanIntents, compared ignoring case).
func AlwaysHuman(l BotLimits, intent string) bool {
	intent = strings.TrimSpace(intent)
	return intent != "" && containsFold(l.AlwaysHumanIntents, intent)
}

// MaxUnresolvedTurns is BotLimits.MaxBotTurnsUnresolved, or
// DefaultMaxBotTurnsUnresolved when unset.
func MaxUnresolvedTurns(l BotLimits) int {
	if l.MaxBotTurnsUnresolved > 0 {
		return l.MaxBotTurnsUnresolved
	}
	return DefaultMaxBotTurnsUnresolved
}
