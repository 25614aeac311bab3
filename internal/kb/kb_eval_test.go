package kb_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/demo"
	"github.com/xiaoer-cs/xiaoer/internal/kb"
)

// TestEvalDemo runs testdata/eval.yaml over the demo shop's documents and
// FAQs and logs the figures recorded in docs/kb.md. It asserts only sane
// lower bounds, not tuned values; run with -v to see the report.
func TestEvalDemo(t *testing.T) {
	f, err := os.Open("testdata/eval.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	set, err := kb.ParseEvalSet(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := demo.Bundle(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	ix := kb.NewIndex(nil, kb.Options{})
	for _, d := range b.Documents {
		if err := ix.Put(d); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range b.FAQs {
		if err := ix.PutFAQ(q); err != nil {
			t.Fatal(err)
		}
	}
	// Every expected id must exist, or the set has rotted.
	for _, q := range set.Questions {
		for _, e := range q.Expect {
			if !ix.Has(e.ID) {
				t.Errorf("eval question %q expects unknown id %s", q.Q, e.ID)
			}
		}
	}
	r := kb.Evaluate(ix, set)
	var sb strings.Builder
	_ = r.WriteText(&sb)
	t.Logf("index %+v\n%s", ix.Stats(), sb.String())
	if r.Answerable < 60 || r.Unanswerable < 20 {
		t.Errorf("eval set too small: %d answerable, %d unanswerable", r.Answerable, r.Unanswerable)
	}
	if r.RecallAt3 < 0.8 || r.MRR < 0.65 || r.NoAnswerAccuracy < 0.75 {
		t.Errorf("retrieval regressed: R@3 %.3f MRR %.3f no-answer %.3f", r.RecallAt3, r.MRR, r.NoAnswerAccuracy)
	}
}
