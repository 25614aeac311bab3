package nlu

import (
	"testing"
	"unicode/utf8"
)

// FuzzAnalyze guards the parsers of untrusted chat text: no panic, and every offset points
// into the normalised text.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		"衬衫啥时候发货", "有M码吗?今天能发吗?有活动吗", "1米65 110斤", "¥89.9", "满300减30", "SF1403962851734",
		"上周五", "11月31号", "一百零", "万一", "这", "那两", "刚才那", "１２３４５６７８９０１２", "😡😡!!!", "\x00\xff", "米",
		"1米", "1.", "39.5码半", "双十一那", "尾号", "亲", " , , ", "啊啊啊啊啊", "那个宝贝",
	} {
		f.Add(s)
	}
	e, err := testEngine()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		a := e.Analyze(text, Context{Now: evalNow, Recent: []string{text}})
		if !utf8.ValidString(a.Normalized) {
			t.Fatalf("normalised text is not UTF-8: %q", a.Normalized)
		}
		rs := []rune(a.Normalized)
		check := func(ents []Entity) {
			for _, en := range ents {
				if en.Start < 0 || en.End > len(rs) || en.Start >= en.End || string(rs[en.Start:en.End]) != en.Text {
					t.Fatalf("bad entity %+v in %q", en, a.Normalized)
				}
			}
		}
		check(a.Entities)
		for _, c := range a.Clauses {
			if c.Start < 0 || c.End > len(rs) || c.Start > c.End || string(rs[c.Start:c.End]) != c.Text {
				t.Fatalf("bad clause %+v in %q", c, a.Normalized)
			}
			check(c.Entities)
		}
		if a.Intent.Confidence < 0 || a.Intent.Confidence > 1 {
			t.Fatalf("confidence %v", a.Intent.Confidence)
		}
		if a.Emotion.Polarity < -1 || a.Emotion.Polarity > 1 || a.Emotion.Intensity < 0 || a.Emotion.Intensity > 1 {
			t.Fatalf("emotion out of range: %+v", a.Emotion)
		}
	})
}
