package kb

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// namedThing is something a question names that only a passage naming it
// too can answer, however well the passage covers the rest of the
// question (Hit.Unnamed):
//
//   - the other half of a pairing: "精华能和A醇一起用吗" is not answered by
//     "先精华，再面霜";
//   - what a count is of: "一次能放几个鸡翅" is not answered by "一次放一整只
//     三黄鸡", which counts something else;
//   - what a thing would be used as: "面霜能当眼霜用吗" is not answered by
//     "避开眼周，然后用面霜锁水";
//   - what a question asks can still be done after something: "开了发票之后
//     还能退货吗" is not answered by a passage on invoices that never
//     speaks of returns;
//   - the alternatives of a choice: "长袖还是短袖" is not answered by a
//     passage naming neither, however it matches 短 in 短靴.
//
// Each alternative is a stretch of the question (namedCredit measures how
// much of it a passage names): a word, or a one-character word with its
// neighbour, since the segmenter cuts a word it does not know into
// characters ("短袖" → 短 袖) and one of them alone is not the word. A
// choice's side must be named in full: a passage saying 羊绒 does not say
// whether it is 山羊绒.
type namedThing struct {
	what string      // what the explanation says is missing
	alts []focusUnit // named when one of them is covered
	need float64     // the credit (namedCredit) that counts as covered
}

// namedThings finds what a normalised question names that a passage must
// name too. words are its content words' spans (not stop words).
func (ix *Index) namedThings(norm string, words []span) []namedThing {
	var ws []span
	for _, w := range words {
		t := norm[w.start:w.end]
		if !ix.generic.words[t] && !isQuantity(t) && !slices.Contains(ws, w) {
			ws = append(ws, w)
		}
	}
	slices.SortFunc(ws, func(a, b span) int { return a.start - b.start })
	var out []namedThing
	one := func(what string, sp span) {
		out = append(out, namedThing{what: what, alts: []focusUnit{{start: sp.start, end: sp.end}}, need: 0.5})
	}
	for _, conj := range []string{"和", "跟", "与", "搭配", "配合"} {
		if sp, ok := sideAfter(norm, conj, ws, true, nil); ok && sp.start > ws[0].start {
			one("what the question pairs it with", sp)
			break
		}
	}
	for _, num := range []string{"几", "多少"} {
		if sp, ok := countedSide(norm, num, ws); ok {
			one("what the question counts", sp)
			break
		}
	}
	for _, as := range []string{"当作", "当成", "当"} {
		if sp, ok := sideAfter(norm, as, ws, true, usedAs); ok {
			one("what the question would use it as", sp)
			break
		}
	}
	for _, still := range []string{"还能", "还可以", "还可"} {
		// The verb alone: "还能上烟酰胺吗" asks whether it can still be
		// applied, and 上 joined with 烟 is no word.
		if sp, ok := sideAfter(norm, still, ws, false, nil); ok {
			one("what the question asks can still be done", sp)
			break
		}
	}
	for off := 0; ; {
		i := strings.Index(norm[off:], "还是")
		if i < 0 {
			break
		}
		start := off + i
		off = start + len("还是")
		x, okx := side(norm, ws, start, -1, true, nil)
		y, oky := side(norm, ws, off, 1, true, nil)
		if okx && oky && !onAScale(norm[x.start:x.end], norm[y.start:y.end]) {
			out = append(out, namedThing{what: "either alternative the question offers", alts: []focusUnit{{start: x.start, end: x.end}, {start: y.start, end: y.end}}, need: 1})
		}
	}
	return out
}

// onAScale reports whether both sides of a choice lean one way on a scale
// ("偏黄还是偏白", "更大还是更小"): a passage placing the thing anywhere on
// it answers ("偏灰的燕麦白"), naming neither side.
func onAScale(x, y string) bool {
	for _, m := range []string{"偏", "更", "较", "比较"} {
		if strings.HasPrefix(x, m) && strings.HasPrefix(y, m) {
			return true
		}
	}
	return false
}

// usedAs reports whether the text after a stretch named after 当 ("当眼霜")
// is a verb of use, which makes 当 mean "as": "当眼霜用", "当被子盖".
func usedAs(rest string) bool {
	for _, v := range []string{"用", "使", "穿", "戴", "盖", "送", "垫", "来"} {
		if strings.HasPrefix(rest, v) {
			return true
		}
	}
	return false
}

// sideAfter returns the stretch of words (side) starting right after an
// occurrence of marker, when one is a content word there and, if follow is
// given, the text after the stretch satisfies it.
func sideAfter(norm, marker string, ws []span, join bool, follow func(rest string) bool) (span, bool) {
	for off := 0; ; {
		i := strings.Index(norm[off:], marker)
		if i < 0 || len(ws) == 0 {
			return span{}, false
		}
		off += i + len(marker)
		if sp, ok := side(norm, ws, off, 1, join, follow); ok {
			return sp, true
		}
	}
}

// countedSide finds what a count question counts: the stretch right after
// num (几, 多少) and a classifier ("几个鸡翅", "多少种颜色"). Units of time
// are durations, not things counted, and passages state them in their own
// units ("几个小时" is answered by "约90分钟").
func countedSide(norm, num string, ws []span) (span, bool) {
	for off := 0; ; {
		i := strings.Index(norm[off:], num)
		if i < 0 {
			return span{}, false
		}
		off += i + len(num)
		r, size := utf8.DecodeRuneInString(norm[off:])
		if !strings.ContainsRune(countClassifiers, r) {
			continue
		}
		if sp, ok := side(norm, ws, off+size, 1, true, nil); ok && !isTimeUnit(norm[sp.start:sp.end]) {
			return sp, true
		}
	}
}

// countClassifiers are the measure words a count question puts between
// 几/多少 and the thing counted.
const countClassifiers = "个只件双种款样片瓶盒包袋台套条张颗粒支根本把副"

// isTimeUnit reports whether w starts with a unit of time.
func isTimeUnit(w string) bool {
	for _, p := range []string{"小时", "钟头", "分钟", "天", "月", "年", "星期", "礼拜", "周", "工作日"} {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// side returns the stretch of content words next to byte offset at of norm:
// the word starting there (dir 1) or ending there (dir -1), joined (if
// join) with its neighbour in that direction when it is a single character
// and the neighbour is adjacent, unless follow rejects the text after the joined
// stretch and accepts the one after the word alone. false when no content
// word is next to at.
func side(norm string, ws []span, at, dir int, join bool, follow func(rest string) bool) (span, bool) {
	k := slices.IndexFunc(ws, func(w span) bool { return dir > 0 && w.start == at || dir < 0 && w.end == at })
	if k < 0 {
		return span{}, false
	}
	sp := ws[k]
	if join && utf8.RuneCountInString(norm[sp.start:sp.end]) == 1 {
		if n := k + dir; n >= 0 && n < len(ws) {
			joined := sp
			if dir > 0 && ws[n].start == sp.end {
				joined.end = ws[n].end
			} else if dir < 0 && ws[n].end == sp.start {
				joined.start = ws[n].start
			}
			if follow == nil || follow(norm[joined.end:]) || !follow(norm[sp.end:]) {
				sp = joined
			}
		}
	}
	if follow != nil && !follow(norm[sp.end:]) {
		return span{}, false
	}
	return sp, true
}

// unnamed returns what the first of the question's named things that
// chunk c does not name is; "" when it names them all. matched are the
// spans of the question's terms c contains, groupHit its lexicon groups
// c contains.
func (ix *Index) unnamed(aq *analysedQuery, c *chunk, matched []span, groupHit map[int]bool) string {
	for _, t := range aq.named {
		named := false
		for _, a := range t.alts {
			named = named || ix.namedCredit(aq.norm, a, c, matched, groupHit) >= t.need
		}
		if !named {
			return t.what
		}
	}
	return ""
}

// namedCredit measures how much of alternative a chunk c names: the share
// of its characters covered by matched terms of two or more characters
// lying within it (a term straddling its edge, "个鸡" for "几个鸡腿", says
// nothing of it), 1 when a matched term covers it whole, and at least the
// synonym weight when a lexicon alternative matched or the passage holds
// another member of its lexicon group, even one the question names too
// ("几个抱枕和靠垫" and "2个抱枕": groupHit leaves out the question's own
// words). A one-character alternative is named by a passage holding it in
// any word: "还能退吗" by "退款".
func (ix *Index) namedCredit(norm string, a focusUnit, c *chunk, matched []span, groupHit map[int]bool) float64 {
	w := norm[a.start:a.end]
	one := utf8.RuneCountInString(w) == 1
	if one && (strings.Contains(c.text, w) || strings.Contains(c.heading, w)) {
		return 1
	}
	var inside []span
	for _, sp := range matched {
		if sp.start <= a.start && a.end <= sp.end {
			return 1
		}
		if a.start <= sp.start && sp.end <= a.end && utf8.RuneCountInString(norm[sp.start:sp.end]) >= 2 {
			inside = append(inside, sp)
		}
	}
	covered, all := 0, 0
	for i := range w {
		all++
		at := a.start + i
		if slices.ContainsFunc(inside, func(sp span) bool { return sp.start <= at && at < sp.end }) {
			covered++
		}
	}
	credit := float64(covered) / float64(all)
	for _, g := range a.groups {
		if groupHit[g] || ix.lex.otherMemberIn(g, w, c.text) {
			credit = max(credit, ix.opts.SynonymWeight)
		}
	}
	return credit
}
