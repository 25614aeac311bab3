package kb

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A question that asks for an amount — a time or date (几点, 什么时候,
// 哪天), a duration (多久, 几天), a count of times (几次) or a measure or
// price (多少, 多重, 多大) — is answered only by words that state one. A
// passage about the right topic that states none ("直播间几点开播" against
// the live stream's greeting) is the near miss the shopper must not get, and
// lexical coverage cannot tell it from the answer: the amount is exactly the
// part of the reply the question does not share words with. So when the
// sentences Answer would reply with state no amount, the confidence is
// scaled by amountMissingFactor (Hit.AmountMissing).
//
// "几个", "几件", "几种" alone are left out: "有几个颜色" is answered by
// naming the colours, not by a number.

// amountAsks are the words of a question that ask for an amount.
var amountAsks = []string{
	"几点", "几号", "多久", "多长时间", "多少", "什么时候", "啥时候", "什么时间",
	"哪天", "哪一天", "何时", "多大", "多重", "多长", "多高", "多宽", "多厚", "多远",
}

// amountAskUnits are the units that make "几" + unit ask for an amount
// (几天, 几次, 几码), and amountAskAfterCounter those that do after "几个"
// (几个小时, 几个月, 几个工作日); "几个" alone counts things.
const (
	amountAskUnits        = "天日月年周小分秒次度克斤米倍层码岁星礼"
	amountAskAfterCounter = "小月星礼钟工"
)

// amountUnits are the units a Chinese numeral states an amount with
// ("大一码", "两次", "三天"); wider than amountAskUnits, since an answer
// may state in another unit what the question measured ("几天" → "一周"),
// but without counters of things (个, 件): "就讲一个东西" states no amount.
const amountUnits = "次天日月年周小分秒点号度克斤米倍层折元块码岁瓦伏升"

// amountWords state a time without a numeral.
var amountWords = []string{"当天", "次日", "隔天", "每天", "即时", "立即", "马上", "今天", "明天", "工作日", "周末", "周六", "周日"}

// chineseDigits are the numerals that, before a unit, state an amount.
const chineseDigits = "一二两三四五六七八九十半百千万"

// asksAmount reports whether a normalised question asks for an amount.
func asksAmount(q string) bool {
	for _, w := range amountAsks {
		if strings.Contains(q, w) {
			return true
		}
	}
	for i, r := range q {
		if r != '几' {
			continue
		}
		rest := q[i+len("几"):]
		units := amountAskUnits
		if after, ok := strings.CutPrefix(rest, "个"); ok {
			rest, units = after, amountAskAfterCounter
		}
		if next, _ := utf8.DecodeRuneInString(rest); next != utf8.RuneError && strings.ContainsRune(units, next) {
			return true
		}
	}
	return false
}

// statesAmount reports whether text states an amount: a number (see
// statesNumber) or a word naming a time (当天, 次日, 工作日).
func statesAmount(text string) bool {
	if statesNumber(text) {
		return true
	}
	for _, w := range amountWords {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// statesNumber reports whether text states an amount in numbers: a digit, or
// a Chinese numeral before a unit.
func statesNumber(text string) bool {
	numeral := false // the previous rune is a numeral, or a numeral and 个 (十二个月)
	prev := rune(0)
	for _, r := range text {
		if unicode.IsDigit(r) {
			return true
		}
		if numeral && strings.ContainsRune(amountUnits, r) {
			return true
		}
		numeral = strings.ContainsRune(chineseDigits, r) || numeral && r == '个' && strings.ContainsRune(chineseDigits, prev)
		prev = r
	}
	return false
}

// A question asking what something costs (多少钱, 收费多少, 几块) is answered
// only by a sum of money or by saying there is none (免费, 包邮): a passage
// stating a period ("保修12个月") states an amount, but not the one asked
// for ("过保了付费修要多少钱").
var (
	moneyAsks   = []string{"多少钱", "多钱", "几块", "什么价", "啥价", "价格多少", "收费多少", "费用多少", "多少费用"}
	moneyStates = []string{"免费", "包邮", "不收", "免运费", "承担", "不要钱", "无需", "不用付", "不另收"}
)

// asksMoney reports whether a normalised question asks for a sum of money.
func asksMoney(q string) bool { return containsAnyOf(q, moneyAsks) }

// statesMoney reports whether text states a sum of money (a number before
// 元 or 块, or ¥) or that there is none to pay.
func statesMoney(text string) bool {
	if containsAnyOf(text, moneyStates) || strings.ContainsAny(text, "¥￥") {
		return true
	}
	numeral := false
	for _, r := range text {
		if numeral && (r == '元' || r == '块') {
			return true
		}
		numeral = unicode.IsDigit(r) || strings.ContainsRune(chineseDigits, r) || numeral && (r == '.' || r == '–' || r == '-' || r == '~')
	}
	return false
}

// amountMissingFactor scales the confidence of a passage whose reply states
// no amount when the question asks for one (Hit.AmountMissing).
const amountMissingFactor = 0.3
