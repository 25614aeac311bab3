package nlu

import (
	"slices"
	"testing"
)

func TestNormalize(t *testing.T) {
	e := engine(t)
	tests := []struct{ name, in, want string }{
		{"full width letters, digits and punctuation fold to half width lower case", "ＸＬ码有吗？", "xl码有吗?"},
		{"traditional characters become simplified", "這個顏色還有貨嗎", "这个颜色还有货吗"},
		{"colloquial when becomes canonical", "啥时候发货", "什么时候发货"},
		{"dialect how becomes canonical", "咋退货", "怎么退货"},
		{"木有 becomes 没有", "木有货了吗", "没有货了吗"},
		{"几时 becomes 什么时候", "几时到", "什么时候到"},
		{"repeated punctuation collapses", "发货了吗???!!!", "发货了吗?!"},
		{"emoji are dropped", "好的👍😊谢谢", "好的谢谢"},
		{"pinyin abbreviation as a whole word", "kf在吗", "客服在吗"},
		{"abbreviation inside a code is left alone", "sf1403962851734", "sf1403962851734"},
		{"yf is 运费", "yf多少", "运费多少"},
		{"bzd is 不知道", "bzd选哪个", "不知道选哪个"},
		{"long character runs shorten", "哈哈哈哈哈", "哈哈"},
		{"whitespace collapses and trims", "  有   货吗  ", "有 货吗"},
		{"有没有 stays as it is", "有没有M码", "有没有m码"},
		{"typo 包油 is 包邮", "包油吗", "包邮吗"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := e.Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPoliteMarkers(t *testing.T) {
	e := engine(t)
	tests := []struct {
		text string
		want bool
	}{
		{"亲,在吗", true},
		{"宝 这个有货吗", true},
		{"麻烦帮我看下订单", true},
		{"支付宝可以付吗", false},
		{"我亲自去取", false},
		{"有货吗", false},
	}
	for _, tt := range tests {
		if got := e.Analyze(tt.text, Context{Now: evalNow}).Polite; got != tt.want {
			t.Errorf("Polite(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestTokensKeepShopWords(t *testing.T) {
	e := engine(t)
	got := e.Analyze("這件羊毛大衣顯胖嗎", Context{Now: evalNow}).Tokens
	want := map[string]bool{"羊毛大衣": false, "显胖": false}
	for _, w := range got {
		if _, ok := want[w]; ok {
			want[w] = true
		}
	}
	for w, ok := range want {
		if !ok {
			t.Errorf("Segment = %v, want %q as one token", got, w)
		}
	}
}

// The shop vocabulary's frequencies win over the general dictionary's for
// the words both list, and its own words are kept whole.
func TestSegmentShopFrequenciesWin(t *testing.T) {
	e := engine(t)
	for _, c := range []struct{ text, word string }{
		{"包装有几层", "包装"}, // the general dictionary alone cuts 包/装有
		{"你们是正品吗", "正品"},
		{"还有护肤品那单", "护肤品"},
	} {
		if got := e.Segment(c.text); !slices.Contains(got, c.word) {
			t.Errorf("Segment(%q) = %v, want %q as one token", c.text, got, c.word)
		}
	}
}
