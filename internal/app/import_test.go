package app

import (
	"strings"
	"testing"

	"github.com/xiaoer-cs/xiaoer/internal/kb"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// A product-only import re-indexes the knowledge base: the index derives
// from the catalogue (names kept whole by the segmenter, product pages'
// categories), so passages indexed before the product existed must not
// keep their old words.
func TestProductImportReindexesTheKnowledgeBase(t *testing.T) {
	a, _ := testApp(t)
	ctx := t.Context()
	doc := shop.KnowledgeDoc{ID: "DOC-PILLOW", Title: "云朵抱枕 洗护说明", Kind: shop.DocNote, Format: "text", Body: "云朵抱枕可以整只放进洗衣机，用轻柔模式清洗。"}
	if _, err := a.ImportBundle(ctx, &shop.Bundle{Documents: []shop.KnowledgeDoc{doc}}); err != nil {
		t.Fatal(err)
	}
	wholeName := func() bool {
		hits := a.KB.Index().Search("云朵抱枕能机洗吗", kb.Query{K: 1})
		return len(hits) > 0 && strings.Contains(hits[0].Explain, " 云朵抱枕 ")
	}
	if wholeName() {
		t.Fatal("the name matched as one word before it was in the catalogue; the test needs it cut")
	}
	p := shop.Product{ID: "P-PILLOW", Name: "云朵抱枕", Category: "抱枕", Price: shop.Money(8900),
		SKUs: []shop.SKU{{ID: "P-PILLOW-1", Stock: 5}}}
	if _, err := a.ImportBundle(ctx, &shop.Bundle{Products: []shop.Product{p}}); err != nil {
		t.Fatal(err)
	}
	if !wholeName() {
		hits := a.KB.Index().Search("云朵抱枕能机洗吗", kb.Query{K: 1})
		t.Errorf("after the product import the passage still has the old words: %+v", hits)
	}
}
