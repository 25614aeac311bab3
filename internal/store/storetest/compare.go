package storetest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/store"
)

var timeType = reflect.TypeFor[time.Time]()

// normalize rewrites v in place into the form a store returns: times in UTC
// at microsecond precision, empty slices and maps as nil. Opaque bytes
// (json.RawMessage) are left alone.
func normalize(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			normalize(v.Elem())
		}
	case reflect.Struct:
		if v.Type() == timeType {
			v.Set(reflect.ValueOf(store.Timestamp(v.Interface().(time.Time))))
			return
		}
		for i := range v.NumField() {
			if v.Field(i).CanSet() {
				normalize(v.Field(i))
			}
		}
	case reflect.Slice:
		if v.Len() == 0 {
			if !v.IsNil() {
				v.SetZero()
			}
			return
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		for i := range v.Len() {
			normalize(v.Index(i))
		}
	case reflect.Map:
		if v.Len() == 0 && !v.IsNil() {
			v.SetZero()
		}
	}
}

// normalized returns a normalised deep copy of a bundle.
func normalized(b *shop.Bundle) *shop.Bundle {
	c := clone(b)
	normalize(reflect.ValueOf(c))
	return c
}

// clone deep-copies via JSON, then restores what JSON hides (PhoneHash).
func clone(b *shop.Bundle) *shop.Bundle {
	data, err := json.Marshal(b)
	if err != nil {
		panic(err)
	}
	var c shop.Bundle
	if err := json.Unmarshal(data, &c); err != nil {
		panic(err)
	}
	for i := range c.Customers {
		c.Customers[i].PhoneHash = b.Customers[i].PhoneHash
	}
	return &c
}

// expectedExport is what Export must return after importing b into an
// empty store: b normalised, full phone numbers dropped, sections by id.
func expectedExport(b *shop.Bundle) *shop.Bundle {
	w := normalized(b)
	for i, c := range w.Customers {
		w.Customers[i] = store.StorableCustomer(c)
	}
	sortBundle(w)
	return w
}

func sortBundle(b *shop.Bundle) {
	sort.Slice(b.Products, func(i, j int) bool { return b.Products[i].ID < b.Products[j].ID })
	sort.Slice(b.CoPurchases, func(i, j int) bool {
		x, y := b.CoPurchases[i], b.CoPurchases[j]
		return x.ProductA < y.ProductA || x.ProductA == y.ProductA && x.ProductB < y.ProductB
	})
	sort.Slice(b.Customers, func(i, j int) bool { return b.Customers[i].ID < b.Customers[j].ID })
	sort.Slice(b.Orders, func(i, j int) bool { return b.Orders[i].ID < b.Orders[j].ID })
	sort.Slice(b.Shipments, func(i, j int) bool { return b.Shipments[i].ID < b.Shipments[j].ID })
	sort.Slice(b.Promotions, func(i, j int) bool { return b.Promotions[i].ID < b.Promotions[j].ID })
	sort.Slice(b.FAQs, func(i, j int) bool { return b.FAQs[i].ID < b.FAQs[j].ID })
	sort.Slice(b.Documents, func(i, j int) bool { return b.Documents[i].ID < b.Documents[j].ID })
}

// assertEqual fails the test if got and want differ, showing where.
func assertEqual[T any](t testing.TB, what string, got, want T) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	t.Errorf("%s differs:\n%s", what, diff(got, want))
}

// diff shows the first lines where the JSON forms of got and want differ
// (or both values in Go syntax when only hidden fields differ).
func diff(got, want any) string {
	g, _ := json.MarshalIndent(got, "", "  ")
	w, _ := json.MarshalIndent(want, "", "  ")
	gl, wl := strings.Split(string(g), "\n"), strings.Split(string(w), "\n")
	for i := 0; i < len(gl) || i < len(wl); i++ {
		var a, b string
		if i < len(gl) {
			a = gl[i]
		}
		if i < len(wl) {
			b = wl[i]
		}
		if a != b {
			from := max(0, i-4)
			ctx := strings.Join(wl[from:min(i, len(wl))], "\n")
			return fmt.Sprintf("at JSON line %d, after\n%s\n got: %s\nwant: %s", i+1, ctx, a, b)
		}
	}
	return fmt.Sprintf(" got: %#v\nwant: %#v", got, want)
}

// norm returns v normalised like a store returns it. Slices inside v share
// memory with the caller's value and are normalised in place too.
func norm[T any](v T) T {
	normalize(reflect.ValueOf(&v).Elem())
	return v
}
