package nlu

import (
	"slices"
	"sort"
	"strings"
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
}

// CatalogOf turns the shop's products into the catalogue SetCatalog takes: names, aliases,
// category and the colours its SKUs come in, each once in SKU order.
func CatalogOf(ps []shop.Product) []CatalogItem {
	items := make([]CatalogItem, 0, len(ps))
	for _, p := range ps {
		it := CatalogItem{ID: p.ID, Name: p.Name, Aliases: p.Aliases, Category: p.Category, Colors: []string{}}
		for _, s := range p.SKUs {
			if s.Color != "" && !slices.Contains(it.Colors, s.Color) {
				it.Colors = append(it.Colors, s.Color)
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
