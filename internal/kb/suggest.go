package kb

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// Suggestion is a question the knowledge base does answer, offered when it
// cannot answer the shopper's own ("您是不是想问"): a near miss is not
// quoted as if it answered, but the shopper can pick it in one tap.
type Suggestion struct {
	// Question is the text to show and, when picked, to ask: a FAQ's
	// question or a document section's heading.
	Question string `json:"question"`
	DocID    string `json:"doc_id"`
	Title    string `json:"title"`    // the document's title or the FAQ's question
	ChunkID  string `json:"chunk_id"` // the passage asking Question answers from
	// Confidence is the passage's confidence for the shopper's question
	// (not for Question, which the knowledge base answers by construction),
	// leaving out whether its reply states an amount asked for
	// (Hit.AmountMissing): it measures how near the topic is.
	Confidence float64 `json:"confidence"`
}

// Suggestion bounds.
const (
	// maxSuggestions is how many questions are offered at most.
	maxSuggestions = 3
	// suggestCandidates is how many top hits are considered.
	suggestCandidates = 5
	// minSuggestConfidence is the least confidence, for the shopper's
	// question, of a passage offered as a suggestion; below it a passage
	// shares too little with the question to be what was meant. Chosen on
	// the pooled tuning sets (docs/kb.md).
	minSuggestConfidence = 0.15
	// minHeadingRunes: a shorter heading ("用法", "价格") is offered with
	// its document's subject ("头皮护理与去屑洗护指南的用法").
	minHeadingRunes = 4
)

// suggest turns the hits of a question the index could not answer into
// suggestions. Every suggestion is checked by asking it: it is offered only
// if the index answers it, from the same document, and no two suggestions
// lead to the same passage.
func (ix *Index) suggest(hits []Hit, productID string) []Suggestion {
	out, _ := ix.suggestWithAnswers(hits, productID)
	return out
}

// suggestWithAnswers is suggest that also returns, for each suggestion, the
// passage asking it answers from (for the evaluation).
func (ix *Index) suggestWithAnswers(hits []Hit, productID string) ([]Suggestion, []Hit) {
	var out []Suggestion
	var answers []Hit
	labels, chunks := map[string]bool{}, map[string]bool{} // already offered
	focus := !ix.basic()
	for i, h := range hits {
		if i >= suggestCandidates || len(out) >= maxSuggestions {
			break
		}
		// How near the passage comes to the question, not whether it
		// answers it: one that states no amount for "多久" is still the
		// topic the shopper may have meant.
		related := h
		related.AmountMissing = false
		conf := confidence(related, focus)
		if conf < minSuggestConfidence {
			continue
		}
		for _, label := range suggestionLabels(h) {
			if labels[label] {
				continue
			}
			a := ix.answerFrom(label, ix.Search(label, Query{ProductID: productID, K: 1}))
			// A bare label (a page's title line) answers nothing the
			// shopper could want from picking it.
			if !a.Found || a.Hit.DocID != h.DocID || isLabel(a.Hit.Text) {
				continue
			}
			if !chunks[a.Hit.ChunkID] {
				labels[label], chunks[a.Hit.ChunkID] = true, true
				out = append(out, Suggestion{Question: label, DocID: h.DocID, Title: h.Title, ChunkID: a.Hit.ChunkID, Confidence: conf})
				answers = append(answers, a.Hit)
			}
			break
		}
	}
	return out, answers
}

// suggestionLabels are the questions that may stand for a hit, in order of
// preference: a FAQ's question; a section's heading, alone when it says
// enough, else after its document's subject. A product page's sections are
// aspects of the product ("颜色说明"), so there the subject always comes
// first; a guide's or SOP's say what they are about ("起球怎么办"). Example
// conversations are material for the bot and agents, not topics to offer a
// shopper: none.
func suggestionLabels(h Hit) []string {
	switch h.Kind {
	case shop.DocFAQ:
		return []string{strings.TrimSpace(h.Title)}
	case shop.DocConversation:
		return nil
	}
	subject := docSubject(h.Title)
	// The document's own title line names the document, not a section.
	heading := ""
	if parts := strings.Split(h.Heading, " > "); h.Heading != "" && (!h.titled || len(parts) > 1) {
		heading = cleanHeading(parts[len(parts)-1])
	}
	if heading == "" || heading == subject {
		if subject == "" {
			return nil
		}
		return []string{subject}
	}
	var out []string
	if h.Kind != shop.DocProductPage && utf8.RuneCountInString(heading) >= minHeadingRunes {
		out = append(out, heading)
	}
	if subject != "" {
		out = append(out, subject+"的"+heading)
	}
	return out
}

// cleanHeading strips a heading's numbering ("2.5 ", "1. ", "一、") and its
// parenthetical remarks ("颜色效果（顾客问得最多）", "（三）").
func cleanHeading(s string) string {
	s = dropParens(strings.TrimSpace(s))
	return strings.TrimSpace(headingNumber.ReplaceAllString(s, ""))
}

// headingNumber matches the numbering at the start of a heading; "3C数码"
// has none.
var headingNumber = regexp.MustCompile(`^(\d+(\.\d+)*[.．、]?\s+|\d+(\.\d+)*[.．、]\s*|[一二三四五六七八九十]+[、.．]\s*)`)

// docSubject is what a document is about, from its title: without remarks in
// parentheses, a "直播回放：" style prefix, or a "商品详情" or "SOP" suffix
// (words for the document, not its subject).
func docSubject(title string) string {
	s := dropParens(strings.TrimSpace(title))
	for _, sep := range []string{"：", ":"} {
		if i := strings.LastIndex(s, sep); i >= 0 && i+len(sep) < len(s) {
			s = s[i+len(sep):]
		}
	}
	for _, suffix := range []string{"商品详情页", "商品详情", "详情页", "详情", "SOP"} {
		if t := strings.TrimSpace(strings.TrimSuffix(s, suffix)); t != s && t != "" {
			s = t
			break
		}
	}
	return strings.TrimSpace(s)
}

// dropParens removes text in full- or half-width parentheses.
func dropParens(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '（', '(':
			depth++
		case '）', ')':
			if depth > 0 {
				depth--
			}
		default:
			if depth == 0 {
				b.WriteRune(r)
			}
		}
	}
	return strings.TrimSpace(b.String())
}
