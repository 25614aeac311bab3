package nlu

import (
	"strings"
	"unicode"
)

// Clause splitting: the message is cut at every sentence or comma boundary, each piece is
// classified, and pieces are merged back while they do not stand on their own — too short,
// not confident, only vocatives (亲, 老板), or the same intent as their neighbour. A message
// without any boundary ("你好有M码吗") is tried at each word boundary and split when both
// halves are confidently different intents. "有M码吗?今天能发吗?有活动吗" stays three clauses;
// "我165,110斤穿什么码" becomes one.
const (
	weakClauseConfidence = 0.45
	minClauseRunes       = 2
	// splitConfidence is how sure both halves of an unpunctuated message must be.
	splitConfidence = 0.85
	maxSplitTries   = 8
)

func isClauseBoundary(rs []rune, i int) bool {
	switch rs[i] {
	case '?', '!', '.', '。', ';', '~', ',', '、', '\n':
		// A decimal point is not a boundary: 39.5码, ¥89.9.
		return !(rs[i] == '.' && i > 0 && i+1 < len(rs) && isDigit(rs[i-1]) && isDigit(rs[i+1]))
	case ' ':
		// Spaces separate clauses between Chinese words, not inside "165 110斤".
		return i > 0 && i+1 < len(rs) && unicode.Is(unicode.Han, rs[i-1]) && unicode.Is(unicode.Han, rs[i+1])
	}
	return false
}

type clauseSpan struct {
	start, end int
	ranked     []IntentScore
	weak       bool
}

func (e *Engine) clauses(norm string, a Analysis, cat *catalog, scratch []float32, feats []uint64) []Clause {
	rs := []rune(norm)
	var pieces []clauseSpan
	start := 0
	for i := 0; i <= len(rs); i++ {
		if i < len(rs) && !isClauseBoundary(rs, i) {
			continue
		}
		if i > start {
			pieces = append(pieces, clauseSpan{start: start, end: i})
		}
		start = i + 1
	}
	if len(pieces) == 1 && pieces[0].start == 0 && pieces[0].end == len(rs) {
		if left, right, ok := e.splitUnpunctuated(rs, a, cat, scratch, feats); ok {
			return []Clause{left, right}
		}
	}
	if len(pieces) <= 1 {
		s, end := 0, len(rs)
		if len(pieces) == 1 {
			s, end = pieces[0].start, pieces[0].end
		}
		return []Clause{makeClause(rs, s, end, a, a.Intent, a.Alternatives)}
	}

	classify := func(c *clauseSpan) {
		ents := entitiesIn(a.Entities, c.start, c.end)
		text := cat.classText(rs, c.start, c.end, ents)
		c.ranked = e.model.predict(e.features(text, e.seg.cut(text, nil), ents, feats[:0]), scratch)
		piece := string(rs[c.start:c.end])
		c.weak = c.ranked[0].Confidence < weakClauseConfidence || e.isFiller(piece) || namesOnlyAnOrder(piece)
	}
	for i := range pieces {
		classify(&pieces[i])
	}
	weak := func(c clauseSpan) bool { return c.weak }
	var groups []clauseSpan
	for _, p := range pieces {
		if len(groups) == 0 {
			groups = append(groups, p)
			continue
		}
		last := &groups[len(groups)-1]
		if weak(p) || weak(*last) || p.ranked[0].Name == last.ranked[0].Name {
			last.end = p.end
			classify(last)
			continue
		}
		groups = append(groups, p)
	}
	if len(groups) == 1 {
		return []Clause{makeClause(rs, groups[0].start, groups[0].end, a, a.Intent, a.Alternatives)}
	}
	out := make([]Clause, 0, len(groups))
	for _, g := range groups {
		best, alts := e.decide(g.ranked)
		out = append(out, makeClause(rs, g.start, g.end, a, best, alts))
	}
	return out
}

// orderSuffixes end a piece that names an order without saying anything about it.
var orderSuffixes = []string{"那单", "这单", "那一单", "这一单", "那笔", "这笔", "订单"}

// orderVerbs are what a shopper does with an order. In a piece ending in an order they make it
// a request ("帮我查一下订单", "取消那单") unless they only qualify the order ("昨天买的那单").
var orderVerbs = []string{"查", "取消", "退", "换", "改", "催", "拍", "买", "付", "发", "收", "要", "帮", "给", "看", "问", "合并", "删", "是"}

// namesOnlyAnOrder reports whether a piece only names an order ("还有护肤品那单", "上周那个订单",
// "我昨天买的那单"): shoppers put the order first as the topic and ask about it in the next
// clause ("还有护肤品那单,咋还没发货"), so the piece is merged with its neighbour like a weak
// one instead of becoming a clause of its own, whatever the classifier makes of it (还有…
// reads as a stock question). A piece that does something with the order is a clause.
func namesOnlyAnOrder(piece string) bool {
	t := strings.TrimRight(strings.TrimSpace(piece), "的呢啊呀")
	named := false
	for _, s := range orderSuffixes {
		if strings.HasSuffix(t, s) {
			named = true
			t = strings.TrimSuffix(t, s)
			break
		}
	}
	if !named {
		return false
	}
	for _, v := range orderVerbs {
		for i := 0; ; {
			j := strings.Index(t[i:], v)
			if j < 0 {
				break
			}
			i += j + len(v)
			rest := strings.TrimPrefix(t[i:], "了")
			if !strings.HasPrefix(rest, "的") {
				return false // a verb acting on the order, not a 的-modifier of it
			}
		}
	}
	return true
}

// isFiller reports whether a piece holds nothing but vocatives (亲, 亲亲, 老板) or fewer than
// minClauseRunes characters.
func (e *Engine) isFiller(text string) bool {
	rest := strings.TrimSpace(text)
	if len([]rune(rest)) < minClauseRunes {
		return true
	}
	offs := runeOffsets(rest)
	for i := 0; i < len(offs)-1; {
		l := 0
		for k := min(e.norm.maxPolite, len(offs)-1-i); k >= 1; k-- {
			if e.norm.polite[rest[offs[i]:offs[i+k]]] { // vocatives only
				l = k
				break
			}
		}
		if l == 0 {
			return false
		}
		i += l
	}
	return true
}

// splitUnpunctuated tries the word boundaries of a message without punctuation and returns
// the split whose weaker half is most confident, if both halves are confident and differ.
func (e *Engine) splitUnpunctuated(rs []rune, a Analysis, cat *catalog, scratch []float32, feats []uint64) (Clause, Clause, bool) {
	if len(rs) < 2*minClauseRunes+1 || len(a.Tokens) < 2 {
		return Clause{}, Clause{}, false
	}
	classify := func(start, end int) []IntentScore {
		ents := entitiesIn(a.Entities, start, end)
		text := cat.classText(rs, start, end, ents)
		return e.model.predict(e.features(text, e.seg.cut(text, nil), ents, feats[:0]), scratch)
	}
	// Candidate cut points are token boundaries, at most maxSplitTries of them.
	var cuts []int
	pos := 0
	for _, tok := range a.Tokens[:len(a.Tokens)-1] {
		pos += len([]rune(tok))
		if pos >= minClauseRunes && len(rs)-pos >= minClauseRunes && pos < len(rs) {
			cuts = append(cuts, pos)
		}
	}
	if pos+len([]rune(a.Tokens[len(a.Tokens)-1])) != len(rs) {
		return Clause{}, Clause{}, false // tokens dropped spaces: offsets would not line up
	}
	if len(cuts) > maxSplitTries {
		step := float64(len(cuts)) / maxSplitTries
		var sampled []int
		for k := 0; k < maxSplitTries; k++ {
			sampled = append(sampled, cuts[int(float64(k)*step)])
		}
		cuts = sampled
	}
	bestCut, bestScore := -1, splitConfidence
	var bestL, bestR []IntentScore
	for _, c := range cuts {
		if e.isFiller(string(rs[:c])) || e.isFiller(string(rs[c:])) || objectCut(rs, c) || frameCut(rs, c) || entityCut(a.Entities, c) {
			continue
		}
		l, r := classify(0, c), classify(c, len(rs))
		if l[0].Name == r[0].Name {
			continue
		}
		if s := min(l[0].Confidence, r[0].Confidence); s > bestScore {
			bestCut, bestScore, bestL, bestR = c, s, l, r
		}
	}
	if bestCut < 0 {
		return Clause{}, Clause{}, false
	}
	lb, la := e.decide(bestL)
	rb, ra := e.decide(bestR)
	return makeClause(rs, 0, bestCut, a, lb, la), makeClause(rs, bestCut, len(rs), a, rb, ra), true
}

// objectCut reports whether cutting rs at c would part a verb or 的 from the 什么-phrase
// that is its object ("扣子用的|什么材料", "面料是|什么"), or cut that phrase itself: the
// right half is then no clause of its own, and the left half alone is read as something
// else (扣子 → a complaint). A question of time ("…的|什么时候发") still starts a clause.
func objectCut(rs []rune, c int) bool {
	left, right := string(rs[:c]), string(rs[c:])
	if strings.HasPrefix(right, "什么时候") || strings.HasPrefix(right, "什么时间") {
		return false
	}
	if strings.HasPrefix(right, "什么") {
		return c > 0 && strings.ContainsRune(objectTakers, rs[c-1])
	}
	// Inside the phrase: "扣子用的什么|材料".
	return c >= 3 && strings.HasSuffix(left, "什么") && strings.ContainsRune(objectTakers, rs[c-3]) &&
		!strings.ContainsRune("吗呢啊呀吧", rs[c])
}

// frameCut reports whether cutting rs at c would leave an A-not-A question
// frame ("有没有", "能不能") at the end of the left half, parted from what it
// asks about: "有没有|便宜点的" is one question (is there a cheaper one), not
// a stock question and a price haggle.
func frameCut(rs []rune, c int) bool {
	left := string(rs[:c])
	for _, f := range questionFrames {
		if strings.HasSuffix(left, f) {
			return true
		}
	}
	return false
}

// entityCut reports whether c falls inside an entity: a spec the segmenter
// does not know ("有四人|位吗") is one thing, whatever the tokens say.
func entityCut(ents []Entity, c int) bool {
	for _, en := range ents {
		if en.Start < c && c < en.End {
			return true
		}
	}
	return false
}

// questionFrames are the A-not-A frames that take the rest of the sentence
// as their object.
var questionFrames = []string{"有没有", "有木有", "是不是", "能不能", "可不可以", "会不会", "要不要", "用不用", "需不需要"}

// objectTakers are the characters a 什么-object follows: 的 (用的什么), 是 (是什么), and
// the verbs 用 and 叫.
const objectTakers = "的是用叫"

func makeClause(rs []rune, start, end int, a Analysis, best IntentScore, alts []IntentScore) Clause {
	return Clause{
		Text:         string(rs[start:end]),
		Start:        start,
		End:          end,
		Intent:       best.Name,
		Confidence:   best.Confidence,
		Alternatives: alts,
		Entities:     entitiesIn(a.Entities, start, end),
	}
}

func entitiesIn(all []Entity, start, end int) []Entity {
	out := []Entity{}
	for _, en := range all {
		if en.Start >= start && en.End <= end {
			out = append(out, en)
		}
	}
	return out
}
