package kb

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

func TestParseDocuments(t *testing.T) {
	tests := []struct {
		name, file, data string
		meta             ParseMeta
		wantID, title    string
		kind, format     string
		products         []string
		// every chunk text/heading joined must contain these, and not those
		contains, absent []string
	}{
		{
			name:   "markdown front matter sets id, kind and products; headings kept",
			file:   "sop/退换货.md",
			data:   "---\nid: sop-1\nkind: sop\nproduct_ids: [P1, P2]\n---\n# 退换货\n\n## 运费\n\n**质量问题**退货运费由店铺承担。\n\n- 无理由退货买家承担运费\n",
			wantID: "sop-1", title: "退换货", kind: shop.DocSOP, format: "markdown", products: []string{"P1", "P2"},
			contains: []string{"退换货 > 运费", "质量问题退货运费由店铺承担。", "无理由退货买家承担运费"},
			absent:   []string{"**", "product_ids", "- 无理由"},
		},
		{
			name:   "markdown table rows become text",
			file:   "specs.md",
			data:   "# 参数\n\n| 尺码 | 胸围 | 衣长 |\n|---|---|---|\n| M | 100 | 68 |\n| L | 104 | 70 |\n",
			wantID: "doc-specs", title: "参数", kind: shop.DocNote, format: "markdown",
			contains: []string{"尺码：M，胸围：100，衣长：68", "尺码：L，胸围：104，衣长：70"},
			absent:   []string{"|", "---"},
		},
		{
			name:   "html strips markup and scripts, keeps headings and tables as text",
			file:   "testdata/docs/airfryer.html",
			data:   mustRead(t, "testdata/docs/airfryer.html"),
			wantID: "doc-airfryer", title: "小熊空气炸锅 AF-5 详情页", kind: shop.DocProductPage, format: "html",
			contains: []string{"规格参数", "炸篮涂层：陶瓷釉不粘涂层（无PTFE）", "功率：1400W", "保修说明", "无油烹饪"},
			absent:   []string{"<", "tracking", "不应出现", "color:red"},
		},
		{
			name:   "html table with a header row reads header: cell",
			file:   "size.htm",
			data:   "<h2>尺码表</h2><table><tr><th>尺码</th><th>身高</th><th>体重</th></tr><tr><td>M</td><td>160-165</td><td>50-55kg</td></tr></table>",
			wantID: "doc-size", title: "尺码表", kind: shop.DocProductPage, format: "html",
			contains: []string{"尺码：M，身高：160-165，体重：50-55kg"},
		},
		{
			name:   "transcript drops timestamps and is recognised by name",
			file:   "直播讲解-空气炸锅.txt",
			data:   mustRead(t, "testdata/docs/直播讲解-空气炸锅.txt"),
			wantID: "doc-直播讲解-空气炸锅", kind: shop.DocTranscript, format: "text",
			contains: []string{"主播：最大的区别就是炸篮的涂层"},
			absent:   []string{"00:01"},
		},
		{
			name:   "subtitle file drops cue numbers and timings",
			file:   "live.srt",
			data:   "1\n00:00:01,000 --> 00:00:03,000\n这款锅是陶瓷涂层\n\n2\n00:00:03,500 --> 00:00:05,000\n不怕刮\n",
			wantID: "doc-live", kind: shop.DocTranscript, format: "text",
			contains: []string{"这款锅是陶瓷涂层\n不怕刮"},
			absent:   []string{"-->", "00:00"},
		},
		{
			name: "meta overrides inference",
			file: "notes.txt", data: "店铺地址在杭州。",
			meta:   ParseMeta{ID: "d9", Title: "店铺", Kind: shop.DocNote, ProductIDs: []string{"P7"}, Source: "upload"},
			wantID: "d9", title: "店铺", kind: shop.DocNote, format: "text", products: []string{"P7"},
			contains: []string{"店铺地址在杭州。"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, faqs, err := Parse(tt.file, []byte(tt.data), tt.meta)
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != 1 || len(faqs) != 0 {
				t.Fatalf("got %d docs, %d faqs; want 1, 0", len(docs), len(faqs))
			}
			d := docs[0]
			if d.ID != tt.wantID || (tt.title != "" && d.Title != tt.title) || d.Kind != tt.kind || d.Format != tt.format {
				t.Errorf("doc = id %q title %q kind %q format %q; want %q %q %q %q", d.ID, d.Title, d.Kind, d.Format, tt.wantID, tt.title, tt.kind, tt.format)
			}
			if tt.products != nil && !slices.Equal(d.ProductIDs, tt.products) {
				t.Errorf("products = %v, want %v", d.ProductIDs, tt.products)
			}
			var all strings.Builder
			for _, p := range docPieces(d, defaultChunkRunes) {
				all.WriteString(p.heading + "\n" + p.text + "\n")
			}
			for _, s := range tt.contains {
				if !strings.Contains(all.String(), s) {
					t.Errorf("chunks lack %q:\n%s", s, all.String())
				}
			}
			for _, s := range tt.absent {
				if strings.Contains(all.String(), s) {
					t.Errorf("chunks contain %q:\n%s", s, all.String())
				}
			}
		})
	}
}

func TestParseFAQSheets(t *testing.T) {
	xlsx := func() string {
		f := excelize.NewFile()
		rows := [][]any{{"编号", "标准问题", "答案", "相似问法", "适用商品"}, {"F1", "能开发票吗", "可以开电子发票", "开票吗｜要发票", "P1;P2"}, {"", "", "", "", ""}, {"", "发什么快递", "默认中通", "", ""}}
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
				t.Fatal(err)
			}
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}()
	tests := []struct {
		name, file, data string
		want             []shop.FAQ
	}{
		{
			name: "csv with Chinese header, alternates split on |",
			file: "常见问题.csv",
			data: "\ufeff问题,答案,相似问法\n发什么快递？,默认中通,用什么快递|能发顺丰吗\n",
			want: []shop.FAQ{{ID: "faq-常见问题-002", Question: "发什么快递？", Answer: "默认中通", Alternates: []string{"用什么快递", "能发顺丰吗"}}},
		},
		{
			name: "csv without a header reads question, answer",
			file: "qa.csv",
			data: "包邮吗,满99包邮\n",
			want: []shop.FAQ{{ID: "faq-qa-001", Question: "包邮吗", Answer: "满99包邮"}},
		},
		{
			name: "tsv with English header and ids",
			file: "faq.tsv",
			data: "id\tquestion\tanswer\ttags\nX1\tCan I pay later?\tYes, with Huabei.\tpayment\n",
			want: []shop.FAQ{{ID: "X1", Question: "Can I pay later?", Answer: "Yes, with Huabei.", Tags: []string{"payment"}}},
		},
		{
			name: "xlsx first sheet, blank rows skipped",
			file: "faq.xlsx",
			data: xlsx,
			want: []shop.FAQ{
				{ID: "F1", Question: "能开发票吗", Answer: "可以开电子发票", Alternates: []string{"开票吗", "要发票"}, ProductIDs: []string{"P1", "P2"}},
				{ID: "faq-faq-004", Question: "发什么快递", Answer: "默认中通"},
			},
		},
		{
			name: "json list",
			file: "faq.json",
			data: `[{"question":"几天发货","answer":"48小时内"}]`,
			want: []shop.FAQ{{ID: "faq-faq-001", Question: "几天发货", Answer: "48小时内"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, faqs, err := Parse(tt.file, []byte(tt.data), ParseMeta{})
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != 0 || len(faqs) != len(tt.want) {
				t.Fatalf("got %d docs, %d faqs %+v; want 0, %d", len(docs), len(faqs), faqs, len(tt.want))
			}
			for i, w := range tt.want {
				g := faqs[i]
				if g.ID != w.ID || g.Question != w.Question || g.Answer != w.Answer ||
					!slices.Equal(g.Alternates, w.Alternates) || !slices.Equal(g.ProductIDs, w.ProductIDs) || !slices.Equal(g.Tags, w.Tags) {
					t.Errorf("faq %d = %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

func TestParseJSONDocuments(t *testing.T) {
	data := `{"faqs":[{"id":"f1","question":"q","answer":"a"}],"documents":[{"id":"d1","title":"T","body":"# T\n正文"}]}`
	docs, faqs, err := Parse("kb.json", []byte(data), ParseMeta{})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].Format != "markdown" || docs[0].Kind != shop.DocNote || len(faqs) != 1 {
		t.Fatalf("docs %+v faqs %+v", docs, faqs)
	}
}

func TestParseErrorsSayWhatToFix(t *testing.T) {
	tests := []struct{ name, file, data, want string }{
		{"unsupported extension", "a.pdf", "x", "unsupported"},
		{"empty text file", "a.md", "  \n", "no text"},
		{"not UTF-8", "a.txt", "\xff\xfe\x00a", "UTF-8"},
		{"row without answer", "f.csv", "问题,答案\n包邮吗,\n", "row 2"},
		{"header without answer column", "f.csv", "问题,备注\na,b\n", "answer column"},
		{"duplicate ids", "f.csv", "id,问题,答案\n1,a,b\n1,c,d\n", "already used"},
		{"bad json", "f.json", "{", "expected"},
		{"broken xlsx", "f.xlsx", "PK\x03\x04junk", "XLSX"},
		{"bad front matter", "a.md", "---\nid: [\n---\n正文", "front matter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Parse(tt.file, []byte(tt.data), ParseMeta{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
	_, _, err := Parse("a.doc", []byte("x"), ParseMeta{})
	if !errors.Is(err, ErrUnsupportedFormat) {
		t.Errorf("err = %v, want ErrUnsupportedFormat", err)
	}
}

func TestChunkSizes(t *testing.T) {
	var b strings.Builder
	b.WriteString("# 使用说明\n\n")
	for i := range 40 {
		b.WriteString(strings.Repeat("空气炸锅使用前请先阅读说明书，确认电压匹配。", 1+i%4))
		b.WriteString("\n\n")
		if i%10 == 9 {
			b.WriteString("## 第" + string(rune('一'+i/10)) + "部分\n\n")
		}
	}
	b.WriteString(strings.Repeat("很长的一句话没有任何标点", 80) + "\n")
	pieces := docPieces(shop.KnowledgeDoc{ID: "x", Format: "markdown", Body: b.String()}, 200)
	if len(pieces) < 10 {
		t.Fatalf("got %d chunks, want the text split", len(pieces))
	}
	small := 0
	for _, p := range pieces {
		n := utf8.RuneCountInString(p.text)
		if n > 200 {
			t.Errorf("chunk of %d runes exceeds the 200 target: %q", n, p.text)
		}
		if n < 60 {
			small++
		}
	}
	// Only chunks cut by a heading or the hard-cut tail may be small.
	if small > 6 {
		t.Errorf("%d of %d chunks are under 60 runes; paragraphs should be packed", small, len(pieces))
	}
}

func TestChunkingFollowsStructure(t *testing.T) {
	body := "# 售后\n\n## 退货\n\n七天无理由。\n\n## 换货\n\n可以换尺码。\n\n问：能退差价吗？\n答：可以。\n问：运费谁出？\n答：买家。\n"
	pieces := docPieces(shop.KnowledgeDoc{Format: "markdown", Body: body}, 300)
	var got []string
	for _, p := range pieces {
		got = append(got, p.heading+"|"+p.text)
	}
	want := []string{"售后 > 退货|七天无理由。", "售后 > 换货|可以换尺码。", "售后 > 换货|问：能退差价吗？\n答：可以。", "售后 > 换货|问：运费谁出？\n答：买家。"}
	if !slices.Equal(got, want) {
		t.Errorf("chunks =\n%q\nwant\n%q", got, want)
	}
}

// Plain text marks its sections with numerals, brackets or a label on a line
// of its own; each style nests under the styles the document used before it.
func TestTextHeadings(t *testing.T) {
	for _, c := range []struct {
		line  string
		style headingStyle
		text  string
	}{
		{"一、主动降噪蓝牙耳机（¥349，白色 / 黑色）", numeralHeading, "一、主动降噪蓝牙耳机（¥349，白色 / 黑色）"},
		{"十二. 保修", numeralHeading, "十二. 保修"},
		{"（二）运费", parenHeading, "（二）运费"},
		{"【售后说明】", bracketHeading, "售后说明"},
		{"常见问题：", colonHeading, "常见问题"},
		{"续航：关闭降噪时单次约8小时", noHeading, ""},                   // a label with its text is a paragraph
		{"一、收到货先检查外包装，有破损当场拒收。", noHeading, ""},             // a numbered sentence
		{"【重要】签收前请当面验货", noHeading, ""},                     // brackets inside a sentence
		{"注意：不要暴晒，不要水洗，晾干后再收纳：", noHeading, ""},             // too many clauses for a label
		{"主动降噪真无线蓝牙耳机 & 20000mAh快充充电宝 商品详情", noHeading, ""}, // a title line is text
		{"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十、长", noHeading, ""},
	} {
		style, text := textHeading(c.line)
		if style != c.style || text != c.text {
			t.Errorf("textHeading(%q) = %v %q, want %v %q", c.line, style, text, c.style, c.text)
		}
	}
	body := "耳机与充电宝 商品详情\n\n一、耳机\n\n续航：约8小时。\n\n常见问题：\n- 单耳无声：恢复出厂设置。\n\n二、充电宝\n\n容量：20000mAh。\n\n【要点回顾】\n能带上飞机。\n"
	var got []string
	for _, p := range docPieces(shop.KnowledgeDoc{Format: "text", Body: body}, 300) {
		got = append(got, p.heading+"|"+p.text)
	}
	want := []string{
		"|耳机与充电宝 商品详情",
		"一、耳机|续航：约8小时。",
		"一、耳机 > 常见问题|- 单耳无声：恢复出厂设置。",
		"二、充电宝|容量：20000mAh。",
		"二、充电宝 > 要点回顾|能带上飞机。",
	}
	if !slices.Equal(got, want) {
		t.Errorf("chunks =\n%q\nwant\n%q", got, want)
	}
}

func TestSplitSentences(t *testing.T) {
	got := splitSentences("容量3.5L，够用吗？够！“真的。”再说一句")
	want := []string{"容量3.5L，够用吗？", "够！", "“真的。”", "再说一句"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func FuzzParse(f *testing.F) {
	f.Add("a.md", []byte("---\nid: x\n---\n# 标题\n\n| a | b |\n|--|--|\n| 1 | 2 |\n正文。"))
	f.Add("a.html", []byte("<table><tr><th>a<td>b<table><tr><td>c</table></table><h2>x</h2><script>y</script>"))
	f.Add("a.csv", []byte("问题,答案\n\"a,b\",c\n"))
	f.Add("a.json", []byte(`{"faqs":[{"question":"q","answer":"a"}]}`))
	f.Add("a.srt", []byte("1\n00:00:01,000 --> 00:00:02,000\n你好\n"))
	f.Add("a.txt", []byte("问：a\n答：b\n[00:01] 顾客：c"))
	f.Add("a.xlsx", []byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		docs, faqs, err := Parse(name, data, ParseMeta{})
		if err != nil {
			return
		}
		ix := NewIndex(nil, Options{ChunkRunes: 50})
		for _, d := range docs {
			if d.ID == "" {
				t.Fatalf("document without id from %q", name)
			}
			_ = ix.Put(d)
			for _, p := range docPieces(d, 50) {
				if utf8.RuneCountInString(p.text) > 50 {
					t.Fatalf("chunk over target: %q", p.text)
				}
			}
		}
		for _, f := range faqs {
			if f.ID == "" || f.Question == "" || f.Answer == "" {
				t.Fatalf("incomplete FAQ %+v", f)
			}
			_ = ix.PutFAQ(f)
		}
		_ = ix.Answer(string(data[:min(len(data), 64)]), Query{})
	})
}
