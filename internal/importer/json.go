package importer

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// errStop ends a JSON walk that cannot go on (syntax error, limit reached).
var errStop = errors.New("stop")

// jsonWalker checks a JSON bundle against the Bundle type before decoding,
// token by token, so that every problem — unknown field, wrong type, bad
// amount or time — is reported with its line and path, and several of them
// at once. encoding/json alone stops at the first and says neither.
type jsonWalker struct {
	file string
	data []byte
	dec  *json.Decoder
	c    *collector
	// lines records where each element of a top-level section starts.
	lines map[string][]int
	shop  int // line of the shop section
	pol   int // line of the policies section
}

var (
	moneyType = reflect.TypeFor[shop.Money]()
	timeType  = reflect.TypeFor[time.Time]()
)

// position returns the 1-based line and column (in characters) of offset.
func position(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	col = utf8.RuneCount(before[lineStart:]) + 1
	return line, col
}

// nextLine is the line of the next value after the decoder's offset,
// skipping whitespace and separators.
func (w *jsonWalker) nextLine() int {
	off := w.dec.InputOffset()
	for off < int64(len(w.data)) {
		switch w.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	l, _ := position(w.data, off)
	return l
}

func (w *jsonWalker) lineHere() int {
	l, _ := position(w.data, w.dec.InputOffset())
	return l
}

func (w *jsonWalker) problem(line int, path, msg string) error {
	if !w.c.add(Problem{File: w.file, Line: line, Field: path, Message: msg}) {
		return errStop
	}
	return nil
}

// token reads the next token, turning syntax errors into a located problem.
func (w *jsonWalker) token() (json.Token, error) {
	tok, err := w.dec.Token()
	if err == nil {
		return tok, nil
	}
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		l, c := position(w.data, se.Offset)
		w.c.add(Problem{File: w.file, Line: l, Col: c, Message: "JSON syntax error: " + strings.TrimPrefix(se.Error(), "json: ") + " — check for a missing comma, quote or bracket just before"})
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		l, c := position(w.data, int64(len(w.data)))
		w.c.add(Problem{File: w.file, Line: l, Col: c, Message: "the file ends in the middle of the JSON — a closing } or ] is missing"})
	default:
		l, c := position(w.data, w.dec.InputOffset())
		w.c.add(Problem{File: w.file, Line: l, Col: c, Message: "JSON syntax error: " + err.Error()})
	}
	return nil, errStop
}

// skip consumes the rest of a value whose first token was tok.
func (w *jsonWalker) skip(tok json.Token) error {
	d, ok := tok.(json.Delim)
	if !ok || d == '}' || d == ']' {
		return nil
	}
	depth := 1
	for depth > 0 {
		t, err := w.token()
		if err != nil {
			return err
		}
		if d, ok := t.(json.Delim); ok {
			switch d {
			case '{', '[':
				depth++
			default:
				depth--
			}
		}
	}
	return nil
}

// jsonKind names what a token is, for messages.
func jsonKind(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		if v == '{' {
			return "an object"
		}
		return "a list"
	case string:
		return fmt.Sprintf("text %q", v)
	case json.Number:
		return "the number " + v.String()
	case bool:
		return "true/false"
	}
	return "null"
}

// fieldsOf returns the JSON names of a struct's fields.
func fieldsOf(t reflect.Type) map[string]reflect.StructField {
	m := map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m[name] = f
	}
	return m
}

// walk checks the value at path against type t.
func (w *jsonWalker) walk(t reflect.Type, path string, depth int) error {
	line := w.nextLine()
	tok, err := w.token()
	if err != nil {
		return err
	}
	if tok == nil {
		return nil // null leaves the zero value
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case moneyType:
		var s string
		switch v := tok.(type) {
		case json.Number:
			s = v.String()
		case string:
			s = v
		default:
			w.skip(tok)
			return w.problem(line, path, fmt.Sprintf("expected an amount in yuan, got %s", jsonKind(tok)))
		}
		if _, err := shop.ParseMoney(s); err != nil {
			return w.problem(line, path, err.Error()+" — write yuan, e.g. 299 or 89.9")
		}
		return nil
	case timeType:
		s, ok := tok.(string)
		if !ok {
			w.skip(tok)
			return w.problem(line, path, fmt.Sprintf("expected a time, got %s — write RFC3339 with zone, e.g. \"2025-11-11T20:15:00+08:00\"", jsonKind(tok)))
		}
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			return w.problem(line, path, fmt.Sprintf("%q is not a time — write RFC3339 with zone, e.g. \"2025-11-11T20:15:00+08:00\"", s))
		}
		return nil
	}
	if reflect.PointerTo(t).Implements(reflect.TypeFor[json.Unmarshaler]()) ||
		reflect.PointerTo(t).Implements(reflect.TypeFor[encoding.TextUnmarshaler]()) {
		return w.skip(tok) // a custom type decodes itself
	}
	switch t.Kind() {
	case reflect.Struct:
		if tok != json.Delim('{') {
			w.skip(tok)
			return w.problem(line, path, fmt.Sprintf("expected an object {...}, got %s", jsonKind(tok)))
		}
		fields := fieldsOf(t)
		for w.dec.More() {
			kline := w.nextLine()
			kt, err := w.token()
			if err != nil {
				return err
			}
			key, _ := kt.(string)
			f, ok := fields[key]
			if !ok {
				for name, ff := range fields {
					if strings.EqualFold(name, key) { // as encoding/json matches
						f, ok = ff, true
					}
				}
			}
			sub := joinPath(path, key)
			if depth == 0 {
				switch key {
				case "shop":
					w.shop = kline
				case "policies":
					w.pol = kline
				}
			}
			if !ok {
				if err := w.problem(kline, sub, "unknown field "+strconv.Quote(key)+suggest(key, fields)); err != nil {
					return err
				}
				vt, err := w.token()
				if err != nil {
					return err
				}
				if err := w.skip(vt); err != nil {
					return err
				}
				continue
			}
			if depth == 0 && f.Type.Kind() == reflect.Slice {
				if err := w.section(key, f.Type); err != nil {
					return err
				}
				continue
			}
			if err := w.walk(f.Type, sub, depth+1); err != nil {
				return err
			}
		}
		_, err := w.token() // '}'
		return err
	case reflect.Map:
		if tok != json.Delim('{') {
			w.skip(tok)
			return w.problem(line, path, fmt.Sprintf("expected an object of names and values {...}, got %s", jsonKind(tok)))
		}
		for w.dec.More() {
			kt, err := w.token()
			if err != nil {
				return err
			}
			key, _ := kt.(string)
			if err := w.walk(t.Elem(), path+"."+key, depth+1); err != nil {
				return err
			}
		}
		_, err := w.token()
		return err
	case reflect.Slice:
		if tok != json.Delim('[') {
			w.skip(tok)
			return w.problem(line, path, fmt.Sprintf("expected a list [...], got %s", jsonKind(tok)))
		}
		for i := 0; w.dec.More(); i++ {
			if err := w.walk(t.Elem(), fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
				return err
			}
		}
		_, err := w.token()
		return err
	case reflect.String:
		if _, ok := tok.(string); !ok {
			w.skip(tok)
			return w.problem(line, path, fmt.Sprintf("expected text in quotes, got %s", jsonKind(tok)))
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		n, ok := tok.(json.Number)
		if !ok {
			w.skip(tok)
			return w.problem(line, path, fmt.Sprintf("expected a whole number, got %s", jsonKind(tok)))
		}
		if _, err := strconv.ParseInt(n.String(), 10, 64); err != nil {
			return w.problem(line, path, fmt.Sprintf("%s is not a whole number", n))
		}
	case reflect.Float64, reflect.Float32:
		if _, ok := tok.(json.Number); !ok {
			w.skip(tok)
			return w.problem(line, path, fmt.Sprintf("expected a number, got %s", jsonKind(tok)))
		}
	case reflect.Bool:
		if _, ok := tok.(bool); !ok {
			w.skip(tok)
			return w.problem(line, path, fmt.Sprintf("expected true or false, got %s", jsonKind(tok)))
		}
	default:
		return w.skip(tok)
	}
	return nil
}

// section walks a top-level list, recording where each element starts.
func (w *jsonWalker) section(name string, t reflect.Type) error {
	line := w.nextLine()
	tok, err := w.token()
	if err != nil || tok == nil {
		return err
	}
	if tok != json.Delim('[') {
		w.skip(tok)
		return w.problem(line, name, fmt.Sprintf("expected a list [...], got %s", jsonKind(tok)))
	}
	for i := 0; w.dec.More(); i++ {
		w.lines[name] = append(w.lines[name], w.nextLine())
		if err := w.walk(t.Elem(), fmt.Sprintf("%s[%d]", name, i), 1); err != nil {
			return err
		}
	}
	_, err = w.token()
	return err
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// suggest proposes the closest known field name, or lists them all.
func suggest(key string, fields map[string]reflect.StructField) string {
	best, bestD := "", 3
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
		if d := editDistance(strings.ToLower(key), name); d < bestD {
			best, bestD = name, d
		}
	}
	if best != "" {
		return fmt.Sprintf(" — did you mean %q?", best)
	}
	sort.Strings(names)
	return " — known fields here: " + strings.Join(names, ", ")
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// readJSON decodes a bundle file strictly: unknown fields, wrong types,
// bad amounts and times are problems with their line; syntax errors with
// line:column.
func readJSON(file string, data []byte, c *collector) *part {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	w := &jsonWalker{file: file, data: data, c: c, lines: map[string][]int{}}
	w.dec = json.NewDecoder(bytes.NewReader(data))
	w.dec.UseNumber()
	before := len(c.problems)
	if err := w.walk(reflect.TypeFor[shop.Bundle](), "", 0); err == nil {
		if _, err := w.dec.Token(); err != io.EOF {
			l, col := position(data, w.dec.InputOffset())
			c.add(Problem{File: file, Line: l, Col: col, Message: "unexpected data after the end of the bundle — a bundle is one JSON object"})
		}
	}
	if len(c.problems) > before || c.full() {
		return nil
	}
	p := newPart()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p.b); err != nil {
		// The walk should have caught everything; keep a located fallback.
		var off int64
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			off = te.Offset
		}
		l, col := position(data, off)
		c.add(Problem{File: file, Line: l, Col: col, Message: strings.TrimPrefix(err.Error(), "json: ")})
		return nil
	}
	mk := func(section string, n int) {
		for i := 0; i < n; i++ {
			o := &origin{loc: loc{file: file, label: fmt.Sprintf("%s[%d]", section, i)}}
			if ls := w.lines[section]; i < len(ls) {
				o.line = ls[i]
			}
			p.origins[section] = append(p.origins[section], o)
		}
	}
	mk("products", len(p.b.Products))
	mk("co_purchases", len(p.b.CoPurchases))
	mk("customers", len(p.b.Customers))
	mk("orders", len(p.b.Orders))
	mk("shipments", len(p.b.Shipments))
	mk("promotions", len(p.b.Promotions))
	mk("faqs", len(p.b.FAQs))
	mk("documents", len(p.b.Documents))
	if p.b.Shop != nil {
		p.shopLoc = &loc{file: file, line: w.shop, label: "shop"}
	}
	if p.b.Policies != nil {
		p.policiesLoc = &loc{file: file, line: w.pol, label: "policies"}
	}
	return p
}
