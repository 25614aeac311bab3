package nlu

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Entity is a typed value found in the normalised text; Start and End are rune offsets into
// Analysis.Normalized and Text is that span. Value follows docs/nlu-taxonomy.md.
type Entity struct {
	Type  string `json:"type"`
	Value string `json:"value"`
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// candidate is an entity before overlap resolution; the higher prio wins an overlap.
type candidate struct {
	Entity
	prio int
}

// extractor finds entities; it is immutable once built.
type extractor struct {
	words *dictMatcher // colours, categories, sizes, regions, skin types
}

var (
	classifiers     = "件个双条套瓶盒支包袋只台箱份张副顶对罐片本"
	demoClassifiers = "件个款双条套种只瓶支盒台份顶副块张包袋罐"
	previousCues    = []string{"刚才", "刚刚", "之前", "上次", "上回", "前面", "说的", "买的", "问的", "看的", "发的", "拍的"}
	// adjacentPrevious cues form one span with the demonstrative: 刚才那双.
	adjacentPrevious = []string{"刚才", "刚刚", "之前", "上次", "上回"}
)

func newExtractor(src lexiconSource, norm *normalizer) (*extractor, error) {
	w := newDictMatcher()
	for _, f := range []struct{ file, typ string }{
		{"sizes.txt", "size"}, {"colors.txt", "color"}, {"skin.txt", "skin_type"},
		{"categories.txt", "category"}, {"regions.txt", "region"},
	} {
		if err := w.load(src, f.file, f.typ, norm); err != nil {
			return nil, err
		}
	}
	return &extractor{words: w}, nil
}

// extract finds the entities of normalised text.
func (x *extractor) extract(text string, now time.Time, cat *catalog) []Entity {
	rs := []rune(text)
	var cands []candidate
	add := func(typ, value string, start, end, prio int) {
		if start < 0 || end > len(rs) || start >= end {
			return
		}
		cands = append(cands, candidate{Entity{Type: typ, Value: value, Text: string(rs[start:end]), Start: start, End: end}, prio})
	}
	words := x.words
	if cat != nil {
		words = cat.words
		findProducts(rs, text, cat, add)
	}
	findCodes(rs, add)
	findMeasures(rs, add)
	findDates(rs, now, add)
	offs := runeOffsets(text)
	findWords(text, offs, rs, words, add)
	findSpacedSizes(rs, add)
	findDemonstratives(text, offs, rs, words, add)
	return resolve(cands)
}

// resolve keeps the best non-overlapping candidates and returns them in text order.
func resolve(cands []candidate) []Entity {
	sort.SliceStable(cands, func(a, b int) bool {
		ca, cb := cands[a], cands[b]
		if ca.prio != cb.prio {
			return ca.prio > cb.prio
		}
		return ca.End-ca.Start > cb.End-cb.Start
	})
	var kept []candidate
	for _, c := range cands {
		ok := true
		for _, k := range kept {
			if c.Start < k.End && k.Start < c.End {
				ok = false
				break
			}
		}
		if ok {
			kept = append(kept, c)
		}
	}
	sort.SliceStable(kept, func(a, b int) bool { return kept[a].Start < kept[b].Start })
	out := make([]Entity, len(kept))
	for i, k := range kept {
		out[i] = k.Entity
	}
	return out
}

// findCodes finds order numbers, tracking numbers and phone numbers: runs of ASCII letters
// and digits, classified by shape and by the words before them.
func findCodes(rs []rune, add func(string, string, int, int, int)) {
	for i := 0; i < len(rs); {
		if !isASCIIAlnum(rs[i]) {
			i++
			continue
		}
		j := i
		digits := 0
		for j < len(rs) && isASCIIAlnum(rs[j]) {
			if isDigit(rs[j]) {
				digits++
			}
			j++
		}
		run := string(rs[i:j])
		before := string(rs[max(0, i-8):i])
		letters := j - i - digits
		switch {
		case digits == 4 && j-i == 4 && (strings.Contains(before, "尾号") || strings.Contains(before, "后四位") ||
			strings.Contains(before, "后4位") || strings.Contains(before, "末四位") || strings.Contains(before, "末4位")):
			add("phone_last4", run, i, j, 10)
		case digits == 11 && j-i == 11 && rs[i] == '1' && rs[i+1] >= '3' && rs[i+1] <= '9' && !orderContext(before) && !trackingContext(before):
			add("phone", run, i, j, 10)
		case digits < 8 || letters > 4:
		case strings.Contains(before, "订单") && !trackingContext(before):
			add("order_id", strings.ToUpper(run), i, j, 10)
		case letters >= 1 && isLetterPrefixed(run, digits):
			// Carrier codes lead tracking numbers: SF1403962851734, YT7712345678901.
			add("tracking_no", strings.ToUpper(run), i, j, 10)
		case letters == 0 && digits >= 10 && (trackingContext(before) || digits <= 15 && !orderContext(before)):
			add("tracking_no", run, i, j, 10)
		case letters == 0 && digits >= 10:
			// Order numbers are long (the platforms use 16–20 digits); 单号 alone with a long
			// number is an order number.
			add("order_id", run, i, j, 10)
		}
		i = j
	}
}

// isLetterPrefixed reports whether run is letters followed by digits only.
func isLetterPrefixed(run string, digits int) bool {
	letters := len(run) - digits
	for k := 0; k < len(run); k++ {
		isD := run[k] >= '0' && run[k] <= '9'
		if k < letters == isD {
			return false
		}
	}
	return true
}

func trackingContext(before string) bool {
	for _, w := range []string{"快递单号", "运单号", "物流单号", "快递号", "运单", "物流号"} {
		if strings.Contains(before, w) {
			return true
		}
	}
	return false
}

func orderContext(before string) bool {
	return strings.Contains(before, "订单") || strings.Contains(before, "单号")
}

// findMeasures finds heights, weights, money, quantities and shoe sizes, which all start
// with a number.
func findMeasures(rs []rune, emit func(string, string, int, int, int)) {
	lastHeightEnd, lastMoneyEnd := -1, -1
	var typed []typedNumber // sizes and amounts, for coordination (38换39, 199的和299的)
	var bare []typedNumber  // numbers no rule claimed
	added := 0
	add := func(typ, value string, start, end, prio int) {
		emit(typ, value, start, end, prio)
		added++
		if typ == "size" || typ == "money" {
			typed = append(typed, typedNumber{typ: typ, start: start, end: end})
		}
	}
	defer func() { typeBareNumbers(rs, bare, typed, emit) }()
	for i := 0; i < len(rs); i++ {
		if !(isDigit(rs[i]) || isCNNumeral(rs[i])) && rs[i] != '¥' {
			continue
		}
		if i > 0 && (isDigit(rs[i-1]) || rs[i-1] == '.' || isASCIIAlnum(rs[i-1]) && isDigit(rs[i])) {
			continue
		}
		if rs[i] == '¥' {
			if i+1 < len(rs) && isDigit(rs[i+1]) {
				v, j, _ := parseNumber(rs, i+1)
				if g, e, ok := parseGrouped(rs, i+1); ok {
					v, j = g, e
				}
				j = skipUnit(rs, j, "元", "块")
				add("money", formatNumber(v), i, j, 8)
				lastMoneyEnd = j
				i = j - 1
			}
			continue
		}
		v, j, ok := parseNumber(rs, i)
		if !ok {
			continue
		}
		if g, e, ok := parseGrouped(rs, i); ok && hasAnyPrefix(rs[e:], "元", "块", "rmb") {
			v, j = g, e // 1,299元
		}
		cn := !isDigit(rs[i])
		// 100多块, 一百来块: an approximate amount is read as its round figure.
		if j+1 < len(rs) && (rs[j] == '多' || rs[j] == '来') && hasAnyPrefix(rs[j+1:], "元", "块") {
			j++
		}
		rest := rs[j:]
		start, addedBefore := i, added
		// A digit run that is part of a code (order number, phone) is not a measure.
		if !cn && j < len(rs) && isASCIIAlnum(rs[j]) && !hasAnyPrefix(rest, "cm", "kg", "m", "rmb", "xl", "xxl", "xxxl") {
			i = j - 1
			continue
		}
		switch {
		// Height with 米 and a second part: 1米65, 一米七, 1米6.
		case (v == 1 || v == 2) && hasAnyPrefix(rest, "米", "m") && !hasAnyPrefix(rest, "米色", "米白"):
			k := j + 1
			if hasPrefix(rest, "m") && k < len(rs) && isASCIIAlnum(rs[k]) && !isDigit(rs[k]) {
				continue
			}
			cm := v * 100
			if w, e, ok := cnDigitSeq(rs, k); ok {
				cm += w
				k = e
			} else if w, e, ok := parseNumber(rs, k); ok && w < 100 {
				if w < 10 {
					w *= 10
				}
				cm += w
				k = e
			} else if !ok {
				continue // "1米" alone is a length, not a height
			}
			k = skipUnit(rs, k, "cm", "厘米")
			add("height", formatNumber(cm), i, k, 8)
			lastHeightEnd = k
			i = k - 1
		// 1.65米 / 1.7m
		case v > 1.2 && v < 2.2 && hasAnyPrefix(rest, "米", "m") && !hasAnyPrefix(rest, "米色", "米白", "ml", "mm", "mb"):
			add("height", formatNumber(v*100), i, j+1, 8)
			lastHeightEnd = j + 1
			i = j
		case hasAnyPrefix(rest, "cm", "厘米", "公分") && v >= 50 && v <= 230:
			k := skipUnit(rs, j, "cm", "厘米", "公分")
			typ := "height"
			if v < 120 && !heightContext(rs, i) {
				continue // 70cm is a garment length
			}
			add(typ, formatNumber(v), i, k, 8)
			lastHeightEnd = k
			i = k - 1
		case hasAnyPrefix(rest, "斤"):
			if v >= 20 && v <= 600 {
				add("weight", formatNumber(v/2), i, j+1, 8)
			}
			i = j
		case hasAnyPrefix(rest, "公斤", "kg", "千克"):
			k := skipUnit(rs, j, "公斤", "kg", "千克")
			if v >= 10 && v <= 300 {
				add("weight", formatNumber(v), i, k, 8)
			}
			i = k - 1
		case hasAnyPrefix(rest, "元", "块钱", "块", "rmb", "圆"):
			k := skipUnit(rs, j, "块钱", "元", "块", "rmb", "圆")
			// 5块5 is 5.5 yuan.
			if f, e, ok := parseNumber(rs, k); ok && f < 10 && k > j && rs[k-1] == '块' && (e >= len(rs) || !isDigit(rs[e])) &&
				(e >= len(rs) || !strings.ContainsRune(classifiers+"斤码号元块", rs[e])) {
				v += f / 10
				k = e
			}
			add("money", formatNumber(v), i, k, 8)
			lastMoneyEnd = k
			i = k - 1
		case i > 0 && (rs[i-1] == '满' || rs[i-1] == '减') && v >= 1 && (bareNumber(rs, i, j, false) || hasPrefix(rest, "只")):
			// 满五减一 and 满300只减30, but not 满两件 or 减一次.
			add("money", formatNumber(v), i, j, 8)
			lastMoneyEnd = j
			i = j - 1
		case hasAnyPrefix(rest, "码", "号") && v >= 35 && v <= 46 && (v == float64(int(v)) || v-float64(int(v)) == 0.5):
			k := j + 1
			if k < len(rs) && rs[k] == '半' && v == float64(int(v)) { // 37码半
				v += 0.5
				k++
			}
			add("size", formatNumber(v), i, k, 8)
			i = k - 1
		case !cn && v >= 35 && v <= 46 && v == float64(int(v)) && hasPrefix(rest, "半") && (hasAnyPrefix(rest[1:], "码", "的") || shoeContext(rs, i, j)):
			add("size", formatNumber(v+0.5), i, j+1, 8)
			i = j
		case v >= 35 && v <= 46 && (v == float64(int(v)) || v-float64(int(v)) == 0.5) && (shoeContext(rs, i, j) || i > 0 && rs[i-1] == '穿' && (j >= len(rs) || !strings.ContainsRune("斤元块天次个件", rs[j]))):
			add("size", formatNumber(v), i, j, 7)
			i = j - 1
		case len(rest) > 0 && strings.ContainsRune(classifiers, rest[0]) && v >= 1 && v <= 999 && v == float64(int(v)) &&
			(i == 0 || rs[i-1] != '第') && !hasAnyPrefix(rest, "个月", "个小时", "个星期", "个礼拜", "个工作日", "个码", "个人", "包邮") &&
			!(cn && v == 1 && hasAnyPrefix(rest, "下", "点")):
			add("quantity", strconv.Itoa(int(v)), i, j+1, 4)
			i = j
		case moneyContext(rs, i, j, lastMoneyEnd):
			add("money", formatNumber(v), i, j, 6)
			lastMoneyEnd = j
			i = j - 1
		case !cn && v >= 140 && v <= 199 && v == float64(int(v)):
			// A bare height: 165 110斤 / 身高165 / 我160穿什么码.
			k := j
			for k < len(rs) && (rs[k] == ' ' || rs[k] == ',' || rs[k] == '/' || rs[k] == '、' || rs[k] == '+') {
				k++
			}
			w, e, wok := parseNumber(rs, k)
			bareWeight := wok && k > j && k < len(rs) && isDigit(rs[k]) && w >= 35 && w <= 250 &&
				(e >= len(rs) || !isDigit(rs[e]) && !hasAnyPrefix(rs[e:], "元", "块", "cm", "厘米", "码", "号"))
			if bareWeight || heightContext(rs, i) || sizeTalk(rs) {
				add("height", formatNumber(v), i, j, 7)
				lastHeightEnd = j
			}
			if bareWeight && !hasAnyPrefix(rs[e:], "斤", "kg", "公斤", "千克") {
				kg := w
				if w >= 80 {
					kg = w / 2 // bare weights above 80 are in 斤
				}
				add("weight", formatNumber(kg), k, e, 7)
				i = e - 1
			}
		case !cn && lastHeightEnd >= 0 && i-lastHeightEnd <= 2 && v >= 35 && v <= 250:
			kg := v
			if v >= 80 {
				kg = v / 2
			}
			add("weight", formatNumber(kg), i, j, 7)
			i = j - 1
		case !cn && v >= 70 && v <= 250 && i >= 2 && (hasPrefix(rs[i-2:], "体重") || i >= 3 && hasPrefix(rs[i-3:], "体重是")):
			kg := v
			if v >= 80 {
				kg = v / 2
			}
			add("weight", formatNumber(kg), i, j, 7)
			i = j - 1
		}
		if added == addedBefore && bareNumber(rs, start, j, cn) {
			bare = append(bare, typedNumber{start: start, end: j, v: v, cn: cn})
		}
	}
}

var (
	priceCuesBefore = []string{"便宜", "少", "降了", "降价", "降", "降到", "便宜到", "到手", "到手价", "一口价", "差价", "补", "退",
		"退我", "补我", "预算", "价格", "价钱", "原价", "现价", "金额", "总共", "一共", "合计", "实付", "付款", "花了", "付了", "扣了",
		"只要", "卖", "价", "优惠", "抵扣", "抵", "返", "返现", "减了", "贵了", "涨了", "多付了", "券", "赔", "赔偿", "补偿",
		"红包", "运费", "算", "算我", "给我", "才", "现在", "也",
		"到账", "退款", "定金", "订金", "尾款", "押金", "人民币", "最多", "最低", "顶多", "收了", "收我", "多收",
		"标价", "售价", "单价", "总价", "要价", "报价", "划线价", "活动价"}
	// cuesNeedingAmount only mark an amount after a first one: 隔壁才卖150 你们也150.
	cuesNeedingAmount = []string{"才", "现在", "也"}
	// weakPriceCues mark an amount of two or more figures that is not a shoe size in a
	// message about shoes: 昨天买的299 (but 买的39 of boots is a size).
	weakPriceCues  = []string{"买的时候", "拍的时候", "买的", "拍的", "当时", "原来"}
	priceCuesAfter = []string{"以内", "左右", "以下", "以上", "上下", "的价格", "买的", "拍的", "付的", "的券", "优惠券", "的预算",
		"卖吗", "卖不卖", "出吗", "行吗", "行不行", "包邮", "到手", "能卖", "拿", "的那", "的这", "的款",
		"有点贵", "太贵", "贵了", "贵吗", "还贵", "也贵", "划算", "值吗", "值不值", "值得吗", "的东西", "的衣服", "的鞋"}
)

// typedNumber is a number in the text and, once known, what it is (size or money).
type typedNumber struct {
	typ        string
	start, end int
	v          float64
	cn         bool
}

// bareNumber reports whether rs[i:j] stands alone: not part of a code, a time, a date, a
// measure or a count (no unit or classifier after it, no 第 or code cue before it).
func bareNumber(rs []rune, i, j int, cn bool) bool {
	if j < len(rs) && (isASCIIAlnum(rs[j]) || rs[j] == ':' || rs[j] == '%' ||
		strings.ContainsRune(classifiers+"斤码号米天月年岁点周分秒度个次遍楼层位倍折月克元块毛角寸", rs[j])) {
		return false
	}
	if i > 0 && (rs[i-1] == ':' || rs[i-1] == '第' || rs[i-1] == '/' && i > 1 && isDigit(rs[i-2])) {
		return false
	}
	if cn && j-i < 2 {
		return false // a lone Chinese digit (一, 两) is a word more often than an amount
	}
	intDigits := 0
	for k := i; k < j && isDigit(rs[k]); k++ {
		intDigits++
	}
	if intDigits > 6 || intDigits > 1 && rs[i] == '0' {
		return false // codes, phone numbers, 007
	}
	return !codeCueBefore(rs, i) && !dateLike(rs, i, j)
}

// dateLike reports whether rs[i:j] is one side of a month-day pair written with - or /
// (11-11, 3/8), which is a date, not two amounts.
func dateLike(rs []rune, i, j int) bool {
	v, _, _ := parseNumber(rs, i)
	if j+1 < len(rs) && (rs[j] == '-' || rs[j] == '/') && isDigit(rs[j+1]) {
		w, e, _ := parseNumber(rs, j+1)
		if v >= 1 && v <= 12 && w >= 1 && w <= 31 && e-(j+1) <= 2 && (e >= len(rs) || !isDigit(rs[e]) && rs[e] != '.') {
			return true
		}
	}
	if i >= 2 && (rs[i-1] == '-' || rs[i-1] == '/') && isDigit(rs[i-2]) {
		k := i - 1
		for k > 0 && isDigit(rs[k-1]) {
			k--
		}
		w, _, _ := parseNumber(rs, k)
		if i-1-k <= 2 && w >= 1 && w <= 12 && v >= 1 && v <= 31 && j-i <= 2 {
			return true
		}
	}
	return false
}

// parseGrouped reads an amount written with thousands separators (1,299 or 12,800.50).
func parseGrouped(rs []rune, i int) (float64, int, bool) {
	j := i
	for j < len(rs) && isDigit(rs[j]) {
		j++
	}
	if j == i || j-i > 3 {
		return 0, i, false
	}
	digits := string(rs[i:j])
	groups := 0
	for j+3 < len(rs) && rs[j] == ',' && isDigit(rs[j+1]) && isDigit(rs[j+2]) && isDigit(rs[j+3]) && (j+4 >= len(rs) || !isDigit(rs[j+4])) {
		digits += string(rs[j+1 : j+4])
		j += 4
		groups++
	}
	if groups == 0 {
		return 0, i, false
	}
	if j+1 < len(rs) && rs[j] == '.' && isDigit(rs[j+1]) {
		k := j + 1
		for k < len(rs) && isDigit(rs[k]) {
			k++
		}
		digits += string(rs[j:k])
		j = k
	}
	v, err := strconv.ParseFloat(digits, 64)
	if err != nil {
		return 0, i, false
	}
	return v, j, true
}

// codeCueBefore reports whether the words before rs[i] introduce a code (单号12345, 尾号5678).
func codeCueBefore(rs []rune, i int) bool {
	k := i
	for k > 0 && (rs[k-1] == ' ' || rs[k-1] == '#' || rs[k-1] == ':') {
		k--
	}
	before := string(rs[max(0, k-4):k])
	for _, c := range numberCodeCues {
		if strings.HasSuffix(before, c) || strings.HasSuffix(before, c+"是") {
			return true
		}
	}
	return false
}

// Connectors between two numbers of the same kind: 38换39, 37还是38, 199的和299的, 200-300.
var numberConnectors = []string{"还是", "或者", "或", "和", "跟", "与", "换成", "换", "改成", "到", "至", "-", "~", "/", "就"}

// Message words that make a bare number an amount (1288就1200 in a message about 零头) or a
// shoe size (棕色39 in a message about boots).
var (
	priceTalkWords = []string{"便宜", "贵", "价", "钱", "元", "块", "优惠", "零头", "抹零", "砍", "退款", "到账", "付款",
		"实付", "券", "满减", "打折", "¥", "预算", "定金", "尾款", "rmb"}
	shoeTalkWords = []string{"鞋", "靴", "码", "脚"}
)

// typeBareNumbers gives the numbers no rule claimed a type from their neighbours and from the
// message: a number joined to a size or an amount is one too (穿37还是38, 199的和299的); a
// bare .5 number from 35 to 46 is a shoe size (39.5还有吗); in a message about shoes a bare
// 35–46 is a size; in a message about prices a bare number of two or more figures is an amount.
func typeBareNumbers(rs []rune, bare, typed []typedNumber, add func(string, string, int, int, int)) {
	if len(bare) == 0 {
		return
	}
	text := string(rs)
	priceTalk, shoeTalk := containsAny(text, priceTalkWords), containsAny(text, shoeTalkWords)
	emitAs := func(b *typedNumber, typ string) bool {
		if !fitsType(b, typ) {
			return false
		}
		b.typ = typ
		value := formatNumber(b.v)
		add(typ, value, b.start, b.end, 6)
		return true
	}
	propagate := func() {
		for changed := true; changed; {
			changed = false
			for k := range bare {
				b := &bare[k]
				if b.typ != "" {
					continue
				}
				for _, t := range typed {
					if joined(rs, b.end, t.start) || joined(rs, t.end, b.start) {
						if emitAs(b, t.typ) {
							typed = append(typed, *b)
							changed = true
							break
						}
					}
				}
			}
		}
	}
	propagate()
	// Pairs no rule typed: 38换39 (sizes swapped for each other), 89的和129的 (items named
	// by their price).
	for k := 0; k+1 < len(bare); k++ {
		a, b := &bare[k], &bare[k+1]
		if a.typ != "" || b.typ != "" {
			continue
		}
		typ := ""
		switch {
		case fitsType(a, "size") && fitsType(b, "size") && (swapped(rs, a.end, b.start) || shoeTalk && joined(rs, a.end, b.start)):
			typ = "size"
		case a.v >= 10 && b.v >= 10 && b.end < len(rs) && rs[b.end] == '的' && rs[a.end] == '的' && joined(rs, a.end, b.start):
			// 89的和129的: items named by their price.
			typ = "money"
		default:
			continue
		}
		emitAs(a, typ)
		emitAs(b, typ)
		typed = append(typed, *a, *b)
	}
	for k := range bare {
		b := &bare[k]
		if b.typ != "" {
			continue
		}
		half := b.v-float64(int(b.v)) == 0.5
		before := strings.TrimRight(string(rs[max(0, b.start-6):b.start]), " ")
		switch {
		case (half || shoeTalk) && !priceCueBefore(before) && emitAs(b, "size"):
		case priceTalk && (b.v >= 10 || b.v != float64(int(b.v))) && emitAs(b, "money"):
		default:
			continue
		}
		typed = append(typed, *b)
	}
	propagate()
}

// fitsType reports whether a number can be a size (35–46, whole or half) or an amount.
func fitsType(b *typedNumber, typ string) bool {
	switch typ {
	case "size":
		return b.v >= 35 && b.v <= 46 && (b.v == float64(int(b.v)) || b.v-float64(int(b.v)) == 0.5)
	case "money":
		return b.v > 0 && b.v < 1e6
	}
	return false
}

// joined reports whether rs[a:b] holds only a connector between two numbers, with an optional
// 的 after the first (199的和299的) and spaces.
func joined(rs []rune, a, b int) bool {
	if a >= b || b-a > 5 {
		return false
	}
	mid := strings.TrimSpace(string(rs[a:b]))
	mid = strings.TrimPrefix(mid, "的")
	mid = strings.TrimSpace(mid)
	for _, c := range numberConnectors {
		if mid == c {
			return true
		}
	}
	return false
}

// swapped reports whether rs[a:b] is 换, 换成 or 改成 (an exchange of one size for another).
func swapped(rs []rune, a, b int) bool {
	mid := strings.TrimSpace(string(rs[a:max(a, b)]))
	return mid == "换" || mid == "换成" || mid == "改成" || mid == "改"
}

func priceCueBefore(before string) bool {
	for _, c := range priceCuesBefore {
		if strings.HasSuffix(before, c) || strings.HasSuffix(before, c+"了") {
			return true
		}
	}
	return false
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// moneyContext decides whether a bare number rs[i:j] is an amount: a price word before it
// (便宜20, 预算300), a price phrase after it (300以内, 199买的), or a second amount right
// after a first one (199买的现在169).
func moneyContext(rs []rune, i, j, lastMoneyEnd int) bool {
	if !isDigit(rs[i]) && (j-i < 2 || j < len(rs) && rs[j] == '个') {
		return false // a lone Chinese digit (一, 两) is rarely an amount
	}
	if hasPrefix(rs[j:], "包邮") {
		return bareNumber(rs, i, j+1, !isDigit(rs[i])) // 39包邮: 包 is no classifier here
	}
	if j < len(rs) && (isASCIIAlnum(rs[j]) || strings.ContainsRune(classifiers+"斤码号米天月年岁点周分秒", rs[j]) || rs[j] == '%') {
		return false
	}
	if !bareNumber(rs, i, j, !isDigit(rs[i])) {
		return false
	}
	for _, c := range priceCuesAfter {
		if hasPrefix(rs[j:], c) {
			return true
		}
	}
	before := strings.TrimRight(string(rs[max(0, i-6):i]), " ")
	for _, c := range priceCuesBefore {
		if strings.HasSuffix(before, c) || strings.HasSuffix(before, c+"了") {
			if !slices.Contains(cuesNeedingAmount, c) || lastMoneyEnd >= 0 {
				return true
			}
		}
	}
	v, _, _ := parseNumber(rs, i)
	for _, c := range weakPriceCues {
		if strings.HasSuffix(before, c) && v >= 10 && !(v >= 35 && v <= 46 && containsAny(string(rs), shoeTalkWords)) {
			return true
		}
	}
	return lastMoneyEnd >= 0 && i-lastMoneyEnd <= 6
}

// cnDigitSeq reads Chinese digits as positional tens and units after 米: 六五 → 65, 七 → 70.
func cnDigitSeq(rs []rune, k int) (float64, int, bool) {
	if k >= len(rs) {
		return 0, k, false
	}
	d1, ok := cnDigits[rs[k]]
	if !ok || rs[k] == '两' {
		return 0, k, false
	}
	if k+1 < len(rs) {
		if d2, ok := cnDigits[rs[k+1]]; ok && rs[k+1] != '两' {
			return float64(d1*10 + d2), k + 2, true
		}
	}
	return float64(d1 * 10), k + 1, true
}

func skipUnit(rs []rune, k int, units ...string) int {
	for _, u := range units {
		if hasPrefix(rs[k:], u) {
			return k + len([]rune(u))
		}
	}
	return k
}

func heightContext(rs []rune, i int) bool {
	before := string(rs[max(0, i-4):i])
	return strings.Contains(before, "身高") || strings.Contains(before, "高") || strings.Contains(before, "个子") ||
		strings.HasSuffix(before, "我") || strings.HasSuffix(before, "我是")
}

func sizeTalk(rs []rune) bool {
	s := string(rs)
	for _, w := range []string{"码", "穿", "尺码", "斤", "kg", "公斤", "合适", "大小"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func shoeContext(rs []rune, i, j int) bool {
	before := string(rs[max(0, i-4):i])
	after := string(rs[j:min(len(rs), j+3)])
	all := string(rs)
	if hasAnyPrefix(rs[j:], "斤", "元", "块", "岁", "度", "天", "kg", "cm") {
		return false
	}
	if strings.HasSuffix(before, "码") || strings.HasSuffix(before, "码是") {
		return true // 鞋码38, 欧码40, 尺码是39
	}
	if strings.Contains(all, "鞋") && (hasAnyPrefix(rs[j:], "还是", "和", "或", "/") || strings.HasSuffix(before, "还是") ||
		strings.HasSuffix(before, "和") || strings.HasSuffix(before, "/")) {
		return true // 这双鞋37还是38
	}
	return strings.Contains(before, "码数") || strings.Contains(before, "尺码") ||
		(strings.Contains(before, "穿") || strings.Contains(before, "拿") || strings.Contains(before, "换") ||
			strings.Contains(before, "选") || strings.Contains(before, "要")) && (strings.Contains(all, "鞋") || strings.Contains(all, "双") || strings.Contains(all, "码") ||
			strings.Contains(all, "脚") || strings.HasPrefix(after, "的")) ||
		strings.HasPrefix(after, "的鞋") || strings.HasPrefix(after, "的脚")
}

// findSpacedSizes finds the one-size forms written with a space, which a lexicon line cannot
// hold: "free size", "one size".
func findSpacedSizes(rs []rune, add func(string, string, int, int, int)) {
	for i := range rs {
		if i > 0 && isASCIIAlnum(rs[i-1]) {
			continue
		}
		for _, f := range []string{"free size", "one size"} {
			n := len(f)
			if hasPrefix(rs[i:], f) && (i+n >= len(rs) || !isASCIIAlnum(rs[i+n])) {
				add("size", "均码", i, i+n, 7)
			}
		}
	}
}

// findWords matches lexicon forms (colours, sizes, categories, regions, skin types), longest first.
func findWords(text string, offs []int, rs []rune, d *dictMatcher, add func(string, string, int, int, int)) {
	for i := 0; i < len(rs); i++ {
		for l := min(d.maxLen, len(rs)-i); l >= 1; l-- {
			e, ok := d.forms[text[offs[i]:offs[i+l]]]
			if !ok {
				continue
			}
			if !wordFits(rs, i, i+l, e) {
				continue
			}
			prio := 5
			switch e.typ {
			case "size":
				prio = 7
				if e.spec {
					prio = 11
				}
			case "category", "region":
				prio = 3
			}
			end := i + l
			if e.typ == "size" && end < len(rs) && (rs[end] == '码' || rs[end] == '号') && isASCIIAlnum(rs[end-1]) {
				end++
			}
			add(e.typ, e.value, i, end, prio)
			i = end - 1
			break
		}
	}
}

var colorBlockedBefore = "明美空蛋坦告表洁晒拉抹天网分奶面花发显变偏漂"

// wordFits applies the context rules of a lexicon form at rs[i:j].
func wordFits(rs []rune, i, j int, e dictEntry) bool {
	first, last := rs[i], rs[j-1]
	if isASCIIAlnum(first) && i > 0 && (isASCIIAlnum(rs[i-1]) || rs[i-1] == '.') {
		return false
	}
	if isASCIIAlnum(last) && j < len(rs) && isASCIIAlnum(rs[j]) {
		return false
	}
	if e.typ == "size" && isASCIIAlnum(first) && i > 0 && isDigit(rs[i-1]) {
		return false
	}
	if e.typ == "size" && (first == '大' || first == '小') && i > 0 && rs[i-1] == '多' {
		return false // 穿多大码 asks which size
	}
	if e.restricted {
		if j >= len(rs) || !strings.ContainsRune("色的款系码", rs[j]) && !(rs[j] < 128 && isASCIIAlnum(rs[j]) && !isDigit(rs[j])) {
			return false
		}
		if i > 0 && (strings.ContainsRune(colorBlockedBefore, rs[i-1]) || isDigit(rs[i-1])) {
			return false
		}
	}
	return true
}

// findDemonstratives marks 这件/那个/刚才那双 for the dialogue layer to resolve.
func findDemonstratives(text string, offs []int, rs []rune, words *dictMatcher, add func(string, string, int, int, int)) {
	for i := 0; i < len(rs); i++ {
		if hasAnyPrefix(rs[i:], "此款", "该款", "此商品", "该商品", "这宝贝", "这个宝贝") && !hasPrefix(rs[i:], "这个宝贝") {
			add("demonstrative", "this", i, i+2, 2)
			i++
			continue
		}
		if rs[i] != '这' && rs[i] != '那' {
			continue
		}
		j := i + 1
		// 这两款 / 那几件
		if j < len(rs) && (rs[j] == '两' || rs[j] == '几' || rs[j] == '一') {
			j++
		}
		if j >= len(rs) {
			continue
		}
		if !strings.ContainsRune(demoClassifiers, rs[j]) {
			// 这衣服 / 那裙子: a category word right after 这/那.
			if l := categoryAt(text, offs, rs, j, words); l > 0 && j == i+1 {
				value := "this"
				if rs[i] == '那' {
					value = "that"
				}
				add("demonstrative", value, i, i+1, 2)
			}
			continue
		}
		if rs[j] == '个' && j+1 < len(rs) && strings.ContainsRune("月人", rs[j+1]) {
			continue
		}
		value, start := "this", i
		if rs[i] == '那' {
			value = "that"
			for _, cue := range previousCues {
				cr := []rune(cue)
				for k := max(0, i-6-len(cr)); k+len(cr) <= i; k++ {
					if hasPrefix(rs[k:], cue) {
						value = "previous"
						if k+len(cr) == i && slices.Contains(adjacentPrevious, cue) {
							start = k
						}
						break
					}
				}
				if value == "previous" {
					break
				}
			}
		}
		add("demonstrative", value, start, j+1, 2)
		i = j
	}
}

// findProducts matches catalogue names and aliases exactly, then approximately: a long common
// substring with a name (羊毛的大衣 ~ 羊毛大衣 is not enough; 双面羊毛大衣 ~ 双面大衣 is).
func findProducts(rs []rune, text string, cat *catalog, add func(string, string, int, int, int)) {
	exact := cat.matchPhrases(text)
	covered := make([]bool, len(rs))
	if len(exact) > 0 {
		byteToRune := make(map[int]int, len(rs)+1)
		n := 0
		for b := range text {
			byteToRune[b] = n
			n++
		}
		byteToRune[len(text)] = n
		for _, m := range exact {
			s, e := byteToRune[m.start], byteToRune[m.end]
			item := cat.phrases[text[m.start:m.end]]
			s = widenToName(rs, s, e, cat.names[item])
			add("product", cat.items[item].ID, s, e, 6)
			for k := s; k < e; k++ {
				covered[k] = true
			}
		}
	}
	for _, p := range cat.fuzzy {
		s, e := longestCommon(rs, p.runes, covered)
		l := e - s
		if l < 3 || float64(l) < 0.6*float64(len(p.runes)) {
			continue
		}
		if ent, ok := cat.words.forms[string(rs[s:e])]; ok && ent.typ == "category" {
			continue // a bare category word is not a product
		}
		add("product", cat.items[p.item].ID, s, e, 6)
		for k := s; k < e; k++ {
			covered[k] = true
		}
	}
}

// widenToName extends a product mention rs[s:e] found by a short alias to the
// left over words the shopper took from the product's full name: in "修护面霜"
// the alias is 面霜 and the name 神经酰胺修护保湿面霜, so the mention is the whole
// "修护面霜" (修 alone reads as a repair). It widens only while the widened
// text stays an in-order subsequence of the name and by two runes or more.
func widenToName(rs []rune, s, e int, name []rune) int {
	best := s
	for k := s - 1; k >= 0; k-- {
		if !isSubsequence(rs[k:e], name) {
			break
		}
		best = k
	}
	if s-best < 2 {
		return s
	}
	return best
}

func isSubsequence(a, b []rune) bool {
	i := 0
	for _, r := range b {
		if i < len(a) && a[i] == r {
			i++
		}
	}
	return i == len(a)
}

// longestCommon returns the span of rs holding the longest common substring with p, ignoring
// runes already covered by another product.
func longestCommon(rs, p []rune, covered []bool) (int, int) {
	bestLen, bestEnd := 0, 0
	prev := make([]int, len(p)+1)
	cur := make([]int, len(p)+1)
	for i := 1; i <= len(rs); i++ {
		for j := 1; j <= len(p); j++ {
			if rs[i-1] == p[j-1] && !covered[i-1] {
				cur[j] = prev[j-1] + 1
				if cur[j] > bestLen {
					bestLen, bestEnd = cur[j], i
				}
			} else {
				cur[j] = 0
			}
		}
		prev, cur = cur, prev
	}
	return bestEnd - bestLen, bestEnd
}

// categoryAt returns the length of the category form starting at rs[j], or 0.
func categoryAt(text string, offs []int, rs []rune, j int, d *dictMatcher) int {
	for l := min(d.maxLen, len(rs)-j); l >= 1; l-- {
		if e, ok := d.forms[text[offs[j]:offs[j+l]]]; ok && e.typ == "category" {
			return l
		}
	}
	if hasAnyPrefix(rs[j:], "衣服", "东西", "商品", "宝贝", "货") {
		return 1
	}
	return 0
}
