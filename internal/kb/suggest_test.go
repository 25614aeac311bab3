package kb

import (
	"slices"
	"strings"
	"testing"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

func TestSuggestionLabels(t *testing.T) {
	for _, c := range []struct {
		name string
		hit  Hit
		want []string
	}{
		{"faq", Hit{Kind: shop.DocFAQ, Title: "退货运费谁出？"}, []string{"退货运费谁出？"}},
		{"sop section: heading, then subject", Hit{Kind: shop.DocSOP, Title: "发货与物流SOP", Heading: "发货与物流SOP > 4. 物流异常的处理 > 4.4 拒收与退回"},
			[]string{"拒收与退回", "发货与物流的拒收与退回"}},
		{"short heading needs the subject", Hit{Kind: shop.DocNote, Title: "羊毛与羊绒制品洗护指南", Heading: "羊毛与羊绒制品洗护指南 > 五、保修"},
			[]string{"羊毛与羊绒制品洗护指南的保修"}},
		{"product page: subject first", Hit{Kind: shop.DocProductPage, Title: "法式V领收腰连衣裙 商品详情", Heading: "法式V领收腰连衣裙 商品详情 > 颜色效果（顾客问得最多）"},
			[]string{"法式V领收腰连衣裙的颜色效果"}},
		{"document title line", Hit{Kind: shop.DocNote, Title: "护肤品使用指南：修护面霜与烟酰胺精华", Heading: "护肤品使用指南：神经酰胺修护保湿面霜", titled: true},
			[]string{"修护面霜与烟酰胺精华"}},
		{"section of a page without a title heading", Hit{Kind: shop.DocNote, Title: "羊毛与羊绒制品洗护指南", Heading: "起球怎么办"},
			[]string{"起球怎么办", "羊毛与羊绒制品洗护指南的起球怎么办"}},
		{"no heading", Hit{Kind: shop.DocTranscript, Title: "直播回放：空气炸锅新款与老款的区别（涂层、容量、功率）"},
			[]string{"空气炸锅新款与老款的区别"}},
		{"numbered heading keeps 3C", Hit{Kind: shop.DocNote, Title: "数码指南", Heading: "数码指南 > 3C数码保修政策"},
			[]string{"3C数码保修政策", "数码指南的3C数码保修政策"}},
		{"example conversation", Hit{Kind: shop.DocConversation, Title: "优秀对话示例：换码"}, nil},
	} {
		if got := suggestionLabels(c.hit); !slices.Equal(got, c.want) {
			t.Errorf("%s: labels %q, want %q", c.name, got, c.want)
		}
	}
}

// A passage that shares too little with the question is not offered.
func TestSuggestionsNeedSomeConfidence(t *testing.T) {
	ix := NewIndex(nil, Options{})
	if err := ix.PutFAQ(shop.FAQ{ID: "FAQ-1", Question: "退货运费谁出？", Answer: "无理由退货运费由买家承担。"}); err != nil {
		t.Fatal(err)
	}
	weak := Hit{DocID: "FAQ-1", Kind: shop.DocFAQ, Title: "退货运费谁出？", Coverage: 0.05, WordCoverage: 0.05, Evidence: 2}
	if got := ix.suggest([]Hit{weak}, ""); len(got) != 0 {
		t.Errorf("offered a passage at confidence %.2f: %+v", confidence(weak, false), got)
	}
	weak.Coverage, weak.WordCoverage = 0.3, 0.3
	if got := ix.suggest([]Hit{weak}, ""); len(got) != 1 || got[0].Question != "退货运费谁出？" || got[0].ChunkID == "" {
		t.Errorf("at confidence %.2f: %+v, want the FAQ", confidence(weak, false), got)
	}
}

// A page's title line is a passage of its own, but picking a suggestion that
// leads to it would answer with the products' names: never offered.
func TestSuggestionsSkipTitleLines(t *testing.T) {
	ix := twoProductPage(t,
		"续航：充电盒支持无线充电，也能用手机反向充电。",
		"容量：20000mAh，可以给手机充电4次。")
	hits := ix.Search("耳机与充电宝能用多久", Query{K: suggestCandidates})
	if !slices.ContainsFunc(hits, func(h Hit) bool { return isLabel(h.Text) }) {
		t.Fatalf("the test needs the title line among the hits: %+v", hits)
	}
	_, answers := ix.suggestWithAnswers(hits, "")
	for _, a := range answers {
		if isLabel(a.Text) {
			t.Errorf("offered a suggestion answered by the title line %q", a.Text)
		}
	}
}

// A heading path of one part is the document's own title line only when the
// document opens with that heading and no other heading ranks with it (a
// Markdown page's "# 标题"). A plain-text page's first line is text, so its
// "一、" headings are sections, offered by their own name.
func TestSingleHeadingSectionsAreOfferedByName(t *testing.T) {
	for _, c := range []struct {
		name, format, body string
		want               []string // labels of the chunk holding "容量"
	}{
		{"plain-text sections", "text", "耳机与充电宝 商品详情\n\n一、降噪耳机\n\n续航：约8小时。\n\n二、充电宝\n\n容量：20000mAh。\n",
			[]string{"耳机与充电宝的充电宝"}},
		{"markdown title", "markdown", "# 耳机与充电宝\n\n容量：20000mAh。\n",
			[]string{"耳机与充电宝"}},
		{"markdown title with sections", "markdown", "# 耳机与充电宝\n\n## 降噪耳机\n\n续航：约8小时。\n\n## 充电宝\n\n容量：20000mAh。\n",
			[]string{"耳机与充电宝的充电宝"}},
		{"markdown without a title", "markdown", "## 降噪耳机\n\n续航：约8小时。\n\n## 充电宝\n\n容量：20000mAh。\n",
			[]string{"耳机与充电宝的充电宝"}},
		{"guide in plain text", "text", "充电宝使用指南\n\n【保存与容量说明】\n\n容量：20000mAh。\n",
			[]string{"保存与容量说明", "充电宝使用指南的保存与容量说明"}},
	} {
		kind := shop.DocProductPage
		if strings.Contains(c.name, "guide") {
			kind = shop.DocNote
		}
		d := shop.KnowledgeDoc{ID: "d", Title: "耳机与充电宝 商品详情", Kind: kind, Format: c.format, Body: c.body}
		if kind == shop.DocNote {
			d.Title = "充电宝使用指南"
		}
		ix := NewIndex(nil, Options{})
		if err := ix.Put(d); err != nil {
			t.Fatal(err)
		}
		hits := ix.Search("容量", Query{K: 1})
		if len(hits) == 0 || !strings.Contains(hits[0].Text, "容量") {
			t.Fatalf("%s: no hit holding 容量: %+v", c.name, hits)
		}
		if got := suggestionLabels(hits[0]); !slices.Equal(got, c.want) {
			t.Errorf("%s: labels %q (heading %q), want %q", c.name, got, hits[0].Heading, c.want)
		}
	}
}
