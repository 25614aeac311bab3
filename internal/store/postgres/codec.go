package postgres

import (
	"encoding/json"
	"reflect"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/xiaoer-cs/xiaoer/internal/store"
)

// ts is the stored form of t: UTC at microsecond precision (what
// TIMESTAMPTZ keeps), NULL for the zero time.
func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return store.Timestamp(t)
}

// tsPtr is ts for optional times.
func tsPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return ts(*t)
}

// val returns a scanned optional time as a value in UTC (zero when NULL).
// pgx returns TIMESTAMPTZ in the local zone.
func val(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// ptr returns a scanned optional time in UTC, nil when NULL.
func ptr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// jsonValue is the stored form of a list or map: JSON, or NULL when empty
// (so an empty list reads back as nil).
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
	return b, nil
}

// jsonArgs marshals each value with jsonValue.
func jsonArgs(vs ...any) ([]any, error) {
	out := make([]any, len(vs))
	for i, v := range vs {
		j, err := jsonValue(v)
		if err != nil {
			return nil, err
		}
		out[i] = j
	}
	return out, nil
}

// rawBytes is the stored form of opaque JSON (state, payload): NULL when
// empty. Passed as []byte, pgx sends it verbatim.
func rawBytes(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return []byte(b)
}

// raw returns scanned opaque bytes as a RawMessage, nil when NULL or empty.
func raw(b []byte) json.RawMessage {
	if len(b) == 0 {
		return nil
	}
	return json.RawMessage(b)
}

// collect scans every row with fn; no rows gives a nil slice.
func collect[T any](rows pgx.Rows, fn func(r pgx.CollectableRow) (T, error)) ([]T, error) {
	out, err := pgx.AppendRows([]T(nil), rows, fn)
	if err != nil {
		return nil, err
	}
	return out, nil
}
