package sqlite

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/store/migrate"
)

// TestReopenIsNoOp opens the same file three times: migrations are applied
// once, recorded once each, and data survives.
func TestReopenIsNoOp(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "x.db")
	migs, err := migrate.Load(migrationFS, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		if i == 0 {
			if _, err := s.ImportBundle(ctx, &shop.Bundle{Shop: &shop.Info{Name: "小店"}}); err != nil {
				t.Fatal(err)
			}
		}
		var n, maxV int
		if err := s.read.QueryRowContext(ctx, `SELECT count(*), max(version) FROM schema_migrations`).Scan(&n, &maxV); err != nil {
			t.Fatal(err)
		}
		if n != len(migs) || maxV != migs[len(migs)-1].Version {
			t.Errorf("open #%d: %d migrations recorded up to %d, want %d up to %d", i+1, n, maxV, len(migs), migs[len(migs)-1].Version)
		}
		if info, err := s.ShopInfo(ctx); err != nil || info.Name != "小店" {
			t.Errorf("open #%d: shop info %+v, %v", i+1, info, err)
		}
		s.Close()
	}
}

// TestPragmas checks the settings the engine depends on really took effect
// on both the writer and the readers.
func TestPragmas(t *testing.T) {
	ctx := t.Context()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, tc := range []struct {
		db   *sql.DB
		who  string
		name string
		want string
	}{
		{s.write, "writer", "journal_mode", "wal"},
		{s.write, "writer", "foreign_keys", "1"},
		{s.write, "writer", "synchronous", "1"},
		{s.write, "writer", "busy_timeout", "5000"},
		{s.read, "reader", "journal_mode", "wal"},
		{s.read, "reader", "foreign_keys", "1"},
		{s.read, "reader", "query_only", "1"},
		{s.read, "reader", "busy_timeout", "5000"},
	} {
		var got string
		if err := tc.db.QueryRowContext(ctx, "PRAGMA "+tc.name).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("%s: PRAGMA %s = %s, want %s", tc.who, tc.name, got, tc.want)
		}
	}
	if _, err := s.read.ExecContext(ctx, `DELETE FROM products`); err == nil {
		t.Error("a write through the reader pool succeeded, want query_only to refuse it")
	}
}
