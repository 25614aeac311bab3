package nlu

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// CatalogItem is one product of the shop's catalogue as the engine needs it: names to
// recognise and the category and colours it comes in.
type CatalogItem struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Aliases  []string `json:"aliases,omitempty"`
	Category string   `json:"category,omitempty"`
	Colors   []string `json:"colors,omitempty"`
	// Sizes are the product's own specs that no size lexicon knows
	// (三人位, 1.8m×2.0m, 30ml), so "四人位呢" reads as a size, not as 人工.
	Sizes []string `json:"sizes,omitempty"`
}

// CatalogOf turns the shop's products into the catalogue SetCatalog takes: names, aliases,
// category, the colours its SKUs come in and their spec sizes, each once in SKU order.
func CatalogOf(ps []shop.Product) []CatalogItem {
	items := make([]CatalogItem, 0, len(ps))
	for _, p := range ps {
		it := CatalogItem{ID: p.ID, Name: p.Name, Aliases: p.Aliases, Category: p.Category, Colors: []string{}}
		for _, s := range p.SKUs {
			if s.Color != "" && !slices.Contains(it.Colors, s.Color) {
				it.Colors = append(it.Colors, s.Color)
			}
			if specSize(s.Size) && !slices.Contains(it.Sizes, s.Size) {
				it.Sizes = append(it.Sizes, s.Size)
			}
		}
		items = append(items, it)
	}
	return items
}

// catalog is the immutable, normalised form of a catalogue; SetCatalog swaps whole values.
type catalog struct {
	items   []CatalogItem
	phrases map[string]int // normalised name or alias → index into items
	byID    map[string]int
	maxLen  int // longest phrase in runes
	// fuzzy holds the phrases of three runes or more, for approximate matching.
	fuzzy []fuzzyPhrase
	// extra colours and categories contributed by the catalogue.
	words *dictMatcher
	// names are the items' normalised full names, by index.
	names [][]rune
}

type fuzzyPhrase struct {
	runes []rune
	item  int
}

type byteSpan struct{ start, end int }

func newCatalog(items []CatalogItem, norm *normalizer, base *dictMatcher) *catalog {
	c := &catalog{items: append([]CatalogItem(nil), items...), phrases: map[string]int{}, byID: map[string]int{}}
	c.words = base.clone()
	for i, it := range c.items {
		c.byID[it.ID] = i
		c.names = append(c.names, []rune(strings.ReplaceAll(norm.normalize(it.Name), " ", "")))
		names := append([]string{it.Name}, it.Aliases...)
		for _, name := range names {
			p := strings.ReplaceAll(norm.normalize(name), " ", "")
			if utf8.RuneCountInString(p) < 2 {
				continue
			}
			if _, dup := c.phrases[p]; !dup {
				c.phrases[p] = i
			}
			c.maxLen = max(c.maxLen, utf8.RuneCountInString(p))
			if utf8.RuneCountInString(p) >= 3 {
				c.fuzzy = append(c.fuzzy, fuzzyPhrase{runes: []rune(p), item: i})
			}
		}
		if cat := norm.normalize(it.Category); cat != "" {
			c.words.add(cat, "category", cat, false)
		}
		for _, col := range it.Colors {
			col = norm.normalize(col)
			if col == "" {
				continue
			}
			canon := col
			if !strings.HasSuffix(canon, "色") {
				canon += "色"
			}
			c.words.add(canon, "color", canon, false)
			if short := strings.TrimSuffix(canon, "色"); utf8.RuneCountInString(short) >= 2 {
				c.words.add(short, "color", canon, false)
			}
		}
		for _, size := range it.Sizes {
			form := strings.ReplaceAll(norm.normalize(size), " ", "")
			if utf8.RuneCountInString(form) < 2 {
				continue
			}
			c.words.addSpec(form, size)
			if alt := swapNumerals(form); alt != form {
				c.words.addSpec(alt, size)
			}
		}
	}
	// Longer phrases first so that fuzzy matching prefers the most specific name.
	sort.SliceStable(c.fuzzy, func(a, b int) bool { return len(c.fuzzy[a].runes) > len(c.fuzzy[b].runes) })
	return c
}

// matchPhrases finds catalogue names and aliases in text, longest match first, left to right,
// returning byte spans.
func (c *catalog) matchPhrases(text string) []byteSpan {
	if len(c.phrases) == 0 {
		return nil
	}
	offs := runeOffsets(text)
	nr := len(offs) - 1
	var out []byteSpan
	for i := 0; i < nr; {
		found := 0
		for l := min(c.maxLen, nr-i); l >= 2; l-- {
			if _, ok := c.phrases[text[offs[i]:offs[i+l]]]; ok {
				found = l
				break
			}
		}
		if found == 0 {
			i++
			continue
		}
		out = append(out, byteSpan{offs[i], offs[i+found]})
		i += found
	}
	return out
}

// classText returns rs[start:end] with product mentions replaced by the product's category
// (or 商品), so the intent model, trained without the shop's catalogue, sees familiar words.
func (c *catalog) classText(rs []rune, start, end int, ents []Entity) string {
	if c == nil {
		return string(rs[start:end])
	}
	var b strings.Builder
	last := start
	for _, en := range ents {
		if en.Type != "product" || en.Start < start || en.End > end {
			continue
		}
		b.WriteString(string(rs[last:en.Start]))
		word := "商品"
		if i, ok := c.byID[en.Value]; ok && c.items[i].Category != "" {
			word = c.items[i].Category
		}
		b.WriteString(word)
		last = en.End
	}
	if last == start {
		return string(rs[start:end])
	}
	b.WriteString(string(rs[last:end]))
	return b.String()
}

// specSize tells a size only the catalogue knows (三人位, 30ml, 1.8m×2.0m) from
// letter and number sizes (M, XL, 39) and 均码, which the size lexicon reads.
func specSize(s string) bool {
	letters, digits, other := 0, 0, 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r < 128 && unicode.IsLetter(r):
			letters++
		case r != '.':
			other++
		}
	}
	switch {
	case s == "" || s == "均码":
		return false
	case other > 0:
		return true
	}
	// 30ml and 50g are specs; 4XL and 2XL are letter sizes with a count.
	rest := strings.TrimLeft(strings.TrimLeft(strings.ToUpper(s), "0123456789"), "X")
	return digits > 0 && letters > 0 && rest != "S" && rest != "M" && rest != "L"
}

// swapNumerals writes the first one-digit number in s the other way round,
// 三人位 ↔ 3人位, so either spelling finds the SKU.
func swapNumerals(s string) string {
	const han = "零一二三四五六七八九"
	rs := []rune(s)
	for i, r := range rs {
		numeric := func(r rune) bool { return unicode.IsDigit(r) || r == '.' }
		alone := (i == 0 || !numeric(rs[i-1])) && (i+1 == len(rs) || !numeric(rs[i+1]))
		switch {
		case r >= '0' && r <= '9' && alone:
			rs[i] = []rune(han)[r-'0']
			return string(rs)
		case strings.ContainsRune(han, r) && !(i+1 < len(rs) && strings.ContainsRune(han+"十百千", rs[i+1])) && !(i > 0 && strings.ContainsRune(han+"十百千", rs[i-1])):
			rs[i] = rune('0' + slices.Index([]rune(han), r))
			return string(rs)
		}
	}
	return s
}
