package kb

import (
	_ "embed"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:embed lexicon/generic.txt
var defaultGenericWords string

// isQuantity reports whether a question word is a number or a numeral with a
// classifier ("一次", "几套", "一米", "100"): an amount the shopper asks
// about or states, which passages write in their own way ("160-165", "3次").
func isQuantity(w string) bool {
	first := true
	for i, r := range w {
		num := r >= '0' && r <= '9' || strings.ContainsRune("零一二两三四五六七八九十百千万几半多每", r)
		switch {
		case num:
		case first:
			return false
		case isLatinUnit(w[i:]):
			return true // "243mm", "5l"
		default:
			// A classifier after a numeral: only the numeral decides.
			return utf8.RuneCountInString(w) <= 2
		}
		first = false
	}
	return true
}

// isUnitAfterNumber reports whether w, a word starting at byte start of s,
// is a Latin unit written right after a number ("243mm", "5L", "74Wh"): part
// of an amount, which passages state in their own units.
func isUnitAfterNumber(s string, start int, w string) bool {
	return start > 0 && s[start-1] >= '0' && s[start-1] <= '9' && isLatinUnit(w)
}

// isLatinUnit reports whether w is a short run of Latin letters, as units
// are ("mm", "kg", "mAh").
func isLatinUnit(w string) bool {
	if w == "" || len(w) > 3 {
		return false
	}
	for _, r := range w {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// focusUnit is one of the question's focus words: a content word that is
// neither a stop word, generic vocabulary nor a quantity. Adjacent
// one-character words are joined when the knowledge base contains the
// bigram across them ("洗 碗 机" → 洗碗机): the segmenter cuts words it does
// not know into characters, and the index knows the word from its bigrams.
type focusUnit struct {
	start, end int
	spec       float64 // specificity: idf in units of an unseen word's idf, 0..1
	groups     []int   // lexicon groups of words overlapping the unit
	unseen     bool    // a character of the unit occurs in no chunk
}

// focusUnitsLocked picks the focus units of a normalised question from its
// content-word spans. Callers hold ix.mu (read).
func (ix *Index) focusUnitsLocked(norm string, words []span) []focusUnit {
	var out []focusUnit
	single := false // the last unit is made of one-character words
	for _, sp := range words {
		w := norm[sp.start:sp.end]
		if ix.generic.words[w] || isQuantity(w) || isUnitAfterNumber(norm, sp.start, w) {
			single = false
			continue
		}
		one := utf8.RuneCountInString(w) == 1
		if n := len(out); one && single && out[n-1].end == sp.start &&
			(ix.hasBigramAt(norm, sp.start) || !ix.seen(norm[out[n-1].start:out[n-1].end]) && !ix.seen(w)) {
			out[n-1].end = sp.end
			continue
		}
		single = one
		if slices.ContainsFunc(out, func(u focusUnit) bool { return norm[u.start:u.end] == w }) {
			continue // a repeated word counts once
		}
		out = append(out, focusUnit{start: sp.start, end: sp.end})
	}
	n := max(float64(ix.live), evidenceMinChunks)
	idf := func(df float64) float64 { return math.Log(1 + (n-df+0.5)/(df+0.5)) }
	for i := range out {
		w := norm[out[i].start:out[i].end]
		out[i].spec = idf(ix.unitDF(w)) / idf(0)
		out[i].unseen = !ix.seen(w)
	}
	return out
}

// unitDF estimates the number of chunks containing text w: its word term's
// df, or, for a word the analyzer never produced, the smallest df of its
// bigrams (0 when one never occurs). A one-character word uses its
// character's df.
func (ix *Index) unitDF(w string) float64 {
	if df := ix.wordDF(w); df > 0 {
		return df
	}
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return float64(ix.charDF[r])
	}
	bgs := appendBigrams(nil, w)
	df := math.Inf(1)
	for _, bg := range bgs {
		d := 0.0
		if t, ok := ix.dict[ix.bigramKey(bg)]; ok {
			d = float64(ix.df[t])
		}
		df = min(df, d)
	}
	if math.IsInf(df, 1) {
		return 0
	}
	return df
}

// focusCredit measures how well matched spans cover the focus units: the
// specificity-weighted share covered, the specificity of the most specific
// unit left uncovered, and each unit's credit (for the checks of named.go). A unit counts as covered when matched terms
// cover it whole, in proportion to the characters covered by terms of two
// or more characters when only part of it is ("丢洗碗机": 洗碗机), and at the
// synonym weight when a lexicon alternative matched.
func (ix *Index) focusCredit(norm string, units []focusUnit, matched []span, groupHit map[int]bool) (share, miss float64, unseen bool, credits []float64) {
	var num, den float64
	for _, u := range units {
		covered := 0
		for i := u.start; i < u.end; {
			_, size := utf8.DecodeRuneInString(norm[i:])
			in := false
			for _, sp := range matched {
				if sp.start <= i && i+size <= sp.end && (sp.end-sp.start > size || u.end-u.start == size) {
					in = true
					break
				}
			}
			if in {
				covered += size
			}
			i += size
		}
		credit := float64(covered) / float64(u.end-u.start)
		for _, g := range u.groups {
			if groupHit[g] {
				credit = max(credit, ix.opts.SynonymWeight)
			}
		}
		credits = append(credits, credit)
		num += credit * u.spec
		den += u.spec
		if credit < 0.5 {
			miss = max(miss, u.spec)
			unseen = unseen || u.unseen
		}
	}
	if den == 0 {
		return 1, miss, unseen, credits
	}
	return num / den, miss, unseen, credits
}

// bigramKey is the index term of a character bigram.
func (ix *Index) bigramKey(bg string) string {
	if ix.basic() {
		return bg
	}
	return bigramPrefix + bg
}

// hasBigramAt reports whether a live chunk contains the bigram of the
// character before byte offset i of s and the one at i.
func (ix *Index) hasBigramAt(s string, i int) bool {
	_, prev := utf8.DecodeLastRuneInString(s[:i])
	_, next := utf8.DecodeRuneInString(s[i:])
	t, ok := ix.dict[ix.bigramKey(s[i-prev:i+next])]
	return ok && ix.df[t] > 0
}

// seen reports whether every Han character of w occurs in some chunk, and,
// for a word without Han characters ("SPF", "wifi"), whether some chunk
// holds the word itself: its letters occur everywhere ("Type-C", "3C").
func (ix *Index) seen(w string) bool {
	han := false
	for _, r := range w {
		if isHan(r) {
			han = true
			if ix.charDF[r] == 0 {
				return false
			}
		}
	}
	if han || !strings.ContainsFunc(w, unicode.IsLetter) {
		return true
	}
	t, ok := ix.dict[w]
	return ok && ix.df[t] > 0
}

// suffixWord is a question word made of a noun and the nominal suffix 子 or
// 儿 ("裙子", "鞋子", "味儿"), with the index's words that end in that noun
// ("连衣裙", "跑鞋", "异味"). Chinese compounds put the head last, so a
// passage about the 连衣裙 speaks of the 裙子 the shopper means.
type suffixWord struct {
	span
	compounds []uint32 // word term ids
}

// notNounHeads are characters that form X子/X儿 words which are not a noun
// with its suffix: classifiers and deictics (一点儿, 一下子, 这会儿, 一块儿,
// 个子, 样子), whose first character ends countless unrelated words (特点,
// 一个, 同样).
const notNounHeads = "点下会块个样些阵门这那哪一"

// suffixWords finds the suffix words among a question's content words.
// Callers hold ix.mu (read).
func (ix *Index) suffixWords(norm string, words []span) []suffixWord {
	var out []suffixWord
	for _, sp := range words {
		w := norm[sp.start:sp.end]
		head, size := utf8.DecodeRuneInString(w)
		suffix, size2 := utf8.DecodeRuneInString(w[size:])
		if size+size2 != len(w) || !isHan(head) || suffix != '子' && suffix != '儿' ||
			strings.ContainsRune(notNounHeads, head) || ix.stop.words[string(head)] {
			continue
		}
		self, known := ix.dict[w]
		var ids []uint32
		for _, t := range ix.heads[head] {
			if (!known || t != self) && ix.df[t] > 0 {
				ids = append(ids, t)
			}
		}
		if len(ids) > 0 {
			out = append(out, suffixWord{span: sp, compounds: ids})
		}
	}
	return out
}

// noteHead records a new word term under its last character when the word
// has two or more characters and ends in a Han character (suffixWords).
// Callers hold ix.mu.
func (ix *Index) noteHead(key string, t uint32) {
	if ix.basic() || strings.HasPrefix(key, bigramPrefix) || utf8.RuneCountInString(key) < 2 {
		return // the basic analyzer's words are bigrams, not words with a head
	}
	last, _ := utf8.DecodeLastRuneInString(key)
	if isHan(last) {
		ix.heads[last] = append(ix.heads[last], t)
	}
}
