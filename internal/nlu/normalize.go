package nlu

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// normalizer turns raw chat text into the canonical form every later stage works on:
// half-width lower-case ASCII, simplified characters, no emoji, collapsed punctuation and
// canonical words for colloquial forms, typos and pinyin abbreviations. All of its tables
// come from lexicon files.
type normalizer struct {
	t2s       map[rune]rune
	phrases   map[string]string // colloquial/typo form → canonical form
	maxPhrase int               // longest key of phrases, in runes
	abbrev    map[string]string // whole ASCII word → canonical form
	polite    map[string]bool   // marker → is a vocative (亲, 宝, 老板)
	maxPolite int
}

func newNormalizer(src lexiconSource) (*normalizer, error) {
	n := &normalizer{
		t2s:     map[rune]rune{},
		phrases: map[string]string{},
		abbrev:  map[string]string{},
		polite:  map[string]bool{},
	}
	rows, err := src.lines("t2s.txt")
	if err != nil {
		return nil, err
	}
	for i, f := range rows {
		if len(f) != 2 || utf8.RuneCountInString(f[0]) != utf8.RuneCountInString(f[1]) {
			return nil, fmt.Errorf("t2s.txt entry %d: want two strings of equal length", i+1)
		}
		to := []rune(f[1])
		for j, r := range []rune(f[0]) {
			if r != to[j] {
				n.t2s[r] = to[j]
			}
		}
	}
	if rows, err = src.lines("normalize.txt"); err != nil {
		return nil, err
	}
	for i, f := range rows {
		if len(f) < 2 {
			return nil, fmt.Errorf("normalize.txt entry %d: want \"from to\"", i+1)
		}
		// A key may contain spaces ("thank you"): everything but the last field is the key.
		from := n.fold(strings.Join(f[:len(f)-1], " "))
		n.phrases[from] = n.fold(f[len(f)-1])
		n.maxPhrase = max(n.maxPhrase, utf8.RuneCountInString(from))
	}
	if rows, err = src.lines("abbrev.txt"); err != nil {
		return nil, err
	}
	for i, f := range rows {
		if len(f) != 2 {
			return nil, fmt.Errorf("abbrev.txt entry %d: want \"abbreviation canonical\"", i+1)
		}
		n.abbrev[f[0]] = n.fold(f[1])
	}
	if rows, err = src.lines("polite.txt"); err != nil {
		return nil, err
	}
	for _, f := range rows {
		w := n.fold(f[0])
		n.polite[w] = len(f) > 1 && f[1] == "vocative"
		n.maxPolite = max(n.maxPolite, utf8.RuneCountInString(w))
	}
	return n, nil
}

// fold applies the character-level steps only (width, case, traditional → simplified).
func (n *normalizer) fold(s string) string {
	s = foldWidthCase(s)
	return strings.Map(func(r rune) rune {
		if t, ok := n.t2s[r]; ok {
			return t
		}
		return r
	}, s)
}

// foldWidthCase maps full-width ASCII and the ideographic space to half width, Chinese
// punctuation to its ASCII counterpart and letters to lower case.
func foldWidthCase(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000:
			return ' '
		}
		switch r {
		case '，':
			return ','
		case '？':
			return '?'
		case '！':
			return '!'
		case '：':
			return ':'
		case '；':
			return ';'
		case '（':
			return '('
		case '）':
			return ')'
		case '“', '”', '「', '」', '『', '』':
			return '"'
		case '‘', '’':
			return '\''
		case '～', '〜':
			return '~'
		case '…':
			return '.'
		case '—':
			return '-'
		case '￥':
			return '¥'
		}
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			return r
		}
		return unicode.ToLower(r)
	}, s)
}

// isEmoji reports whether r is a pictograph or a joiner/selector that only decorates one.
func isEmoji(r rune) bool {
	switch {
	case r >= 0x1F000 && r <= 0x1FAFF, r >= 0x2600 && r <= 0x27BF, r >= 0x2B00 && r <= 0x2BFF,
		r >= 0xFE00 && r <= 0xFE0F, r == 0x200D, r == 0x20E3, r >= 0xE0020 && r <= 0xE007F:
		return true
	}
	return unicode.Is(unicode.So, r) && r != '¥'
}

func isPunct(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsPunct(r) || unicode.IsSymbol(r)) || r == '。' || r == '、' || r == '¥'
}

func isASCIIAlnum(r rune) bool {
	return ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') || ('A' <= r && r <= 'Z')
}

// Normalize returns the canonical form of text; see normalizer.
func (n *normalizer) normalize(text string) string {
	s := n.fold(text)

	// Drop emoji and control characters, collapse runs of whitespace, repeated punctuation and
	// characters repeated more than twice (哈哈哈哈 → 哈哈, ??? → ?).
	var b strings.Builder
	b.Grow(len(s))
	var prev rune = -1
	run := 0
	for _, r := range s {
		if isEmoji(r) || unicode.IsControl(r) && r != '\n' || r == utf8.RuneError {
			continue
		}
		if unicode.IsSpace(r) {
			r = ' '
		}
		if r == prev {
			run++
			if r == ' ' || isPunct(r) || run >= 2 && !isASCIIAlnum(r) {
				continue
			}
		} else {
			run = 0
		}
		b.WriteRune(r)
		prev = r
	}
	s = strings.TrimSpace(b.String())

	s = n.replaceAbbrev(s)
	return n.replacePhrases(s)
}

// replaceAbbrev replaces whole ASCII letter/digit words found in the abbreviation table.
func (n *normalizer) replaceAbbrev(s string) string {
	if len(n.abbrev) == 0 {
		return s
	}
	var b strings.Builder
	i, last := 0, 0
	for i < len(s) {
		if !isASCIIAlnum(rune(s[i])) {
			i++
			continue
		}
		j := i
		for j < len(s) && isASCIIAlnum(rune(s[j])) {
			j++
		}
		// "thank you" style keys are in normalize.txt; here only single words.
		if to, ok := n.abbrev[s[i:j]]; ok {
			b.WriteString(s[last:i])
			b.WriteString(to)
			last = j
		}
		i = j
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// replacePhrases rewrites colloquial forms left to right, longest match first.
func (n *normalizer) replacePhrases(s string) string {
	if n.maxPhrase == 0 {
		return s
	}
	offs := runeOffsets(s)
	nr := len(offs) - 1
	var b strings.Builder
	changed := false
	for i := 0; i < nr; {
		matched := false
		for l := min(n.maxPhrase, nr-i); l >= 1; l-- {
			key := s[offs[i]:offs[i+l]]
			to, ok := n.phrases[key]
			if !ok {
				continue
			}
			// ASCII keys must not cut through an ASCII word ("thank you" in "thank youu").
			if isASCIIAlnum(rune(key[0])) && i > 0 && isASCIIAlnum(rune(s[offs[i-1]])) ||
				isASCIIAlnum(rune(key[len(key)-1])) && i+l < nr && isASCIIAlnum(rune(s[offs[i+l]])) {
				continue
			}
			if !changed {
				b.Grow(len(s) + 8)
				b.WriteString(s[:offs[i]])
				changed = true
			}
			b.WriteString(to)
			i += l
			matched = true
			break
		}
		if !matched {
			if changed {
				b.WriteString(s[offs[i]:offs[i+1]])
			}
			i++
		}
	}
	if !changed {
		return s
	}
	return b.String()
}

// runeOffsets returns the byte offset of every rune of s plus len(s) at the end.
func runeOffsets(s string) []int {
	offs := make([]int, 0, len(s)+1)
	for i := range s {
		offs = append(offs, i)
	}
	return append(offs, len(s))
}

// isPolite reports whether normalised text carries a politeness marker. Markers of one
// character (亲, 宝) count only at a boundary, so 支付宝 or 亲自 do not.
func (n *normalizer) isPolite(s string) bool {
	offs := runeOffsets(s)
	nr := len(offs) - 1
	boundary := func(i int) bool {
		if i < 0 || i >= nr {
			return true
		}
		r, _ := utf8.DecodeRuneInString(s[offs[i]:])
		return isPunct(r) || r == ' '
	}
	for i := 0; i < nr; i++ {
		for l := min(n.maxPolite, nr-i); l >= 1; l-- {
			if _, ok := n.polite[s[offs[i]:offs[i+l]]]; !ok {
				continue
			}
			if l > 1 || boundary(i-1) || boundary(i+1) {
				return true
			}
		}
	}
	return false
}
