package kb

import (
	_ "embed"
	"strings"
)

//go:embed lexicon/requires.txt
var defaultRequires string

// A requiredConcept is something a question asks about that a passage
// answers only by speaking of it (lexicon/requires.txt): whether a part is
// sold on its own, a trade-in, a custom order. Lexical coverage cannot see
// the gap: the rest of the question ("耳塞", "硅胶") matches the passage on
// the part, and the words of the concept are few.
type requiredConcept struct {
	asks, states []string
}

// parseRequires reads required concepts, one per line: the question's
// words, "=>", the passage's words, each normalised by norm.
func parseRequires(text string, norm func(string) string) []requiredConcept {
	var out []requiredConcept
	for _, line := range strings.Split(text, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		q, p, ok := strings.Cut(line, "=>")
		if !ok {
			continue
		}
		var c requiredConcept
		for _, w := range strings.Fields(q) {
			c.asks = append(c.asks, norm(w))
		}
		for _, w := range strings.Fields(p) {
			c.states = append(c.states, norm(w))
		}
		if len(c.asks) > 0 && len(c.states) > 0 {
			out = append(out, c)
		}
	}
	return out
}

// asked lists the concepts a normalised question asks about.
func asked(cs []requiredConcept, q string) []requiredConcept {
	var out []requiredConcept
	for _, c := range cs {
		if containsAnyOf(q, c.asks) {
			out = append(out, c)
		}
	}
	return out
}

// conceptMissing reports whether a normalised passage leaves out a concept
// the question asks about.
func conceptMissing(asked []requiredConcept, passage string) bool {
	for _, c := range asked {
		if !containsAnyOf(passage, c.states) {
			return true
		}
	}
	return false
}

func containsAnyOf(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// conceptMissingFactor scales the confidence of a passage that leaves out a
// concept the question asks about (Hit.ConceptMissing), as an amount
// missing does.
const conceptMissingFactor = 0.3
