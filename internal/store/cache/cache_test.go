package cache_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/demo"
	"github.com/xiaoer-cs/xiaoer/internal/store"
	"github.com/xiaoer-cs/xiaoer/internal/store/cache"
	"github.com/xiaoer-cs/xiaoer/internal/store/sqlite"
)

func TestCacheSeesOwnWritesAndOthersAfterTTL(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b, err := demo.Bundle(demo.AnchorTime())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportBundle(ctx, b); err != nil {
		t.Fatal(err)
	}
	c := cache.New(st, 50*time.Millisecond)
	p := b.Products[0]
	sku := p.SKUs[0]
	stock := func() int {
		got, err := c.Product(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := got.FindSKU(sku.Color, sku.Size)
		return s.Stock
	}
	if stock() != sku.Stock {
		t.Fatalf("initial stock %d", stock())
	}
	// A write through the cache is visible at once.
	if err := c.SetStock(ctx, p.ID, sku.ID, sku.Stock+5); err != nil {
		t.Fatal(err)
	}
	if got := stock(); got != sku.Stock+5 {
		t.Errorf("after own write: %d", got)
	}
	// A write behind its back (another node) shows up after the TTL.
	if err := st.SetStock(ctx, p.ID, sku.ID, 1); err != nil {
		t.Fatal(err)
	}
	time.Sleep(60 * time.Millisecond)
	if got := stock(); got != 1 {
		t.Errorf("after TTL: %d", got)
	}
	if _, err := c.Product(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing product: %v", err)
	}
}
