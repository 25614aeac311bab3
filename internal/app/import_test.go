package app

import (
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
	// A product page records the categories it is about when it is
	// indexed; a new product's category is only known once the product is.
	doc := shop.KnowledgeDoc{ID: "DOC-PILLOW", Title: "云朵抱枕 商品详情", Kind: shop.DocProductPage, Format: "text",
		Body: "云朵抱枕可以整只放进洗衣机，用轻柔模式清洗。"}
	if _, err := a.ImportBundle(ctx, &shop.Bundle{Documents: []shop.KnowledgeDoc{doc}}); err != nil {
		t.Fatal(err)
	}
	// The question names another category (沙发): once the page is known to
	// be about 抱枕, its passage no longer answers for the sofa.
	aboutOther := func() bool {
		for _, h := range a.KB.Index().Search("沙发套能放洗衣机洗吗", kb.Query{K: 20}) {
			if h.DocID == doc.ID {
				return h.OtherProduct
			}
		}
		t.Fatal("the pillow page is not among the hits")
		return false
	}
	if aboutOther() {
		t.Fatal("the page's category was known before the product was; the test needs a new category")
	}
	p := shop.Product{ID: "P-PILLOW", Name: "云朵抱枕", Category: "抱枕", Price: shop.Money(8900),
		SKUs: []shop.SKU{{ID: "P-PILLOW-1", Stock: 5}}}
	if _, err := a.ImportBundle(ctx, &shop.Bundle{Products: []shop.Product{p}}); err != nil {
		t.Fatal(err)
	}
	if !aboutOther() {
		t.Error("after the product import the page still does not know its category")
	}
}
