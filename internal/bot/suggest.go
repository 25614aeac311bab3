package bot

import (
	"slices"
	"strings"
	"unicode"
)

// Suggestions ("您是不是想问"): when neither a skill nor the knowledge base
// answers, the bot offers up to maxSuggestions related questions the
// knowledge base does answer as quick replies, and remembers them as a
// pending pick, so that tapping one answers it from the knowledge base even
// when its wording would otherwise reach a skill ("拒收与退回" is not a
// return request).

// maxSuggestions leaves room for the "转人工" quick reply (compose keeps four).
const maxSuggestions = 3

// suggestions asks the knowledge base, if there is one, for related questions
// and keeps those that may be offered while productID is in focus: those
// whose question or source names no other product.
func (t *turn) suggestions(q, productID string) []KnowledgeSuggestion {
	if t.b.d.Knowledge == nil || strings.TrimSpace(q) == "" {
		return nil
	}
	var out []KnowledgeSuggestion
	for _, s := range t.b.d.Knowledge.Suggest(t.ctx, q, productID) {
		if len(out) == maxSuggestions {
			break
		}
		// Confidence 1: a suggestion is answered by construction; only the
		// product it is about decides.
		if t.passageAbout(KnowledgeAnswer{Text: s.Question, Source: s.Source, Confidence: 1}, productID) {
			out = append(out, s)
		}
	}
	return out
}

// offerSuggestions turns suggestions into quick replies and a pending pick on r.
func offerSuggestions(r *Result, ss []KnowledgeSuggestion) {
	if len(ss) == 0 {
		return
	}
	var qs []string
	for _, s := range ss {
		qs = append(qs, s.Question)
	}
	r.QuickReplies = append(slices.Clone(qs), r.QuickReplies...)
	r.Pending = &Pending{Kind: "kb_pick", Candidates: qs}
}

// pickedSuggestion returns the offered question the message repeats
// (tapped, or typed with different punctuation or spacing), or "".
func pickedSuggestion(p *Pending, text string) string {
	msg := suggestionKey(text)
	if msg == "" {
		return ""
	}
	for _, c := range p.Candidates {
		if suggestionKey(c) == msg {
			return c
		}
	}
	return ""
}

// suggestionKey drops spaces and punctuation and folds case.
func suggestionKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}
