package kb

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

func TestSearchFindsTheSpecificPassage(t *testing.T) {
	ix := newTestIndex(t, Options{})
	tests := []struct {
		name, q, product string
		wantDoc, want    string // top hit's document and a substring of its text
	}{
		{"live-stream claim about the coating", "我看直播间说这个空气炸锅的涂层和老款不一样,更耐刮?", "P-AF5", "doc-直播讲解-空气炸锅", "陶瓷釉涂层"},
		{"spec table row", "这锅功率多少瓦", "", "doc-airfryer", "1400W"},
		{"return shipping fee from the SOP", "退货运费谁出", "", "sop-returns", "运费由店铺承担"},
		{"refund timing", "退钱要等多久", "", "sop-returns", "原路退款"},
		{"FAQ by an alternate phrasing", "能发顺丰不", "", "faq-常见问题-002", "顺丰"},
		{"conversation example", "杯子收到就是碎的", "", "doc-客服对话示例", "碎片的照片"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := ix.Search(tt.q, Query{ProductID: tt.product, K: 3})
			if len(hits) == 0 {
				t.Fatal("no hits")
			}
			if hits[0].DocID != tt.wantDoc || !strings.Contains(hits[0].Text, tt.want) {
				for _, h := range hits {
					t.Logf("%s %.2f %s", h.ChunkID, h.Score, h.Explain)
				}
				t.Fatalf("top hit %s %q, want %s containing %q", hits[0].ChunkID, hits[0].Text, tt.wantDoc, tt.want)
			}
			if hits[0].Explain == "" || !strings.Contains(hits[0].Explain, "bm25") {
				t.Errorf("hit lacks an explanation: %q", hits[0].Explain)
			}
		})
	}
}

func TestHitsCarryChunkMetadata(t *testing.T) {
	ix := newTestIndex(t, Options{})
	hits := ix.Search("炸篮涂层是什么材质", Query{K: 1})
	h := hits[0]
	if h.DocID != "doc-airfryer" || h.Kind != shop.DocProductPage || h.Source != "airfryer.html" ||
		len(h.ProductIDs) != 1 || h.ProductIDs[0] != "P-AF5" || !h.UpdatedAt.Equal(testNow) || h.Heading == "" {
		t.Errorf("hit metadata = %+v", h)
	}
}

func TestSynonymsBridgeWording(t *testing.T) {
	ix := NewIndex(nil, Options{})
	put(t, ix, "a", "锅具说明", "本款锅的不粘层采用陶瓷工艺，非常耐磨。")
	put(t, ix, "b", "发货说明", "下单后48小时内发货，非常及时。")
	hits := ix.Search("涂层耐刮吗", Query{})
	if len(hits) == 0 || hits[0].DocID != "a" {
		t.Fatalf("hits = %+v, want doc a through 涂层→不粘层, 耐刮→耐磨", hits)
	}
	if !strings.Contains(hits[0].Explain, "~") {
		t.Errorf("explanation should mark synonym terms with ~: %s", hits[0].Explain)
	}
	// Without the lexicon the shopper's words do not reach the document.
	bare := NewIndex(nil, Options{Lexicon: &Lexicon{}, SynonymWeight: -1})
	put(t, bare, "a", "锅具说明", "本款锅的不粘层采用陶瓷工艺，非常耐磨。")
	if a := bare.Answer("涂层耐刮吗", Query{}); a.Found {
		t.Errorf("without synonyms the answer should not be found: %+v", a)
	}
	if a := ix.Answer("涂层耐刮吗", Query{}); !a.Found {
		t.Errorf("with synonyms the answer should be found: conf %.2f %s", a.Confidence, a.Hit.Explain)
	}
}

func TestProductBoostPrefersTheViewedProduct(t *testing.T) {
	ix := NewIndex(nil, Options{})
	for _, p := range []string{"P1", "P2"} {
		d := shop.KnowledgeDoc{ID: "doc-" + p, Title: "详情", Format: "text", ProductIDs: []string{p},
			Body: fmt.Sprintf("本款%s采用陶瓷涂层，耐磨不粘。", map[string]string{"P1": "炒锅", "P2": "汤锅"}[p])}
		if err := ix.Put(d); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{"P1", "P2"} {
		hits := ix.Search("涂层耐磨吗", Query{ProductID: p})
		if hits[0].DocID != "doc-"+p {
			t.Errorf("viewing %s: top hit %s, want doc-%s", p, hits[0].DocID, p)
		}
		if !strings.Contains(hits[0].Explain, "product "+p) {
			t.Errorf("explanation lacks the boost: %s", hits[0].Explain)
		}
	}
}

func TestReputReplacesOldText(t *testing.T) {
	ix := newTestIndex(t, Options{})
	before := ix.Answer("保修多久", Query{})
	if !before.Found || !strings.Contains(before.Text, "保修一年") {
		t.Fatalf("before update: %+v", before)
	}
	docs, _ := loadTestDocs(t)
	var page shop.KnowledgeDoc
	for _, d := range docs {
		if d.ID == "doc-airfryer" {
			page = d
		}
	}
	page.Body = strings.Replace(page.Body, "整机保修一年，电机保修三年", "整机保修两年，电机保修五年", 1)
	chunksBefore := ix.Stats().Chunks
	if err := ix.Put(page); err != nil {
		t.Fatal(err)
	}
	after := ix.Answer("保修多久", Query{})
	if !after.Found || !strings.Contains(after.Text, "保修两年") {
		t.Fatalf("after update: %+v", after)
	}
	for _, h := range ix.Search("整机保修一年 电机保修三年", Query{K: 50}) {
		if strings.Contains(h.Text, "保修一年") || strings.Contains(h.Text, "保修三年") {
			t.Errorf("stale text still returned: %s %q", h.ChunkID, h.Text)
		}
	}
	if got := ix.Stats().Chunks; got != chunksBefore {
		t.Errorf("chunks = %d after re-put, want %d (no duplicates)", got, chunksBefore)
	}
}

func TestRemoveAndCompaction(t *testing.T) {
	ix := NewIndex(nil, Options{})
	for i := range 3000 {
		put(t, ix, fmt.Sprintf("d%d", i%100), "说明", fmt.Sprintf("第%d版：商品编号%d的保修期是%d个月。", i, i%100, i%7+1))
	}
	st := ix.Stats()
	if st.Chunks != 100 || st.Documents != 100 {
		t.Fatalf("stats %+v, want 100 live chunks", st)
	}
	if st.Dead >= 1024+st.Chunks {
		t.Errorf("dead slots not compacted: %+v", st)
	}
	if !ix.Remove("d5") || ix.Remove("d5") || ix.Has("d5") {
		t.Error("Remove should report the first removal only")
	}
	ix.Compact()
	if st := ix.Stats(); st.Dead != 0 || st.Chunks != 99 {
		t.Errorf("after compact: %+v", st)
	}
	hits := ix.Search("商品编号17的保修期", Query{K: 1})
	if len(hits) == 0 || hits[0].DocID != "d17" || !strings.Contains(hits[0].Text, "第2917版") {
		t.Errorf("after compaction: %+v", hits)
	}
}

func TestNoAnswerInsteadOfANearMiss(t *testing.T) {
	ix := newTestIndex(t, Options{})
	for _, q := range []string{"你们卖手机壳吗", "帮我写一份周报", "帮我订一张去北京的机票", "口红是什么色号", "你们有线下实体店吗"} {
		if a := ix.Answer(q, Query{ProductID: "P-AF5"}); a.Found {
			t.Errorf("%q answered with %q (conf %.2f): want no answer", q, a.Text, a.Confidence)
		}
	}
	for _, q := range []string{"退款多久到账", "炸锅能放洗碗机吗", "保修多久", "能开发票吗"} {
		if a := ix.Answer(q, Query{}); !a.Found {
			t.Errorf("%q not answered (conf %.2f, %s)", q, a.Confidence, a.Hit.Explain)
		}
	}
}

func TestAnswerPicksTheAnsweringSentences(t *testing.T) {
	ix := NewIndex(nil, Options{})
	body := "这款电饭煲是三升容量，适合两到四人使用。内胆采用五层复合材料，导热均匀。" +
		"预约功能最长可以预约二十四小时，早上起来就能喝粥。外观是简约白色，摆在厨房很好看。" +
		"附赠量杯和饭勺各一个，还有一本食谱。整机保修一年，内胆涂层保修两年，保修期内免费上门维修。"
	put(t, ix, "rice", "电饭煲详情", body)
	a := ix.Answer("能预约多长时间", Query{})
	if !a.Found || !strings.Contains(a.Text, "预约二十四小时") || strings.Contains(a.Text, "保修") {
		t.Errorf("answer = %q (found %v); want the booking sentence only", a.Text, a.Found)
	}
	if len(a.Sources) != 1 || a.Sources[0].DocID != "rice" {
		t.Errorf("sources = %+v", a.Sources)
	}
}

// A passage written as a list is answered without its bullets,
// which a chat window would show as stray dashes; numbered steps keep
// their numbers.
func TestAnswerDropsListBullets(t *testing.T) {
	ix := NewIndex(nil, Options{})
	// A plain-text page keeps its lines as written, dashes included.
	if err := ix.Put(shop.KnowledgeDoc{ID: "earbuds", Title: "耳机常见问题", Format: "text",
		Body: "单耳无声\n\n- 只有一边耳机有声音：放回充电盒长按按键10秒重置。\n- 仍然无声请联系客服。\n\n配对\n\n1. 打开盒盖\n2. 在手机蓝牙里选择耳机"}); err != nil {
		t.Fatal(err)
	}
	a := ix.Answer("只有一边耳机有声音怎么办", Query{})
	if !a.Found || !strings.Contains(a.Text, "只有一边耳机有声音") || strings.Contains(a.Text, "- ") {
		t.Errorf("answer = %q (found %v); want the passage without bullets", a.Text, a.Found)
	}
	if got := withoutBullets("1. 打开盒盖\n2. 选择耳机\n* 备注"); got != "1. 打开盒盖\n2. 选择耳机\n备注" {
		t.Errorf("withoutBullets = %q", got)
	}
}

func TestConcurrentSearchAndUpdate(t *testing.T) {
	ix := newTestIndex(t, Options{})
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				a := ix.Answer("退款多久到账", Query{ProductID: "P-AF5"})
				if !a.Found {
					t.Errorf("reader %d iteration %d: refund question not answered", w, i)
					return
				}
				ix.Search("涂层耐刮吗", Query{K: 3})
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		r := rand.New(rand.NewPCG(1, 2))
		for i := range 300 {
			id := fmt.Sprintf("note-%d", r.IntN(20))
			if i%3 == 0 {
				ix.Remove(id)
				continue
			}
			_ = ix.Put(shop.KnowledgeDoc{ID: id, Title: "备注", Body: fmt.Sprintf("第%d条备注：仓库在杭州。", i)})
			_ = ix.PutFAQ(shop.FAQ{ID: "f" + id, Question: "仓库在哪", Answer: fmt.Sprint("杭州", i)})
		}
	}()
	wg.Wait()
}

func TestLexicon(t *testing.T) {
	l, err := ParseLexicon(strings.NewReader("# c\n耐刮 耐磨, 不掉涂层\n涂层/不粘层\n"))
	if err != nil {
		t.Fatal(err)
	}
	if l.Len() != 2 {
		t.Fatalf("groups = %d", l.Len())
	}
	got := l.Expand("这个涂层耐刮吗")
	want := "不粘层 耐磨 不掉涂层"
	if strings.Join(got, " ") != want && strings.Join(got, " ") != "耐磨 不掉涂层 不粘层" {
		t.Errorf("Expand = %q, want %q", got, want)
	}
	if _, err := ParseLexicon(strings.NewReader("孤单\n")); err == nil {
		t.Error("a one-member group should be an error")
	}
	if DefaultLexicon().Len() < 40 {
		t.Error("built-in lexicon looks empty")
	}
	merged := DefaultLexicon()
	merged.Merge(l)
	if merged.Len() != DefaultLexicon().Len()+2 {
		t.Error("Merge should add groups")
	}
}

// A member found only inside a longer member of another group is part of
// that other word: "充电宝" is not a question about "充电".
func TestLexiconMembersInsideLongerMembersDoNotMatch(t *testing.T) {
	l, err := ParseLexicon(strings.NewReader("充电 充满 快充\n充电宝 移动电源\n防水 防溅水\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		q         string
		want, not []string
	}{
		{"充电宝安全吗", []string{"移动电源"}, []string{"充满", "快充"}},
		{"充电宝充电要多久", []string{"移动电源", "充满"}, nil},
		{"耳机防水吗", []string{"防溅水"}, nil},
	} {
		got := l.Expand(c.q)
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("Expand(%s) = %q, want %s among them", c.q, got, w)
			}
		}
		for _, w := range c.not {
			if slices.Contains(got, w) {
				t.Errorf("Expand(%s) = %q, has %s", c.q, got, w)
			}
		}
	}
}

func TestBasicAnalyzer(t *testing.T) {
	var a BasicAnalyzer
	if got := a.Normalize("ＡＦ－５空气炸锅ＰＴＦＥ"); got != "af-5空气炸锅ptfe" {
		t.Errorf("Normalize = %q", got)
	}
	got := strings.Join(a.Segment("af5空气炸锅，锅 1400w"), " ")
	if got != "af5 空气 气炸 炸锅 锅 1400w" {
		t.Errorf("Segment = %q", got)
	}
}

func put(t testing.TB, ix *Index, id, title, body string) {
	t.Helper()
	if err := ix.Put(shop.KnowledgeDoc{ID: id, Title: title, Format: "text", Body: body}); err != nil {
		t.Fatal(err)
	}
}

func TestPlacesExpandOneWay(t *testing.T) {
	l := DefaultLexicon()
	if got := l.Expand("寄到昆明要几天"); !slices.Contains(got, "云南") {
		t.Errorf("Expand(昆明) = %q, want 云南 among them", got)
	}
	if got := l.Expand("哈尔滨发货快吗"); !slices.Contains(got, "黑龙江") || !slices.Contains(got, "东北三省") {
		t.Errorf("Expand(哈尔滨) = %q, want 黑龙江 and 东北三省", got)
	}
	if got := l.Expand("云南能包邮吗"); slices.Contains(got, "昆明") || slices.Contains(got, "大理") {
		t.Errorf("a province must not expand to its cities: %q", got)
	}
	// The one-way groups survive normalisation by an analyzer and Merge.
	m := &Lexicon{}
	m.Merge(l.normalizedBy(BasicAnalyzer{}))
	if got := m.Expand("云南"); slices.Contains(got, "昆明") {
		t.Errorf("after Merge a province expands to %q", got)
	}

	ix := NewIndex(nil, Options{})
	put := func(id, text string) {
		if err := ix.Put(shop.KnowledgeDoc{ID: id, Title: "发货时效", Kind: shop.DocSOP, Body: text, Format: "text"}); err != nil {
			t.Fatal(err)
		}
	}
	put("west", "云南、贵州、四川：发货后3–4天送达。")
	put("east", "江苏、浙江、上海：发货后1–2天送达。")
	put("other", "退货请在签收后七天内申请，寄回前联系客服。")
	hits := ix.Search("寄到昆明要几天", Query{K: 1})
	if len(hits) == 0 || hits[0].DocID != "west" {
		t.Fatalf("昆明 should find the 云南 row, got %+v", hits)
	}
}

func TestConversationExamplesRankBelowTheSameFactElsewhere(t *testing.T) {
	ix := NewIndex(nil, Options{})
	text := "顾客：面霜拆封了还能退吗\n客服：面霜拆封后不支持七天无理由退货，质量问题除外。"
	if err := ix.Put(shop.KnowledgeDoc{ID: "conv", Title: "对话示例", Kind: shop.DocConversation, Body: text, Format: "text"}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Put(shop.KnowledgeDoc{ID: "sop", Title: "对话示例", Kind: shop.DocSOP, Body: text, Format: "text"}); err != nil {
		t.Fatal(err)
	}
	hits := ix.Search("面霜拆封了能退吗", Query{K: 2})
	if len(hits) != 2 || hits[0].DocID != "sop" || hits[1].Score >= hits[0].Score {
		t.Fatalf("the SOP should outrank the identical conversation example: %+v", hits)
	}
	same := NewIndex(nil, Options{ConversationWeight: 1})
	for _, d := range []shop.KnowledgeDoc{{ID: "conv", Title: "对话示例", Kind: shop.DocConversation, Body: text, Format: "text"}, {ID: "sop", Title: "对话示例", Kind: shop.DocSOP, Body: text, Format: "text"}} {
		if err := same.Put(d); err != nil {
			t.Fatal(err)
		}
	}
	if h := same.Search("面霜拆封了能退吗", Query{K: 2}); len(h) != 2 || h[0].Score != h[1].Score {
		t.Fatalf("with ConversationWeight 1 both should score the same: %+v", h)
	}
}

// A lexicon alternative counts only when the passage holds all of it: a
// passage sharing one piece of it ("抗磨损" has the "磨损" of "耐磨损") must
// not get the synonym credit the whole word earns.
func TestSynonymCreditNeedsTheWholeAlternative(t *testing.T) {
	coverage := func(opts Options) map[string]float64 {
		ix := NewIndex(nil, opts)
		put(t, ix, "whole", "锅具说明", "涂层耐磨损。")
		put(t, ix, "piece", "锅具说明", "涂层抗磨损。")
		cov := map[string]float64{}
		for _, h := range ix.Search("涂层耐刮吗", Query{K: 5}) {
			cov[h.DocID] = h.Coverage
		}
		return cov
	}
	lex := &Lexicon{}
	lex.Add("耐刮", "耐磨损")
	with := coverage(Options{Lexicon: lex})
	without := coverage(Options{Lexicon: &Lexicon{}, SynonymWeight: -1})
	if with["piece"] != without["piece"] {
		t.Errorf("a passage with one piece of 耐磨损 has coverage %.3f, want %.3f as without the lexicon", with["piece"], without["piece"])
	}
	if with["whole"] <= without["whole"] {
		t.Errorf("the passage saying 耐磨损 covers %.3f with the lexicon, not more than %.3f without", with["whole"], without["whole"])
	}
}

func TestIsQuantityAndUnits(t *testing.T) {
	for _, c := range []struct {
		w    string
		want bool
	}{
		{"100", true}, {"一次", true}, {"几套", true}, {"243mm", true}, {"5l", true},
		{"spf", false}, {"耳机", false}, {"3c认证", false}, {"a", false},
	} {
		if got := isQuantity(c.w); got != c.want {
			t.Errorf("isQuantity(%q) = %v, want %v", c.w, got, c.want)
		}
	}
	if !isUnitAfterNumber("243mm", 3, "mm") || isUnitAfterNumber("有spf吗", len("有"), "spf") {
		t.Error("isUnitAfterNumber: want true right after digits, false elsewhere")
	}
}

// A Latin word the knowledge base never contains ("SPF") is unseen even
// though its letters occur in other words ("3C", "Type-C").
func TestLatinWordsAreSeenAsWholes(t *testing.T) {
	ix := NewIndex(nil, Options{})
	put(t, ix, "cream", "面霜说明", "面霜白天使用要做好防晒，充电线为Type-C接口，有3C认证。")
	if !ix.seen("面霜") || ix.seen("spf") || !ix.seen("type") {
		t.Errorf("seen: 面霜 %v, spf %v, type %v; want true, false, true", ix.seen("面霜"), ix.seen("spf"), ix.seen("type"))
	}
}

// wordListAnalyzer segments Han text by greedy longest match against a word
// list (single characters otherwise), standing in for the understanding
// engine where a test needs real words rather than bigrams.
type wordListAnalyzer []string

func (wordListAnalyzer) Normalize(s string) string { return BasicAnalyzer{}.Normalize(s) }

func (a wordListAnalyzer) Segment(s string) []string {
	var out []string
	for s != "" {
		w := ""
		for _, cand := range a {
			if strings.HasPrefix(s, cand) && len(cand) > len(w) {
				w = cand
			}
		}
		if w == "" {
			_, size := utf8.DecodeRuneInString(s)
			w = s[:size]
		}
		out = append(out, w)
		s = s[len(w):]
	}
	return out
}

// A generic word the passage does not repeat ("寄") costs less coverage than
// an equally rare content word it does not contain ("藏").
func TestGenericWordsWeighLessInCoverage(t *testing.T) {
	ix := NewIndex(wordListAnalyzer{"新疆", "运费"}, Options{})
	put(t, ix, "fee", "运费", "新疆运费20元。")
	put(t, ix, "other", "退货", "退货请在签收后七天内申请。")
	cov := func(q string) float64 {
		for _, h := range ix.Search(q, Query{K: 2}) {
			if h.DocID == "fee" {
				return h.Coverage + h.WordCoverage
			}
		}
		t.Fatalf("%s: passage not found", q)
		return 0
	}
	if generic, content := cov("寄新疆运费"), cov("藏新疆运费"); generic <= content {
		t.Errorf("coverage with the generic 寄 missing %.3f, with the content word 藏 missing %.3f; want the first higher", generic, content)
	}
}

// A noun with the suffix 子/儿 is covered by a passage word ending in that
// noun ("裙子" by "连衣裙": the head of a Chinese compound comes last), but a
// classifier with the suffix is not ("点儿" by "特点").
func TestSuffixWordsMatchTheirCompounds(t *testing.T) {
	ix := NewIndex(wordListAnalyzer{"裙子", "连衣裙", "拉链", "点儿", "特点", "便宜"}, Options{})
	put(t, ix, "dress", "连衣裙", "连衣裙后中隐形拉链，特点是便宜。")
	put(t, ix, "other", "退货", "退货请在签收后七天内申请。")
	words := func(q string) float64 {
		for _, h := range ix.Search(q, Query{K: 2}) {
			if h.DocID == "dress" {
				return h.WordCoverage
			}
		}
		t.Fatalf("%s: passage not found", q)
		return 0
	}
	if got := words("裙子拉链"); got < 0.999 {
		t.Errorf("裙子拉链: word coverage %.3f, want 1 (裙子 covered by 连衣裙)", got)
	}
	if got := words("便宜点儿"); got > 0.99 {
		t.Errorf("便宜点儿: word coverage %.3f, want below 1 (点儿 is not covered by 特点)", got)
	}
}

func TestAsksAndStatesAmount(t *testing.T) {
	for _, c := range []struct {
		q    string
		want bool
	}{
		{"直播间几点开播", true}, {"抽奖什么时候开奖", true}, {"退款多久到账", true},
		{"发新疆要几天", true}, {"耳机充满能用几个小时", true}, {"几个工作日到账", true}, {"跑鞋能换几次", true}, {"运费多少钱", true}, {"炸锅多大", true},
		{"有几个颜色", false}, {"买几件包邮", false}, {"能开发票吗", false}, {"怎么退货", false},
	} {
		if got := asksAmount(c.q); got != c.want {
			t.Errorf("asksAmount(%q) = %v, want %v", c.q, got, c.want)
		}
	}
	for _, c := range []struct {
		text string
		want bool
	}{
		{"16:00前付款当天发出", true}, {"银行卡一到五个工作日", true}, {"本款无半码，建议选大一码。", true},
		{"换货只能换两次", true}, {"退款即时原路退回", true}, {"保修十二个月", true},
		{"家人们晚上好，欢迎来到直播间！", false}, {"就讲一个东西，空气炸锅。", false},
		{"补货日期以商品页显示为准", false},
	} {
		if got := statesAmount(c.text); got != c.want {
			t.Errorf("statesAmount(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

// A question asking for an amount is not answered by a passage on its topic
// that states none (the near miss), but is by one that does, and a
// question that asks for no amount is answered from the same passage as
// before.
func TestAnAmountQuestionNeedsAnAmount(t *testing.T) {
	ix := NewIndex(wordListAnalyzer{"直播间", "开播", "主播", "抽奖", "福利"}, Options{})
	put(t, ix, "live", "直播间", "主播小满在直播间开播，抽奖送福利，欢迎大家来直播间。")
	put(t, ix, "other", "退货", "退货请在签收后七天内申请。")
	plain := ix.Answer("直播间开播有抽奖福利吗", Query{})
	if !plain.Found {
		t.Fatalf("a question asking no amount is declined (conf %.2f, %s); the test needs it answered", plain.Confidence, plain.Hit.Explain)
	}
	a := ix.Answer("直播间开播抽奖福利几点", Query{})
	if a.Found || !a.Hit.AmountMissing || !strings.Contains(a.Hit.Explain, "amount") {
		t.Errorf("answered %q (conf %.2f, amount missing %v, %s); want no answer", a.Text, a.Confidence, a.Hit.AmountMissing, a.Hit.Explain)
	}
	put(t, ix, "live", "直播间", "主播小满每晚8点在直播间开播，抽奖送福利，欢迎大家来直播间。")
	if a := ix.Answer("直播间开播抽奖福利几点", Query{}); !a.Found || !strings.Contains(a.Text, "8点") {
		t.Errorf("with the time in the passage: answer %q (found %v, conf %.2f)", a.Text, a.Found, a.Confidence)
	}
}

func TestAsksAndStatesMoney(t *testing.T) {
	for _, c := range []struct {
		q    string
		want bool
	}{
		{"修一次多少钱", true}, {"安装收费多少", true}, {"不够99要付几块邮费", true}, {"现在什么价", true},
		{"保修多久", false}, {"能放多少东西", false}, {"怎么收费", false},
	} {
		if got := asksMoney(c.q); got != c.want {
			t.Errorf("asksMoney(%q) = %v, want %v", c.q, got, c.want)
		}
	}
	for _, c := range []struct {
		text string
		want bool
	}{
		{"首重12元", true}, {"每层约20–30元", true}, {"加五块钱", true}, {"送货上门并免费安装", true}, {"运费由店铺承担", true}, {"¥399", true},
		{"保修12个月", false}, {"续航约30小时", false}, {"按配送公司标准收取", false},
	} {
		if got := statesMoney(c.text); got != c.want {
			t.Errorf("statesMoney(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

// A question asking what something costs is not answered by a passage on
// its topic that states a period or a count but no sum of money.
func TestAMoneyQuestionNeedsASum(t *testing.T) {
	ix := NewIndex(wordListAnalyzer{"耳机", "维修", "保修"}, Options{})
	put(t, ix, "warranty", "耳机保修", "耳机保修12个月，维修需寄回，一般7个工作日修好寄出。")
	put(t, ix, "other", "退货", "退货请在签收后七天内申请。")
	if a := ix.Answer("耳机维修要多久", Query{}); !a.Found {
		t.Fatalf("a duration question is declined (conf %.2f, %s); the test needs it answered", a.Confidence, a.Hit.Explain)
	}
	a := ix.Answer("耳机维修要多少钱", Query{})
	if a.Found || !a.Hit.AmountMissing {
		t.Errorf("answered %q (conf %.2f, %s); want no answer: the passage states no sum", a.Text, a.Confidence, a.Hit.Explain)
	}
	put(t, ix, "warranty", "耳机保修", "耳机保修12个月，过保维修收费80元，需寄回，一般7个工作日修好寄出。")
	if a := ix.Answer("耳机维修要多少钱", Query{}); !a.Found || !strings.Contains(a.Text, "80元") {
		t.Errorf("with the fee in the passage: answer %q (found %v, conf %.2f)", a.Text, a.Found, a.Confidence)
	}
}

// A question about something only a passage speaking of it can answer —
// whether a part is sold on its own, a trade-in — is not answered by a
// passage on the part that never says so; it is once a passage does.
func TestARequiredConceptMustBeSpokenOf(t *testing.T) {
	ix := NewIndex(wordListAnalyzer{"耳机", "耳塞", "硅胶", "附赠", "单独"}, Options{})
	put(t, ix, "earbuds", "耳机耳塞", "耳机附赠S/M/L三副硅胶耳塞，出厂装M码耳塞，可单独清洗。")
	put(t, ix, "other", "退货", "退货请在签收后七天内申请。")
	if a := ix.Answer("耳机附赠几副硅胶耳塞", Query{}); !a.Found {
		t.Fatalf("the plain question is declined (conf %.2f, %s); the test needs it answered", a.Confidence, a.Hit.Explain)
	}
	a := ix.Answer("耳机硅胶耳塞能单独买吗", Query{})
	if a.Found || !a.Hit.ConceptMissing || !strings.Contains(a.Hit.Explain, "never speaks of") {
		t.Errorf("answered %q (conf %.2f, %s); want no answer", a.Text, a.Confidence, a.Hit.Explain)
	}
	put(t, ix, "earbuds", "耳机耳塞", "耳机附赠S/M/L三副硅胶耳塞，出厂装M码耳塞，可单独清洗；耳塞丢了可以联系客服单独购买。")
	if a := ix.Answer("耳机硅胶耳塞能单独买吗", Query{}); !a.Found || !strings.Contains(a.Text, "单独购买") {
		t.Errorf("with the sale in the passage: answer %q (found %v, conf %.2f, %s)", a.Text, a.Found, a.Confidence, a.Hit.Explain)
	}
}

// A question pairing one thing with another ("面霜能和精华一起用吗") is
// answered by a passage naming both, not by one that names only the first.
func TestAPairedThingMustBeNamed(t *testing.T) {
	ix := NewIndex(wordListAnalyzer{"面霜", "精华", "一起", "防晒", "维c"}, Options{})
	put(t, ix, "order", "护肤顺序", "面霜和精华可以一起用：先精华，再面霜。")
	put(t, ix, "vc", "维c", "维c粉要避光保存。")
	put(t, ix, "other", "退货", "退货请在签收后七天内申请。")
	if a := ix.Answer("面霜能和精华一起用吗", Query{}); !a.Found || !strings.Contains(a.Text, "先精华") {
		t.Errorf("both named: answer %q (found %v, conf %.2f, %s)", a.Text, a.Found, a.Confidence, a.Hit.Explain)
	}
	a := ix.Answer("面霜能和维c一起用吗", Query{})
	if a.Found || a.Hit.Unnamed == "" || !strings.Contains(a.Hit.Explain, "pairs it with") {
		t.Errorf("answered %q (conf %.2f, %s); want no answer: the passage does not name 维c", a.Text, a.Confidence, a.Hit.Explain)
	}
}

// A question asking for an amount is answered with the sentence stating
// one, even when another sentence of the passage names the product more
// often: "充电宝有多重" wants "约375g", not the safety advice.
func TestAnAmountQuestionGetsTheSentenceWithTheAmount(t *testing.T) {
	ix := NewIndex(wordListAnalyzer{"充电宝", "重量", "尺寸", "鼓包", "客服"}, Options{})
	put(t, ix, "pb", "充电宝详情", "尺寸重量：长14.9厘米，约375克，放进口袋不压手。锂聚合物电芯，支持多种协议快充，兼容大部分安卓和苹果手机。"+
		"不要放在汽车里暴晒，也不要在枕头、被子里边充边用，以免散热不良。"+
		"如果发现充电宝鼓包、发烫异常，请立即停止使用并拍照联系客服，保修期内直接换新，不需要寄回鼓包的充电宝。")
	put(t, ix, "other", "退货", "退货请在签收后七天内申请。")
	a := ix.Answer("充电宝有多重", Query{})
	if !a.Found || !strings.Contains(a.Text, "375克") || strings.Contains(a.Text, "鼓包") {
		t.Errorf("answer %q (found %v, conf %.2f); want the weight sentence", a.Text, a.Found, a.Confidence)
	}
	// Without an amount asked, the sentence naming the product stays first.
	if a := ix.Answer("充电宝鼓包怎么办", Query{}); !strings.Contains(a.Text, "停止使用") {
		t.Errorf("answer %q (found %v); want the bulge sentence", a.Text, a.Found)
	}
}

// categoryListAnalyzer is a wordListAnalyzer that also names categories: the
// keys of cats found in a text, as their values.
type categoryListAnalyzer struct {
	wordListAnalyzer
	cats map[string]string
}

func (a categoryListAnalyzer) Categories(s string) []string {
	var out []string
	for form, canon := range a.cats {
		if strings.Contains(s, form) && !slices.Contains(out, canon) {
			out = append(out, canon)
		}
	}
	slices.Sort(out)
	return out
}

func TestOtherProduct(t *testing.T) {
	for _, c := range []struct {
		asked, page []string
		want        bool
	}{
		{[]string{"毛衣"}, []string{"外套"}, true},
		{[]string{"毛衣", "外套"}, []string{"外套"}, false},
		{[]string{"耳机"}, []string{"蓝牙耳机", "充电宝"}, false}, // one name contains the other
		{nil, []string{"外套"}, false},                     // the question names no category
		{[]string{"毛衣"}, nil, false},                     // the page names none: not judged
	} {
		if got := otherProduct(c.asked, c.page); got != c.want {
			t.Errorf("otherProduct(%q, %q) = %v, want %v", c.asked, c.page, got, c.want)
		}
	}
}

// A product page mentions other products in passing; a question about one of
// those is not answered from it, while the same question about the page's
// product is, and a guide (about many products) is not judged by its title.
func TestAProductPageDoesNotAnswerForAnotherProduct(t *testing.T) {
	an := categoryListAnalyzer{
		wordListAnalyzer{"大衣", "毛衣", "翻领", "立领", "内搭", "商品详情页", "洗护指南"},
		map[string]string{"大衣": "外套", "毛衣": "毛衣"},
	}
	const body = "大翻领可立领穿，配同色腰带。更冷的天气建议内搭毛衣。"
	ix := NewIndex(an, Options{})
	putKind := func(id, title, kind string) {
		t.Helper()
		if err := ix.Put(shop.KnowledgeDoc{ID: id, Title: title, Kind: kind, Format: "text", Body: body}); err != nil {
			t.Fatal(err)
		}
	}
	putKind("coat", "羊毛呢大衣 商品详情页", shop.DocProductPage)
	put(t, ix, "other", "退货", "每款商品都可在签收后七天内申请退货。")
	if a := ix.Answer("大衣有立领的款吗", Query{}); !a.Found || a.Hit.OtherProduct {
		t.Fatalf("the page's own product: found %v, other product %v (conf %.2f, %s); want an answer", a.Found, a.Hit.OtherProduct, a.Confidence, a.Hit.Explain)
	}
	a := ix.Answer("毛衣有立领的款吗", Query{})
	if a.Found || !a.Hit.OtherProduct || !strings.Contains(a.Hit.Explain, "the page is about 外套") {
		t.Errorf("another product: answered %q (conf %.2f, other product %v, %s); want no answer", a.Text, a.Confidence, a.Hit.OtherProduct, a.Hit.Explain)
	}
	putKind("coat", "羊毛制品洗护指南", shop.DocNote)
	if a := ix.Answer("毛衣有立领的款吗", Query{}); a.Hit.OtherProduct {
		t.Errorf("a guide was judged as a product page: %s", a.Hit.Explain)
	}
}

// catalogueAnalyzer also knows the catalogue's products and their categories.
type catalogueAnalyzer struct {
	categoryListAnalyzer
	products map[string]string // id → category
}

func (a catalogueAnalyzer) ProductCategories(id string) []string {
	if c, ok := a.products[id]; ok {
		return []string{c}
	}
	return nil
}

// twoProductPage indexes a product page about earphones (product EARB) and a
// power bank (PWRB), a section each with the given text, and an unrelated
// document; words are the analyzer's words besides the products' and the
// page's own.
func twoProductPage(t *testing.T, earphones, powerBank string, words ...string) *Index {
	t.Helper()
	an := catalogueAnalyzer{
		categoryListAnalyzer{
			append(wordListAnalyzer{"耳机", "充电宝", "无线", "充电", "手机", "商品详情", "续航"}, words...),
			map[string]string{"耳机": "耳机", "充电宝": "充电宝"},
		},
		map[string]string{"EARB": "耳机", "PWRB": "充电宝"},
	}
	body := "耳机与充电宝 商品详情\n\n一、降噪耳机\n\n" + earphones + "\n\n二、充电宝\n\n" + powerBank + "\n"
	ix := NewIndex(an, Options{})
	if err := ix.Put(shop.KnowledgeDoc{ID: "pp", Title: "耳机与充电宝 商品详情", Kind: shop.DocProductPage, Format: "text", Body: body, ProductIDs: []string{"EARB", "PWRB"}}); err != nil {
		t.Fatal(err)
	}
	put(t, ix, "other", "退货", "每款商品都可在签收后七天内申请退货。")
	return ix
}

// A product page about two products gives each its own section; a section's
// heading says which product it is about, so a question about the other
// product — named, or the product the shopper is looking at — is not
// answered from it even though the page's title names both.
func TestAProductPageSectionAnswersForItsOwnProduct(t *testing.T) {
	ix := twoProductPage(t,
		"续航：充电盒支持无线充电，也能用手机反向充电。防水：IPX4。",
		"容量：20000mAh，可以给手机充电4次。",
		"容量", "防水")
	if a := ix.Answer("耳机能无线充电吗", Query{}); !a.Found || a.Hit.Heading != "一、降噪耳机" {
		t.Fatalf("the section's own product: found %v from %q (conf %.2f, %s); want an answer from 一、降噪耳机", a.Found, a.Hit.Heading, a.Confidence, a.Hit.Explain)
	}
	a := ix.Answer("充电宝能无线充电吗", Query{})
	if a.Found || !a.Hit.OtherProduct || !strings.Contains(a.Hit.Explain, "asks about 充电宝, the page is about 耳机") {
		t.Errorf("another product's section: answered %q (conf %.2f, other product %v, %s); want no answer", a.Text, a.Confidence, a.Hit.OtherProduct, a.Hit.Explain)
	}
	if a := ix.Answer("防水吗", Query{ProductID: "EARB"}); !a.Found {
		t.Errorf("viewing the earphones: declined (conf %.2f, %s); want their section's answer", a.Confidence, a.Hit.Explain)
	}
	a = ix.Answer("防水吗", Query{ProductID: "PWRB"})
	if a.Found || !strings.Contains(a.Hit.Explain, "the product in view is 充电宝, the page is about 耳机") {
		t.Errorf("viewing the power bank: answered %q (conf %.2f, %s); want no answer", a.Text, a.Confidence, a.Hit.Explain)
	}
}

// A feature the material states only for another product ("无线充电" of the
// earphones' case) is not answered from a passage about the asked product
// that is silent on it, however much of the rest of the question it covers.
func TestAFeatureDocumentedOnlyForAnotherProductIsNotAnswered(t *testing.T) {
	ix := twoProductPage(t,
		"续航：充电盒支持无线充电，耳机续航8小时。",
		"充电：用18W充电头给充电宝充电，约6小时充满。",
		"充电头", "充电盒", "小时")
	a := ix.Answer("充电宝能无线充电吗", Query{ProductID: "PWRB"})
	if a.Hit.Heading != "二、充电宝" || ix.Confidence(a.Hit) < ix.Options().MinConfidence {
		t.Fatalf("the test needs the power bank's section first and confident on its own: %q conf %.2f (%s)", a.Hit.Heading, ix.Confidence(a.Hit), a.Hit.Explain)
	}
	if a.Found || !strings.Contains(a.Hit.Explain, "only a passage about another product covers the rest") {
		t.Errorf("answered %q (conf %.2f, %s); want no answer: only the earphones' section states 无线充电", a.Text, a.Confidence, a.Hit.Explain)
	}
	if a := ix.Answer("充电宝充满要几小时", Query{ProductID: "PWRB"}); !a.Found {
		t.Errorf("the section's own content: declined (conf %.2f, %s)", a.Confidence, a.Hit.Explain)
	}
}

func TestDocumentedElsewhere(t *testing.T) {
	partial := Hit{Focus: 0.6, Text: "充电：用18W充电头给充电宝充电，约6小时充满。"}
	other := Hit{Focus: 1, OtherProduct: true, Text: "续航：充电盒支持无线充电，耳机续航8小时。"}
	own := Hit{Focus: 1, Text: "充电宝支持无线充电，手机放上去即可。"}
	title := Hit{Focus: 1, Text: "降噪耳机 & 无线充电宝 商品详情"}
	for _, c := range []struct {
		name string
		hits []Hit
		want bool
	}{
		{"only another product covers it", []Hit{partial, other}, true},
		{"a title line naming both does not count", []Hit{partial, title, other}, true},
		{"the asked product covers it too", []Hit{partial, own, other}, false},
		{"the best hit covers it all", []Hit{own, other}, false},
		{"no passage covers it", []Hit{partial, {Focus: 0.5, OtherProduct: true}}, false},
		{"the best hit is the other product's", []Hit{other, partial}, false},
	} {
		if got := documentedElsewhere(c.hits); got != c.want {
			t.Errorf("%s: documentedElsewhere = %v, want %v", c.name, got, c.want)
		}
	}
}

// A word of a document's title or headings is indexed with every passage of
// the section, but a passage's own text decides how rare the word is: a
// question's word that the passage leaves out weighs the same whether or
// not a title repeats it across the page.
func TestTitleWordsDoNotLookCommon(t *testing.T) {
	an := wordListAnalyzer{"无线", "耳机", "充电", "续航", "小时", "说明"}
	coverage := func(title string) float64 {
		t.Helper()
		ix := NewIndex(an, Options{})
		for i, body := range []string{"续航：耳机续航8小时。", "充电：耳机充电1小时。", "佩戴：耳机贴合耳道。", "通话：耳机双麦降噪。"} {
			if i == 1 {
				put(t, ix, "d1", "耳机 说明", body) // the passage measured keeps its title
				continue
			}
			put(t, ix, fmt.Sprint("d", i), title, body)
		}
		put(t, ix, "wl", "配件", "充电盒支持无线充电。")
		for _, h := range ix.Search("耳机能无线充电吗", Query{K: 10}) {
			if h.DocID == "d1" {
				return h.WordCoverage
			}
		}
		t.Fatal("the charging passage is not among the hits")
		return 0
	}
	plain, titled := coverage("耳机 说明"), coverage("无线耳机 说明")
	if math.Abs(plain-titled) > 1e-9 {
		t.Errorf("word coverage of the passage without 无线: %.3f with 无线 in the other passages' titles, %.3f without; want equal", titled, plain)
	}
}

// A demonstrative with its classifier (那只, 这双) points at something and
// names nothing: its classifier must not match "单只耳机" in a passage. A
// word that merely starts the same way (只是) keeps its content.
func TestDemonstrativeWithClassifierIsAStopWord(t *testing.T) {
	ix := NewIndex(wordListAnalyzer{"耳机", "左边", "只是", "赠品", "不响"}, Options{})
	for _, c := range []struct {
		q, part string
		stop    bool
	}{
		{"耳机左边那只不响了", "那只", true},
		{"这双鞋码偏大吗", "这双", true},
		{"耳机左边那只不响了", "不响", false},
		{"这只是赠品吗", "只是", false},
	} {
		norm := ix.an.Normalize(c.q)
		mask := ix.stopMask(norm)
		i := strings.Index(norm, c.part)
		if got := !slices.Contains(mask[i:i+len(c.part)], false); got != c.stop {
			t.Errorf("%q in %q: stop %v, want %v", c.part, c.q, got, c.stop)
		}
	}
}

func TestContrastAlternatives(t *testing.T) {
	cs := parseContrast("# travel\n飞机 登机 | 高铁 火车 | 地铁\n微信 | 支付宝\nonly-one\n", strings.ToLower)
	if len(cs) != 2 || len(cs[0]) != 3 || len(cs[0][1]) != 2 {
		t.Fatalf("parsed %q", cs)
	}
	for _, c := range []struct {
		q, passage string
		want       bool
	}{
		{"充电宝能带上高铁吗", "可以随身携带登机", true},
		{"能坐火车带吗", "可以随身携带登机", true},
		{"能带上飞机吗", "可以随身携带登机", false},
		{"高铁和飞机都能带吗", "可以随身携带登机", false}, // the passage speaks of one of the question's
		{"能带上高铁吗", "高铁和飞机均可随身携带", false}, // and of the question's own
		{"能带上高铁吗", "额定能量74Wh", false},    // nothing of the kind: not judged
		{"能用支付宝吗", "微信余额即时到账", true},     // another group
	} {
		if got := cs.otherAlternative(cs.mentions(c.q), c.passage); got != c.want {
			t.Errorf("%q against %q: other alternative %v, want %v", c.q, c.passage, got, c.want)
		}
	}
}

// A passage about one situation (flying) does not answer a question about
// another of its kind (a train), while it still answers its own.
func TestAPassageAboutAnotherAlternativeIsNotAnswered(t *testing.T) {
	ix := NewIndex(wordListAnalyzer{"充电宝", "带上", "飞机", "高铁", "登机", "随身携带"}, Options{})
	if err := ix.Put(shop.KnowledgeDoc{ID: "FAQ-PB", Title: "充电宝可以带上飞机吗", Kind: shop.DocFAQ, Format: "text",
		Body: "可以随身携带登机,额定能量74Wh,低于100Wh。"}); err != nil {
		t.Fatal(err)
	}
	// Another passage has the characters of 高铁, so the word is not unseen.
	if err := ix.Put(shop.KnowledgeDoc{ID: "NOTE-PAN", Title: "铁锅", Kind: shop.DocNote, Format: "text", Body: "铸铁锅可以高温烹饪。"}); err != nil {
		t.Fatal(err)
	}
	if a := ix.Answer("充电宝能带上飞机吗", Query{}); !a.Found || a.Hit.OtherAlternative {
		t.Fatalf("its own situation: found %v (conf %.2f, %s); want an answer", a.Found, a.Confidence, a.Hit.Explain)
	}
	a := ix.Answer("充电宝能带上高铁吗", Query{})
	if a.Found || !a.Hit.OtherAlternative || !strings.Contains(a.Hit.Explain, "another alternative") {
		t.Errorf("another situation: answered %q (conf %.2f, %s); want no answer", a.Text, a.Confidence, a.Hit.Explain)
	}
}

// What a question names that any answer must name too: the stretches each
// kind of question marks, a one-character word joined with its neighbour.
func TestNamedThings(t *testing.T) {
	ix := NewIndex(wordListAnalyzer{"连衣裙", "长袖", "新款", "炸篮", "一次", "几个", "几种", "颜色", "面霜", "精华", "一起", "发票", "退货", "小时", "充满", "耳机", "当天", "发货", "重启", "连不上"}, Options{})
	put(t, ix, "x", "x", "连衣裙有长袖款。")
	tests := []struct {
		q    string
		want []string // what: alternatives
	}{
		{"这条连衣裙是长袖还是短袖啊", []string{"either alternative the question offers: 长袖|短袖"}},
		{"新款炸篮一次能放几个鸡翅", []string{"what the question counts: 鸡翅"}},
		{"有几种颜色", []string{"what the question counts: 颜色"}},
		{"面霜能和精华一起用吗", []string{"what the question pairs it with: 精华"}},
		{"面霜能当眼霜用吗", []string{"what the question would use it as: 眼霜"}},
		{"开了发票之后还能退货吗", []string{"what the question asks can still be done: 退货"}},
		{"还能上烟酰胺吗", []string{"what the question asks can still be done: 上"}}, // the verb alone
		{"偏黄还是偏白", nil},     // a scale: "偏灰" answers
		{"耳机充满能用几个小时", nil}, // a duration, not a count
		{"当天能发货吗", nil},     // 当天 is a word, not "as"
		{"耳机重启了还是连不上", nil}, // 还是 as "still": no word right before it
		{"和面霜一起用", nil},     // nothing before the pairing
		{"精华", nil},
	}
	for _, tt := range tests {
		aq := ix.analyseQuery(tt.q)
		var got []string
		for _, n := range aq.named {
			var alts []string
			for _, a := range n.alts {
				alts = append(alts, aq.norm[a.start:a.end])
			}
			got = append(got, n.what+": "+strings.Join(alts, "|"))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: named %q, want %q", tt.q, got, tt.want)
		}
	}
}

// A count question is answered by a passage naming what it counts, not by
// one counting something else; a choice by a passage naming one of its
// sides in full; a question about doing something still by a passage
// speaking of that, not only of what came before.
func TestNamedThingsMustBeInTheAnswer(t *testing.T) {
	ix := NewIndex(wordListAnalyzer{"炸篮", "一次", "几个", "鸡翅", "三黄鸡", "连衣裙", "长袖", "发票", "退货", "退款", "开具", "沙发", "三人位", "靠包", "抱枕", "靠垫", "坐垫"}, Options{})
	put(t, ix, "basket", "炸篮", "炸篮一次放一整只三黄鸡没问题。")
	put(t, ix, "wings", "鸡翅", "炸篮一次能放8个鸡翅，平铺不要叠放。")
	put(t, ix, "dress", "连衣裙", "这条连衣裙是收腰款，可搭配黑色短靴。")
	put(t, ix, "invoice", "发票", "电子发票在确认收货后自动开具。")
	put(t, ix, "after", "开具以后", "发票开具以后仍可申请退款，退款后发票作废。")
	put(t, ix, "legs", "鸡腿", "鸡腿先腌制入味。")
	put(t, ix, "cushions", "沙发配件", "三人位沙发含3个靠包、2个抱枕。")
	put(t, ix, "seats", "坐垫", "坐垫每月翻面一次。")
	put(t, ix, "cuffs", "大衣袖口", "大衣袖口可以翻折，长度到膝盖。")
	tests := []struct {
		q, want string // want: a phrase of the answer, "" for no answer
		unnamed string // the explanation's missing thing when declined
	}{
		{"炸篮一次能放几个鸡翅", "8个鸡翅", ""},
		{"炸篮一次能放几个鸡腿", "", "what the question counts"},
		// 靠垫 is named by 抱枕 of its lexicon group, though the question
		// names 抱枕 too.
		{"三人位沙发带几个抱枕和靠垫", "2个抱枕", ""},
		{"这条连衣裙是长袖还是短袖", "", "either alternative the question offers"},
		{"电子发票开具了还能退货吗", "", "what the question asks can still be done"},
		// One character is named by a passage holding it in a word: 退款.
		{"发票开具以后还能退吗", "仍可申请退款", ""},
	}
	for _, tt := range tests {
		a := ix.Answer(tt.q, Query{})
		switch {
		case tt.want != "" && (!a.Found || !strings.Contains(a.Text, tt.want)):
			t.Errorf("%s: answer %q (found %v, conf %.2f, %s), want one with %q", tt.q, a.Text, a.Found, a.Confidence, a.Hit.Explain, tt.want)
		case tt.want == "" && tt.unnamed != "" && (a.Found || a.Hit.Unnamed != tt.unnamed || !strings.Contains(a.Hit.Explain, tt.unnamed)):
			t.Errorf("%s: answer %q (found %v, conf %.2f, %s), want none for lack of %s", tt.q, a.Text, a.Found, a.Confidence, a.Hit.Explain, tt.unnamed)
		}
	}
}
