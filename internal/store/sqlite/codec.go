package sqlite

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/store"
)

// timeLayout is fixed-width so that stored times sort correctly as text.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// formatTime is the stored form of t (UTC, microseconds); NULL for the zero time.
func formatTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return store.Timestamp(t).Format(timeLayout)
}

// formatTimePtr is formatTime for optional times.
func formatTimePtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return formatTime(*t)
}

// nullTime scans a stored time.
type nullTime struct{ t time.Time }

func (n *nullTime) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		n.t = time.Time{}
		return nil
	case string:
		return n.parse(v)
	case []byte:
		return n.parse(string(v))
	case time.Time:
		n.t = v.UTC()
		return nil
	}
	return fmt.Errorf("cannot scan %T into a time", v)
}

func (n *nullTime) parse(s string) error {
	if s == "" {
		n.t = time.Time{}
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("stored time %q: %w", s, err)
	}
	n.t = t.UTC()
	return nil
}

// ptr returns the time as an optional value (nil when NULL).
func (n nullTime) ptr() *time.Time {
	if n.t.IsZero() {
		return nil
	}
	t := n.t
	return &t
}

// jsonValue is the stored form of a list or map: JSON text, or NULL when
// empty (so an empty list reads back as nil).
func jsonValue(v any) (any, error) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Map:
		if rv.Len() == 0 {
			return nil, nil
		}
	case reflect.Pointer:
		if rv.IsNil() {
			return nil, nil
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// jsonCol scans a JSON column into dst; NULL leaves dst untouched.
type jsonCol struct{ dst any }

func (j jsonCol) Scan(v any) error {
	var b []byte
	switch v := v.(type) {
	case nil:
		return nil
	case string:
		b = []byte(v)
	case []byte:
		b = v
	default:
		return fmt.Errorf("cannot scan %T as JSON", v)
	}
	if len(b) == 0 {
		return nil
	}
	return json.Unmarshal(b, j.dst)
}

// rawBytes is the stored form of opaque bytes (state, payload): NULL when empty.
func rawBytes(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

// scanRaw copies a BLOB column into dst (nil when NULL or empty).
type scanRaw struct{ dst *json.RawMessage }

func (r scanRaw) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*r.dst = nil
	case []byte:
		if len(v) == 0 {
			*r.dst = nil
		} else {
			*r.dst = append(json.RawMessage(nil), v...)
		}
	case string:
		if v == "" {
			*r.dst = nil
		} else {
			*r.dst = json.RawMessage(v)
		}
	default:
		return fmt.Errorf("cannot scan %T as bytes", v)
	}
	return nil
}

var (
	_ sql.Scanner = (*nullTime)(nil)
	_ sql.Scanner = jsonCol{}
	_ sql.Scanner = scanRaw{}
)
