package importer

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// loc is where a record, or one part of it, came from.
type loc struct {
	file, sheet string
	row         int               // sheets: spreadsheet row of the record's first row
	line        int               // JSON: line where the record starts
	label       string            // JSON: the record's place in its file, e.g. orders[3]
	headers     map[string]string // sheets: field → column header as written
	rows        map[string]int    // sheets: field → row the value came from
}

func (l loc) isSheet() bool { return l.headers != nil }

// where renders the location for a message, shortened when it is in the
// same file as from.
func (l loc) where(from loc) string {
	var s string
	if l.file != from.file || l.sheet != from.sheet {
		s = l.file
		if l.sheet != "" {
			s += fmt.Sprintf(" sheet %q", l.sheet)
		}
		s += " "
	}
	switch {
	case l.row > 0:
		return s + "row " + strconv.Itoa(l.row)
	case l.line > 0:
		return s + "line " + strconv.Itoa(l.line)
	}
	return s
}

// problem builds a Problem located at l for a field ("" for the record).
func (l loc) problem(field, record, msg string) Problem {
	p := Problem{File: l.file, Sheet: l.sheet, Message: msg}
	if l.isSheet() {
		p.Row = l.row
		if r, ok := l.rows[field]; ok {
			p.Row = r
		}
		p.Field = l.headers[field]
		p.Record = record
		return p
	}
	p.Line = l.line
	p.Record = l.label
	p.Field = field
	return p
}

// origin is the location of one record and of its parts (SKUs, items,
// tracking events, size rows), index for index.
type origin struct {
	loc
	subs map[string][]loc
	// partial marks products that only carry SKUs or a size chart (from a
	// skus or size_chart sheet) and complete a product given elsewhere.
	partial bool
}

func (o *origin) addSub(name string, l loc) {
	if o.subs == nil {
		o.subs = map[string][]loc{}
	}
	o.subs[name] = append(o.subs[name], l)
}

// part is what one file or sheet contributes: a partial bundle and, for
// every record, where it came from.
type part struct {
	b           shop.Bundle
	origins     map[string][]*origin // section → parallel to the section's slice
	shopLoc     *loc
	policiesLoc *loc
}

func newPart() *part { return &part{origins: map[string][]*origin{}} }

func (p *part) addProduct(pr shop.Product, o *origin) {
	p.b.Products = append(p.b.Products, pr)
	p.origins["products"] = append(p.origins["products"], o)
}

func (p *part) addCustomer(c shop.Customer, o *origin) {
	p.b.Customers = append(p.b.Customers, c)
	p.origins["customers"] = append(p.origins["customers"], o)
}

func (p *part) addOrder(x shop.Order, o *origin) {
	p.b.Orders = append(p.b.Orders, x)
	p.origins["orders"] = append(p.origins["orders"], o)
}

func (p *part) addShipment(s shop.Shipment, o *origin) {
	p.b.Shipments = append(p.b.Shipments, s)
	p.origins["shipments"] = append(p.origins["shipments"], o)
}

func (p *part) addFAQ(f shop.FAQ, o *origin) {
	p.b.FAQs = append(p.b.FAQs, f)
	p.origins["faqs"] = append(p.origins["faqs"], o)
}

// sectionWhat names a record of a bundle section in messages.
var sectionWhat = map[string]string{
	"products": "product", "customers": "customer", "orders": "order", "shipments": "shipment",
	"promotions": "promotion", "faqs": "FAQ", "documents": "document", "co_purchases": "co-purchase",
}

// merged is the bundle built from all files, with every record's origin.
type merged struct {
	b           *shop.Bundle
	origins     map[string][]*origin
	ids         map[string]map[string]int // section → id → index
	shopLoc     *loc
	policiesLoc *loc
	c           *collector
}

func newMerged(c *collector) *merged {
	return &merged{b: &shop.Bundle{}, origins: map[string][]*origin{}, ids: map[string]map[string]int{}, c: c}
}

// claim registers a record id of a section; if another file or row already
// has it, it reports both places and returns false.
func (m *merged) claim(section, id string, o *origin) bool {
	if id == "" {
		return true // the validator reports missing ids
	}
	if m.ids[section] == nil {
		m.ids[section] = map[string]int{}
	}
	if i, dup := m.ids[section][id]; dup {
		first := m.origins[section][i]
		w := sectionWhat[section]
		m.c.add(o.problem("id", w+" "+id, fmt.Sprintf("%s %q is also at %s — each record may appear once; remove one of them", w, id, first.where(o.loc))))
		return false
	}
	m.ids[section][id] = len(m.origins[section])
	return true
}

// add merges the complete records of a part. Partial products wait for addPartial.
func (m *merged) add(p *part) {
	if p.b.Shop != nil {
		if m.shopLoc != nil {
			m.c.add(p.shopLoc.problem("", "", fmt.Sprintf("the shop section is also at %s — give it once", m.shopLoc.where(*p.shopLoc))))
		} else {
			m.b.Shop, m.shopLoc = p.b.Shop, p.shopLoc
		}
	}
	if p.b.Policies != nil {
		if m.policiesLoc != nil {
			m.c.add(p.policiesLoc.problem("", "", fmt.Sprintf("the policies section is also at %s — give it once", m.policiesLoc.where(*p.policiesLoc))))
		} else {
			m.b.Policies, m.policiesLoc = p.b.Policies, p.policiesLoc
		}
	}
	for i, x := range p.b.Products {
		o := p.origins["products"][i]
		if !o.partial && m.claim("products", x.ID, o) {
			m.b.Products = append(m.b.Products, x)
			m.origins["products"] = append(m.origins["products"], o)
		}
	}
	// Co-purchases have no id: they are pairs, appended as given.
	for i, x := range p.b.CoPurchases {
		m.b.CoPurchases = append(m.b.CoPurchases, x)
		m.origins["co_purchases"] = append(m.origins["co_purchases"], p.origins["co_purchases"][i])
	}
	mergeByID(m, p, "customers", &m.b.Customers, p.b.Customers, func(x shop.Customer) string { return x.ID })
	mergeByID(m, p, "orders", &m.b.Orders, p.b.Orders, func(x shop.Order) string { return x.ID })
	mergeByID(m, p, "shipments", &m.b.Shipments, p.b.Shipments, func(x shop.Shipment) string { return x.ID })
	mergeByID(m, p, "promotions", &m.b.Promotions, p.b.Promotions, func(x shop.Promotion) string { return x.ID })
	mergeByID(m, p, "faqs", &m.b.FAQs, p.b.FAQs, func(x shop.FAQ) string { return x.ID })
	mergeByID(m, p, "documents", &m.b.Documents, p.b.Documents, func(x shop.KnowledgeDoc) string { return x.ID })
}

// mergeByID appends the records of one section of a part whose ids no
// earlier file or row claimed, keeping their origins in step.
func mergeByID[T any](m *merged, p *part, section string, dst *[]T, src []T, id func(T) string) {
	for i, x := range src {
		if o := p.origins[section][i]; m.claim(section, id(x), o) {
			*dst = append(*dst, x)
			m.origins[section] = append(m.origins[section], o)
		}
	}
}

// addPartial merges the SKUs and size charts of skus and size_chart sheets
// into the products given elsewhere in the import. A product given nowhere
// stays partial (only an id), for Import to complete from the store.
func (m *merged) addPartial(p *part) {
	for i, x := range p.b.Products {
		o := p.origins["products"][i]
		if !o.partial {
			continue
		}
		idx, ok := m.ids["products"][x.ID]
		if !ok {
			m.claim("products", x.ID, o)
			m.b.Products = append(m.b.Products, x)
			m.origins["products"] = append(m.origins["products"], o)
			continue
		}
		dst, dstO := &m.b.Products[idx], m.origins["products"][idx]
		have := map[string]int{}
		for j, s := range dst.SKUs {
			have[s.ID] = j
		}
		for j, s := range x.SKUs {
			sl := o.subs["skus"][j]
			if k, dup := have[s.ID]; dup && s.ID != "" {
				m.c.add(sl.problem("sku.id", "product "+x.ID, fmt.Sprintf("SKU %q is also at %s — give each SKU once", s.ID, subWhere(dstO, "skus", k).where(sl))))
				continue
			}
			have[s.ID] = len(dst.SKUs)
			dst.SKUs = append(dst.SKUs, s)
			padSubs(dstO, "skus", len(dst.SKUs)-1)
			dstO.subs["skus"] = append(dstO.subs["skus"], sl)
		}
		if len(x.SizeChart) > 0 {
			if len(dst.SizeChart) > 0 {
				m.c.add(o.problem("product_id", "product "+x.ID, fmt.Sprintf("the size chart of product %s is also at %s — give it once", x.ID, subWhere(dstO, "size_chart", 0).where(o.loc))))
				continue
			}
			dst.SizeChart = x.SizeChart
			dstO.addSubs("size_chart", o.subs["size_chart"])
		}
	}
}

func (o *origin) addSubs(name string, ls []loc) {
	if o.subs == nil {
		o.subs = map[string][]loc{}
	}
	o.subs[name] = ls
}

// padSubs makes sure the origin has n sub-locations (JSON records have none:
// their parts are located by the record).
func padSubs(o *origin, name string, n int) {
	if o.subs == nil {
		o.subs = map[string][]loc{}
	}
	for len(o.subs[name]) < n {
		o.subs[name] = append(o.subs[name], o.loc)
	}
}

// subWhere is the location of part j of a record, or the record's own.
func subWhere(o *origin, name string, j int) loc {
	if ls := o.subs[name]; j < len(ls) && ls[j].file != "" {
		return ls[j]
	}
	return o.loc
}

// subPrefix maps a validator path prefix to the sheet field prefix.
var subPrefix = map[string]string{"skus": "sku.", "items": "item.", "events": "event.", "size_chart": "size."}

// sheetField maps validator field names to sheet fields where they differ.
var sheetField = map[string]string{"address.phone_last4": "address.phone"}

var subPathRE = regexp.MustCompile(`^([a-z_]+)\[(\d+)\]\.(.+)$`)

// locate turns a validation error into a Problem at the file, row and
// column (or line and path) the value came from.
func (m *merged) locate(e shop.FieldError) Problem {
	var o *origin
	switch e.Section {
	case "shop":
		if m.shopLoc != nil {
			o = &origin{loc: *m.shopLoc}
		}
	case "policies":
		if m.policiesLoc != nil {
			o = &origin{loc: *m.policiesLoc}
		}
	default:
		if os := m.origins[e.Section]; e.Index >= 0 && e.Index < len(os) {
			o = os[e.Index]
		}
	}
	if o == nil {
		return Problem{Message: e.Error()}
	}
	if !o.isSheet() {
		p := o.problem(e.Field, "", e.Problem)
		if p.Record == "" {
			p.Record = e.Section
		}
		if e.ID != "" {
			p.Record += " (id " + e.ID + ")"
		}
		return p
	}
	record := sectionWhat[e.Section] + " " + e.ID
	field, l := e.Field, o.loc
	if mm := subPathRE.FindStringSubmatch(field); mm != nil {
		if prefix, ok := subPrefix[mm[1]]; ok {
			j, _ := strconv.Atoi(mm[2])
			l = subWhere(o, mm[1], j)
			field = prefix + mm[3]
		}
	}
	if f, ok := sheetField[field]; ok {
		field = f
	}
	if field == "id" && e.Section == "shipments" && l.headers["id"] == "" {
		field = "tracking_no"
	}
	p := l.problem(field, record, e.Problem)
	if p.Field == "" && field != "" {
		// Not a column of this sheet (a field with no column, or one
		// filled in from elsewhere): name the bundle field.
		p.Message = field + ": " + p.Message
	}
	return p
}
