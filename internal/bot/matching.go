package bot

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xiaoer-cs/xiaoer/internal/nlu"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// categorySynonyms lists, for the nlu's canonical category words, the
// shorter words a shop's own categories and names use for the same goods
// (the nlu says 鞋 for 运动鞋 and 靴子, 裙子 for 连衣裙).
var categorySynonyms = map[string][]string{
	"裙子": {"裙"},
	"鞋":  {"鞋", "靴"},
	"鞋子": {"鞋", "靴"},
	"靴子": {"靴"},
	"裤子": {"裤"},
	"耳机": {"耳机"},
	"外套": {"大衣", "外套", "夹克"},
	"上衣": {"衬衫", "毛衣", "T恤", "卫衣"},
}

// categoryGroups are shoppers' words for a kind of goods that spans several
// shop categories ("护肤品那单" is the order with the 面霜 or the 精华); the
// nlu has no entity for them, so the bot reads them from the text.
var categoryGroups = map[string][]string{
	"护肤品":  {"面霜", "精华", "乳液", "爽肤水", "化妆水", "洗面奶", "洁面", "面膜", "防晒", "眼霜"},
	"化妆品":  {"面霜", "精华", "乳液", "爽肤水", "化妆水", "洗面奶", "洁面", "面膜", "防晒", "眼霜", "口红", "粉底"},
	"洗护":   {"洗发", "护发", "沐浴", "头皮"},
	"数码":   {"耳机", "充电宝"},
	"电子产品": {"耳机", "充电宝"},
	"家电":   {"炸锅"},
	"家具":   {"沙发", "床垫"},
	"衣服":   {"大衣", "外套", "毛衣", "衬衫", "裙", "裤", "T恤", "卫衣", "羽绒服"},
	"衣物":   {"大衣", "外套", "毛衣", "衬衫", "裙", "裤", "T恤", "卫衣", "羽绒服"},
}

// groupWordIn returns the category group word the text names, if any.
func groupWordIn(text string) string {
	best := ""
	for w := range categoryGroups {
		if strings.Contains(text, w) && len(w) > len(best) {
			best = w
		}
	}
	return best
}

// categoryMatches reports whether a category word (the nlu's or the
// shopper's) covers the product: equal or contained either way in the
// product's category, an alias, the name, or a synonym of the word.
func categoryMatches(p *shop.Product, cat string) bool {
	if p == nil || cat == "" {
		return false
	}
	if p.Category == cat || slices.Contains(p.Aliases, cat) || strings.Contains(p.Name, cat) || strings.Contains(p.Category, cat) {
		return true
	}
	if utf8.RuneCountInString(p.Category) >= 2 && strings.Contains(cat, p.Category) {
		return true
	}
	words := slices.Clone(categorySynonyms[cat])
	words = append(words, categoryGroups[cat]...)
	if stem := strings.TrimSuffix(cat, "子"); stem != cat && stem != "" {
		words = append(words, stem)
	}
	for _, w := range words {
		if strings.Contains(p.Category, w) || strings.Contains(p.Name, w) {
			return true
		}
	}
	return false
}

// variantInText reads the SKU colour and size values of the product that
// the text names literally ("奶咖色四人位"), which win over the nlu's
// generic colour and size words: the catalogue's own spelling is exact.
// Sizes that are only letters or digits (M, 39) are left to the nlu, since
// they also occur inside other words and numbers.
func variantInText(p *shop.Product, text, color, size string) (string, string) {
	if p == nil {
		return color, size
	}
	bestC, bestS := "", ""
	for _, s := range p.SKUs {
		if s.Color != "" && strings.Contains(text, s.Color) && len(s.Color) > len(bestC) {
			bestC = s.Color
		}
		if s.Size != "" && !isPlainSize(s.Size) && strings.Contains(text, s.Size) && len(s.Size) > len(bestS) {
			bestS = s.Size
		}
	}
	if bestC != "" {
		color = bestC
	}
	if bestS != "" {
		size = bestS
	}
	return color, size
}

// isPlainSize tells sizes made only of ASCII letters, digits and dots.
func isPlainSize(s string) bool {
	for _, r := range s {
		if r > 127 {
			return false
		}
	}
	return true
}

// serviceHours parses shop.Info.ServiceHours ("09:00-23:00").
func serviceHours(s string) (open, close string, ok bool) {
	s = strings.NewReplacer("：", ":", "～", "-", "~", "-", "—", "-", "–", "-", "至", "-", " ", "").Replace(s)
	a, b, found := strings.Cut(s, "-")
	if !found {
		return "", "", false
	}
	if _, err := time.Parse("15:04", a); err != nil {
		return "", "", false
	}
	if _, err := time.Parse("15:04", b); err != nil {
		return "", "", false
	}
	return a, b, true
}

// agentsOnline reports whether now is inside the service hours; true when
// the hours are not configured or cannot be read.
func agentsOnline(hours string, now time.Time) bool {
	open, close, ok := serviceHours(hours)
	if !ok {
		return true
	}
	hm := now.Format("15:04")
	if open <= close {
		return hm >= open && hm < close
	}
	return hm >= open || hm < close // hours past midnight, e.g. 20:00-02:00
}

// offHoursNote tells the shopper when agents are back, for a handoff
// outside the service hours; "" inside them.
func offHoursNote(hours string, now time.Time) string {
	if agentsOnline(hours, now) {
		return ""
	}
	open, close, _ := serviceHours(hours)
	when := "今天" + open
	if now.Format("15:04") >= close && open <= close {
		when = "明天" + open
	}
	return fmt.Sprintf("现在不在人工客服在线时间(%s-%s),已为您留言排队,人工客服%s上线后会第一时间回复您。", open, close, when)
}

// hoursWords and originWords recognise questions about the agents' hours
// and where parcels leave from.
var (
	hoursWords  = []string{"几点上班", "几点下班", "上班时间", "下班时间", "在线时间", "工作时间", "营业时间", "几点开始", "几点有人", "客服时间", "什么时候上班", "人工几点"}
	originWords = []string{"从哪里发", "从哪发", "哪里发货", "哪发货", "发货地", "哪个仓", "发货仓", "从哪个城市", "在哪发货", "从哪儿发"}
	// payMethods name ways to pay the shop's policies say nothing about;
	// installmentWords ask about the instalment terms they do state.
	payMethods       = []string{"货到付款", "到付", "微信", "支付宝", "银行卡", "储蓄卡", "借记卡", "外币", "美元", "paypal", "对公", "转账", "数字人民币", "云闪付", "白条", "先用后付", "apple pay", "applepay"}
	installmentWords = []string{"分期", "花呗", "信用卡", "免息"}
	// weekendWords and holidayWords ask about the warehouse's rest days.
	weekendWords = []string{"周末", "周六", "周日", "周天", "星期六", "星期天", "星期日", "礼拜六", "礼拜天", "礼拜日", "双休"}
	holidayWords = []string{"节假日", "假期", "放假", "过节", "元旦", "春节", "过年", "国庆", "五一", "端午", "中秋", "清明"}
	// liveScheduleWords ask when the shop's live stream is on; dealWords ask
	// about its deals, which the promotions answer.
	liveScheduleWords = []string{"开播", "几点直播", "直播几点", "什么时候直播", "直播时间", "哪天直播", "直播是几点", "下播", "直播间几点"}
	dealWords         = []string{"优惠", "券", "满减", "折", "便宜", "活动", "福利", "价", "秒杀", "抽奖", "赠", "送"}
	// authenticityWords ask whether the goods are genuine.
	authenticityWords = []string{"正品", "假货", "真货", "正版", "盗版", "真假", "行货", "水货", "高仿", "山寨"}
)

// sentencesWith returns the sentences of texts that contain any of the words.
func sentencesWith(words []string, texts ...string) []string {
	var out []string
	for _, t := range texts {
		for _, s := range strings.FieldsFunc(t, func(r rune) bool { return r == '。' || r == '\n' || r == '；' || r == ';' }) {
			s = strings.TrimSpace(s)
			if s != "" && containsAny(s, words) && !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// leadingNumber matches the number a spec size starts with (1.8 of 1.8m×2.0m, 30 of 30ml).
var leadingNumber = regexp.MustCompile(`^\d+(?:\.\d+)?`)

// numberWords matches the numbers a shopper names a spec by: 1.8, 1.8米, 1米8.
var numberWords = regexp.MustCompile(`(\d+)米(\d)(?:\D|$)|\d+(?:\.\d+)?`)

// notSpecAfter follow numbers that count, price or date something.
var notSpecAfter = []string{"元", "块", "件", "个", "天", "号", "%", "岁", "斤", "公斤", "kg", "cm", "厘米", "公分", "点", "折", "小时", "分钟", "年", "月", "周", "次", "套", "瓶"}

// specByNumber finds the one spec size of p that text names by its leading
// number ("1.8米的", "1米8", "1.5的呢" for a 1.8m×2.0m mattress, "30的" for
// 30ml, "那就43吧" for shoes in 43), with the words that named it; "" when
// none or several match.
func specByNumber(p *shop.Product, text string) (size, words string) {
	type spec struct {
		size string
		n    float64
	}
	var specs []spec
	for _, s := range p.SKUs {
		lead := leadingNumber.FindString(s.Size)
		if lead == "" || lead == s.Size && (len(lead) != 2 || strings.Contains(lead, ".")) || slices.ContainsFunc(specs, func(x spec) bool { return x.size == s.Size }) {
			// Bare numbers as sizes count only as shoe sizes (43): "那就43吧".
			continue
		}
		n, _ := strconv.ParseFloat(lead, 64)
		specs = append(specs, spec{s.Size, n})
	}
	if len(specs) == 0 {
		return "", ""
	}
	for _, m := range numberWords.FindAllStringSubmatchIndex(text, -1) {
		var n float64
		var w string
		if m[2] >= 0 {
			// 1米8: metres and tenths.
			n, _ = strconv.ParseFloat(text[m[2]:m[3]]+"."+text[m[4]:m[5]], 64)
			w = text[m[0]:m[5]]
		} else {
			w = text[m[0]:m[1]]
			if rest := text[m[1]:]; containsPrefix(rest, notSpecAfter) || strings.HasSuffix(text[:m[0]], "满") || strings.HasSuffix(text[:m[0]], "减") {
				continue // 30元, 满300减30, 2件: money and counts, not a spec
			}
			n, _ = strconv.ParseFloat(w, 64)
			if rest := text[m[1]:]; strings.HasPrefix(rest, "米") || strings.HasPrefix(rest, "m") {
				w += rest[:len(string([]rune(rest)[0]))]
			}
		}
		var hit []string
		for _, s := range specs {
			if math.Abs(s.n-n) < 1e-9 {
				hit = append(hit, s.size)
			}
		}
		if len(hit) == 1 {
			return hit[0], w
		}
	}
	return "", ""
}

// shadeOf is the one SKU colour of p that a general colour word stands for
// (灰色 → 浅灰色 when the product has no other grey); "" when the word is a
// SKU colour itself, names no shade of p, or several (浅蓝色 and 深蓝色).
func shadeOf(p *shop.Product, color string) string {
	// A SKU colour itself is among its own shades, so one shade that is
	// not the word is the word's only reading.
	if shades := shadesOf(p, color); len(shades) == 1 && shades[0] != color {
		return shades[0]
	}
	return ""
}

// shadesOf lists the SKU colours of p that contain a general colour word
// (蓝色 → 浅蓝色, 深蓝色), for saying which blues there are.
func shadesOf(p *shop.Product, color string) []string {
	stem := strings.TrimSuffix(color, "色")
	var out []string
	for _, s := range p.SKUs {
		if stem != "" && strings.Contains(s.Color, stem) && !slices.Contains(out, s.Color) {
			out = append(out, s.Color)
		}
	}
	return out
}

// catalogVariants puts a clause's colour and size in the focused product's own
// terms: a general colour word becomes the one shade the product has (灰色 →
// 浅灰色), and a spec named by its number ("1米8的", "1.5的呢") becomes a size,
// replacing the height the nlu read in "1.8米". Then a follow-up about a
// variant is read as one, and the skills see a value the SKUs carry.
func (t *turn) catalogVariants(e ents, text string) ents {
	p, _ := t.product(t.focusProduct(e))
	if p == nil {
		return e
	}
	out := slices.Clone(e) // the clause's entities may share the message's array
	for i, x := range out {
		if x.Type == "color" {
			if shade := shadeOf(p, x.Value); shade != "" {
				out[i].Value = shade
			}
		}
	}
	if out.val("size") != "" {
		return out
	}
	size, words := specByNumber(p, text)
	if size == "" {
		return out
	}
	out = slices.DeleteFunc(out, func(x nlu.Entity) bool {
		return (x.Type == "height" || x.Type == "length" || x.Type == "money") && strings.Contains(words, x.Text)
	})
	return append(out, nlu.Entity{Type: "size", Value: size, Text: words})
}
