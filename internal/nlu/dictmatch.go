package nlu

import (
	"fmt"
	"unicode/utf8"
)

// dictEntry is what a lexicon form stands for.
type dictEntry struct {
	typ, value string
	// restricted forms (one-character colours such as 白) only count in a colour context.
	restricted bool
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
		if typ == "size" || typ == "skin_type" {
			canon = sizeOrSkinCanon(canon)
		}
		for _, form := range f {
			form = norm.fold(form)
			restricted := typ == "color" && utf8.RuneCountInString(form) == 1
			d.add(form, typ, canon, restricted)
		}
	}
	return nil
}

// sizeOrSkinCanon keeps the canonical value's spelling from the file: sizes are upper case
// (S, XL) but the lexicon parser folds case, so restore it for ASCII values.
func sizeOrSkinCanon(v string) string {
	for _, r := range v {
		if r >= utf8.RuneSelf {
			return v
		}
	}
	switch v {
	case "xs", "s", "m", "l", "xl", "xxl", "xxxl":
		b := []byte(v)
		for i := range b {
			b[i] -= 'a' - 'A'
		}
		return string(b)
	}
	return v
}
