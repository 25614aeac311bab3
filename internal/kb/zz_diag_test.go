package kb

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/demo"
	"github.com/xiaoer-cs/xiaoer/internal/nlu"
)

func TestZZDiag(t *testing.T) {
	if os.Getenv("KBDIAG") == "" {
		t.Skip()
	}
	var an Analyzer = BasicAnalyzer{}
	if os.Getenv("KBDIAG") == "nlu" {
		e, err := nlu.New(nlu.Options{})
		if err != nil {
			t.Fatal(err)
		}
		an = e
	}
	b, _ := demo.Bundle(time.Now())
	ix := NewIndex(an, Options{})
	for _, d := range b.Documents {
		ix.Put(d)
	}
	for _, q := range b.FAQs {
		ix.PutFAQ(q)
	}
	f, _ := os.Open("testdata/eval.yaml")
	set, _ := ParseEvalSet(f)
	for i, q := range set.Questions {
		if i%2 != 0 {
			continue // dev half only
		}
		hits := ix.Search(q.Q, Query{ProductID: q.ProductID, K: 10})
		a := ix.answerFrom(q.Q, hits)
		ok := "ANS"
		if q.None {
			ok = "NONE"
		} else if !matchesExpect(hits[0], q.Expect) {
			ok = "ANS(wrong-top)"
		}
		ix.mu.RLock()
		aq := ix.analyseQuery(q.Q)
		var ws []string
		for _, w := range aq.words {
			ws = append(ws, fmt.Sprintf("%s(df%.0f)", aq.norm[w.start:w.end], w.df))
		}
		var segs []string
		segs = an.Segment(aq.norm)
		ix.mu.RUnlock()
		fmt.Printf("%-14s found=%v conf=%.2f %s | norm=%s | seg=%v | words=%s | top=%s cov=%.2f wc=%.2f ev=%.2f %s\n", ok, a.Found, a.Confidence, q.Q, aq.norm, segs, strings.Join(ws, " "), hits[0].ChunkID, hits[0].Coverage, hits[0].WordCoverage, hits[0].Evidence, diagFocus(ix, q.Q, hits[0]))
	}
}
