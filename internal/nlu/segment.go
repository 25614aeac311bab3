package nlu

import (
	"fmt"
	"strings"

	"github.com/go-ego/gse"
)

// segmenter wraps a gse dictionary segmenter loaded with the shipped word lists
// (dict_base.txt, a frequency-ranked subset of gse's Chinese dictionary, and
// dict_ecommerce.txt). gse's full embedded dictionary takes about 1.7 s and 200 MB to load,
// which breaks the start-up and memory targets, so it is not used.
//
// The dictionary is never mutated after construction, which keeps Cut safe for concurrent
// use; the shop's product names and aliases are matched by a catalogue layer on top instead
// (see catalog.protect).
type segmenter struct {
	seg gse.Segmenter
}

func newSegmenter(src lexiconSource) (*segmenter, error) {
	s := &segmenter{}
	s.seg.SkipLog = true
	s.seg.NotLoadHMM = true
	var b strings.Builder
	// gse keeps the first entry of a word: the shop vocabulary comes first so that its
	// frequencies ("包装" over 包/装有) win over the general dictionary's.
	for _, name := range []string{"dict_ecommerce.txt", "dict_base.txt"} {
		rows, err := src.lines(name)
		if err != nil {
			return nil, err
		}
		for i, f := range rows {
			if len(f) < 2 {
				return nil, fmt.Errorf("%s entry %d: want \"word frequency [pos]\"", name, i+1)
			}
			b.WriteString(strings.Join(f, " "))
			b.WriteByte('\n')
		}
	}
	if err := s.seg.LoadDictStr(b.String()); err != nil {
		return nil, fmt.Errorf("load segmenter dictionary: %w", err)
	}
	return s, nil
}

// cut segments normalised text. Spans found in the catalogue (product names and aliases)
// become single tokens; the text between them goes through the dictionary segmenter.
// Whitespace tokens are dropped.
func (s *segmenter) cut(text string, cat *catalog) []string {
	out := make([]string, 0, len(text)/3+1)
	add := func(part string) {
		if part == "" {
			return
		}
		for _, w := range s.seg.CutDAGNoHMM(part) {
			if strings.TrimSpace(w) != "" {
				out = append(out, w)
			}
		}
	}
	if cat == nil || len(cat.phrases) == 0 {
		add(text)
		return out
	}
	last := 0
	for _, m := range cat.matchPhrases(text) {
		add(text[last:m.start])
		out = append(out, text[m.start:m.end])
		last = m.end
	}
	add(text[last:])
	return out
}
