// Package importer loads a merchant's data — a JSON shop bundle and CSV or
// XLSX sheets of products, SKUs, size charts, customers, orders, shipments
// and FAQs — into one shop.Bundle, validates it against itself and the
// store, and writes it with a single ImportBundle call, so that an import is
// all or nothing and importing the same files twice changes nothing.
//
// Every problem names the file, the row (as a spreadsheet shows it) or line,
// the column or field, what is wrong and how to fix it. The formats are
// documented in docs/bundle.md.
package importer

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// Options tune an import.
type Options struct {
	// Secret keys the HMAC-SHA256 of customers' phone numbers (PhoneHash),
	// so that a phone can be matched exactly without being stored. Required
	// when a customer has a phone.
	Secret []byte
	// Location is the time zone of sheet times written without one
	// ("2025-11-11 20:15"). Default: China Standard Time (UTC+8).
	Location *time.Location
	// Progress receives a progress bar per file when it is a terminal;
	// otherwise nothing is written to it. Nil for none.
	Progress io.Writer
	// MaxErrors is how many problems to collect before stopping
	// (default DefaultMaxErrors).
	MaxErrors int
	// DryRun makes Import do everything but the write: the files are read
	// and checked against the store, and the stats say what would be written.
	DryRun bool
}

// chinaTime is UTC+8 without DST, exact for mainland China and needing no
// time zone database.
var chinaTime = time.FixedZone("CST", 8*3600)

func (o *Options) location() *time.Location {
	if o.Location != nil {
		return o.Location
	}
	return chinaTime
}

// Writer is what Import needs from the store: the ids already there, to
// resolve references of a partial import, and the one transactional write.
// Every store.Store satisfies it.
type Writer interface {
	Products(ctx context.Context) ([]shop.Product, error)
	Customers(ctx context.Context) ([]shop.Customer, error)
	Orders(ctx context.Context) ([]shop.Order, error)
	ImportBundle(ctx context.Context, b *shop.Bundle) (shop.ImportStats, error)
}

// Load reads the files (a directory stands for the .json, .csv and .xlsx
// files in it) and merges them into one bundle. A record given twice, in
// one file or across files, is an error naming both places. Rows of a skus
// or size_chart sheet whose product is in none of the files become products
// with only an id and those SKUs or sizes; Import completes them from the
// store. Load does not validate references: Import does.
//
// On failure the error is an *Errors listing up to opts.MaxErrors problems.
func Load(paths []string, opts Options) (*shop.Bundle, error) {
	m, err := load(paths, &opts)
	if err != nil {
		return nil, err
	}
	return m.b, nil
}

func load(paths []string, opts *Options) (*merged, error) {
	c := newCollector(opts.MaxErrors)
	files, err := expand(paths)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, errors.New("nothing to import: give .json, .csv or .xlsx files (or a folder of them)")
	}
	prog := newProgress(opts.Progress)
	var parts []*part
	for _, f := range files {
		if c.full() {
			break
		}
		parts = append(parts, readFile(f, c, opts, prog)...)
	}
	m := newMerged(c)
	for _, p := range parts {
		m.add(p)
	}
	for _, p := range parts {
		m.addPartial(p)
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	return m, nil
}

// expand replaces directories by the importable files in them, sorted.
func expand(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("import %s: %w", p, err)
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, fmt.Errorf("import %s: %w", p, err)
		}
		var in []string
		for _, e := range entries {
			switch strings.ToLower(filepath.Ext(e.Name())) {
			case ".json", ".csv", ".xlsx":
				if !e.IsDir() && !strings.HasPrefix(e.Name(), "~$") { // Excel lock files
					in = append(in, filepath.Join(p, e.Name()))
				}
			}
		}
		sort.Strings(in)
		files = append(files, in...)
	}
	return files, nil
}

// readFile decodes one file into its parts (one per XLSX sheet).
func readFile(file string, c *collector, opts *Options, prog *progress) []*part {
	data, err := os.ReadFile(file)
	if err != nil {
		c.add(Problem{File: file, Message: err.Error()})
		return nil
	}
	var tables []*table
	switch ext := strings.ToLower(filepath.Ext(file)); ext {
	case ".json":
		prog.start(file, "", 1)
		p := readJSON(file, data, c)
		prog.finish()
		if p == nil {
			return nil
		}
		return []*part{p}
	case ".csv", ".txt":
		if t := readCSV(file, data, c); t != nil {
			tables = append(tables, t)
		}
	case ".xlsx", ".xlsm":
		tables = readXLSX(file, bytes.NewReader(data), c)
	case ".xls":
		c.add(Problem{File: file, Message: "the old Excel format .xls is not supported — open it in Excel or WPS and save as .xlsx"})
	default:
		c.add(Problem{File: file, Message: fmt.Sprintf("unknown file type %q — import .json bundles, .csv or .xlsx sheets", ext)})
	}
	var parts []*part
	for _, t := range tables {
		if p := readTable(t, c, opts, prog); p != nil {
			parts = append(parts, p)
		}
	}
	return parts
}

// Import loads the files, checks them against themselves and what the store
// already holds, and writes them in one ImportBundle call: all or nothing,
// keyed by id, so importing the same files again changes nothing. Customers'
// phone numbers are reduced to their last 4 digits and a keyed hash before
// anything is written.
//
// A rejected import returns an *Errors locating each problem in its file.
func Import(ctx context.Context, st Writer, paths []string, opts Options) (shop.ImportStats, error) {
	m, err := load(paths, &opts)
	if err != nil {
		return shop.ImportStats{}, err
	}
	stored, storedCustomers, known, err := storedIDs(ctx, st)
	if err != nil {
		return shop.ImportStats{}, err
	}
	c := newCollector(opts.MaxErrors)
	m.c = c
	m.completePartials(stored)
	if err := c.err(); err != nil {
		return shop.ImportStats{}, err
	}
	if err := m.b.ValidateAgainst(known); err != nil {
		var verrs shop.ValidationErrors
		if !errors.As(err, &verrs) {
			return shop.ImportStats{}, err
		}
		for _, e := range verrs {
			if !c.add(m.locate(e)) {
				break
			}
		}
		return shop.ImportStats{}, c.err()
	}
	if err := protectPhones(m.b, storedCustomers, opts.Secret); err != nil {
		return shop.ImportStats{}, err
	}
	if opts.DryRun {
		return statsOf(m.b), nil
	}
	stats, err := st.ImportBundle(ctx, m.b)
	if err != nil {
		return shop.ImportStats{}, fmt.Errorf("import: writing to the store (nothing was written): %w", err)
	}
	return stats, nil
}

// storedIDs reads the ids the store already has, with the stored products
// (to complete stock sheets) and customers (to keep their phones).
func storedIDs(ctx context.Context, st Writer) (map[string]shop.Product, map[string]shop.Customer, shop.KnownIDs, error) {
	known := shop.KnownIDs{
		Products:  map[string]map[string]bool{},
		Customers: map[string]bool{},
		Orders:    map[string]bool{},
	}
	products, err := st.Products(ctx)
	if err != nil {
		return nil, nil, known, fmt.Errorf("import: reading stored products: %w", err)
	}
	stored := make(map[string]shop.Product, len(products))
	for _, p := range products {
		stored[p.ID] = p
		skus := make(map[string]bool, len(p.SKUs))
		for _, s := range p.SKUs {
			skus[s.ID] = true
		}
		known.Products[p.ID] = skus
	}
	customers, err := st.Customers(ctx)
	if err != nil {
		return nil, nil, known, fmt.Errorf("import: reading stored customers: %w", err)
	}
	storedCustomers := make(map[string]shop.Customer, len(customers))
	for _, c := range customers {
		known.Customers[c.ID] = true
		storedCustomers[c.ID] = c
	}
	orders, err := st.Orders(ctx)
	if err != nil {
		return nil, nil, known, fmt.Errorf("import: reading stored orders: %w", err)
	}
	for _, o := range orders {
		known.Orders[o.ID] = true
	}
	return stored, storedCustomers, known, nil
}

// completePartials turns products that only carry SKUs or a size chart into
// the stored product with those SKUs upserted (by SKU id) or that size chart
// replaced, since ImportBundle replaces a product's SKUs wholesale.
func (m *merged) completePartials(stored map[string]shop.Product) {
	for i := range m.b.Products {
		o := m.origins["products"][i]
		if !o.partial {
			continue
		}
		x := m.b.Products[i]
		base, ok := stored[x.ID]
		if !ok {
			field := "product_id"
			m.c.add(o.problem(field, "product "+x.ID, fmt.Sprintf("product %q is neither in this import nor in the store — add it to a products sheet or fix the id", x.ID)))
			continue
		}
		newSubs := make([]loc, len(base.SKUs))
		for j := range newSubs {
			newSubs[j] = o.loc
		}
		pos := map[string]int{}
		for j, s := range base.SKUs {
			pos[s.ID] = j
		}
		base.SKUs = append([]shop.SKU(nil), base.SKUs...)
		for j, s := range x.SKUs {
			l := subWhere(o, "skus", j)
			if k, ok := pos[s.ID]; ok {
				base.SKUs[k] = mergeSKU(base.SKUs[k], s, l)
				newSubs[k] = l
				continue
			}
			pos[s.ID] = len(base.SKUs)
			base.SKUs = append(base.SKUs, s)
			newSubs = append(newSubs, l)
		}
		if len(x.SizeChart) > 0 {
			base.SizeChart = x.SizeChart
		} else if o.subs != nil {
			delete(o.subs, "size_chart") // stored rows have no sheet location
		}
		o.addSubs("skus", newSubs)
		o.partial = false
		m.b.Products[i] = base
	}
}

// mergeSKU updates a stored SKU with the columns a sheet gave, keeping the
// stored values of the columns it did not have: a stock sheet of 商品ID, SKU,
// 库存 must not erase colours and sizes.
func mergeSKU(stored, in shop.SKU, l loc) shop.SKU {
	has := func(f string) bool { _, ok := l.headers[f]; return ok }
	if has("sku.color") {
		stored.Color = in.Color
	}
	if has("sku.size") {
		stored.Size = in.Size
	}
	if has("sku.stock") {
		stored.Stock = in.Stock
	}
	if has("sku.price") {
		stored.Price = in.Price
	}
	if has("sku.restock_date") {
		stored.RestockDate = in.RestockDate
	}
	return stored
}

// protectPhones replaces each customer's full phone by its last 4 digits and
// an HMAC-SHA256 keyed with secret; the full number is never written. A
// customer imported without a phone keeps the one stored before.
func protectPhones(b *shop.Bundle, stored map[string]shop.Customer, secret []byte) error {
	for i := range b.Customers {
		c := &b.Customers[i]
		if c.Phone == "" {
			if c.PhoneLast4 != "" {
				continue
			}
			if s, ok := stored[c.ID]; ok {
				c.PhoneLast4, c.PhoneHash = s.PhoneLast4, s.PhoneHash
			}
			continue
		}
		if len(secret) == 0 {
			return errors.New("import: customers have phone numbers but no secret is configured to hash them; set the server secret first")
		}
		c.PhoneLast4 = c.Phone[len(c.Phone)-4:]
		c.PhoneHash = PhoneHash(secret, c.Phone)
		c.Phone = ""
	}
	return nil
}

// PhoneHash is the hex HMAC-SHA256 of a normalised mobile number (see
// shop.NormalizePhone), the key under which a customer's phone is matched.
func PhoneHash(secret []byte, phone string) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(phone))
	return hex.EncodeToString(mac.Sum(nil))
}

// ImportBundle checks an in-memory bundle (the demo shop, one built by code)
// against the store and writes it like Import: references may resolve to
// stored records, phones are reduced to last 4 digits and a keyed hash,
// and the write is one transaction. Problems come back as a
// shop.ValidationErrors, located by bundle path. b is normalised in place.
func ImportBundle(ctx context.Context, st Writer, b *shop.Bundle, opts Options) (shop.ImportStats, error) {
	_, customers, known, err := storedIDs(ctx, st)
	if err != nil {
		return shop.ImportStats{}, err
	}
	if err := b.ValidateAgainst(known); err != nil {
		return shop.ImportStats{}, fmt.Errorf("import: %w", err)
	}
	if err := protectPhones(b, customers, opts.Secret); err != nil {
		return shop.ImportStats{}, err
	}
	if opts.DryRun {
		return statsOf(b), nil
	}
	stats, err := st.ImportBundle(ctx, b)
	if err != nil {
		return shop.ImportStats{}, fmt.Errorf("import: writing to the store (nothing was written): %w", err)
	}
	return stats, nil
}

// Check validates a bundle from Load against the store without writing:
// references may resolve to stored records, and products that Load left with
// only an id and SKUs or a size chart (from skus and size_chart sheets) are
// checked together with the stored product. b is normalised in place.
// Problems come back as a shop.ValidationErrors located by bundle path; for
// file, row and column use Import with Options.DryRun instead.
func Check(ctx context.Context, st Writer, b *shop.Bundle) error {
	stored, _, known, err := storedIDs(ctx, st)
	if err != nil {
		return err
	}
	for i := range b.Products {
		p := &b.Products[i]
		base, ok := stored[p.ID]
		if p.Name != "" || !ok {
			continue
		}
		// A partial product: what the store has, with these SKUs upserted.
		skus := append([]shop.SKU(nil), base.SKUs...)
		pos := map[string]int{}
		for j, s := range skus {
			pos[s.ID] = j
		}
		for _, s := range p.SKUs {
			if j, ok := pos[s.ID]; ok {
				skus[j] = s
			} else {
				skus = append(skus, s)
			}
		}
		if len(p.SizeChart) > 0 {
			base.SizeChart = p.SizeChart
		}
		base.SKUs = skus
		*p = base
	}
	if err := b.ValidateAgainst(known); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	return nil
}

// statsOf counts what writing b would import.
func statsOf(b *shop.Bundle) shop.ImportStats {
	st := shop.ImportStats{
		Products: len(b.Products), CoPurchases: len(b.CoPurchases), Customers: len(b.Customers),
		Orders: len(b.Orders), Shipments: len(b.Shipments), Promotions: len(b.Promotions),
		FAQs: len(b.FAQs), Documents: len(b.Documents),
		Policies: b.Policies != nil, Shop: b.Shop != nil,
	}
	for _, p := range b.Products {
		st.SKUs += len(p.SKUs)
	}
	return st
}
