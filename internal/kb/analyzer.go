package kb

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Analyzer normalises and segments Chinese text. The understanding engine
// (*nlu.Engine) implements it; BasicAnalyzer is the dependency-free fallback.
type Analyzer interface {
	// Normalize folds width and case and canonicalises the text so that
	// equal questions compare equal.
	Normalize(s string) string
	// Segment splits normalised text into words.
	Segment(s string) []string
}

// BasicAnalyzer is the built-in Analyzer: it folds full-width forms to
// half-width and upper case to lower case, and segments Han text into
// overlapping character bigrams (single characters for one-character runs)
// and Latin/digit text into words. It needs no dictionary, so the knowledge
// base works and is testable without the understanding engine.
type BasicAnalyzer struct{}

// Normalize implements Analyzer.
func (BasicAnalyzer) Normalize(s string) string { return normalizeText(s) }

// Segment implements Analyzer.
func (BasicAnalyzer) Segment(s string) []string {
	var out []string
	forEachRun(s, func(run string, han bool) {
		if !han {
			out = append(out, run)
			return
		}
		out = appendBigrams(out, run)
	})
	return out
}

// normalizeText folds width (full-width ASCII and punctuation to half-width)
// and case. It keeps the text otherwise intact so offsets stay meaningful to
// a reader.
func normalizeText(s string) string {
	if s == "" {
		return s
	}
	s = width.Fold.String(s)
	return strings.ToLower(s)
}

// isHan reports whether r is a CJK ideograph.
func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// isWordRune reports whether r belongs to a Latin/digit word.
func isWordRune(r rune) bool {
	return r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') ||
		r >= utf8.RuneSelf && !isHan(r) && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// forEachRun calls fn for each maximal run of Han characters (han=true) and
// each Latin/digit word (han=false), skipping punctuation and space.
func forEachRun(s string, fn func(run string, han bool)) {
	start, kind := -1, 0 // kind: 1 han, 2 word
	flush := func(end int) {
		if start >= 0 {
			fn(s[start:end], kind == 1)
		}
		start, kind = -1, 0
	}
	for i, r := range s {
		k := 0
		switch {
		case isHan(r):
			k = 1
		case isWordRune(r) || (r == '.' && kind == 2 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9'):
			k = 2
		}
		if k != kind {
			flush(i)
			if k != 0 {
				start, kind = i, k
			}
		}
	}
	flush(len(s))
}

// appendBigrams appends the overlapping character bigrams of a Han run (the
// run itself when it is one character long).
func appendBigrams(out []string, run string) []string {
	prev := -1
	n := 0
	for i := range run {
		if prev >= 0 {
			_, size := utf8.DecodeRuneInString(run[i:])
			out = append(out, run[prev:i+size])
		}
		prev = i
		n++
	}
	if n == 1 {
		out = append(out, run)
	}
	return out
}

// basic reports whether the index runs on the built-in BasicAnalyzer (as a
// value or a pointer, like NewIndex accepts it), whose words are character
// bigrams: it has no focus words and indexes bigrams once.
func (ix *Index) basic() bool {
	switch ix.an.(type) {
	case BasicAnalyzer, *BasicAnalyzer:
		return true
	}
	return false
}
