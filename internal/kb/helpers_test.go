package kb

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// testNow is the fixed clock of the tests.
var testNow = time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC)

// loadTestDocs parses every file under testdata/docs.
func loadTestDocs(t testing.TB) ([]shop.KnowledgeDoc, []shop.FAQ) {
	t.Helper()
	paths, err := filepath.Glob("testdata/docs/*")
	if err != nil {
		t.Fatal(err)
	}
	var docs []shop.KnowledgeDoc
	var faqs []shop.FAQ
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		meta := ParseMeta{UpdatedAt: testNow}
		if filepath.Base(p) == "airfryer.html" || filepath.Base(p) == "直播讲解-空气炸锅.txt" {
			meta.ProductIDs = []string{"P-AF5"}
		}
		d, f, err := Parse(filepath.Base(p), data, meta)
		if err != nil {
			t.Fatalf("parse %s: %v", p, err)
		}
		docs = append(docs, d...)
		faqs = append(faqs, f...)
	}
	return docs, faqs
}

// newTestIndex builds an index over testdata/docs with the basic analyzer.
func newTestIndex(t testing.TB, opts Options) *Index {
	t.Helper()
	ix := NewIndex(BasicAnalyzer{}, opts)
	docs, faqs := loadTestDocs(t)
	for _, d := range docs {
		if err := ix.Put(d); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range faqs {
		if err := ix.PutFAQ(f); err != nil {
			t.Fatal(err)
		}
	}
	return ix
}
