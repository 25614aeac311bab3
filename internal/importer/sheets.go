package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xuri/excelize/v2"
)

// cellAt is a record-level value and the row it came from.
type cellAt struct {
	val string
	row int
}

// rowGroup is the rows of one record: record-level values (repeated on
// every row, checked to agree) and the per-row parts (SKUs, items, events).
type rowGroup struct {
	key    string
	first  int
	fields map[string]cellAt
	subs   []subRow
}

type subRow struct {
	row    int
	fields map[string]string
}

func (s subRow) any(prefix string) bool {
	for f, v := range s.fields {
		if strings.HasPrefix(f, prefix) && v != "" {
			return true
		}
	}
	return false
}

// sheetReader turns one table into records.
type sheetReader struct {
	t       *table
	l       *layout
	c       *collector
	opts    *Options
	prog    *progress
	headers map[string]string // field → header as written
	cols    []string          // column index → field
	has     map[string]bool   // fields present as columns
	rec     string            // current record, for messages
}

// what names a record of the kind in messages.
var what = map[string]string{
	kindProducts: "product", kindSKUs: "product", kindSizeChart: "product",
	kindCustomers: "customer", kindOrders: "order", kindShipments: "shipment", kindFAQ: "FAQ",
}

func (r *sheetReader) problem(row int, field, format string, args ...any) {
	h := r.headers[field]
	if h == "" && field != "" {
		h = headerNames(r.l, field)
	}
	r.c.add(Problem{File: r.t.file, Sheet: r.t.sheet, Row: row, Field: h, Record: r.rec, Message: fmt.Sprintf(format, args...)})
}

// readTable decodes one table into a part of the bundle.
func readTable(t *table, c *collector, opts *Options, prog *progress) *part {
	name := t.sheet
	var l *layout
	if name != "" {
		l = layoutNamed(name)
	}
	if l == nil {
		l = layoutNamed(t.file)
	}
	if l == nil {
		l = layoutFromHeader(t.header)
	}
	if l == nil {
		c.add(Problem{File: t.file, Sheet: t.sheet, Row: t.headerRow, Message: "cannot tell what this table holds — name the file (or sheet) products, skus, size_chart, customers, orders, shipments or faq (商品/库存/尺码表/客户/订单/物流/常见问题), or use the headers documented in docs/bundle.md"})
		return nil
	}
	r := &sheetReader{t: t, l: l, c: c, opts: opts, prog: prog, headers: map[string]string{}, has: map[string]bool{}}
	var unknown []int
	r.cols, unknown = l.headerMap(t.header)
	for i, f := range r.cols {
		if f == "" {
			continue
		}
		h := strings.TrimSpace(strings.TrimPrefix(t.header[i], "\ufeff"))
		if prev, dup := r.headers[f]; dup {
			c.add(Problem{File: t.file, Sheet: t.sheet, Row: t.headerRow, Field: h, Message: fmt.Sprintf("column %q says the same as column %q — keep one of them", h, prev)})
			continue
		}
		r.headers[f] = h
		r.has[f] = true
	}
	for i, idx := range unknown {
		msg := fmt.Sprintf("unknown column for a %s sheet", l.kind)
		if i == 0 {
			msg += " — rename it to one of: " + l.acceptedHeaders() + "; or delete the column"
		}
		c.add(Problem{File: t.file, Sheet: t.sheet, Row: t.headerRow, Field: strings.TrimSpace(t.header[idx]), Message: msg})
	}
	for _, f := range l.required {
		if !r.has[f] && !(l.kind == kindShipments && f == "id") {
			c.add(Problem{File: t.file, Sheet: t.sheet, Row: t.headerRow, Message: fmt.Sprintf("missing column %s — a %s sheet needs it", headerNames(l, f), l.kind)})
		}
	}
	if c.full() || len(unknown) > 0 {
		return nil
	}
	groups := r.group()
	if c.full() {
		return nil
	}
	p := newPart()
	switch l.kind {
	case kindProducts:
		r.products(groups, p)
	case kindSKUs:
		r.skus(groups, p)
	case kindSizeChart:
		r.sizeCharts(groups, p)
	case kindCustomers:
		r.customers(groups, p)
	case kindOrders:
		r.orders(groups, p)
	case kindShipments:
		r.shipments(groups, p)
	case kindFAQ:
		r.faqs(groups, p)
	}
	return p
}

func headerNames(l *layout, field string) string {
	for _, c := range l.columns {
		if c.field == field {
			for _, n := range c.names {
				if !isASCII(n) {
					return c.names[0] + " (" + n + ")"
				}
			}
			return c.names[0]
		}
	}
	return field
}

// keyOf returns the grouping key of a row.
func (r *sheetReader) keyOf(row tableRow, values map[string]string) string {
	switch r.l.kind {
	case kindShipments:
		if values["id"] != "" {
			return values["id"]
		}
		return values["tracking_no"]
	case kindCustomers, kindFAQ:
		return "row" + strconv.Itoa(row.n) // one record per row; duplicates are found on merge
	}
	return values[r.l.key]
}

// group reads the rows into records, checking that the repeated record
// columns agree.
func (r *sheetReader) group() []*rowGroup {
	var groups []*rowGroup
	byKey := map[string]*rowGroup{}
	r.prog.start(r.t.file, r.t.sheet, len(r.t.rows))
	defer r.prog.finish()
	for i, row := range r.t.rows {
		r.prog.step(i + 1)
		if r.c.full() {
			return nil
		}
		if row.empty() {
			continue
		}
		values := map[string]string{}
		for ci, f := range r.cols {
			if f != "" {
				values[f] = row.cell(ci)
			}
		}
		key := r.keyOf(row, values)
		if key == "" {
			kf := r.l.key
			if r.l.kind == kindShipments {
				kf = "tracking_no"
			}
			r.rec = ""
			r.problem(row.n, kf, "empty — every row needs the %s's %s", what[r.l.kind], headerNames(r.l, kf))
			continue
		}
		g := byKey[key]
		if g == nil {
			g = &rowGroup{key: key, first: row.n, fields: map[string]cellAt{}}
			byKey[key] = g
			groups = append(groups, g)
		}
		sub := subRow{row: row.n, fields: map[string]string{}}
		for f, v := range values {
			if isSubField(f) {
				sub.fields[f] = v
				continue
			}
			if v == "" {
				continue
			}
			if prev, ok := g.fields[f]; ok && prev.val != v {
				r.rec = what[r.l.kind] + " " + key
				r.problem(row.n, f, "%q differs from %q in row %d — rows of the same %s must repeat the same %s (or leave it empty)",
					v, prev.val, prev.row, what[r.l.kind], r.headers[f])
				continue
			}
			if _, ok := g.fields[f]; !ok {
				g.fields[f] = cellAt{v, row.n}
			}
		}
		g.subs = append(g.subs, sub)
	}
	return groups
}

func isSubField(f string) bool {
	for _, p := range []string{"sku.", "item.", "event.", "size."} {
		if strings.HasPrefix(f, p) {
			return true
		}
	}
	return false
}

// origin builds the location of a record read from this table.
func (r *sheetReader) origin(g *rowGroup) *origin {
	o := &origin{loc: loc{file: r.t.file, sheet: r.t.sheet, row: g.first, headers: r.headers, rows: map[string]int{}}}
	for f, c := range g.fields {
		o.rows[f] = c.row
	}
	return o
}

func (r *sheetReader) subLoc(s subRow) loc {
	return loc{file: r.t.file, sheet: r.t.sheet, row: s.row, headers: r.headers}
}

// Typed field readers. Each reports a problem naming row and column and
// returns the zero value on error.

func (r *sheetReader) str(g *rowGroup, f string) string { return g.fields[f].val }

func (r *sheetReader) money(v string, row int, f string) shop.Money {
	if v == "" {
		return 0
	}
	m, err := shop.ParseMoney(v)
	if err == nil {
		return m
	}
	// Excel stores 89.9 as a binary double; accept what rounds to fen.
	if x, ferr := strconv.ParseFloat(v, 64); ferr == nil && !math.IsInf(x, 0) && !math.IsNaN(x) {
		fen := math.Round(x * 100)
		if math.Abs(x*100-fen) < 1e-6 {
			return shop.Money(fen)
		}
	}
	r.problem(row, f, "%q is not an amount in yuan — write e.g. 299 or 89.90", v)
	return 0
}

func (r *sheetReader) integer(v string, row int, f string) int {
	if v == "" {
		return 0
	}
	t := strings.ReplaceAll(v, ",", "")
	n, err := strconv.Atoi(t)
	if err == nil {
		return n
	}
	if x, ferr := strconv.ParseFloat(t, 64); ferr == nil && x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return int(x) // "3.0" from a spreadsheet number
	}
	r.problem(row, f, "%q is not a whole number — write digits, e.g. 2", v)
	return 0
}

func (r *sheetReader) float(v string, row int, f string) float64 {
	if v == "" {
		return 0
	}
	x, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", ""), 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		r.problem(row, f, "%q is not a number — write digits, e.g. 165 or 52.5", v)
		return 0
	}
	return x
}

func (r *sheetReader) boolean(v string, row int, f string) bool {
	switch strings.ToLower(v) {
	case "", "0", "false", "no", "n", "否", "未拆封":
		return false
	case "1", "true", "yes", "y", "是", "已拆封":
		return true
	}
	r.problem(row, f, "%q is not yes or no — write 是 or 否", v)
	return false
}

var (
	dateLayouts = []string{"2006-1-2", "2006/1/2", "2006.1.2", "2006年1月2日"}
	clockLayout = []string{" 15:04:05", " 15:04", "T15:04:05", "T15:04", ""}
)

// excelSerial converts an Excel date serial number (what a date cell holds)
// to its wall-clock time.
func excelSerial(v string) (time.Time, bool) {
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || !(x >= 1 && x <= 2958465) { // also rejects NaN
		return time.Time{}, false
	}
	t, err := excelize.ExcelDateToTime(x, false)
	if err != nil {
		return time.Time{}, false
	}
	return t.Round(time.Second), true
}

// parseTime reads a time as written in sheets: RFC3339 with a zone, or a
// date and clock time in the shop's zone ("2025-11-11 20:15", "2025/11/11
// 20:15:00", "2025年11月11日"), or an Excel date cell.
func parseTime(v string, loc *time.Location) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, true
	}
	for _, d := range dateLayouts {
		for _, c := range clockLayout {
			if t, err := time.ParseInLocation(d+c, v, loc); err == nil {
				return t, true
			}
		}
	}
	if t, ok := excelSerial(v); ok {
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc), true
	}
	return time.Time{}, false
}

func (r *sheetReader) timeVal(v string, row int, f string) time.Time {
	if v == "" {
		return time.Time{}
	}
	t, ok := parseTime(v, r.opts.location())
	if !ok {
		r.problem(row, f, "%q is not a time — write e.g. 2025-11-11 20:15 (shop time) or 2025-11-11T20:15:00+08:00", v)
	}
	return t
}

func (r *sheetReader) timePtr(v string, row int, f string) *time.Time {
	t := r.timeVal(v, row, f)
	if t.IsZero() {
		return nil
	}
	return &t
}

func (r *sheetReader) date(v string, row int, f string) string {
	if v == "" {
		return ""
	}
	for _, d := range dateLayouts {
		if t, err := time.Parse(d, v); err == nil {
			return t.Format("2006-01-02")
		}
	}
	if t, ok := excelSerial(v); ok {
		return t.Format("2006-01-02")
	}
	r.problem(row, f, "%q is not a date — write YYYY-MM-DD, e.g. 2025-12-01", v)
	return ""
}

// list splits a cell of several values: 大衣、羊毛外套 or a;b or a|b.
func list(v string) []string {
	return splitOn(v, "；", ";", "、", "，", ",", "|", "\n")
}

// phrases splits a cell of alternative questions, which may contain commas.
func phrases(v string) []string {
	return splitOn(v, "；", ";", "|", "\n")
}

func splitOn(v string, seps ...string) []string {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	for _, s := range seps[1:] {
		v = strings.ReplaceAll(v, s, seps[0])
	}
	var out []string
	for _, p := range strings.Split(v, seps[0]) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// pairs reads "面料=羊毛; 版型=宽松" into a map.
func (r *sheetReader) pairs(v string, row int, f string, into map[string]string) {
	for _, item := range splitOn(v, "；", ";", "\n") {
		k, val, ok := cutAny(item, "=", "：", ":")
		k, val = strings.TrimSpace(k), strings.TrimSpace(val)
		if !ok || k == "" {
			r.problem(row, f, "%q is not a key=value pair — write e.g. 面料=羊毛; 版型=宽松", item)
			continue
		}
		into[k] = val
	}
}

// dynamic collects "属性:面料" style columns (field "attributes:面料") and the
// combined column into a map; nil if empty.
func (r *sheetReader) dynamic(fields map[string]string, rows func(string) int, base string) map[string]string {
	m := map[string]string{}
	if v := fields[base]; v != "" {
		r.pairs(v, rows(base), base, m)
	}
	for f, v := range fields {
		if k, ok := strings.CutPrefix(f, base+":"); ok && v != "" {
			m[k] = v
		}
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

func (g *rowGroup) values() (map[string]string, func(string) int) {
	m := make(map[string]string, len(g.fields))
	for f, c := range g.fields {
		m[f] = c.val
	}
	return m, func(f string) int {
		if c, ok := g.fields[f]; ok {
			return c.row
		}
		return g.first
	}
}

func (r *sheetReader) products(groups []*rowGroup, p *part) {
	for _, g := range groups {
		r.rec = "product " + g.key
		row := func(f string) int { return rowOf(g, f) }
		vals, rows := g.values()
		pr := shop.Product{
			ID:            g.key,
			Name:          r.str(g, "name"),
			Aliases:       list(r.str(g, "aliases")),
			Category:      r.str(g, "category"),
			Brand:         r.str(g, "brand"),
			Price:         r.money(r.str(g, "price"), row("price"), "price"),
			OriginalPrice: r.money(r.str(g, "original_price"), row("original_price"), "original_price"),
			Description:   r.str(g, "description"),
			Tags:          list(r.str(g, "tags")),
			Status:        r.str(g, "status"),
			Attributes:    r.dynamic(vals, rows, "attributes"),
		}
		o := r.origin(g)
		for _, s := range g.subs {
			if !s.any("sku.") {
				continue
			}
			pr.SKUs = append(pr.SKUs, r.sku(g.key, s))
			o.addSub("skus", r.subLoc(s))
		}
		p.addProduct(pr, o)
	}
}

func (r *sheetReader) sku(productID string, s subRow) shop.SKU {
	f := s.fields
	if !r.has["sku.id"] {
		// No SKU column: the variant's id is derived from what tells it
		// apart, stable across imports (P-COAT-01-黑色-M).
		id := productID
		for _, part := range []string{f["sku.color"], f["sku.size"]} {
			if part != "" {
				id += "-" + part
			}
		}
		f["sku.id"] = id
	}
	if f["sku.id"] == "" {
		r.problem(s.row, "sku.id", "empty — every SKU row needs its SKU id (leave the SKU columns empty for a product without SKUs)")
	}
	if r.has["sku.stock"] && f["sku.stock"] == "" {
		r.problem(s.row, "sku.stock", "empty — write the stock, 0 if sold out")
	}
	return shop.SKU{
		ID:          f["sku.id"],
		Color:       f["sku.color"],
		Size:        f["sku.size"],
		Stock:       r.integer(f["sku.stock"], s.row, "sku.stock"),
		Price:       r.money(f["sku.price"], s.row, "sku.price"),
		RestockDate: r.date(f["sku.restock_date"], s.row, "sku.restock_date"),
	}
}

func rowOf(g *rowGroup, f string) int {
	if c, ok := g.fields[f]; ok {
		return c.row
	}
	return g.first
}

func (r *sheetReader) skus(groups []*rowGroup, p *part) {
	for _, g := range groups {
		r.rec = "product " + g.key
		pr := shop.Product{ID: g.key}
		o := r.origin(g)
		o.partial = true
		for _, s := range g.subs {
			pr.SKUs = append(pr.SKUs, r.sku(g.key, s))
			o.addSub("skus", r.subLoc(s))
		}
		p.addProduct(pr, o)
	}
}

func (r *sheetReader) sizeCharts(groups []*rowGroup, p *part) {
	jin := func(f string) bool { return strings.Contains(r.headers[f], "斤") }
	for _, g := range groups {
		r.rec = "product " + g.key
		pr := shop.Product{ID: g.key}
		o := r.origin(g)
		o.partial = true
		for _, s := range g.subs {
			f := s.fields
			row := shop.SizeRow{
				Size:      f["size.size"],
				HeightMin: r.float(f["size.height_min"], s.row, "size.height_min"),
				HeightMax: r.float(f["size.height_max"], s.row, "size.height_max"),
				WeightMin: r.float(f["size.weight_min"], s.row, "size.weight_min"),
				WeightMax: r.float(f["size.weight_max"], s.row, "size.weight_max"),
			}
			// Weights are stored in kg; merchants often write 斤 (0.5 kg),
			// said by the unit column or the header ("体重下限(斤)").
			var minJin, maxJin bool
			switch unit := strings.ToLower(f["size.weight_unit"]); unit {
			case "":
				minJin, maxJin = jin("size.weight_min"), jin("size.weight_max")
			case "斤", "jin":
				minJin, maxJin = true, true
			case "kg", "公斤", "千克":
			default:
				r.problem(s.row, "size.weight_unit", "unknown weight unit %q — write kg or 斤", f["size.weight_unit"])
			}
			if minJin {
				row.WeightMin /= 2
			}
			if maxJin {
				row.WeightMax /= 2
			}
			if row.Size == "" {
				r.problem(s.row, "size.size", "empty — every row needs the size it describes")
			}
			for k, v := range f {
				if m, ok := strings.CutPrefix(k, "size.measurements:"); ok && v != "" {
					if row.Measurements == nil {
						row.Measurements = map[string]string{}
					}
					row.Measurements[m] = v
				}
			}
			pr.SizeChart = append(pr.SizeChart, row)
			o.addSub("size_chart", r.subLoc(s))
		}
		p.addProduct(pr, o)
	}
}

func (r *sheetReader) customers(groups []*rowGroup, p *part) {
	for _, g := range groups {
		id := r.str(g, "id")
		r.rec = "customer " + id
		row := func(f string) int { return rowOf(g, f) }
		vals, rows := g.values()
		c := shop.Customer{
			ID:          id,
			Nickname:    r.str(g, "nickname"),
			MemberLevel: r.str(g, "member_level"),
			Province:    r.str(g, "province"),
			City:        r.str(g, "city"),
			Phone:       r.str(g, "phone"),
			PhoneLast4:  r.str(g, "phone_last4"),
			Points:      r.integer(r.str(g, "points"), row("points"), "points"),
			Tags:        list(r.str(g, "tags")),
			Preferences: r.dynamic(vals, rows, "preferences"),
			CreatedAt:   r.timeVal(r.str(g, "created_at"), row("created_at"), "created_at"),
		}
		if id == "" {
			r.problem(g.first, "id", "empty — every customer needs an id")
		}
		p.addCustomer(c, r.origin(g))
	}
}

func (r *sheetReader) orders(groups []*rowGroup, p *part) {
	for _, g := range groups {
		r.rec = "order " + g.key
		row := func(f string) int { return rowOf(g, f) }
		o := shop.Order{
			ID:          g.key,
			CustomerID:  r.str(g, "customer_id"),
			Status:      shop.OrderStatus(r.str(g, "status")),
			ShippingFee: r.money(r.str(g, "shipping_fee"), row("shipping_fee"), "shipping_fee"),
			Discount:    r.money(r.str(g, "discount"), row("discount"), "discount"),
			PromotionID: r.str(g, "promotion_id"),
			Remark:      r.str(g, "remark"),
			CreatedAt:   r.timeVal(r.str(g, "created_at"), row("created_at"), "created_at"),
			PaidAt:      r.timePtr(r.str(g, "paid_at"), row("paid_at"), "paid_at"),
			ShippedAt:   r.timePtr(r.str(g, "shipped_at"), row("shipped_at"), "shipped_at"),
			DeliveredAt: r.timePtr(r.str(g, "delivered_at"), row("delivered_at"), "delivered_at"),
			CompletedAt: r.timePtr(r.str(g, "completed_at"), row("completed_at"), "completed_at"),
			CancelledAt: r.timePtr(r.str(g, "cancelled_at"), row("cancelled_at"), "cancelled_at"),
			Address: shop.Address{
				Name:       r.str(g, "address.name"),
				PhoneLast4: last4(r.str(g, "address.phone")),
				Province:   r.str(g, "address.province"),
				City:       r.str(g, "address.city"),
				District:   r.str(g, "address.district"),
				Detail:     r.str(g, "address.detail"),
			},
		}
		orig := r.origin(g)
		var sum shop.Money
		for _, s := range g.subs {
			f := s.fields
			it := shop.OrderItem{
				ProductID: f["item.product_id"],
				SKUID:     f["item.sku_id"],
				Name:      f["item.name"],
				Color:     f["item.color"],
				Size:      f["item.size"],
				Qty:       r.integer(f["item.qty"], s.row, "item.qty"),
				Price:     r.money(f["item.price"], s.row, "item.price"),
				Opened:    r.boolean(f["item.opened"], s.row, "item.opened"),
			}
			sum += it.Price * shop.Money(it.Qty)
			o.Items = append(o.Items, it)
			orig.addSub("items", r.subLoc(s))
		}
		if v := r.str(g, "total"); v != "" {
			o.Total = r.money(v, row("total"), "total")
		} else {
			// No paid amount given: items plus shipping less discount.
			o.Total = sum + o.ShippingFee - o.Discount
		}
		p.addOrder(o, orig)
	}
}

// last4 keeps only the last four digits of a phone number: the full number
// of a delivery address is never stored.
func last4(phone string) string {
	var d []byte
	for i := 0; i < len(phone); i++ {
		if phone[i] >= '0' && phone[i] <= '9' {
			d = append(d, phone[i])
		}
	}
	if len(d) < 4 {
		return ""
	}
	return string(d[len(d)-4:])
}

func (r *sheetReader) shipments(groups []*rowGroup, p *part) {
	for _, g := range groups {
		r.rec = "shipment " + g.key
		row := func(f string) int { return rowOf(g, f) }
		s := shop.Shipment{
			ID:                g.key,
			OrderID:           r.str(g, "order_id"),
			Carrier:           r.str(g, "carrier"),
			TrackingNo:        r.str(g, "tracking_no"),
			Status:            r.str(g, "status"),
			ShippedAt:         r.timePtr(r.str(g, "shipped_at"), row("shipped_at"), "shipped_at"),
			EstimatedDelivery: r.timePtr(r.str(g, "estimated_delivery"), row("estimated_delivery"), "estimated_delivery"),
		}
		orig := r.origin(g)
		for _, sr := range g.subs {
			if !sr.any("event.") {
				continue
			}
			f := sr.fields
			s.Events = append(s.Events, shop.TrackingEvent{
				Time:        r.timeVal(f["event.time"], sr.row, "event.time"),
				Location:    f["event.location"],
				Description: f["event.description"],
				Status:      f["event.status"],
			})
			orig.addSub("events", r.subLoc(sr))
		}
		p.addShipment(s, orig)
	}
}

func (r *sheetReader) faqs(groups []*rowGroup, p *part) {
	for _, g := range groups {
		q := r.str(g, "question")
		id := r.str(g, "id")
		if id == "" && q != "" {
			// A stable id from the question keeps re-imports idempotent.
			sum := sha256.Sum256([]byte(strings.TrimSpace(q)))
			id = "FAQ-" + hex.EncodeToString(sum[:6])
		}
		r.rec = "FAQ " + id
		f := shop.FAQ{
			ID:         id,
			Question:   q,
			Alternates: phrases(r.str(g, "alternates")),
			Answer:     r.str(g, "answer"),
			ProductIDs: list(r.str(g, "product_ids")),
			Tags:       list(r.str(g, "tags")),
		}
		p.addFAQ(f, r.origin(g))
	}
}
