package kb_test

import (
	"os"
	"strings"
	"testing"

	"github.com/xiaoer-cs/xiaoer/internal/kb"
)

func TestZZDump(t *testing.T) {
	eng, err := nluEngine()
	if err != nil {
		t.Fatal(err)
	}
	ix := demoIndex(t, eng)
	if id := os.Getenv("DUMP"); id != "" {
		for _, h := range ix.Search(os.Getenv("DUMPQ"), kb.Query{K: 200}) {
			if strings.HasPrefix(h.DocID, id) {
				t.Logf("%s [%s] %d runes: %s", h.ChunkID, h.Heading, len([]rune(h.Text)), h.Text)
			}
		}
	}
	for _, q := range strings.Split(os.Getenv("Q"), "|") {
		if q == "" {
			continue
		}
		t.Logf("Q %s segs %v", q, eng.Segment(q))
		a := ix.Answer(q, kb.Query{})
		t.Logf("  found %v conf %.2f", a.Found, a.Confidence)
		for i, h := range ix.Search(q, kb.Query{K: 5}) {
			t.Logf("  %d %s cov %.2f %s | %.60s", i+1, h.ChunkID, h.Coverage, h.Explain, h.Text)
		}
	}
}
