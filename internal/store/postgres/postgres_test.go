package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/store"
	"github.com/xiaoer-cs/xiaoer/internal/store/migrate"
	"github.com/xiaoer-cs/xiaoer/internal/store/storetest"
)

// testDSN returns the server to test against, or skips the test. Locally:
//
//	XIAOER_TEST_POSTGRES_DSN='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' go test ./internal/store/postgres/
func testDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("XIAOER_TEST_POSTGRES_DSN")
	if dsn == "" {
		t.Skip("XIAOER_TEST_POSTGRES_DSN not set: skipping PostgreSQL contract tests")
	}
	return dsn
}

// freshSchema creates an empty schema xt_<random>, drops it (with
// everything in it) when the test ends, and returns a DSN that puts it
// first on the search path.
func freshSchema(t testing.TB, dsn string) string {
	t.Helper()
	var b [6]byte
	rand.Read(b[:])
	schema := "xt_" + hex.EncodeToString(b[:])
	admin := func(sql string) {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatalf("connect to %s: %v", redact(dsn), err)
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	admin("CREATE SCHEMA " + schema)
	t.Cleanup(func() { admin("DROP SCHEMA " + schema + " CASCADE") })
	return withSearchPath(dsn, schema)
}

// withSearchPath adds search_path to a URL or key=value DSN; pgx sends
// parameters it does not know to the server as run-time parameters.
func withSearchPath(dsn, schema string) string {
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return strings.TrimSpace(dsn) + " search_path=" + schema
}

func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" {
		return u.Redacted()
	}
	return "(key=value DSN)"
}

func openFresh(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), freshSchema(t, testDSN(t)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestContract(t *testing.T) {
	dsn := testDSN(t)
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatalf("connect to %s: %v", redact(dsn), err)
	}
	var version string
	err = conn.QueryRow(t.Context(), `SHOW server_version`).Scan(&version)
	conn.Close(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("PostgreSQL contract tests: running against PostgreSQL %s at %s, one xt_* schema per test", version, redact(dsn))
	storetest.Run(t, func(t *testing.T) store.Store { return openFresh(t) })
}

// TestReopenIsNoOp opens the same schema three times: migrations are
// applied once, recorded once each, and data survives.
func TestReopenIsNoOp(t *testing.T) {
	ctx := t.Context()
	dsn := freshSchema(t, testDSN(t))
	migs, err := migrate.Load(migrationFS, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		s, err := Open(ctx, dsn)
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		if i == 0 {
			if _, err := s.ImportBundle(ctx, &shop.Bundle{Shop: &shop.Info{Name: "小店"}}); err != nil {
				t.Fatal(err)
			}
		}
		var n, maxV int
		if err := s.pool.QueryRow(ctx, `SELECT count(*), max(version) FROM schema_migrations`).Scan(&n, &maxV); err != nil {
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

// TestConcurrentOpen: several servers starting at once against a new schema
// must not trip over each other's migrations.
func TestConcurrentOpen(t *testing.T) {
	dsn := freshSchema(t, testDSN(t))
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			s, err := Open(t.Context(), dsn)
			if err == nil {
				s.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestWithSearchPath(t *testing.T) {
	for _, tc := range []struct{ dsn, want string }{
		{"postgres://u@h:5432/db?sslmode=disable", "postgres://u@h:5432/db?search_path=xt_1&sslmode=disable"},
		{"host=h dbname=db", "host=h dbname=db search_path=xt_1"},
	} {
		if got := withSearchPath(tc.dsn, "xt_1"); got != tc.want {
			t.Errorf("withSearchPath(%q) = %q, want %q", tc.dsn, got, tc.want)
		}
	}
}

func BenchmarkAppendMessage(b *testing.B) {
	storetest.BenchAppendMessage(b, openFresh(b))
}
