package kb

import (
	"fmt"
	"log/slog"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// Options tunes an Index. The zero value gives the defaults documented on
// each field; a weight set to a negative value switches that term source off.
type Options struct {
	// K1 and B are the BM25 parameters (default 1.2 and 0.75).
	K1, B float64
	// WordWeight weighs the analyzer's words (default 1).
	WordWeight float64
	// BigramWeight weighs character bigrams, which catch what the segmenter
	// splits differently in the question and in the document (default 0.5).
	BigramWeight float64
	// SynonymWeight weighs lexicon expansions relative to the shopper's own
	// words (default 0.7).
	SynonymWeight float64
	// HeadingWeight is the term frequency given to each token of a chunk's
	// document title and heading path, so a passage is found by its section
	// (default 0.5).
	HeadingWeight float64
	// ProductBoost multiplies the score of chunks about the product the
	// shopper is looking at (default 1.5).
	ProductBoost float64
	// ConversationWeight multiplies the score of chunks of exemplary
	// conversations (default 0.8): what an agent told one customer ("您是金
	// 卡会员，退换寄回都免运费") is often specific to that customer, and the
	// shop's policies and product pages state the same facts in general.
	ConversationWeight float64
	// ChunkRunes is the target chunk size in runes (default 300).
	ChunkRunes int
	// MinConfidence is the "no answer" threshold of Answer (default
	// DefaultMinConfidence, calibrated on the evaluation sets).
	MinConfidence float64
	// Lexicon holds synonyms and colloquial forms (default DefaultLexicon()).
	Lexicon *Lexicon
	// Embedder, if set, enables semantic retrieval fused with the lexical
	// ranking in SearchContext and AnswerContext. Off by default.
	Embedder Embedder
	// Logger receives indexing warnings (default slog.Default()).
	Logger *slog.Logger
}

// DefaultMinConfidence is the confidence below which Answer reports that the
// knowledge base has no answer, with an analyzer that has words (the nlu
// engine). It is the threshold that maximises the balanced accuracy of
// answered vs. unanswerable questions over the three tuning sets pooled
// (557 questions by three writers, see docs/kb.md); on the first set alone
// 0.30 was best, which answered a third of the other writers' unanswerable
// questions. It is a property of the confidence measure, not of any one
// question.
const DefaultMinConfidence = 0.40

// BasicMinConfidence is the default threshold with BasicAnalyzer, whose
// bigram-only coverage runs lower. On the pooled tuning sets its balanced
// accuracy is flat from 0.30 to 0.45 (0.73–0.74), so the value chosen on
// testdata/eval.yaml, the lowest of that plateau, was kept: it declines the
// fewest answerable questions.
const BasicMinConfidence = 0.30

func (o Options) withDefaults() Options {
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
		if *v < 0 {
			*v = 0
		}
	}
	def(&o.K1, 1.2)
	if o.B == 0 {
		o.B = 0.75
	}
	def(&o.WordWeight, 1)
	def(&o.BigramWeight, 0.5)
	def(&o.SynonymWeight, 0.7)
	def(&o.HeadingWeight, 0.5)
	def(&o.ProductBoost, 1.5)
	def(&o.ConversationWeight, 0.8)
	if o.ChunkRunes <= 0 {
		o.ChunkRunes = defaultChunkRunes
	}
	if o.Lexicon == nil {
		o.Lexicon = DefaultLexicon()
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// Query qualifies a search.
type Query struct {
	// ProductID is the product the shopper is looking at; chunks about it
	// are boosted.
	ProductID string `json:"product_id,omitempty"`
	// K is the number of hits to return (default 5).
	K int `json:"k,omitempty"`
	// Suggest asks Answer, when it declines, for related questions the
	// knowledge base does answer (Answer.Suggestions). Each candidate is
	// checked with a search of its own, so only callers that show them ask.
	Suggest bool `json:"suggest,omitempty"`
}

// Hit is one ranked chunk.
type Hit struct {
	ChunkID    string    `json:"chunk_id"`
	DocID      string    `json:"doc_id"` // document id, or FAQ id for FAQ chunks
	Title      string    `json:"title"`  // document title, or the FAQ question
	Heading    string    `json:"heading,omitempty"`
	Kind       string    `json:"kind"` // shop.Doc* kind; shop.DocFAQ for FAQ entries
	Source     string    `json:"source,omitempty"`
	ProductIDs []string  `json:"product_ids,omitempty"`
	UpdatedAt  time.Time `json:"updated_at,omitzero"`
	Text       string    `json:"text"`
	Score      float64   `json:"score"`
	// Coverage is the share of the question's information (idf mass)
	// found in the chunk, 0..1; Answer derives its confidence from it.
	Coverage float64 `json:"coverage"`
	// WordCoverage is the same share measured over the analyzer's content
	// words instead of characters, 0..1.
	WordCoverage float64 `json:"word_coverage"`
	// Evidence is the idf mass of the question's words found in the chunk,
	// in units of the idf of a word that occurs in no chunk: about the
	// number of distinctive words matched.
	Evidence float64 `json:"evidence"`
	// Focus is the share of the question's focus words (content words that
	// are not generic shop vocabulary), weighted by their specificity, that
	// the chunk covers, 0..1 (1 when the question has none).
	Focus float64 `json:"focus"`
	// FocusMiss is the specificity (0..1, 1 = a word no chunk contains) of
	// the most specific focus word the chunk does not cover.
	FocusMiss float64 `json:"focus_miss"`
	// FocusUnseen is true when an uncovered focus word has a character that
	// occurs nowhere in the knowledge base.
	FocusUnseen bool `json:"focus_unseen,omitempty"`
	// AmountMissing is true when the question asks for an amount (a time,
	// a duration, a measure, a price: 几点, 多久, 多少) and the sentences
	// Answer would reply with from this passage state none (amount.go).
	// Checked only for a passage whose confidence would otherwise reach
	// the threshold: below it the answer is declined anyway.
	AmountMissing bool `json:"amount_missing,omitempty"`
	// OtherProduct is true when the chunk is from a product page whose
	// title and heading name product categories and the question names
	// others only ("毛衣有高领的款吗" against a coat's page, category.go).
	OtherProduct bool `json:"other_product,omitempty"`
	// OtherAlternative is true when the chunk speaks of another situation
	// of a kind the question names, and not of the question's own: flying
	// for a question about a train (contrast.go).
	OtherAlternative bool `json:"other_alternative,omitempty"`
	// ConceptMissing is true when the question asks about something the
	// chunk never speaks of that only such a passage can answer: whether a
	// part is sold on its own, a trade-in (requires.go).
	ConceptMissing bool `json:"concept_missing,omitempty"`
	// Unnamed says what the question names that the chunk does not name
	// too, when that alone means it cannot answer: the thing a pairing
	// adds ("精华能和A醇一起用吗"), what a count is of ("几个鸡翅"), either
	// side of a choice ("长袖还是短袖"); "" when nothing is missing
	// (named.go).
	Unnamed string `json:"unnamed,omitempty"`
	// reply is the reply text picked for the amount check, kept so Answer
	// does not pick it again.
	reply string
	// titled: Heading starts with the document's own title line, not a
	// section of it (chunkPiece), for the suggestion labels.
	titled bool
	// Explain spells out the score: per-term contributions, boosts, fusion.
	Explain string `json:"explain"`
}

// Stats describes an index.
type Stats struct {
	Documents int `json:"documents"` // documents and FAQ entries
	Chunks    int `json:"chunks"`
	Terms     int `json:"terms"`
	Postings  int `json:"postings"`
	Dead      int `json:"dead"` // removed chunks awaiting compaction
}

// chunk is an indexed passage.
type chunk struct {
	id, docID, title, heading, kind, source string
	text                                    string
	products                                []string
	updated                                 time.Time
	terms                                   []termFreq // sorted by term id
	headOnly                                []uint32   // terms only the title or heading gave, sorted
	chars                                   []rune     // distinct Han characters, for character df
	cats                                    []string   // categories a product page is about (category.go)
	vec                                     []float32
	titled                                  bool // heading starts with the title line (chunkPiece)
}

type termFreq struct {
	term uint32
	tf   float32
}

type posting struct {
	slot uint32
	tf   float32
}

// Index is an in-memory BM25 index over chunks of documents and FAQ entries.
// Put, PutFAQ and Remove update it incrementally; searches run concurrently
// with each other and are serialised with updates by a RWMutex.
type Index struct {
	an   Analyzer
	opts Options

	mu       sync.RWMutex
	dict     map[string]uint32
	df       []int32
	bodyDF   []int32 // chunks whose own text (not title or heading) holds the term; see wordDF
	postings [][]posting
	chunks   []*chunk  // by slot; nil when removed
	lens     []float32 // token count by slot; -1 when removed
	docs     map[string][]uint32
	products map[string][]uint32 // product id -> slots
	charDF   map[rune]int32      // chunks containing each Han character
	heads    map[rune][]uint32   // word terms of two or more characters by their last (head) character
	stop     *stopList
	generic  *stopList // generic question vocabulary (focus.go)
	contrast contrastSets
	requires []requiredConcept
	lex      *Lexicon // opts.Lexicon normalised by an
	live     int
	dead     int
	totalLen float64

	pool sync.Pool // *accumulator
}

// NewIndex returns an empty index. A nil Analyzer means BasicAnalyzer.
func NewIndex(an Analyzer, opts Options) *Index {
	if an == nil {
		an = BasicAnalyzer{}
	}
	opts = opts.withDefaults()
	lex := opts.Lexicon.normalizedBy(an)
	switch an.(type) {
	case BasicAnalyzer, *BasicAnalyzer:
		// The basic analyzer's words are the character bigrams: index them
		// once, at the combined weight, instead of twice.
		if opts.WordWeight > 0 && opts.BigramWeight > 0 {
			opts.WordWeight += opts.BigramWeight
			opts.BigramWeight = 0
		}
		if opts.MinConfidence == 0 {
			opts.MinConfidence = BasicMinConfidence
		}
	}
	if opts.MinConfidence == 0 {
		opts.MinConfidence = DefaultMinConfidence
	}
	return &Index{
		an:       an,
		lex:      lex,
		opts:     opts,
		dict:     map[string]uint32{},
		docs:     map[string][]uint32{},
		products: map[string][]uint32{},
		charDF:   map[rune]int32{},
		heads:    map[rune][]uint32{},
		stop:     defaultStopList(an.Normalize),
		generic:  parseWordList(defaultGenericWords, an.Normalize),
		contrast: parseContrast(defaultContrast, an.Normalize),
		requires: parseRequires(defaultRequires, an.Normalize),
	}
}

// Analyzer returns the index's analyzer.
func (ix *Index) Analyzer() Analyzer { return ix.an }

// Options returns the effective options (defaults filled in).
func (ix *Index) Options() Options { return ix.opts }

// Put indexes a document, replacing the chunks of any earlier version with
// the same ID, so re-ingesting a changed document leaves no stale text.
func (ix *Index) Put(d shop.KnowledgeDoc) error {
	if strings.TrimSpace(d.ID) == "" {
		return fmt.Errorf("index document %q: empty id", d.Title)
	}
	pieces := docPieces(d, ix.opts.ChunkRunes)
	chunks := make([]*chunk, 0, len(pieces))
	kind := d.Kind
	if kind == "" {
		kind = shop.DocNote
	}
	for i, p := range pieces {
		c := &chunk{
			id: fmt.Sprintf("%s#%d", d.ID, i+1), docID: d.ID, title: d.Title, heading: p.heading, titled: p.titled,
			kind: kind, source: d.Source, text: p.text, products: slices.Clone(d.ProductIDs), updated: d.UpdatedAt,
			cats: ix.pageCategories(kind, d.Title, p.heading),
		}
		chunks = append(chunks, c)
	}
	ix.replace(d.ID, chunks, func(c *chunk) (head, body string) {
		return c.title + "\n" + c.heading, c.text
	})
	return nil
}

// PutFAQ indexes a FAQ entry as one chunk (question, alternates and answer),
// replacing an earlier version with the same ID.
func (ix *Index) PutFAQ(f shop.FAQ) error {
	if strings.TrimSpace(f.ID) == "" {
		return fmt.Errorf("index FAQ %q: empty id", f.Question)
	}
	c := &chunk{
		id: f.ID + "#1", docID: f.ID, title: f.Question, kind: shop.DocFAQ,
		text: strings.TrimSpace(f.Answer), products: slices.Clone(f.ProductIDs), updated: f.UpdatedAt,
	}
	alts := strings.Join(f.Alternates, "\n")
	ix.replace(f.ID, []*chunk{c}, func(c *chunk) (head, body string) {
		// The question and its phrasings are what shoppers' questions look
		// like, so they count as body text at full weight.
		return "", c.title + "\n" + alts + "\n" + c.text
	})
	return nil
}

// Remove drops a document's or FAQ entry's chunks. It reports whether the
// id was indexed.
func (ix *Index) Remove(id string) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	_, ok := ix.docs[id]
	ix.removeLocked(id)
	ix.maybeCompactLocked()
	return ok
}

// Has reports whether a document or FAQ id is indexed.
func (ix *Index) Has(id string) bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	_, ok := ix.docs[id]
	return ok
}

// Reset empties the index.
func (ix *Index) Reset() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.dict = map[string]uint32{}
	ix.df, ix.bodyDF, ix.postings, ix.chunks, ix.lens = nil, nil, nil, nil, nil
	ix.docs = map[string][]uint32{}
	ix.products = map[string][]uint32{}
	ix.charDF = map[rune]int32{}
	ix.heads = map[rune][]uint32{}
	ix.live, ix.dead, ix.totalLen = 0, 0, 0
}

// Stats returns the index's size.
func (ix *Index) Stats() Stats {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	n := 0
	for _, p := range ix.postings {
		n += len(p)
	}
	return Stats{Documents: len(ix.docs), Chunks: ix.live, Terms: len(ix.dict), Postings: n, Dead: ix.dead}
}

// docPieces chunks a document body according to its format.
func docPieces(d shop.KnowledgeDoc, target int) []chunkPiece {
	var blocks []block
	switch strings.ToLower(d.Format) {
	case "html", "htm":
		blocks, _ = htmlBlocks(d.Body)
	case "text", "txt", "transcript", "srt", "vtt":
		blocks = textBlocks(d.Body)
	default: // markdown, and unknown formats read as markdown (a superset of text)
		blocks = markdownBlocks(d.Body)
	}
	return chunkBlocks(blocks, target)
}

// replace analyses chunks outside the lock, then swaps them in for id's old
// chunks.
func (ix *Index) replace(id string, chunks []*chunk, fields func(*chunk) (head, body string)) {
	type analysed struct {
		tf       map[string]float32
		headOnly map[string]bool
		len      float32
		chars    []rune
	}
	an := make([]analysed, len(chunks))
	for i, c := range chunks {
		head, body := fields(c)
		tf := map[string]float32{}
		n := ix.addTerms(tf, body, 1)
		var headOnly map[string]bool
		if head != "" && ix.opts.HeadingWeight > 0 {
			ht := map[string]float32{}
			n += ix.addTerms(ht, head, float32(ix.opts.HeadingWeight)) * float32(ix.opts.HeadingWeight)
			for key, f := range ht {
				if _, ok := tf[key]; !ok {
					if headOnly == nil {
						headOnly = map[string]bool{}
					}
					headOnly[key] = true
				}
				tf[key] += f
			}
		}
		an[i] = analysed{tf: tf, headOnly: headOnly, len: n, chars: distinctHan(ix.an.Normalize(head + "\n" + body))}
	}
	ix.embedChunks(chunks)

	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.removeLocked(id)
	slots := make([]uint32, 0, len(chunks))
	for i, c := range chunks {
		slot := uint32(len(ix.chunks))
		terms := make([]termFreq, 0, len(an[i].tf))
		var headOnly []uint32
		for key, f := range an[i].tf {
			t, ok := ix.dict[key]
			if !ok {
				t = uint32(len(ix.postings))
				ix.dict[key] = t
				ix.postings = append(ix.postings, nil)
				ix.df = append(ix.df, 0)
				ix.bodyDF = append(ix.bodyDF, 0)
				ix.noteHead(key, t)
			}
			terms = append(terms, termFreq{term: t, tf: f})
			ix.postings[t] = append(ix.postings[t], posting{slot: slot, tf: f})
			ix.df[t]++
			if an[i].headOnly[key] {
				headOnly = append(headOnly, t)
			} else {
				ix.bodyDF[t]++
			}
		}
		slices.SortFunc(terms, func(a, b termFreq) int { return int(a.term) - int(b.term) })
		slices.Sort(headOnly)
		c.terms, c.headOnly = terms, headOnly
		c.chars = an[i].chars
		for _, r := range c.chars {
			ix.charDF[r]++
		}
		ix.chunks = append(ix.chunks, c)
		ix.lens = append(ix.lens, an[i].len)
		ix.totalLen += float64(an[i].len)
		ix.live++
		slots = append(slots, slot)
		for _, p := range c.products {
			ix.products[p] = append(ix.products[p], slot)
		}
	}
	ix.docs[id] = slots
	ix.maybeCompactLocked()
}

// removeLocked tombstones id's chunks: postings keep pointing at the dead
// slots until the next compaction, searches skip them.
func (ix *Index) removeLocked(id string) {
	slots, ok := ix.docs[id]
	if !ok {
		return
	}
	for _, s := range slots {
		c := ix.chunks[s]
		for _, t := range c.terms {
			ix.df[t.term]--
			if _, head := slices.BinarySearch(c.headOnly, t.term); !head {
				ix.bodyDF[t.term]--
			}
		}
		for _, r := range c.chars {
			if ix.charDF[r]--; ix.charDF[r] <= 0 {
				delete(ix.charDF, r)
			}
		}
		for _, p := range c.products {
			ps := ix.products[p]
			if i := slices.Index(ps, s); i >= 0 {
				ps = slices.Delete(ps, i, i+1)
			}
			if len(ps) == 0 {
				delete(ix.products, p)
			} else {
				ix.products[p] = ps
			}
		}
		ix.totalLen -= float64(ix.lens[s])
		ix.lens[s] = -1
		ix.chunks[s] = nil
		ix.live--
		ix.dead++
	}
	delete(ix.docs, id)
}

// maybeCompactLocked rebuilds the postings without dead slots once they make
// up a quarter of the index, renumbering slots. Its cost is linear in the
// index, amortised over the removals that triggered it.
func (ix *Index) maybeCompactLocked() {
	if ix.dead < 1024 || ix.dead < ix.live/3 {
		return
	}
	ix.compactLocked()
}

func (ix *Index) compactLocked() {
	remap := make([]uint32, len(ix.chunks))
	var chunks []*chunk
	var lens []float32
	for s, c := range ix.chunks {
		if c == nil {
			remap[s] = math.MaxUint32
			continue
		}
		remap[s] = uint32(len(chunks))
		chunks = append(chunks, c)
		lens = append(lens, ix.lens[s])
	}
	for t, ps := range ix.postings {
		out := ps[:0]
		for _, p := range ps {
			if n := remap[p.slot]; n != math.MaxUint32 {
				out = append(out, posting{slot: n, tf: p.tf})
			}
		}
		ix.postings[t] = slices.Clip(out)
	}
	for id, slots := range ix.docs {
		for i, s := range slots {
			slots[i] = remap[s]
		}
		ix.docs[id] = slots
	}
	for p, slots := range ix.products {
		for i, s := range slots {
			slots[i] = remap[s]
		}
		ix.products[p] = slots
	}
	ix.chunks, ix.lens, ix.dead = chunks, lens, 0
	// Terms whose postings emptied stay in the dictionary with df 0; they
	// cost a map entry each and are reused if the word comes back.
}

// Compact removes dead slots now (tests and benchmarks use it; the index
// compacts itself as removals accumulate).
func (ix *Index) Compact() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.compactLocked()
}

// Term keys: analyzer words as they are, character bigrams prefixed with
// bigramPrefix so the two sources never collide.
const bigramPrefix = "\x00"

// addTerms adds the terms of s to tf with weight w and returns the number of
// tokens (words plus bigrams) seen.
func (ix *Index) addTerms(tf map[string]float32, s string, w float32) float32 {
	norm := ix.an.Normalize(s)
	var n float32
	if ix.opts.WordWeight > 0 {
		for _, tok := range ix.an.Segment(norm) {
			if !isToken(tok) {
				continue
			}
			tf[tok] += w
			n++
		}
	}
	if ix.opts.BigramWeight > 0 {
		forEachRun(norm, func(run string, han bool) {
			if !han || utf8.RuneCountInString(run) < 2 {
				return
			}
			for _, bg := range appendBigrams(nil, run) {
				tf[bigramPrefix+bg] += w
				n++
			}
		})
	}
	return n
}

// isToken reports whether a segmenter token carries content (letters,
// digits or Han), not just punctuation or space.
func isToken(tok string) bool {
	for _, r := range tok {
		if isHan(r) || isWordRune(r) {
			return true
		}
	}
	return false
}

// accumulator holds per-slot scores during a search.
type accumulator struct {
	score   []float32
	touched []uint32
}

// scored is a candidate slot with its score.
type scored struct {
	slot  uint32
	score float32
}

// rank scores all live chunks against the query terms and returns the top k
// slots, best first. Callers hold ix.mu (read).
func (ix *Index) rank(qs []qterm, productID string, k int) []scored {
	if ix.live == 0 || k <= 0 {
		return nil
	}
	acc, _ := ix.pool.Get().(*accumulator)
	if acc == nil {
		acc = &accumulator{}
	}
	if cap(acc.score) < len(ix.chunks) {
		acc.score = make([]float32, len(ix.chunks)+len(ix.chunks)/4)
	}
	acc.score = acc.score[:len(ix.chunks)]
	acc.touched = acc.touched[:0]
	avg := ix.totalLen / float64(ix.live)
	k1, b := ix.opts.K1, ix.opts.B
	kc := float32(k1 * (1 - b))
	kl := float32(k1 * b / avg)
	k1p := float32(k1 + 1)
	for _, q := range qs {
		if q.id < 0 {
			continue
		}
		w := float32(q.weight * q.idf)
		for _, p := range ix.postings[q.id] {
			l := ix.lens[p.slot]
			if l < 0 {
				continue
			}
			if acc.score[p.slot] == 0 {
				acc.touched = append(acc.touched, p.slot)
			}
			acc.score[p.slot] += w * p.tf * k1p / (p.tf + kc + kl*l)
		}
	}
	if productID != "" && ix.opts.ProductBoost != 1 {
		boost := float32(ix.opts.ProductBoost)
		for _, s := range ix.products[productID] {
			acc.score[s] *= boost
		}
	}
	if w := float32(ix.opts.ConversationWeight); w != 1 {
		for _, s := range acc.touched {
			if c := ix.chunks[s]; c != nil && c.kind == shop.DocConversation {
				acc.score[s] *= w
			}
		}
	}
	// top k by a small min-heap
	top := make([]scored, 0, k)
	less := func(a, b scored) bool { // a worse than b
		return a.score < b.score || a.score == b.score && a.slot > b.slot
	}
	for _, s := range acc.touched {
		c := scored{slot: s, score: acc.score[s]}
		acc.score[s] = 0
		if len(top) < k {
			top = append(top, c)
			for i := len(top) - 1; i > 0; { // sift up
				p := (i - 1) / 2
				if !less(top[i], top[p]) {
					break
				}
				top[i], top[p] = top[p], top[i]
				i = p
			}
			continue
		}
		if !less(top[0], c) {
			continue
		}
		top[0] = c
		for i := 0; ; { // sift down
			l, r, m := 2*i+1, 2*i+2, i
			if l < len(top) && less(top[l], top[m]) {
				m = l
			}
			if r < len(top) && less(top[r], top[m]) {
				m = r
			}
			if m == i {
				break
			}
			top[i], top[m] = top[m], top[i]
			i = m
		}
	}
	ix.pool.Put(acc)
	sort.Slice(top, func(i, j int) bool { return less(top[j], top[i]) })
	return top
}

// Search ranks chunks for a question, best first, with explained scores.
// It uses the lexical ranking only; SearchContext adds semantic retrieval
// when an Embedder is configured.
func (ix *Index) Search(query string, q Query) []Hit {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	aq := ix.analyseQuery(query)
	ix.scopeToProductInView(aq, q.ProductID)
	top := ix.rank(aq.terms, q.ProductID, q.k())
	hits := make([]Hit, 0, len(top))
	for _, s := range top {
		hits = append(hits, ix.hitLocked(s.slot, float64(s.score), aq, q.ProductID))
	}
	return hits
}

func (q Query) k() int {
	if q.K <= 0 {
		return 5
	}
	return min(q.K, 1000)
}

// hitLocked builds the Hit for a slot, with its explanation and coverage.
func (ix *Index) hitLocked(slot uint32, score float64, aq *analysedQuery, productID string) Hit {
	c := ix.chunks[slot]
	h := Hit{
		ChunkID: c.id, DocID: c.docID, Title: c.title, Heading: c.heading, titled: c.titled, Kind: c.kind,
		Source: c.source, ProductIDs: c.products, UpdatedAt: c.updated, Text: c.text, Score: score,
	}
	avg := ix.totalLen / float64(ix.live)
	k1, b := ix.opts.K1, ix.opts.B
	type part struct {
		label string
		v     float64
	}
	var parts []part
	for _, q := range aq.terms {
		if q.id < 0 {
			continue
		}
		i, ok := slices.BinarySearchFunc(c.terms, uint32(q.id), func(t termFreq, id uint32) int { return int(t.term) - int(id) })
		if !ok {
			continue
		}
		tf := float64(c.terms[i].tf)
		v := q.weight * q.idf * tf * (k1 + 1) / (tf + k1*(1-b+b*float64(ix.lens[slot])/avg))
		label := strings.TrimPrefix(q.key, bigramPrefix)
		if strings.HasPrefix(q.key, bigramPrefix) {
			label = "[" + label + "]"
		}
		if !q.orig {
			label += "~"
		}
		parts = append(parts, part{label, v})
	}
	h.Coverage, h.WordCoverage, h.Evidence, h.Focus, h.FocusMiss, h.FocusUnseen, h.Unnamed = ix.coverageLocked(aq, c)
	h.OtherProduct = otherProduct(aq.cats, c.cats)
	if len(aq.contrast) > 0 || len(aq.requires) > 0 {
		passage := ix.an.Normalize(c.title + "\n" + c.heading + "\n" + c.text)
		h.OtherAlternative = len(aq.contrast) > 0 && ix.contrast.otherAlternative(aq.contrast, passage)
		h.ConceptMissing = conceptMissing(aq.requires, passage)
	}
	// Only a passage that would otherwise answer needs the check (it can
	// only lower the confidence), and most passages state no amount at
	// all; the rest need the reply's sentences picked to see whether it
	// keeps one, which costs a segmentation of each sentence.
	if (aq.asksAmount || aq.asksMoney) && confidence(h, !ix.basic()) >= ix.opts.MinConfidence {
		if statesAmount(c.text) {
			h.reply = ix.replyTextLocked(aq, c.kind, c.text)
		}
		h.AmountMissing = !statesAmount(h.reply) || aq.asksMoney && !statesMoney(h.reply)
	}
	slices.SortFunc(parts, func(a, b part) int {
		switch {
		case a.v > b.v:
			return -1
		case a.v < b.v:
			return 1
		}
		return strings.Compare(a.label, b.label)
	})
	var sb strings.Builder
	fmt.Fprintf(&sb, "bm25 %.2f =", score)
	for i, p := range parts {
		if i == 8 {
			fmt.Fprintf(&sb, " +%d more", len(parts)-i)
			break
		}
		if i > 0 {
			sb.WriteString(" +")
		}
		fmt.Fprintf(&sb, " %s %.2f", p.label, p.v)
	}
	if productID != "" && slices.Contains(c.products, productID) && ix.opts.ProductBoost != 1 {
		fmt.Fprintf(&sb, "; product %s ×%.2g", productID, ix.opts.ProductBoost)
	}
	fmt.Fprintf(&sb, "; coverage %.2f, words %.2f, focus %.2f", h.Coverage, h.WordCoverage, h.Focus)
	if h.FocusUnseen {
		sb.WriteString(", unseen focus word")
	}
	if h.AmountMissing {
		sb.WriteString(", asks an amount the reply does not state")
	}
	if h.OtherAlternative {
		sb.WriteString(", speaks of another alternative than the question's")
	}
	if h.ConceptMissing {
		sb.WriteString(", never speaks of what the question asks about")
	}
	if h.Unnamed != "" {
		fmt.Fprintf(&sb, ", does not name %s", h.Unnamed)
	}
	if h.OtherProduct {
		asks := "asks about"
		if aq.catsInView {
			asks = "the product in view is"
		}
		fmt.Fprintf(&sb, ", %s %s, the page is about %s", asks, strings.Join(aq.cats, "/"), strings.Join(c.cats, "/"))
	}
	h.Explain = sb.String()
	return h
}
