// Package cache keeps the read-mostly shop data (catalogue, policies,
// promotions, shop info) in memory in front of a store. The bot reads the
// catalogue on nearly every turn; decoding it from the database each time
// would dominate the reply time at peak load.
//
// Writes through this store invalidate the cache at once. Writes by other
// processes (another node on the same PostgreSQL) are seen after at most
// the TTL, which bounds how stale a stock figure can be.
package cache

import (
	"context"
	"sync"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/store"
)

// DefaultTTL bounds staleness for changes made by other nodes.
const DefaultTTL = 2 * time.Second

// Store wraps a store.Store with an in-memory cache of shop data. Returned
// values are shared: callers must not modify them.
type Store struct {
	store.Store
	ttl time.Duration

	mu       sync.Mutex
	gen      uint64 // bumped on every invalidation
	snap     *snapshot
	loadedAt time.Time
}

type snapshot struct {
	products   []shop.Product
	byID       map[string]int
	copurchase map[string][]shop.CoPurchase
	promotions []shop.Promotion
	policies   shop.Policies
	policyErr  error
	info       shop.Info
	infoErr    error
}

// New wraps st; ttl 0 means DefaultTTL.
func New(st store.Store, ttl time.Duration) *Store {
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	return &Store{Store: st, ttl: ttl}
}

// Invalidate drops the cached data.
func (c *Store) Invalidate() {
	c.mu.Lock()
	c.snap = nil
	c.gen++
	c.mu.Unlock()
}

// load returns a fresh enough snapshot, loading it if needed. Loading
// happens under the lock so a burst after an invalidation loads once.
func (c *Store) load(ctx context.Context) (*snapshot, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap != nil && time.Since(c.loadedAt) < c.ttl {
		return c.snap, nil
	}
	ps, err := c.Store.Products(ctx)
	if err != nil {
		return nil, err
	}
	promos, err := c.Store.Promotions(ctx)
	if err != nil {
		return nil, err
	}
	s := &snapshot{products: ps, byID: make(map[string]int, len(ps)), copurchase: map[string][]shop.CoPurchase{}, promotions: promos}
	for i, p := range ps {
		s.byID[p.ID] = i
	}
	s.policies, s.policyErr = c.Store.Policies(ctx)
	s.info, s.infoErr = c.Store.ShopInfo(ctx)
	c.snap, c.loadedAt = s, time.Now()
	return s, nil
}

// Products returns the cached catalogue.
func (c *Store) Products(ctx context.Context) ([]shop.Product, error) {
	s, err := c.load(ctx)
	if err != nil {
		return nil, err
	}
	return s.products, nil
}

// Product returns one cached product.
func (c *Store) Product(ctx context.Context, id string) (shop.Product, error) {
	s, err := c.load(ctx)
	if err != nil {
		return shop.Product{}, err
	}
	i, ok := s.byID[id]
	if !ok {
		return shop.Product{}, store.ErrNotFound
	}
	return s.products[i], nil
}

// CoPurchases caches per product within the snapshot.
func (c *Store) CoPurchases(ctx context.Context, productID string) ([]shop.CoPurchase, error) {
	s, err := c.load(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	cp, ok := s.copurchase[productID]
	c.mu.Unlock()
	if ok {
		return cp, nil
	}
	cp, err = c.Store.CoPurchases(ctx, productID)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	s.copurchase[productID] = cp
	c.mu.Unlock()
	return cp, nil
}

// Promotions returns the cached promotions.
func (c *Store) Promotions(ctx context.Context) ([]shop.Promotion, error) {
	s, err := c.load(ctx)
	if err != nil {
		return nil, err
	}
	return s.promotions, nil
}

// Policies returns the cached policies.
func (c *Store) Policies(ctx context.Context) (shop.Policies, error) {
	s, err := c.load(ctx)
	if err != nil {
		return shop.Policies{}, err
	}
	return s.policies, s.policyErr
}

// ShopInfo returns the cached shop info.
func (c *Store) ShopInfo(ctx context.Context) (shop.Info, error) {
	s, err := c.load(ctx)
	if err != nil {
		return shop.Info{}, err
	}
	return s.info, s.infoErr
}

// ImportBundle writes through and invalidates.
func (c *Store) ImportBundle(ctx context.Context, b *shop.Bundle) (shop.ImportStats, error) {
	defer c.Invalidate()
	return c.Store.ImportBundle(ctx, b)
}

// SetStock writes through and invalidates.
func (c *Store) SetStock(ctx context.Context, productID, skuID string, stock int) error {
	defer c.Invalidate()
	return c.Store.SetStock(ctx, productID, skuID, stock)
}
