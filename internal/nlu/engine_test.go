package nlu

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// testEngine builds the engine once for the package's tests, with the evaluation catalogue.
var testEngine = sync.OnceValues(func() (*Engine, error) {
	e, err := New(Options{})
	if err != nil {
		return nil, err
	}
	e.SetCatalog(testCatalog)
	return e, nil
})

// testCatalog mirrors the shape of corpus/eval/catalog.json without depending on it.
var testCatalog = []CatalogItem{
	{ID: "P-COAT-01", Name: "双面羊毛大衣", Aliases: []string{"羊毛大衣", "双面呢大衣"}, Category: "外套", Colors: []string{"黑色", "驼色", "灰色"}},
	{ID: "P-DRESS-01", Name: "法式碎花连衣裙", Aliases: []string{"碎花连衣裙", "碎花裙"}, Category: "裙子", Colors: []string{"蓝色", "黄色"}},
	{ID: "P-SHOE-01", Name: "经典小白鞋", Aliases: []string{"小白鞋"}, Category: "鞋", Colors: []string{"白色", "雾霾蓝"}},
}

// evalNow is a Sunday; weeks start on Monday.
var evalNow = time.Date(2026, 11, 22, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

func engine(t testing.TB) *Engine {
	t.Helper()
	e, err := testEngine()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return e
}

func hasEntity(ents []Entity, typ, value string) bool {
	for _, en := range ents {
		if en.Type == typ && (value == "" || en.Value == value) {
			return true
		}
	}
	return false
}

func TestAnalyzeUnderstandsShopMessages(t *testing.T) {
	e := engine(t)
	tests := []struct {
		name, text, intent string
		entities           [][2]string // type, value ("" = any value)
		emotion            string
		priceSensitive     bool
	}{
		{name: "colloquial when maps to dispatch time", text: "衬衫啥时候发货", intent: "dispatch_time", entities: [][2]string{{"category", "衬衫"}}},
		{name: "looking fat is an attribute, not a return", text: "这件衣服显胖吗", intent: "product_attribute", entities: [][2]string{{"demonstrative", "this"}}},
		{name: "did the thing I mentioned yesterday arrive", text: "我昨天说的那个到了没", intent: "logistics",
			entities: [][2]string{{"date", "2026-11-21"}, {"demonstrative", ""}}},
		{name: "sole came off after a week is an angry quality complaint", text: "鞋子才穿一周就开胶了!你们这质量太差了!",
			intent: "quality_complaint", emotion: EmotionAngry},
		{name: "bargaining is price sensitive", text: "能便宜点吗", intent: "price_negotiation", priceSensitive: true},
		{name: "transfer to a human", text: "转人工", intent: "human_agent"},
		{name: "traditional characters are understood", text: "這件衣服會縮水嗎", intent: "product_attribute"},
		{name: "height and weight ask for a size", text: "165 110斤穿什么码", intent: "size_advice",
			entities: [][2]string{{"height", "165"}, {"weight", "55"}}},
		{name: "colour and size in stock", text: "黑的2XL还有吗", intent: "stock_availability",
			entities: [][2]string{{"color", "黑色"}, {"size", "XXL"}}},
		{name: "tracking number lookup", text: "SF1403962851734到哪了", intent: "logistics",
			entities: [][2]string{{"tracking_no", "SF1403962851734"}}},
		{name: "threat of a complaint escalates", text: "再不处理我就投诉到12315", emotion: EmotionAngry},
		{name: "catalogue alias is a product", text: "羊毛大衣有驼色吗", entities: [][2]string{{"product", "P-COAT-01"}, {"color", "驼色"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := e.Analyze(tt.text, Context{Now: evalNow})
			if tt.intent != "" && a.Intent.Name != tt.intent {
				t.Errorf("intent = %s (%.3f), want %s; alternatives %v", a.Intent.Name, a.Intent.Confidence, tt.intent, a.Alternatives)
			}
			for _, want := range tt.entities {
				if !hasEntity(a.Entities, want[0], want[1]) {
					t.Errorf("missing entity %s=%q in %+v", want[0], want[1], a.Entities)
				}
			}
			if tt.emotion != "" && a.Emotion.Class != tt.emotion {
				t.Errorf("emotion = %s (signals %v), want %s", a.Emotion.Class, a.Emotion.Signals, tt.emotion)
			}
			if tt.priceSensitive && !a.Sales.PriceSensitive {
				t.Errorf("price_sensitive = false (%.3f), want true", a.Sales.PriceSensitivity)
			}
		})
	}
}

func TestAnalyzeConfidenceAndUnknown(t *testing.T) {
	e := engine(t)
	a := e.Analyze("有M码吗", Context{Now: evalNow})
	if a.Intent.Confidence <= 0 || a.Intent.Confidence > 1 {
		t.Fatalf("confidence %v out of (0,1]", a.Intent.Confidence)
	}
	if len(a.Alternatives) != defaultTopK {
		t.Errorf("got %d alternatives, want %d", len(a.Alternatives), defaultTopK)
	}
	for i := 1; i < len(a.Alternatives); i++ {
		if a.Alternatives[i].Confidence > a.Alternatives[i-1].Confidence {
			t.Errorf("alternatives not sorted: %v", a.Alternatives)
		}
	}
	strict := &Engine{norm: e.norm, seg: e.seg, extract: e.extract, affect: e.affect, model: e.model, threshold: 1.01}
	if got := strict.Analyze("有M码吗", Context{Now: evalNow}).Intent.Name; got != IntentUnknown {
		t.Errorf("above-certainty threshold gave %s, want unknown", got)
	}
}

func TestAnalyzeEscalationAndUrging(t *testing.T) {
	e := engine(t)
	tests := []struct {
		name, text string
		recent     []string
		class      string
		escalation bool
	}{
		{name: "bad review threat", text: "不给退我就给差评", class: EmotionAngry, escalation: true},
		{name: "repeated are-you-there is urging", text: "在吗在吗在吗", class: EmotionAnxious},
		{name: "several messages in a row is urging", text: "有人吗", recent: []string{"在吗", "我的快递呢", "怎么不回"}, class: EmotionAnxious},
		{name: "negated satisfaction is disappointment", text: "衣服收到了,不太满意", class: EmotionDisappointed},
		{name: "praise is satisfaction", text: "衣服很好看,非常满意", class: EmotionSatisfied},
		{name: "plain question is neutral", text: "这个有什么颜色", class: EmotionNeutral},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			em := e.Analyze(tt.text, Context{Now: evalNow, Recent: tt.recent}).Emotion
			if em.Class != tt.class || em.Escalation != tt.escalation {
				t.Errorf("emotion = %s escalation=%v (signals %v), want %s escalation=%v", em.Class, em.Escalation, em.Signals, tt.class, tt.escalation)
			}
			if em.Polarity < -1 || em.Polarity > 1 || em.Intensity < 0 || em.Intensity > 1 {
				t.Errorf("polarity %v or intensity %v out of range", em.Polarity, em.Intensity)
			}
		})
	}
}

func TestAnalyzeJSONShape(t *testing.T) {
	e := engine(t)
	b, err := json.Marshal(e.Analyze("亲,有M码吗?今天能发吗", Context{Now: evalNow}))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"text", "normalized", "tokens", "intent", "alternatives", "clauses", "entities", "emotion", "sales", "polite"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, b)
		}
	}
	if m["polite"] != true {
		t.Errorf("亲 should set polite: %s", b)
	}
}

func TestSetCatalogWhileAnalyzing(t *testing.T) {
	e := engine(t)
	defer e.SetCatalog(testCatalog)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Go(func() {
			for i := 0; i < 50; i++ {
				e.Analyze("碎花裙有黄色的吗", Context{Now: evalNow})
			}
		})
	}
	for i := 0; i < 20; i++ {
		if i%2 == 0 {
			e.SetCatalog(nil)
		} else {
			e.SetCatalog(testCatalog)
		}
	}
	wg.Wait()
	e.SetCatalog([]CatalogItem{{ID: "P-NEW", Name: "云朵枕头", Category: "枕头"}})
	a := e.Analyze("云朵枕头还有吗", Context{Now: evalNow})
	if !hasEntity(a.Entities, "product", "P-NEW") {
		t.Errorf("new catalogue not used: %+v", a.Entities)
	}
	if !slices.Contains(a.Tokens, "云朵枕头") {
		t.Errorf("catalogue name not kept whole in the tokens: %v", a.Tokens)
	}
	// The knowledge base's segmentation cuts the name, so a passage about
	// the 枕头 shares the word with a question naming the product.
	if got := e.Segment("云朵枕头还有吗"); slices.Contains(got, "云朵枕头") || !slices.Contains(got, "枕头") {
		t.Errorf("Segment = %v, want the catalogue name cut into its words", got)
	}
}

func TestMerchantDirExtendsLexiconsAndIntents(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("lexicon/normalize.txt", "# shop slang\n小裙裙 裙子\n")
	write("lexicon/colors.txt", "克莱因蓝色 克莱因蓝\n")
	write("intents/engraving.txt", "能刻字吗\n可以免费刻字吗\n刻名字要加钱吗\n能不能帮我刻个字\n刻字多少钱\n戒指内圈可以刻字吗\n刻字要等几天\n能刻英文吗\n")
	e, err := New(Options{MerchantDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(e.Intents(), "engraving") {
		t.Fatalf("merchant intent missing from %v", e.Intents())
	}
	if got := e.Analyze("这个能刻字吗", Context{Now: evalNow}).Intent.Name; got != "engraving" {
		t.Errorf("intent = %s, want engraving", got)
	}
	if got := e.Normalize("小裙裙有货吗"); got != "裙子有货吗" {
		t.Errorf("Normalize = %q, want merchant mapping applied", got)
	}
	if a := e.Analyze("有克莱因蓝吗", Context{Now: evalNow}); !hasEntity(a.Entities, "color", "克莱因蓝色") {
		t.Errorf("merchant colour not found: %+v", a.Entities)
	}
}

func TestNewIsDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the model twice")
	}
	a, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := engine(t)
	if a.model.temperature != b.model.temperature || !slices.Equal(a.model.weights, b.model.weights) {
		t.Error("two trainings from the same corpus differ")
	}
}

func TestAnalyzeWithoutContentIsUnknown(t *testing.T) {
	e := engine(t)
	for _, text := range []string{"", "   ", "???", "😡😡"} {
		a := e.Analyze(text, Context{Now: evalNow})
		if a.Intent.Name != IntentUnknown || len(a.Clauses) != 0 {
			t.Errorf("Analyze(%q) = %s with %d clauses, want unknown and none", text, a.Intent.Name, len(a.Clauses))
		}
	}
	if em := e.Analyze("😡😡", Context{Now: evalNow}).Emotion; em.Class != EmotionAngry {
		t.Errorf("angry emoji read as %s", em.Class)
	}
}

// TestCatalogueSpecSizes: a product's own specs are read as sizes, in either
// numeral spelling, and the whole spec wins over the height in its first half.
func TestCatalogueSpecSizes(t *testing.T) {
	e := engine(t)
	cat := newCatalog(CatalogOf([]shop.Product{
		{ID: "P-SOFA", Name: "科技布沙发", Category: "沙发", SKUs: []shop.SKU{{Size: "三人位"}, {Size: "四人位"}}},
		{ID: "P-MATT", Name: "乳胶床垫", Category: "床垫", SKUs: []shop.SKU{{Size: "1.8m×2.0m"}}},
		{ID: "P-SERUM", Name: "烟酰胺精华", Category: "精华", SKUs: []shop.SKU{{Size: "30ml"}}},
		{ID: "P-TEE", Name: "纯棉T恤", Category: "T恤", SKUs: []shop.SKU{{Size: "M"}, {Size: "4XL"}, {Size: "均码"}}},
	}), e.norm, e.extract.words)
	tests := []struct {
		text, size string
	}{
		{"四人位呢", "四人位"},
		{"3人位有货吗", "三人位"},
		{"1.8m×2.0m的有吗", "1.8m×2.0m"},
		{"30ml的呢", "30ml"},
		{"4xl有吗", "4XL"},
	}
	for _, tt := range tests {
		a := e.analyze(tt.text, Context{Now: evalNow}, cat)
		if !hasEntity(a.Entities, "size", tt.size) {
			t.Errorf("%q: entities %+v, want size %q", tt.text, a.Entities, tt.size)
		}
		if hasEntity(a.Entities, "height", "") {
			t.Errorf("%q: a spec read as a height: %+v", tt.text, a.Entities)
		}
	}
	// The segmenter cuts 四人位 into 四/人/位; no clause may cut the spec.
	if a := e.analyze("有四人位吗", Context{Now: evalNow}, cat); len(a.Clauses) != 1 {
		t.Errorf("有四人位吗: clauses %+v, want one", a.Clauses)
	}
	for size, want := range map[string]bool{"三人位": true, "30ml": true, "50g": true, "1.8m×2.0m": true, "M": false, "4XL": false, "39": false, "均码": false, "": false} {
		if got := specSize(size); got != want {
			t.Errorf("specSize(%q) = %v, want %v", size, got, want)
		}
	}
	for in, want := range map[string]string{"三人位": "3人位", "3人位": "三人位", "1.8m×2.0m": "1.8m×2.0m", "十二寸": "十二寸", "50g": "50g"} {
		if got := swapNumerals(in); got != want {
			t.Errorf("swapNumerals(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestProductMentionWidensToTheName: words taken from a product's full name
// in front of its short alias belong to the mention ("修护面霜"), so 修 is not
// read on its own as a repair.
func TestProductMentionWidensToTheName(t *testing.T) {
	e := engine(t)
	cat := newCatalog([]CatalogItem{{ID: "P-CREAM", Name: "神经酰胺修护保湿面霜", Aliases: []string{"面霜"}, Category: "面霜"}}, e.norm, e.extract.words)
	tests := []struct{ text, mention string }{
		{"修护面霜多少钱", "修护面霜"},
		{"保湿面霜还有吗", "保湿面霜"},
		{"买面霜送什么", "面霜"},  // 买 is not in the name
		{"护面霜", "面霜"},     // one rune is too little to widen by
		{"面霜修护好用吗", "面霜"}, // only words before the alias
	}
	for _, tt := range tests {
		a := e.analyze(tt.text, Context{Now: evalNow}, cat)
		got := ""
		for _, en := range a.Entities {
			if en.Type == "product" {
				got = en.Text
			}
		}
		if got != tt.mention {
			t.Errorf("%q: product mention %q, want %q (%+v)", tt.text, got, tt.mention, a.Entities)
		}
	}
}
