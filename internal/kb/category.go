package kb

import (
	"strings"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// categoryNamer is implemented by analyzers that recognise the product
// categories a text names (the understanding engine: its category lexicon
// plus the catalogue's categories, canonical forms).
type categoryNamer interface {
	Categories(text string) []string
}

// productCategorizer is implemented by analyzers that know the catalogue's
// products (the understanding engine once the app has given it the
// catalogue): the categories of a product id.
type productCategorizer interface {
	ProductCategories(id string) []string
}

// productCategories lists the categories of product id, or nil when the
// analyzer does not know it.
func (ix *Index) productCategories(id string) []string {
	if pc, ok := ix.an.(productCategorizer); ok && id != "" {
		return pc.ProductCategories(id)
	}
	return nil
}

// scopeToProductInView makes the product the shopper is looking at what a
// question asks about when the question names no category itself: "防水吗"
// on the power bank's page asks whether the power bank is waterproof, and
// the earphones' section of the same page ("防水等级IPX4") does not answer
// it.
func (ix *Index) scopeToProductInView(aq *analysedQuery, productID string) {
	if len(aq.cats) == 0 {
		aq.cats = ix.productCategories(productID)
		aq.catsInView = len(aq.cats) > 0
	}
}

// categories lists the categories text names, or nil when the analyzer
// recognises none.
func (ix *Index) categories(text string) []string {
	if cn, ok := ix.an.(categoryNamer); ok {
		return cn.Categories(text)
	}
	return nil
}

// pageCategories is what a chunk's product page is about: the categories its
// heading names, or else its title's. Only product pages get them: a product
// page describes its own product, while guides, SOPs and FAQ entries cover
// many. The heading wins because a page about two products ("降噪蓝牙耳机与
// 充电宝 商品详情") gives each its own section: the earphones' battery life
// says nothing about the power bank.
func (ix *Index) pageCategories(kind, title, heading string) []string {
	if kind != shop.DocProductPage {
		return nil
	}
	if cats := ix.categories(heading); len(cats) > 0 {
		return cats
	}
	return ix.categories(title)
}

// otherProduct reports whether a question naming the categories asked is
// about another kind of product than a product page whose title and heading
// name the categories page: both name some, and none agree. Two names agree
// when one contains the other, so a catalogue's "蓝牙耳机" agrees with a
// shopper's "耳机". A page whose title names no category is not judged.
// Page categories are read when the page is indexed, with the catalogue the
// analyzer has then; the app re-indexes when the catalogue changes.
//
// Why: a product page mentions other products in passing ("更冷的天气建议
// 内搭毛衣" on a coat's page), and a question about those ("毛衣有高领的款吗")
// shares enough words with it to pass the threshold, but the page says
// nothing about that product.
func otherProduct(asked, page []string) bool {
	if len(asked) == 0 || len(page) == 0 {
		return false
	}
	for _, a := range asked {
		for _, p := range page {
			if strings.Contains(a, p) || strings.Contains(p, a) {
				return false
			}
		}
	}
	return true
}

// otherProductFactor scales the confidence of a passage from a page about
// another product (Hit.OtherProduct). With categories read from the page's
// title only, 0.3–0.6 declined the same two unanswerable questions of the
// pooled tuning sets and no answerable one, and 0.5 was kept so that a page
// covering the question almost whole still answered. Once a section's
// heading names its own product (a page about earphones and a power bank),
// 0.3 declined one more unanswerable question and still no answerable one
// (0.2 the same; with the demo catalogue, 0.891 against 0.884 correct "no
// answer" for 0.5, answers unchanged): below the threshold, so a page about another product no
// longer answers at all, while the trial panel still shows and orders it.
const otherProductFactor = 0.3
