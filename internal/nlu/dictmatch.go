package nlu

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// dictEntry is what a lexicon form stands for.
type dictEntry struct {
	typ, value string
	// restricted forms (one-character colours such as 白) only count in a colour context.
	restricted bool
	// spec forms are a catalogue product's own sizes (1.8m×2.0m): the whole
	// spec outranks the height or length a measure reads in its first half.
	spec bool
}

// dictMatcher finds lexicon forms (colours, categories, sizes, regions, skin types) in text.
type dictMatcher struct {
	forms  map[string]dictEntry
	maxLen int
}

func newDictMatcher() *dictMatcher { return &dictMatcher{forms: map[string]dictEntry{}} }

func (d *dictMatcher) clone() *dictMatcher {
	c := &dictMatcher{forms: make(map[string]dictEntry, len(d.forms)), maxLen: d.maxLen}
	for k, v := range d.forms {
		c.forms[k] = v
	}
	return c
}

// add registers form; an existing form keeps its first meaning.
func (d *dictMatcher) add(form, typ, value string, restricted bool) {
	if form == "" {
		return
	}
	if _, ok := d.forms[form]; ok {
		return
	}
	d.forms[form] = dictEntry{typ: typ, value: value, restricted: restricted}
	d.maxLen = max(d.maxLen, utf8.RuneCountInString(form))
}

// addSpec registers a catalogue size; it replaces nothing the lexicons hold.
func (d *dictMatcher) addSpec(form, value string) {
	d.add(form, "size", value, false)
	if e := d.forms[form]; e.typ == "size" && e.value == value {
		e.spec = true
		d.forms[form] = e
	}
}

// load reads a "canonical form1 form2 ..." lexicon; every field, the canonical one included,
// is a form. Letter forms (sizes) must stand as whole ASCII words, which find checks.
func (d *dictMatcher) load(src lexiconSource, file, typ string, norm *normalizer) error {
	rows, err := src.lines(file)
	if err != nil {
		return err
	}
	for i, f := range rows {
		if len(f) == 0 {
			return fmt.Errorf("%s entry %d is empty", file, i+1)
		}
		canon := f[0]
		if typ == "size" {
			// Sizes are upper case (S, XL, 4XL) but the lexicon parser folds case.
			canon = strings.ToUpper(canon)
		}
		for _, form := range f {
			form = norm.fold(form)
			restricted := typ == "color" && utf8.RuneCountInString(form) == 1
			d.add(form, typ, canon, restricted)
		}
	}
	return nil
}
