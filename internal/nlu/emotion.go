package nlu

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Emotion is the shopper's affect in one message.
type Emotion struct {
	// Polarity runs from -1 (very negative) to 1 (very positive).
	Polarity float64 `json:"polarity"`
	// Class is one of angry, anxious, disappointed, satisfied, neutral.
	Class string `json:"class"`
	// Intensity of the class, 0..1.
	Intensity float64 `json:"intensity"`
	// Signals names the cues that fired, e.g. "cue:太差", "punct:!!", "escalation:投诉".
	Signals []string `json:"signals"`
	// Escalation is set when the shopper threatens a bad review, a complaint or authorities.
	Escalation bool `json:"escalation"`
	// Expressed is set when the message itself carries the class: a cue, punctuation, emoji
	// or urging of the class (of either negative class for angry and disappointed), not only
	// the intent's prior. When it is false a non-neutral class rests on the intent alone:
	// "怎么退货" reads as disappointed because returns usually follow a letdown, but the
	// shopper said nothing of the kind, so a reply should not apologise for it (docs/bot.md,
	// "Composition and tone").
	Expressed bool `json:"expressed"`
}

// Sales carries the signals the sales side acts on.
type Sales struct {
	// PurchaseIntent is how likely the shopper is about to buy, 0..1.
	PurchaseIntent float64 `json:"purchase_intent"`
	// PriceSensitivity is how much the shopper cares about price, 0..1.
	PriceSensitivity float64 `json:"price_sensitivity"`
	// PriceSensitive is PriceSensitivity ≥ 0.5.
	PriceSensitive bool `json:"price_sensitive"`
}

// Emotion classes.
const (
	EmotionAngry        = "angry"
	EmotionAnxious      = "anxious"
	EmotionDisappointed = "disappointed"
	EmotionSatisfied    = "satisfied"
	EmotionNeutral      = "neutral"
)

var emotionClasses = []string{EmotionAngry, EmotionAnxious, EmotionDisappointed, EmotionSatisfied}

// phraseTable maps phrases to values and finds them longest-first.
type phraseTable[T any] struct {
	m      map[string]T
	maxLen int
}

func (p *phraseTable[T]) add(k string, v T) {
	if p.m == nil {
		p.m = map[string]T{}
	}
	p.m[k] = v
	p.maxLen = max(p.maxLen, utf8.RuneCountInString(k))
}

// longestAt returns the longest phrase starting at rune i of s (offs from runeOffsets).
func (p *phraseTable[T]) longestAt(s string, offs []int, i int) (T, int, bool) {
	var zero T
	nr := len(offs) - 1
	for l := min(p.maxLen, nr-i); l >= 1; l-- {
		if v, ok := p.m[s[offs[i]:offs[i+l]]]; ok {
			return v, l, true
		}
	}
	return zero, 0, false
}

// endsAt reports whether a phrase of the table ends right before rune i.
func (p *phraseTable[T]) endsAt(s string, offs []int, i int) (T, int, bool) {
	var zero T
	for l := min(p.maxLen, i); l >= 1; l-- {
		if v, ok := p.m[s[offs[i-l]:offs[i]]]; ok {
			return v, l, true
		}
	}
	return zero, 0, false
}

type emotionCue struct {
	class  string
	weight float64
}

// affect reads emotion and sales signals; it is immutable once built.
type affect struct {
	cues         phraseTable[emotionCue]
	negators     phraseTable[bool]
	intensifiers phraseTable[float64]
	escalation   phraseTable[bool]
	purchase     phraseTable[float64]
	price        phraseTable[float64]
}

func newAffect(src lexiconSource, norm *normalizer) (*affect, error) {
	a := &affect{}
	rows, err := src.lines("emotion.txt")
	if err != nil {
		return nil, err
	}
	for i, f := range rows {
		w, err := strconv.ParseFloat(f[len(f)-1], 64)
		if len(f) != 3 || err != nil || !isEmotionClass(f[1]) {
			return nil, fmt.Errorf("emotion.txt entry %d: want \"word class weight\"", i+1)
		}
		a.cues.add(norm.fold(f[0]), emotionCue{f[1], w})
	}
	for _, l := range []struct {
		file string
		into *phraseTable[bool]
	}{{"negators.txt", &a.negators}, {"escalation.txt", &a.escalation}} {
		rows, err := src.lines(l.file)
		if err != nil {
			return nil, err
		}
		for _, f := range rows {
			l.into.add(norm.fold(f[0]), true)
		}
	}
	for _, l := range []struct {
		file string
		into *phraseTable[float64]
	}{{"intensifiers.txt", &a.intensifiers}, {"purchase.txt", &a.purchase}, {"price.txt", &a.price}} {
		rows, err := src.lines(l.file)
		if err != nil {
			return nil, err
		}
		for i, f := range rows {
			w, err := strconv.ParseFloat(f[len(f)-1], 64)
			if len(f) != 2 || err != nil {
				return nil, fmt.Errorf("%s entry %d: want \"word weight\"", l.file, i+1)
			}
			l.into.add(norm.fold(f[0]), w)
		}
	}
	return a, nil
}

func isEmotionClass(c string) bool {
	for _, k := range emotionClasses {
		if c == k {
			return true
		}
	}
	return false
}

// Emoji read before normalisation strips them.
var emojiClass = map[rune]string{
	'😡': EmotionAngry, '🤬': EmotionAngry, '😠': EmotionAngry, '👿': EmotionAngry, '💢': EmotionAngry, '👎': EmotionAngry,
	'😭': EmotionDisappointed, '😢': EmotionDisappointed, '😞': EmotionDisappointed, '😔': EmotionDisappointed, '💔': EmotionDisappointed, '😒': EmotionDisappointed,
	'😊': EmotionSatisfied, '😄': EmotionSatisfied, '😁': EmotionSatisfied, '👍': EmotionSatisfied, '❤': EmotionSatisfied, '🥰': EmotionSatisfied, '😍': EmotionSatisfied, '🌹': EmotionSatisfied,
	'😰': EmotionAnxious, '😱': EmotionAnxious, '😨': EmotionAnxious, '⏰': EmotionAnxious,
}

// emotionClassMin is the score at which a class is read; below it the message is neutral.
const emotionClassMin = 0.4

// Intent priors: after-sale problems carry anger by default (the shopper has already lost
// something), order worries and reactions anxiety, thanks satisfaction. Lexicon cues,
// punctuation and urging add to them; a prior alone is just strong enough to set the class.
var intentEmotionPrior = map[string]emotionCue{
	"quality_complaint":  {EmotionAngry, 0.45},
	"damaged_parcel":     {EmotionAngry, 0.45},
	"wrong_missing_item": {EmotionAngry, 0.45},
	"human_agent":        {EmotionAngry, 0.45},
	"price_protection":   {EmotionAngry, 0.45},
	"urge_dispatch":      {EmotionAngry, 0.45},
	"refund_status":      {EmotionAngry, 0.42},
	"adverse_reaction":   {EmotionAnxious, 0.45},
	"order_status":       {EmotionAnxious, 0.45},
	"change_address":     {EmotionAnxious, 0.45},
	"logistics":          {EmotionAnxious, 0.42},
	"return_exchange":    {EmotionDisappointed, 0.42},
	"cancel_order":       {EmotionDisappointed, 0.42},
	"thanks":             {EmotionSatisfied, 0.45},
}

var intentPurchasePrior = map[string]float64{
	"stock_availability": 0.5, "size_advice": 0.6, "dispatch_time": 0.4, "promotion_rules": 0.4,
	"price_negotiation": 0.5, "recommendation": 0.4, "product_attribute": 0.3, "suitability": 0.3,
	"shipping_fee_carrier": 0.3, "gift": 0.3, "product_comparison": 0.4, "payment": 0.5, "delivery_time": 0.3,
	"invoice": 0.2, "membership": 0.2,
}

var intentPricePrior = map[string]float64{
	"price_negotiation": 0.9, "price_protection": 0.7, "promotion_rules": 0.6, "membership": 0.2, "shipping_fee_carrier": 0.2,
}

// read scores the emotion of one message: raw is the text as sent, norm its normalised form,
// intent the classified intent, recent the shopper's previous messages (oldest first) and
// ents the entities of norm (cues inside order, tracking and phone numbers are ignored).
func (a *affect) read(raw, norm, intent string, recent []string, ents []Entity) Emotion {
	var codes []Entity
	for _, en := range ents {
		switch en.Type {
		case "order_id", "tracking_no", "phone", "phone_last4":
			codes = append(codes, en)
		}
	}
	score := map[string]float64{}
	var signals []string
	bump := func(class string, w float64, signal string) {
		// Combine evidence as independent: 1-(1-a)(1-b), so many weak cues saturate at 1.
		score[class] = 1 - (1-score[class])*(1-math.Min(math.Max(w, 0), 1))
		signals = append(signals, signal)
	}
	esc := false

	offs := runeOffsets(norm)
	nr := len(offs) - 1
	rs := []rune(norm)
	for i := 0; i < nr; {
		if _, l, ok := a.escalation.longestAt(norm, offs, i); ok && cueFits(rs, i, i+l, codes) {
			esc = true
			bump(EmotionAngry, 0.8, "escalation:"+norm[offs[i]:offs[i+l]])
			i += l
			continue
		}
		cue, l, ok := a.cues.longestAt(norm, offs, i)
		if !ok || !cueFits(rs, i, i+l, codes) {
			i++
			continue
		}
		word := norm[offs[i]:offs[i+l]]
		w := cue.weight
		j := i
		negated := false
		if f, il, ok := a.intensifiers.endsAt(norm, offs, j); ok {
			w *= f
			j -= il
		}
		if _, nl, ok := a.negators.endsAt(norm, offs, j); ok {
			negated = true
			j -= nl
		}
		if !negated {
			if f, _, ok := a.intensifiers.endsAt(norm, offs, j); ok {
				w *= f
			}
		}
		switch {
		case negated && cue.class == EmotionSatisfied:
			bump(EmotionDisappointed, 0.6*w, "negated:"+word)
		case negated:
			signals = append(signals, "negated:"+word) // 不急, 不差: the cue does not apply
		default:
			bump(cue.class, w, "cue:"+word)
		}
		i += l
	}

	// Punctuation and emoji come from the raw text: normalisation collapses them.
	folded := foldWidthCase(raw)
	prior := intentEmotionPrior[intent].class
	negative := score[EmotionAngry]+score[EmotionDisappointed] > 0 || prior == EmotionAngry || prior == EmotionDisappointed
	if n := maxRun(folded, '!'); n >= 1 && negative {
		bump(EmotionAngry, 0.15*float64(min(n, 4)), "punct:"+strings.Repeat("!", min(n, 3)))
	}
	if n := maxRun(folded, '?'); n >= 2 {
		bump(EmotionAnxious, 0.15*float64(min(n, 4)), "punct:"+strings.Repeat("?", min(n, 3)))
	}
	for _, r := range raw {
		if c, ok := emojiClass[r]; ok {
			bump(c, 0.5, "emoji:"+string(r))
		}
	}

	// Urging: 在吗在吗, 人呢, or several messages in a row before this one.
	if strings.Count(norm, "在吗")+strings.Count(norm, "在不在") >= 2 || strings.Contains(norm, "人呢") ||
		strings.Contains(norm, "怎么不回") || strings.Contains(norm, "回一下") || strings.Contains(norm, "回个话") {
		bump(EmotionAnxious, 0.6, "urging:repeat")
	}
	if n := len(recent); n >= 2 {
		bump(EmotionAnxious, 0.2*float64(min(n, 4)), "urging:"+strconv.Itoa(n)+"_in_a_row")
	}

	// What the message says before the intent's prior is added (see Emotion.Expressed).
	negativeSaid := score[EmotionAngry] > 0 || score[EmotionDisappointed] > 0
	satisfiedSaid, anxiousSaid := score[EmotionSatisfied] > 0, score[EmotionAnxious] > 0
	if p, ok := intentEmotionPrior[intent]; ok {
		score[p.class] = 1 - (1-score[p.class])*(1-p.weight)
	}

	e := Emotion{Class: EmotionNeutral, Signals: signals, Escalation: esc}
	best, bestScore := EmotionNeutral, 0.0
	for _, c := range emotionClasses {
		if score[c] > bestScore {
			best, bestScore = c, score[c]
		}
	}
	// Anger with an explicit anger cue outranks the disappointment a complaint carries by default.
	if score[EmotionAngry] >= 0.5 && best == EmotionDisappointed && score[EmotionAngry] >= score[EmotionDisappointed]-0.2 {
		best, bestScore = EmotionAngry, score[EmotionAngry]
	}
	if bestScore >= emotionClassMin {
		e.Class, e.Intensity = best, round3(bestScore)
		switch best {
		case EmotionAngry, EmotionDisappointed:
			// Either negative class: a complaint's anger prior may outweigh the
			// disappointment the shopper voiced.
			e.Expressed = negativeSaid
		case EmotionSatisfied:
			e.Expressed = satisfiedSaid
		case EmotionAnxious:
			e.Expressed = anxiousSaid
		}
	} else {
		e.Intensity = round3(bestScore)
	}
	neg := 1 - (1-score[EmotionAngry])*(1-score[EmotionDisappointed])*(1-0.5*score[EmotionAnxious])
	e.Polarity = round3(math.Max(-1, math.Min(1, score[EmotionSatisfied]-neg)))
	if e.Signals == nil {
		e.Signals = []string{}
	}
	return e
}

// numberCodeCues before a digit run mark it as a code (order number, last digits of a phone),
// not a hotline being threatened: 单号12345, 尾号12315.
var numberCodeCues = []string{"订单", "单号", "运单", "快递", "物流", "尾号", "后四位", "后五位", "编号", "号码", "货号",
	"手机", "账号", "卡号", "号是", "号:", "号为", "id", "no"}

// cueFits reports whether a cue may fire at rs[i:j]. A cue never fires inside a run of ASCII
// letters and digits (12315 inside 2609123150123, a cue inside SF1403…) nor inside an order,
// tracking or phone number; a cue made of digits (the 12315 and 12345 hotlines) must be the
// whole number and not follow an order or phone cue.
func cueFits(rs []rune, i, j int, codes []Entity) bool {
	for _, c := range codes {
		if i < c.End && c.Start < j {
			return false
		}
	}
	if isASCIIAlnum(rs[i]) && i > 0 && (isASCIIAlnum(rs[i-1]) || rs[i-1] == '.' && i > 1 && isDigit(rs[i-2])) {
		return false
	}
	if isASCIIAlnum(rs[j-1]) && j < len(rs) && (isASCIIAlnum(rs[j]) || rs[j] == '.' && j+1 < len(rs) && isDigit(rs[j+1])) {
		return false
	}
	if !isDigit(rs[i]) {
		return true
	}
	k := i
	for k > 0 && (rs[k-1] == ' ' || rs[k-1] == '#' || rs[k-1] == ':') {
		k--
	}
	before := string(rs[max(0, k-4):k])
	for _, c := range numberCodeCues {
		if strings.HasSuffix(before, c) || strings.HasSuffix(before, c+"是") {
			return false
		}
	}
	return true
}

// sales scores purchase intent and price sensitivity from cues and the intent.
func (a *affect) sales(norm, intent string) Sales {
	offs := runeOffsets(norm)
	buy, price := intentPurchasePrior[intent], intentPricePrior[intent]
	for i := 0; i < len(offs)-1; i++ {
		if w, l, ok := a.purchase.longestAt(norm, offs, i); ok {
			buy = 1 - (1-buy)*(1-w)
			i += l - 1
		}
	}
	for i := 0; i < len(offs)-1; i++ {
		if w, l, ok := a.price.longestAt(norm, offs, i); ok {
			price = 1 - (1-price)*(1-w)
			i += l - 1
		}
	}
	return Sales{PurchaseIntent: round3(buy), PriceSensitivity: round3(price), PriceSensitive: price >= 0.5}
}

func maxRun(s string, r rune) int {
	best, cur := 0, 0
	for _, c := range s {
		if c == r {
			cur++
			best = max(best, cur)
		} else {
			cur = 0
		}
	}
	return best
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }
