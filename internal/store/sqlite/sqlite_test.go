package sqlite_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/store"
	"github.com/xiaoer-cs/xiaoer/internal/store/sqlite"
	"github.com/xiaoer-cs/xiaoer/internal/store/storetest"
)

func openTemp(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "data", "xiaoer.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}

func TestContractInMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("the file-backed run covers the same code")
	}
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := sqlite.Open(t.Context(), ":memory:")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// TestPhoneNotInFile guards against a full phone number reaching the disk
// (personal information law): not in any table, not in the WAL.
func TestPhoneNotInFile(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	s, err := sqlite.Open(ctx, filepath.Join(dir, "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.ImportBundle(ctx, &shop.Bundle{Customers: []shop.Customer{{ID: "C1", Nickname: "n", Phone: "13912345678"}}})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	files, _ := filepath.Glob(filepath.Join(dir, "x.db*"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte("13912345678")) {
			t.Errorf("%s contains the full phone number", filepath.Base(f))
		}
	}
}

func BenchmarkAppendMessage(b *testing.B) {
	storetest.BenchAppendMessage(b, openTemp(b))
}

// TestOpenOddPaths: the directory is created, and characters that mean
// something in a URI stay part of the file name.
func TestOpenOddPaths(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a/b/c/xiaoer.db", "店 铺#1?x=y%20.db"} {
		path := filepath.Join(dir, name)
		s, err := sqlite.Open(t.Context(), path)
		if err != nil {
			t.Fatalf("Open(%q): %v", name, err)
		}
		if _, err := s.ImportBundle(t.Context(), &shop.Bundle{Shop: &shop.Info{Name: "x"}}); err != nil {
			t.Fatal(err)
		}
		s.Close()
		if _, err := os.Stat(path); err != nil {
			t.Errorf("Open(%q) did not create that file: %v", name, err)
		}
	}
}
