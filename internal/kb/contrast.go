package kb

import (
	_ "embed"
	"strings"
)

//go:embed lexicon/contrast.txt
var defaultContrast string

// contrastSets are groups of alternatives that name different situations of
// one kind (lexicon/contrast.txt): an alternative is a list of words that
// name it.
type contrastSets [][][]string

// parseContrast reads contrast groups: one per line, alternatives separated
// by '|', an alternative's words by spaces, normalised by norm.
func parseContrast(text string, norm func(string) string) contrastSets {
	var out contrastSets
	for _, line := range strings.Split(text, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		var group [][]string
		for _, alt := range strings.Split(line, "|") {
			var words []string
			for _, w := range strings.Fields(alt) {
				words = append(words, norm(w))
			}
			if len(words) > 0 {
				group = append(group, words)
			}
		}
		if len(group) > 1 {
			out = append(out, group[:min(len(group), 64)]) // a bit set per group (contrastMention)
		}
	}
	return out
}

// contrastMention is the alternatives of one contrast group a text names,
// as a bit set over the group's alternatives.
type contrastMention struct {
	group int
	alts  uint64
}

// mentions lists, for each group text names an alternative of, which ones.
func (cs contrastSets) mentions(text string) []contrastMention {
	var out []contrastMention
	for g, group := range cs {
		if alts := named(group, text); alts != 0 {
			out = append(out, contrastMention{g, alts})
		}
	}
	return out
}

// named is the bit set of the alternatives of group that text names.
func named(group [][]string, text string) uint64 {
	var alts uint64
	for a, words := range group {
		for _, w := range words {
			if strings.Contains(text, w) {
				alts |= 1 << a
				break
			}
		}
	}
	return alts
}

// otherAlternative reports whether a passage speaks of another alternative
// than the question in a contrast group and not of the question's own: a
// passage about flying ("可以随身携带登机") for "充电宝能带上高铁吗". The
// passage's text, heading and title count, normalised like the question.
func (cs contrastSets) otherAlternative(asked []contrastMention, passage string) bool {
	for _, m := range asked {
		if in := named(cs[m.group], passage); in != 0 && in&m.alts == 0 {
			return true
		}
	}
	return false
}

// otherAlternativeFactor scales the confidence of a passage about another
// alternative than the question's (Hit.OtherAlternative).
const otherAlternativeFactor = 0.3
