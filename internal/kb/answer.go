package kb

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// Answer is the knowledge base's reply to a question.
type Answer struct {
	// Found is false when nothing in the knowledge base answers the question
	// well enough; the bot should then say so (or hand off) rather than
	// reply with a near miss, and the question is worth logging.
	Found bool `json:"found"`
	// Text is the answer: the FAQ answer, or the sentences of the best
	// passage that answer the question. Empty when !Found.
	Text string `json:"text,omitempty"`
	// Confidence is in 0..1; Found is Confidence >= the index's MinConfidence.
	Confidence float64 `json:"confidence"`
	// Hit is the best passage (set even when !Found, for explanation).
	Hit Hit `json:"hit"`
	// Sources lists the passages the answer was taken from, for citing.
	Sources []Source `json:"sources,omitempty"`
	// Suggestions, when !Found and Query.Suggest, are up to three related
	// questions the knowledge base does answer ("您是不是想问"), best first.
	Suggestions []Suggestion `json:"suggestions,omitempty"`
}

// Source names a passage an answer comes from.
type Source struct {
	DocID   string `json:"doc_id"`
	ChunkID string `json:"chunk_id"`
	Title   string `json:"title"`
	Kind    string `json:"kind"`
	Source  string `json:"source,omitempty"`
}

// Answer finds the passage that answers a question and the sentences in it
// that do, with a confidence, or reports that nothing answers it well.
func (ix *Index) Answer(query string, q Query) Answer {
	q = q.forAnswer()
	return ix.answerWith(query, ix.Search(query, q), q)
}

// AnswerContext is Answer over SearchContext (semantic fusion when an
// Embedder is configured). On an embedding error it answers from the
// lexical ranking and returns the error alongside.
func (ix *Index) AnswerContext(ctx context.Context, query string, q Query) (Answer, error) {
	q = q.forAnswer()
	hits, err := ix.SearchContext(ctx, query, q)
	return ix.answerWith(query, hits, q), err
}

// AnswerHits is Answer over hits already ranked for query (by Search or
// SearchContext with q), for callers that show the ranking too: the
// knowledge admin's trial and `GET search`. With q.Suggest, suggestions come
// from the first SuggestCandidates hits.
func (ix *Index) AnswerHits(query string, hits []Hit, q Query) Answer {
	return ix.answerWith(query, hits, q)
}

// SuggestCandidates is how many top hits suggestions are drawn from; a
// caller of AnswerHits that wants them searches for at least that many.
const SuggestCandidates = suggestCandidates

// forAnswer is q with enough hits for Answer: the best one, the ones that
// tell whether only another product's passage covers what it leaves out
// (documentedElsewhere), and the suggestion candidates.
func (q Query) forAnswer() Query {
	q.K = max(q.K, suggestCandidates)
	return q
}

// answerWith answers from hits and adds suggestions when q asks for them.
func (ix *Index) answerWith(query string, hits []Hit, q Query) Answer {
	a := ix.answerFrom(query, hits)
	if !a.Found && q.Suggest {
		a.Suggestions = ix.suggest(hits, q.ProductID)
	}
	return a
}

func (ix *Index) answerFrom(query string, hits []Hit) Answer {
	if len(hits) == 0 {
		return Answer{}
	}
	best, rank := ix.secondLook(hits)
	a := Answer{Hit: best, Confidence: confidence(best, !ix.basic())}
	if rank > 0 {
		a.Hit.Explain += fmt.Sprintf(", answered from rank %d: the passage ranked first is below the threshold", rank+1)
		// The passage answering is judged against the others, whichever rank it had.
		hits = append([]Hit{best}, slices.Delete(slices.Clone(hits), rank, rank+1)...)
	}
	if documentedElsewhere(hits) {
		a.Confidence *= otherProductFactor
		a.Hit.Explain += ", only a passage about another product covers the rest of the question"
	}
	a.Found = a.Confidence >= ix.opts.MinConfidence
	if !a.Found {
		return a
	}
	a.Sources = []Source{{DocID: best.DocID, ChunkID: best.ChunkID, Title: best.Title, Kind: best.Kind, Source: best.Source}}
	a.Text = best.reply
	if a.Text == "" {
		a.Text = ix.replyText(query, best.Kind, best.Text)
	}
	a.Text = withoutBullets(a.Text)
	return a
}

// withoutBullets drops the Markdown list markers ("- ", "* ") that start the
// lines of a passage: a chat reply shows them as stray dashes ("可以先试一下
// 这个方法:- 只有一边耳机…"). Numbered steps keep their numbers.
func withoutBullets(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		t := strings.TrimLeft(l, " \t")
		for _, m := range []string{"- ", "* ", "+ ", "• "} {
			if strings.HasPrefix(t, m) {
				lines[i] = strings.TrimSpace(strings.TrimPrefix(t, m))
				break
			}
		}
	}
	return strings.Join(lines, "\n")
}

// secondLook picks the passage to answer from: the first, unless it falls
// short of the threshold and one of the next secondLookDepth−1 is confident
// well past it (secondLookMargin) and about the question's own product and
// situation. BM25 can put a passage that repeats one question word ahead of
// one covering the whole question: "上楼要收费吗" on the sofa ranks the
// delivery FAQ (上门, 送货) over the guide's "上楼费按配送公司标准收取".
func (ix *Index) secondLook(hits []Hit) (Hit, int) {
	if confidence(hits[0], !ix.basic()) >= ix.opts.MinConfidence {
		return hits[0], 0
	}
	for i := 1; i < min(len(hits), secondLookDepth); i++ {
		h := hits[i]
		if !h.OtherProduct && !h.OtherAlternative && !h.ConceptMissing && h.Unnamed == "" && confidence(h, !ix.basic()) >= ix.opts.MinConfidence+secondLookMargin {
			return h, i
		}
	}
	return hits[0], 0
}

// secondLookDepth and secondLookMargin bound secondLook. On the pooled
// tuning sets a margin of 0.4 over the threshold answered two more
// answerable questions from the expected passage (0.692 → 0.697) and no
// unanswerable one; 0.3 answered six more but also one unanswerable
// question (correct "no answer" 0.949 → 0.942), so the wider margin was kept.
const (
	secondLookDepth  = 3
	secondLookMargin = 0.4
)

// replyText is what Answer replies with from a passage: a FAQ's answer
// whole, a document passage's best sentences.
func (ix *Index) replyText(query, kind, text string) string {
	if kind == shop.DocFAQ || utf8.RuneCountInString(text) <= shortPassage {
		return text
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.replyTextLocked(ix.analyseQuery(query), kind, text)
}

// Confidence is the confidence Answer gives hit h (see confidence); the
// knowledge admin shows it for every passage, so a merchant sees how close
// each came to the threshold (Options().MinConfidence).
func (ix *Index) Confidence(h Hit) float64 { return confidence(h, !ix.basic()) }

// fullEvidence is the evidence (Hit.Evidence, about the number of
// distinctive question words found) at which a passage's coverage is trusted
// fully; below it the confidence shrinks in proportion. A question that
// matches only one common word of a passage ("今天", "沙发") has little
// evidence however high its coverage.
const fullEvidence = 1.5

// confidence maps a hit to 0..1 from two signals (blended with the focus
// share when focusMeasured, see focusBlend): coverage, the share of the
// question found in the passage (the mean of the character and the word
// measure: characters forgive segmentation differences, words do not let a
// missing rare word hide behind common characters), and evidence, how much
// distinctive vocabulary matched at all. Both were compared with score
// margins over the next document's hit on the dev half of the evaluation
// set; the margin did not separate answerable from unanswerable questions
// (duplicate FAQ/document passages make good answers close too) and is not
// used.
//
// A focus word of the question (a content word that is not generic shop
// vocabulary, see focus.go) that the passage does not cover and that has a
// character occurring nowhere in the knowledge base ("披萨", "猫粮", "餐具")
// names something the shop's material never mentions, so the confidence is
// scaled by unseenFocusFactor. The factor and DefaultMinConfidence were
// chosen together on the dev half of the evaluation set; a penalty on the
// specificity-weighted share of uncovered focus words was tried too and
// declined more answerable questions than it saved (shoppers' words for
// things the passage does say, "电脑" for "笔记本", are uncovered focus
// words as well).
func confidence(h Hit, focusMeasured bool) float64 {
	cov := (h.Coverage + h.WordCoverage) / 2
	if focusMeasured {
		cov = (1-focusBlend)*cov + focusBlend*h.Focus
	}
	c := cov * min(1, h.Evidence/fullEvidence)
	if h.FocusUnseen {
		c *= unseenFocusFactor
	}
	if h.AmountMissing {
		c *= amountMissingFactor
	}
	if h.OtherProduct {
		c *= otherProductFactor
	}
	if h.OtherAlternative {
		c *= otherAlternativeFactor
	}
	if h.ConceptMissing || h.Unnamed != "" {
		c *= conceptMissingFactor
	}
	return c
}

// focusBlend is the weight of the focus share (Hit.Focus) in the coverage
// the confidence starts from. The focus words are the question's content
// minus generic shop vocabulary, so a passage that matches "退货" and "订单"
// but not "发票" covers less of what was asked than the plain coverage says.
// Chosen with the pooled tuning sets, leaving each set out in turn: 0.1–0.15
// raised every left-out set's balanced accuracy (mean 0.807 → 0.814), larger
// weights lowered the first set's. The basic analyzer measures no focus
// words, so there the blend does not apply.
const focusBlend = 0.15

// unseenFocusFactor scales the confidence of a passage that leaves uncovered
// a focus word with a character unseen in the whole knowledge base. First
// chosen as 0.7 on the dev half of the first set; re-chosen in the eleventh
// round on the pooled tuning sets, leaving each set out in turn: 0.55 was
// best (or tied best) on the other two sets each time, and raised the left-out set's
// balanced accuracy for two of the three (+0.012, +0.013) while lowering the
// first set's by 0.006. The threshold sweep still peaks at 0.40.
const unseenFocusFactor = 0.55

// Sentence selection bounds, in runes.
const (
	shortPassage   = 120 // passages up to this size are returned whole
	answerMaxRunes = 220
	shortSentence  = 30 // a best sentence shorter than this takes its neighbour along
)

// amountSentenceShare is how much of the best sentence's score a sentence
// stating an amount needs to answer a question asking for one instead.
const amountSentenceShare = 0.5

// replyTextLocked is replyText for an analysed query; callers hold ix.mu
// (read). A document passage longer than shortPassage is cut to its
// best-scoring sentence, plus a neighbour when the best one is short or the
// neighbour also scores well, in document order.
func (ix *Index) replyTextLocked(aq *analysedQuery, kind, text string) string {
	if kind == shop.DocFAQ || utf8.RuneCountInString(text) <= shortPassage {
		return text
	}
	sents := splitSentences(text)
	if len(sents) <= 1 {
		return text
	}
	scores := make([]float64, len(sents))
	best := 0
	for i, s := range sents {
		terms := map[string]float32{}
		ix.addTerms(terms, s, 1)
		for _, q := range aq.terms {
			if _, ok := terms[q.key]; ok {
				scores[i] += q.weight * q.idf
			}
		}
		if scores[i] > scores[best] {
			best = i
		}
	}
	// A question asking for an amount ("有多重") is answered by the
	// sentence stating one in numbers; the best-scoring sentence may merely
	// name the product more often ("请立即停止使用……不需要寄回鼓包的充电宝",
	// where 立即 is no answer to a measure).
	if aq.asksAmount && !statesNumber(sents[best]) {
		alt := -1
		for i, s := range sents {
			if scores[i] > 0 && scores[i] >= amountSentenceShare*scores[best] && statesNumber(s) && (alt < 0 || scores[i] > scores[alt]) {
				alt = i
			}
		}
		if alt >= 0 {
			best = alt
		}
	}
	lo, hi := best, best
	runes := utf8.RuneCountInString(sents[best])
	grow := func(i int) bool {
		if i < 0 || i >= len(sents) {
			return false
		}
		n := utf8.RuneCountInString(sents[i])
		if runes+n > answerMaxRunes {
			return false
		}
		runes += n
		return true
	}
	// A strong neighbour joins; a short best sentence takes the next one
	// (the explanation usually follows the claim).
	if best > 0 && scores[best-1] >= 0.6*scores[best] && grow(best-1) {
		lo = best - 1
	}
	if best+1 < len(sents) && (scores[best+1] >= 0.6*scores[best] || runes < shortSentence) && grow(best+1) {
		hi = best + 1
	}
	sep := ""
	if strings.Contains(text, "\n") {
		sep = "\n"
	}
	return strings.Join(sents[lo:hi+1], sep)
}

// documentedElsewhere reports whether the best hit leaves part of the
// question uncovered that only passages about another product cover: the
// shopper asks about a feature the material states for a different product
// alone ("充电宝可以无线充电吗" on a page where only the earphones' case
// charges wirelessly), so the best passage, about the right product but
// silent on the feature, is a near miss.
func documentedElsewhere(hits []Hit) bool {
	if hits[0].OtherProduct || hits[0].Focus >= 1 {
		return false
	}
	elsewhere := false
	for _, h := range hits[1:] {
		switch {
		case h.Focus < 1 || isLabel(h.Text):
		case h.OtherProduct:
			elsewhere = true
		default:
			return false // a passage about the right product covers it all
		}
	}
	return elsewhere
}

// isLabel reports whether a passage is a bare label, such as a page's title
// line, rather than a statement: short, with no sentence punctuation. A
// title naming every product of the page covers their names, not anything
// said about them.
func isLabel(text string) bool {
	return utf8.RuneCountInString(text) <= maxHeadingRunes && !strings.ContainsAny(text, "。！？；，!?;,")
}
