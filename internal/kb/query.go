package kb

import (
	_ "embed"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

//go:embed lexicon/stopwords.txt
var defaultStopWords string

// stopList holds the words that carry no topic in a shopper's question
// (particles, pronouns, interrogatives: 吗, 我, 怎么, 多久). They still rank
// (BM25 gives them little weight anyway) but do not count in a passage's
// coverage of the question: documents rarely contain "吗" or "咋办", and a
// question should not look unanswered because of them.
type stopList struct {
	words  map[string]bool
	maxLen int
}

// defaultStopList parses lexicon/stopwords.txt, normalising each word with
// norm (the index's analyzer), so stop words match normalised questions.
func defaultStopList(norm func(string) string) *stopList {
	return parseWordList(defaultStopWords, norm)
}

// parseWordList reads a whitespace-separated word list ('#' starts a
// comment), normalising each word with norm.
func parseWordList(text string, norm func(string) string) *stopList {
	s := &stopList{words: map[string]bool{}}
	for _, line := range strings.Split(text, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		for _, w := range strings.Fields(line) {
			w = norm(w)
			s.words[w] = true
			s.maxLen = max(s.maxLen, len(w))
		}
	}
	return s
}

// mark returns, for each byte offset of s, whether it lies in a stop word.
func (sl *stopList) mark(s string) []bool {
	out := make([]bool, len(s))
	for i := 0; i < len(s); i++ {
		if !utf8.RuneStart(s[i]) {
			continue
		}
		for j := min(len(s), i+sl.maxLen); j > i; j-- {
			if sl.words[s[i:j]] {
				for k := i; k < j; k++ {
					out[k] = true
				}
				break
			}
		}
	}
	return out
}

type span struct{ start, end int }

// qterm is one weighted term of an analysed query.
type qterm struct {
	key    string
	id     int64   // term id, -1 if not in the dictionary
	weight float64 // source weight (word/bigram) × synonym weight
	idf    float64
	orig   bool   // from the shopper's own words (not a lexicon expansion)
	spans  []span // where an original term occurs in the normalised query
}

// qunit is a unit of the question's information: a Han character or a
// Latin/digit word, weighted by its rarity in the index.
type qunit struct {
	start, end int
	weight     float64
	df         float64 // chunks containing the unit (words only)
	groups     []int   // lexicon groups whose matched member covers the unit
}

// analysedQuery is a question ready to rank and to measure coverage.
type analysedQuery struct {
	norm  string
	terms []qterm
	units []qunit
	words []qunit // the analyzer's content words (not stop words)
	focus []focusUnit
	alts  []altMember
	heads []suffixWord
	// asksAmount: the question asks for a time, duration or measure.
	asksAmount bool
	// asksMoney: the amount asked for is a sum of money.
	asksMoney bool
	// cats: the product categories the question names, or those of the
	// product in view when it names none (catsInView; category.go).
	cats       []string
	catsInView bool
	// contrast: the alternatives of contrast groups the question names.
	contrast []contrastMention
	// requires: the required concepts the question asks about.
	requires []requiredConcept
	// named: what the question names that a passage must name too
	// (named.go).
	named []namedThing
}

// altMember is a lexicon alternative of a word of the question ("耐磨" for
// "耐刮"). Its group counts as matched in a chunk only when every term in
// need occurs there: the member's bigrams (its words when it has none). A
// single shared piece is not the alternative: "线下店" is not in a chunk
// because "店" is, and "樽领" is not because "领" is.
type altMember struct {
	group int
	need  []int // indices into analysedQuery.terms
}

// analyseQuery turns a question into weighted terms and information units.
// Callers hold ix.mu (read).
func (ix *Index) analyseQuery(query string) *analysedQuery {
	norm := ix.an.Normalize(query)
	aq := &analysedQuery{norm: norm, asksAmount: asksAmount(norm), asksMoney: asksMoney(norm), cats: ix.categories(norm), contrast: ix.contrast.mentions(norm), requires: asked(ix.requires, norm)}
	byKey := map[string]int{}
	// add merges a term into aq.terms and returns its index.
	add := func(key string, w float64, orig bool, sp span) int {
		i, ok := byKey[key]
		if !ok {
			i = len(aq.terms)
			byKey[key] = i
			aq.terms = append(aq.terms, qterm{key: key, id: -1})
		}
		q := &aq.terms[i]
		q.weight = max(q.weight, w)
		if orig {
			q.orig = true
			q.spans = append(q.spans, sp)
		}
		return i
	}
	stop := ix.stopMask(norm)
	basic := ix.basic()
	var wordSpans []span
	ix.queryTerms(norm, 1, func(key string, w float64, start, end int) {
		// The basic analyzer's words are bigrams too.
		bigram := basic || strings.HasPrefix(key, bigramPrefix)
		if isStopSpan(stop, start, end, bigram) {
			w *= stopTermWeight
		} else if !strings.HasPrefix(key, bigramPrefix) {
			wordSpans = append(wordSpans, span{start, end})
		}
		add(key, w, true, span{start, end})
	})
	matches := ix.lex.find(norm)
	if !basic {
		aq.focus = ix.focusUnitsLocked(norm, wordSpans)
		aq.named = ix.namedThings(norm, wordSpans)
		withGroups := func(f *focusUnit) {
			for _, m := range matches {
				if m.start < f.end && f.start < m.end && !slices.Contains(f.groups, m.group) {
					f.groups = append(f.groups, m.group)
				}
			}
		}
		for i := range aq.focus {
			withGroups(&aq.focus[i])
		}
		for _, t := range aq.named {
			for i := range t.alts {
				withGroups(&t.alts[i])
			}
		}
	}
	if ix.opts.SynonymWeight > 0 {
		done := map[int]bool{}
		for _, m := range matches {
			if done[m.group] {
				continue
			}
			done[m.group] = true
			for _, syn := range ix.lex.groups[m.group] {
				if strings.Contains(norm, syn) {
					continue
				}
				var words, bigrams []int
				ix.queryTerms(syn, ix.opts.SynonymWeight, func(key string, w float64, _, _ int) {
					i := add(key, w, false, span{})
					if strings.HasPrefix(key, bigramPrefix) {
						bigrams = append(bigrams, i)
					} else {
						words = append(words, i)
					}
				})
				need := bigrams
				if len(need) == 0 {
					need = words
				}
				if len(need) > 0 {
					aq.alts = append(aq.alts, altMember{group: m.group, need: need})
				}
			}
		}
	}
	if !basic {
		aq.heads = ix.suffixWords(norm, wordSpans)
	}
	n := float64(ix.live)
	idf := func(df float64) float64 { return math.Log(1 + (n-df+0.5)/(df+0.5)) }
	for i := range aq.terms {
		q := &aq.terms[i]
		df := 0.0
		if t, ok := ix.dict[q.key]; ok {
			q.id = int64(t)
			df = float64(ix.df[t])
		}
		q.idf = idf(df)
	}
	var genSpans []span
	addUnit := func(start, end int, df float64) {
		if stop[start] {
			return
		}
		u := qunit{start: start, end: end, weight: idf(df)}
		for _, g := range genSpans {
			if g.start <= start && end <= g.end {
				u.weight *= genericWeight
			}
		}
		for _, m := range matches {
			if m.start <= start && end <= m.end && !slices.Contains(u.groups, m.group) {
				u.groups = append(u.groups, m.group)
			}
		}
		aq.units = append(aq.units, u)
	}
	for _, sp := range wordSpans {
		df := ix.wordDF(norm[sp.start:sp.end])
		u := qunit{start: sp.start, end: sp.end, weight: idf(df), df: df}
		if !basic && ix.generic.words[norm[sp.start:sp.end]] {
			u.weight *= genericWeight
			genSpans = append(genSpans, sp)
		}
		for _, m := range matches {
			if m.start < sp.end && sp.start < m.end && !slices.Contains(u.groups, m.group) {
				u.groups = append(u.groups, m.group)
			}
		}
		aq.words = append(aq.words, u)
	}
	off := 0
	forEachRun(norm, func(run string, han bool) {
		start := strings.Index(norm[off:], run) + off
		off = start + len(run)
		if !han {
			addUnit(start, start+len(run), ix.wordDF(run))
			return
		}
		for i, r := range run {
			addUnit(start+i, start+i+utf8.RuneLen(r), float64(ix.charDF[r]))
		}
	})
	return aq
}

// genericWeight scales the coverage weight of a question's generic words
// (lexicon/generic.txt: "寄", "适合", "一般"), words a passage need not
// repeat to answer ("寄新疆运费多少钱" is answered by "新疆……收20元运费").
// Chosen on the pooled tuning sets, leaving each set out in turn: 0.4–0.75
// all raised the left-out balanced accuracy (mean 0.824 → 0.831), 0.25 and
// below lowered it.
const genericWeight = 0.5

// stopTermWeight scales the ranking weight of a question's stop words and of
// the bigrams that touch one ("洗吗", "会不"): they are frequent in shoppers'
// questions and rare in documents, so their idf is high and, at full weight,
// they let passages that happen to contain "吗" or "不会" outrank the topic.
const stopTermWeight = 0.15

// stopMask marks the bytes of normalised question s that lie in a stop word.
// A stop word inside a longer word of the analyzer ("能" in "功能") is not one.
func (ix *Index) stopMask(s string) []bool {
	mask := ix.stop.mark(s)
	if ix.basic() {
		return mask
	}
	from := 0
	for _, tok := range ix.an.Segment(s) {
		start := strings.Index(s[from:], tok)
		if start < 0 {
			continue
		}
		start += from
		from = start + len(tok)
		if utf8.RuneCountInString(tok) < 2 || ix.stop.words[tok] {
			continue
		}
		for i := start; i < from; i++ {
			mask[i] = false
		}
	}
	return mask
}

// isStopSpan reports whether a query term at s[start:end] is a stop term: a
// word all of whose bytes are stop, or a bigram with any stop character.
func isStopSpan(mask []bool, start, end int, bigram bool) bool {
	if start >= end || end > len(mask) {
		return false
	}
	for i := start; i < end; i++ {
		if mask[i] == bigram {
			return bigram
		}
	}
	return !bigram
}

// queryTerms emits the word and bigram terms of normalised text s with their
// byte spans in s.
func (ix *Index) queryTerms(s string, w float64, emit func(key string, w float64, start, end int)) {
	if ix.opts.WordWeight > 0 {
		from := 0
		for _, tok := range ix.an.Segment(s) {
			if !isToken(tok) {
				continue
			}
			start := strings.Index(s[from:], tok)
			if start >= 0 {
				start += from
				from = start
			} else if start = strings.Index(s, tok); start < 0 {
				continue // the analyzer rewrote the token; it cannot cover a span
			}
			emit(tok, w*ix.opts.WordWeight, start, start+len(tok))
		}
	}
	if ix.opts.BigramWeight > 0 {
		off := 0
		forEachRun(s, func(run string, han bool) {
			start := strings.Index(s[off:], run) + off
			off = start + len(run)
			if !han || utf8.RuneCountInString(run) < 2 {
				return
			}
			prevSize := 0
			for i, r := range run {
				size := utf8.RuneLen(r)
				if i > 0 {
					bs := start + i - prevSize
					emit(bigramPrefix+s[bs:start+i+size], w*ix.opts.BigramWeight, bs, start+i+size)
				}
				prevSize = size
			}
		})
	}
}

// coverageLocked measures how much of the question chunk c covers, in two
// ways. charCov counts each unit (Han character or Latin word, weighted by
// its idf) as covered when a term of the shopper's containing it occurs in
// the chunk, and at the synonym weight when a lexicon alternative of the word
// it belongs to occurs instead ("耐刮" answered by "耐磨"). wordCov does the
// same over the analyzer's content words, weighted by the word's idf, so a
// rare word of the question ("乌鲁木齐", "天气") missing from the chunk
// weighs as a whole, not as characters that happen to occur elsewhere
// ("天" in "天内"). Stop words count in neither; generic words count at
// genericWeight.
func (ix *Index) coverageLocked(aq *analysedQuery, c *chunk) (charCov, wordCov, evidence, focus, miss float64, unseen bool, unnamedThing string) {
	has := func(q qterm) bool {
		if q.id < 0 {
			return false
		}
		_, ok := slices.BinarySearchFunc(c.terms, uint32(q.id), func(t termFreq, id uint32) int { return int(t.term) - int(id) })
		return ok
	}
	var matched []span
	present := make([]bool, len(aq.terms))
	for i, q := range aq.terms {
		if present[i] = has(q); present[i] && q.orig {
			matched = append(matched, q.spans...)
		}
	}
	for _, hw := range aq.heads {
		if slices.ContainsFunc(hw.compounds, func(t uint32) bool { return has(qterm{id: int64(t)}) }) {
			matched = append(matched, hw.span)
		}
	}
	groupHit := map[int]bool{}
	for _, a := range aq.alts {
		if !groupHit[a.group] && !slices.ContainsFunc(a.need, func(i int) bool { return !present[i] }) {
			groupHit[a.group] = true
		}
	}
	measure := func(units []qunit) float64 {
		var num, den float64
		for _, u := range units {
			den += u.weight
			num += ix.unitCredit(u, matched, groupHit) * u.weight
		}
		if den == 0 {
			return 0
		}
		return num / den
	}
	// Evidence weighs each matched word by its idf relative to that of a
	// word no chunk contains, computed as if the index held at least
	// evidenceMinChunks chunks: in a knowledge base of a few documents every
	// word occurs in a large share of the chunks, which says nothing about
	// how distinctive it is.
	n := max(float64(ix.live), evidenceMinChunks)
	idf := func(df float64) float64 { return math.Log(1 + (n-df+0.5)/(df+0.5)) }
	for _, u := range aq.words {
		evidence += ix.unitCredit(u, matched, groupHit) * idf(u.df) / idf(0)
	}
	focus, miss, unseen, _ = ix.focusCredit(aq.norm, aq.focus, matched, groupHit)
	if len(aq.named) > 0 {
		unnamedThing = ix.unnamed(aq, c, matched, groupHit)
	}
	return measure(aq.units), measure(aq.words), evidence, focus, miss, unseen, unnamedThing
}

// evidenceMinChunks is the smallest index size assumed when weighing
// evidence (see coverageLocked).
const evidenceMinChunks = 100

// unitCredit is 1 when matched spans cover unit u entirely, the synonym
// weight when a lexicon group of u matched, else 0.
func (ix *Index) unitCredit(u qunit, matched []span, groupHit map[int]bool) float64 {
	for _, sp := range matched {
		if sp.start <= u.start && u.end <= sp.end {
			return 1
		}
	}
	// A word is also covered when bigrams of the chunk cover all of it
	// (the segmenter cut the document differently).
	if u.end-u.start > 3 {
		covered := u.start
		for covered < u.end {
			next := covered
			for _, sp := range matched {
				if sp.start <= covered && sp.end > next {
					next = sp.end
				}
			}
			if next == covered {
				break
			}
			covered = next
		}
		if covered >= u.end {
			return 1
		}
	}
	for _, g := range u.groups {
		if groupHit[g] {
			return ix.opts.SynonymWeight
		}
	}
	return 0
}

// distinctHan returns the distinct Han characters of s.
func distinctHan(s string) []rune {
	var out []rune
	seen := map[rune]bool{}
	for _, r := range s {
		if isHan(r) && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return slices.Clip(out)
}

// wordDF is the number of chunks whose own text holds word w, the rarity
// the coverage measures weigh a question's words by. A chunk's title and
// heading are indexed with every chunk of the section, so a word of a
// product's name ("无线" in "真无线蓝牙耳机") would otherwise look common
// in the whole page and weigh little when a passage leaves it out. The
// basic analyzer's words are bigrams, for which body-only counts measured
// worse (pooled tuning sets: correct "no answer" 0.761 → 0.710), so it keeps
// the full count.
func (ix *Index) wordDF(w string) float64 {
	t, ok := ix.dict[w]
	switch {
	case !ok:
		return 0
	case ix.basic():
		return float64(ix.df[t])
	}
	return float64(ix.bodyDF[t])
}
