package kb

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

//go:embed lexicon/synonyms.txt
var defaultSynonyms string

//go:embed lexicon/colloquial.txt
var defaultColloquial string

// Lexicon holds groups of synonyms and colloquial forms ("涂层 不粘层",
// "耐刮 耐磨 不掉涂层"). A query that contains one member of a group also
// searches for the other members, at a reduced weight, so a shopper's wording
// finds the merchant's wording. The same text format is shared with the
// understanding engine and can be extended by the merchant.
type Lexicon struct {
	groups [][]string
	oneWay []bool           // the group expands from its first member only
	member map[string][]int // normalised member -> group indexes
	maxLen int              // longest member in bytes
}

// DefaultLexicon returns the built-in lexicon (lexicon/synonyms.txt). Each
// call parses it afresh; build it once and share it.
func DefaultLexicon() *Lexicon {
	l, err := ParseLexicon(strings.NewReader(defaultSynonyms + "\n" + defaultColloquial))
	if err != nil {
		panic(fmt.Sprintf("kb: built-in lexicon: %v", err)) // a build-time asset; tests cover it
	}
	addPlaces(l)
	return l
}

// addPlaces adds one-way groups from cities to their province and from
// provinces to the macro-regions policies name ("寄到昆明" finds "云南：3–4天",
// "哈尔滨" finds "东北三省").
func addPlaces(l *Lexicon) {
	macro := map[string][]string{}
	for m, ps := range shop.MacroRegions {
		for _, p := range ps {
			macro[p] = append(macro[p], m)
		}
	}
	var cities []string
	province := map[string]string{}
	shop.EachCity(func(c, p string) {
		cities = append(cities, c)
		province[c] = p
	})
	slices.Sort(cities) // group order decides nothing, but keep it stable
	for _, c := range cities {
		p := province[c]
		l.AddBroader(c, append([]string{p}, macro[p]...)...)
	}
	for _, p := range slices.Sorted(maps.Keys(macro)) {
		l.AddBroader(p, macro[p]...)
	}
}

// ParseLexicon reads the lexicon format: one group per line, members
// separated by spaces, commas or '/', '#' starts a comment.
func ParseLexicon(r io.Reader) (*Lexicon, error) {
	l := &Lexicon{member: map[string][]int{}}
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		fields := strings.FieldsFunc(line, func(r rune) bool {
			return r == ' ' || r == '\t' || r == ',' || r == '，' || r == '/' || r == '、'
		})
		if len(fields) == 0 {
			continue
		}
		if len(fields) == 1 {
			return nil, fmt.Errorf("lexicon line %d: a group needs at least two members: %q", n, line)
		}
		l.Add(fields...)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read lexicon: %w", err)
	}
	return l, nil
}

// Add adds a group of equivalent words. Words are normalised (width, case).
func (l *Lexicon) Add(words ...string) {
	if l.member == nil {
		l.member = map[string][]int{}
	}
	g := make([]string, 0, len(words))
	seen := map[string]bool{}
	for _, w := range words {
		w = normalizeText(strings.TrimSpace(w))
		if w == "" || seen[w] {
			continue
		}
		seen[w] = true
		g = append(g, w)
	}
	if len(g) < 2 {
		return
	}
	l.addGroup(g, false)
}

// AddBroader adds a one-way group: a query naming narrow also searches the
// broader terms ("昆明" → "云南"), but not the other way round, since a
// passage about a province says nothing about one of its other cities.
func (l *Lexicon) AddBroader(narrow string, broader ...string) {
	if l.member == nil {
		l.member = map[string][]int{}
	}
	n := normalizeText(strings.TrimSpace(narrow))
	g := []string{n}
	for _, w := range broader {
		if w = normalizeText(strings.TrimSpace(w)); w != "" && !slices.Contains(g, w) {
			g = append(g, w)
		}
	}
	if n == "" || len(g) < 2 {
		return
	}
	l.addGroup(g, true)
}

func (l *Lexicon) addGroup(g []string, oneWay bool) {
	gi := len(l.groups)
	l.groups = append(l.groups, g)
	l.oneWay = append(l.oneWay, oneWay)
	for i, w := range g {
		if oneWay && i > 0 {
			break
		}
		l.member[w] = append(l.member[w], gi)
		if len(w) > l.maxLen {
			l.maxLen = len(w)
		}
	}
}

// Merge adds every group of other to l.
func (l *Lexicon) Merge(other *Lexicon) {
	if other == nil {
		return
	}
	for i, g := range other.groups {
		if other.oneWay[i] {
			l.AddBroader(g[0], g[1:]...)
		} else {
			l.Add(g...)
		}
	}
}

// Len returns the number of groups.
func (l *Lexicon) Len() int {
	if l == nil {
		return 0
	}
	return len(l.groups)
}

// lexMatch is an occurrence of a lexicon member in a text.
type lexMatch struct {
	start, end int // byte offsets
	group      int
}

// find returns the occurrences of lexicon members in the normalised text s,
// overlapping ones included, except an occurrence inside a longer member of
// another group: that is part of another word ("充电" of "充电宝" is not
// about charging), as a segmenter taking the longest word would cut it.
func (l *Lexicon) find(s string) []lexMatch {
	if l == nil || len(l.member) == 0 {
		return nil
	}
	var all []lexMatch
	for i := 0; i < len(s); i++ {
		if s[i]&0xC0 == 0x80 { // not a rune start
			continue
		}
		for j := min(len(s), i+l.maxLen); j > i; j-- {
			for _, g := range l.member[s[i:j]] {
				all = append(all, lexMatch{start: i, end: j, group: g})
			}
		}
	}
	inside := func(m lexMatch) bool {
		return slices.ContainsFunc(all, func(o lexMatch) bool {
			return o.group != m.group && o.start <= m.start && m.end <= o.end && o.end-o.start > m.end-m.start
		})
	}
	out := all[:0:0]
	for _, m := range all {
		if !inside(m) {
			out = append(out, m)
		}
	}
	return out
}

// otherMemberIn reports whether text holds a member of group g other than
// w, as a query naming w would expand to (a one-way group expands from its
// first member only).
func (l *Lexicon) otherMemberIn(g int, w, text string) bool {
	members := l.groups[g]
	if l.oneWay[g] && members[0] != w {
		return false
	}
	for _, m := range members {
		if m != w && strings.Contains(text, m) {
			return true
		}
	}
	return false
}

// Expand returns the members of every group that has a member occurring in
// the normalised text s, excluding the members present in s.
func (l *Lexicon) Expand(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range l.find(s) {
		seen[s[m.start:m.end]] = true
	}
	for _, m := range l.find(s) {
		for _, w := range l.groups[m.group] {
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}

// normalizedBy returns the lexicon with its members normalised by an, so
// that they match questions the analyzer has rewritten (the understanding
// engine turns "咋洗" into "怎么洗").
func (l *Lexicon) normalizedBy(an Analyzer) *Lexicon {
	out := &Lexicon{member: map[string][]int{}}
	for gi, g := range l.groups {
		words := make([]string, len(g))
		for i, w := range g {
			words[i] = an.Normalize(w)
		}
		if l.oneWay[gi] {
			out.AddBroader(words[0], words[1:]...)
		} else {
			out.Add(words...)
		}
	}
	return out
}
