package bot

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// fakeKnowledge answers the questions in answers and offers suggestions
// for the others.
type fakeKnowledge struct {
	answers     map[string]string
	suggestions []KnowledgeSuggestion
}

func (k *fakeKnowledge) Answer(_ context.Context, q, _ string) (KnowledgeAnswer, bool) {
	if a, ok := k.answers[q]; ok {
		return KnowledgeAnswer{Text: a, Source: "发货与物流SOP", Confidence: 0.9}, true
	}
	return KnowledgeAnswer{}, false
}

func (k *fakeKnowledge) Suggest(_ context.Context, q, _ string) []KnowledgeSuggestion {
	if _, ok := k.answers[q]; ok {
		return nil
	}
	return k.suggestions
}

func quickReplies(t *testing.T, raw json.RawMessage) []string {
	t.Helper()
	var pl Payload
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &pl); err != nil {
			t.Fatal(err)
		}
	}
	return pl.QuickReplies
}

// When nothing answers, the bot offers the knowledge base's related
// questions as quick replies; tapping one answers it from the knowledge base
// even when its wording alone would reach a skill (拒收与退回 reads as a
// refund question, which asks to verify an order first).
func TestUnansweredOffersSuggestionsAndAnswersThePick(t *testing.T) {
	const answer = "拒收后包裹原路退回仓库,仓库签收后48小时内退款。"
	k := &fakeKnowledge{
		answers: map[string]string{"拒收与退回": answer},
		suggestions: []KnowledgeSuggestion{
			{Question: "拒收与退回", Source: "发货与物流SOP"},
			{Question: "法式V领收腰连衣裙的洗涤与保养", Source: "法式V领收腰连衣裙 商品详情"},
		},
	}
	b, _ := testBot(t, func(d *Deps) { d.Knowledge = k })

	// Looking at the coat, a suggestion about the dress is not offered.
	s := newSession(t, b, "", "P-COAT-01")
	resp, text := s.say("冬天过了大衣怎么收起来放")
	qr := quickReplies(t, resp.Replies[len(resp.Replies)-1].Payload)
	if !strings.Contains(text, "是不是想问") || !slices.Equal(qr, []string{"拒收与退回", "转人工"}) {
		t.Fatalf("no suggestions offered: %q, quick replies %q", text, qr)
	}
	if _, text = s.say("拒收与退回!"); !strings.Contains(text, answer) {
		t.Errorf("picked suggestion not answered from the knowledge base: %q", text)
	}

	// Without the offer the same words reach the refund skill: the pick is
	// what sends them to the knowledge base.
	fresh := newSession(t, b, "", "P-COAT-01")
	if _, text = fresh.say("拒收与退回"); strings.Contains(text, answer) {
		t.Errorf("answered from the knowledge base without an offer: %q", text)
	}
}

func TestPickedSuggestion(t *testing.T) {
	p := &Pending{Kind: "kb_pick", Candidates: []string{"退货运费谁出？", "拒收与退回"}}
	for _, c := range []struct{ msg, want string }{
		{"退货运费谁出？", "退货运费谁出？"},
		{"退货运费谁出", "退货运费谁出？"},
		{" 拒收与退回 ", "拒收与退回"},
		{"退货运费", ""},
		{"？", ""},
	} {
		if got := pickedSuggestion(p, c.msg); got != c.want {
			t.Errorf("pickedSuggestion(%q) = %q, want %q", c.msg, got, c.want)
		}
	}
}

// "你们是正品吗" reads as chat about the shop, but only the merchant can
// vouch for the goods: without a knowledge-base answer it is logged for
// teaching (no self-introduction), and once taught it is answered.
func TestAuthenticityIsAskedOfTheKnowledgeBase(t *testing.T) {
	const q, answer = "你们是正品吗", "本店所有商品均为品牌官方授权正品,支持专柜验货。"
	k := &fakeKnowledge{answers: map[string]string{}}
	b, f := testBot(t, func(d *Deps) { d.Knowledge = k })
	if _, text := newSession(t, b, "", "").say(q); strings.Contains(text, "智能客服") || len(f.unanswered) != 1 {
		t.Errorf("untaught: reply %q, unanswered %v; want the question logged, no self-introduction", text, f.unanswered)
	}
	k.answers[q] = answer
	if _, text := newSession(t, b, "", "").say(q); !strings.Contains(text, answer) {
		t.Errorf("taught: reply %q, want the knowledge base's answer", text)
	}
	// A question about the shop itself is still chat.
	if _, text := newSession(t, b, "", "").say("你们是厂家吗"); !strings.Contains(text, "智能客服") {
		t.Errorf("你们是厂家吗: reply %q, want the self-introduction", text)
	}
}
