package nlu

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
)

// Options configures New.
type Options struct {
	// MerchantDir optionally extends the shipped data: <MerchantDir>/lexicon/<name>.txt adds
	// entries to the lexicon of the same name and <MerchantDir>/intents/<intent>.txt adds
	// training examples (a new file name defines a new intent). Empty means none.
	MerchantDir string
	// Threshold is the calibrated confidence below which the intent is "unknown";
	// 0 means DefaultThreshold.
	Threshold float64
}

// DefaultThreshold is the confidence below which Analyze reports IntentUnknown.
const DefaultThreshold = 0.25

// IntentUnknown is returned when no intent is confident enough.
const IntentUnknown = "unknown"

// Engine analyses shopper messages. Build it once with New; it is safe for concurrent use.
type Engine struct {
	norm      *normalizer
	seg       *segmenter
	extract   *extractor
	affect    *affect
	model     *classifier
	threshold float64
	catalog   atomic.Pointer[catalog]
	// trainingNow dates training examples so date entities are features; any fixed day works.
	trainingNow time.Time
}

// Analysis is everything the engine understood of one message.
type Analysis struct {
	Text         string        `json:"text"`
	Normalized   string        `json:"normalized"`
	Tokens       []string      `json:"tokens"`
	Intent       IntentScore   `json:"intent"`
	Alternatives []IntentScore `json:"alternatives"`
	Clauses      []Clause      `json:"clauses"`
	Entities     []Entity      `json:"entities"`
	Emotion      Emotion       `json:"emotion"`
	Sales        Sales         `json:"sales"`
	Polite       bool          `json:"polite"`
}

// Clause is one question or statement of a message, with its own intent. Start and End are
// rune offsets into Analysis.Normalized; Entities are those inside the clause.
type Clause struct {
	Text         string        `json:"text"`
	Start        int           `json:"start"`
	End          int           `json:"end"`
	Intent       string        `json:"intent"`
	Confidence   float64       `json:"confidence"`
	Alternatives []IntentScore `json:"alternatives"`
	Entities     []Entity      `json:"entities"`
}

// Context is what Analyze needs besides the text.
type Context struct {
	// Now resolves relative dates (昨天, 上周五); zero means time.Now().
	Now time.Time
	// Recent holds this shopper's previous messages in the recent window, oldest first; several
	// messages in a row read as urging.
	Recent []string
}

// New builds the engine: lexicons, segmenter dictionary and the intent model, trained from
// the embedded corpus plus the merchant's examples.
func New(opts Options) (*Engine, error) {
	src := lexiconSource{merchantDir: opts.MerchantDir}
	e := &Engine{threshold: opts.Threshold, trainingNow: time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)}
	if e.threshold <= 0 {
		e.threshold = DefaultThreshold
	}
	var err error
	if e.norm, err = newNormalizer(src); err != nil {
		return nil, fmt.Errorf("build normaliser: %w", err)
	}
	if e.seg, err = newSegmenter(src); err != nil {
		return nil, fmt.Errorf("build segmenter: %w", err)
	}
	if e.extract, err = newExtractor(src, e.norm); err != nil {
		return nil, fmt.Errorf("build entity extractor: %w", err)
	}
	if e.affect, err = newAffect(src, e.norm); err != nil {
		return nil, fmt.Errorf("build emotion lexicon: %w", err)
	}
	examples, err := loadCorpus(opts.MerchantDir)
	if err != nil {
		return nil, err
	}
	e.model = e.train(examples, defaultTrainConfig)
	return e, nil
}

// train featurises the corpus and fits the classifier; intents are sorted by name.
func (e *Engine) train(examples []trainingExample, cfg trainConfig) *classifier {
	index := map[string]int{}
	var intents []string
	for _, ex := range examples {
		if _, ok := index[ex.intent]; !ok {
			index[ex.intent] = 0
			intents = append(intents, ex.intent)
		}
	}
	sort.Strings(intents)
	for i, name := range intents {
		index[name] = i
	}
	examples = augmentCodes(examples)
	// Featurise in parallel; each example lands at its own index, so the order (and with it
	// the trained model) does not depend on scheduling.
	data := make([]labelled, len(examples))
	workers := max(1, min(runtime.GOMAXPROCS(0), 4))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Go(func() {
			for i := w; i < len(examples); i += workers {
				norm := e.norm.normalize(examples[i].text)
				feats := e.features(norm, e.seg.cut(norm, nil), e.extract.extract(norm, e.trainingNow, nil), nil)
				data[i] = labelled{feats: feats, label: index[examples[i].intent]}
			}
		})
	}
	wg.Wait()
	return trainClassifier(intents, data, cfg)
}

func (e *Engine) features(norm string, tokens []string, ents []Entity, buf []uint64) []uint64 {
	var types []string
	for _, en := range ents {
		types = append(types, en.Type)
	}
	return featureHashes(norm, tokens, types, buf)
}

// SetCatalog atomically replaces the product catalogue used to recognise product names,
// aliases, categories and colours; names and aliases also become segmenter words.
func (e *Engine) SetCatalog(items []CatalogItem) {
	e.catalog.Store(newCatalog(items, e.norm, e.extract.words))
}

// Normalize returns the canonical form of text (see docs/nlu.md).
func (e *Engine) Normalize(text string) string { return e.norm.normalize(text) }

// Segment normalises text and cuts it into dictionary words. The knowledge base uses it so
// that questions and documents are tokenised alike. Unlike Analysis.Tokens it does not keep
// catalogue names whole: a passage about the "20000mAh快充充电宝" must share the word 充电宝
// with "充电宝能带上飞机吗", and measured on the knowledge-base evaluation, cutting the names
// declines more unanswerable questions and ranks better (docs/kb.md).
func (e *Engine) Segment(text string) []string {
	return e.seg.cut(e.norm.normalize(text), nil)
}

// Intents lists the intents the model knows, sorted.
func (e *Engine) Intents() []string { return append([]string(nil), e.model.intents...) }

// Threshold is the confidence below which the intent is unknown.
func (e *Engine) Threshold() float64 { return e.threshold }

// Analyze understands one message.
func (e *Engine) Analyze(text string, ctx Context) Analysis {
	return e.analyze(text, ctx, e.catalog.Load())
}

// analyze is Analyze with an explicit catalogue (Evaluate uses its own).
func (e *Engine) analyze(text string, ctx Context, cat *catalog) Analysis {
	now := ctx.Now
	if now.IsZero() {
		now = time.Now()
	}
	norm := e.norm.normalize(text)
	a := Analysis{
		Text:       text,
		Normalized: norm,
		Tokens:     e.seg.cut(norm, cat),
		Entities:   e.extract.extract(norm, now, cat),
		Polite:     e.norm.isPolite(norm),
	}
	if a.Entities == nil {
		a.Entities = []Entity{}
	}
	if a.Tokens == nil {
		a.Tokens = []string{}
	}
	scratch := make([]float32, len(e.model.intents))
	feats := make([]uint64, 0, 256)
	if !hasContent(norm) {
		// Nothing to classify (empty, punctuation or emoji only): unknown, but emotion still
		// reads the punctuation and emoji of the raw text.
		a.Intent = IntentScore{Name: IntentUnknown}
		a.Alternatives, a.Clauses = []IntentScore{}, []Clause{}
		a.Emotion = e.affect.read(text, norm, IntentUnknown, ctx.Recent, a.Entities)
		a.Sales = e.affect.sales(norm, IntentUnknown)
		return a
	}
	rs := []rune(norm)
	ctext := cat.classText(rs, 0, len(rs), a.Entities)
	ctokens := a.Tokens
	if ctext != norm {
		ctokens = e.seg.cut(ctext, nil)
	}
	ranked := e.model.predict(e.features(ctext, ctokens, a.Entities, feats), scratch)
	a.Intent, a.Alternatives = e.decide(ranked)
	a.Clauses = e.clauses(norm, a, cat, scratch, feats)
	a.Emotion = e.affect.read(text, norm, a.Intent.Name, ctx.Recent, a.Entities)
	a.Sales = e.affect.sales(norm, a.Intent.Name)
	return a
}

// decide applies the threshold and keeps the top-k alternatives after the best intent.
func (e *Engine) decide(ranked []IntentScore) (IntentScore, []IntentScore) {
	best := ranked[0]
	best.Confidence = round3(best.Confidence)
	alts := make([]IntentScore, 0, defaultTopK)
	for _, r := range ranked[1:min(len(ranked), defaultTopK+1)] {
		alts = append(alts, IntentScore{Name: r.Name, Confidence: round3(r.Confidence)})
	}
	if best.Confidence < e.threshold {
		alts = append([]IntentScore{best}, alts[:len(alts)-1]...)
		best = IntentScore{Name: IntentUnknown, Confidence: best.Confidence}
	}
	return best, alts
}

// hasContent reports whether s holds a letter or digit to classify.
func hasContent(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// ProductCategories lists the categories of the catalogue's product id, canonical, as
// Categories reads them from its category (or, when that names none, its name); nil for a
// product the catalogue does not have. The knowledge base asks it for the product a shopper
// is looking at, when the question itself names none ("防水吗" on the power bank's page).
func (e *Engine) ProductCategories(id string) []string {
	cat := e.catalog.Load()
	if cat == nil {
		return nil
	}
	i, ok := cat.byID[id]
	if !ok {
		return nil
	}
	if cs := e.Categories(cat.items[i].Category); len(cs) > 0 {
		return cs
	}
	return e.Categories(cat.items[i].Name)
}

// Categories lists the product categories text names (category words of the lexicon and of
// the catalogue, in canonical form, each once). Product names are not resolved to their
// category: "双面羊毛呢大衣" names 外套 through its 大衣 either way. The knowledge base uses it to
// tell a question about one kind of product from a product page about another.
func (e *Engine) Categories(text string) []string {
	words := e.extract.words
	if cat := e.catalog.Load(); cat != nil {
		words = cat.words
	}
	norm := e.norm.normalize(text)
	rs := []rune(norm)
	var out []string
	findWords(norm, runeOffsets(norm), rs, words, func(typ, value string, _, _, _ int) {
		if typ == "category" && !slices.Contains(out, value) {
			out = append(out, value)
		}
	})
	return out
}
