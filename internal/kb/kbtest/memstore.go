// Package kbtest provides an in-memory kb.Store for tests of the knowledge
// base and of the packages built on it. It is not a database: production
// code uses internal/store.
package kbtest

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// ErrNotFound is returned for missing records.
var ErrNotFound = fmt.Errorf("not found")

// maxExamples bounds the raw phrasings kept per unanswered entry.
const maxExamples = 5

// MemStore is an in-memory kb.Store, safe for concurrent use.
type MemStore struct {
	mu         sync.Mutex
	docs       map[string]shop.KnowledgeDoc
	faqs       map[string]shop.FAQ
	unanswered []shop.Unanswered
}

// NewMemStore returns an empty store, optionally preloaded.
func NewMemStore(docs []shop.KnowledgeDoc, faqs []shop.FAQ) *MemStore {
	m := &MemStore{docs: map[string]shop.KnowledgeDoc{}, faqs: map[string]shop.FAQ{}}
	for _, d := range docs {
		m.docs[d.ID] = d
	}
	for _, f := range faqs {
		m.faqs[f.ID] = f
	}
	return m
}

// FAQs returns all FAQ entries by id.
func (m *MemStore) FAQs(ctx context.Context) ([]shop.FAQ, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]shop.FAQ, 0, len(m.faqs))
	for _, f := range m.faqs {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// UpsertFAQ writes a FAQ entry.
func (m *MemStore) UpsertFAQ(ctx context.Context, f shop.FAQ) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.faqs[f.ID] = f
	return nil
}

// DeleteFAQ deletes a FAQ entry.
func (m *MemStore) DeleteFAQ(ctx context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.faqs[id]; !ok {
		return fmt.Errorf("faq %s: %w", id, ErrNotFound)
	}
	delete(m.faqs, id)
	return nil
}

// Documents returns all documents by id.
func (m *MemStore) Documents(ctx context.Context) ([]shop.KnowledgeDoc, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]shop.KnowledgeDoc, 0, len(m.docs))
	for _, d := range m.docs {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Document returns one document.
func (m *MemStore) Document(ctx context.Context, id string) (shop.KnowledgeDoc, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	d, ok := m.docs[id]
	if !ok {
		return d, fmt.Errorf("document %s: %w", id, ErrNotFound)
	}
	return d, nil
}

// UpsertDocument writes a document.
func (m *MemStore) UpsertDocument(ctx context.Context, d shop.KnowledgeDoc) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.docs[d.ID] = d
	return nil
}

// DeleteDocument deletes a document.
func (m *MemStore) DeleteDocument(ctx context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.docs[id]; !ok {
		return fmt.Errorf("document %s: %w", id, ErrNotFound)
	}
	delete(m.docs, id)
	return nil
}

// RecordUnanswered adds one occurrence of a question, aggregated by its
// normalised form. A taught or dismissed entry asked again is reopened.
func (m *MemStore) RecordUnanswered(ctx context.Context, question, normalized, conversationID string, at time.Time) (shop.Unanswered, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.unanswered {
		u := &m.unanswered[i]
		if u.Normalized != normalized {
			continue
		}
		u.Count++
		u.LastSeen = at
		if !slices.Contains(u.Examples, question) && len(u.Examples) < maxExamples {
			u.Examples = append(u.Examples, question)
		}
		if conversationID != "" && !slices.Contains(u.ConversationIDs, conversationID) {
			u.ConversationIDs = append(u.ConversationIDs, conversationID)
		}
		u.Status = "open"
		return cloneU(*u), nil
	}
	u := shop.Unanswered{
		ID: int64(len(m.unanswered) + 1), Question: question, Normalized: normalized, Count: 1,
		Examples: []string{question}, Status: "open", FirstSeen: at, LastSeen: at,
	}
	if conversationID != "" {
		u.ConversationIDs = []string{conversationID}
	}
	m.unanswered = append(m.unanswered, u)
	return cloneU(u), nil
}

// UnansweredList returns entries with the status ("" = all), most frequent first.
func (m *MemStore) UnansweredList(ctx context.Context, status string) ([]shop.Unanswered, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []shop.Unanswered
	for _, u := range m.unanswered {
		if status == "" || strings.EqualFold(u.Status, status) {
			out = append(out, cloneU(u))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	return out, nil
}

// UnansweredByID returns one entry.
func (m *MemStore) UnansweredByID(ctx context.Context, id int64) (shop.Unanswered, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, u := range m.unanswered {
		if u.ID == id {
			return cloneU(u), nil
		}
	}
	return shop.Unanswered{}, fmt.Errorf("unanswered %d: %w", id, ErrNotFound)
}

// ResolveUnanswered sets an entry's status and resolution.
func (m *MemStore) ResolveUnanswered(ctx context.Context, id int64, status, resolution string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.unanswered {
		if m.unanswered[i].ID == id {
			m.unanswered[i].Status = status
			m.unanswered[i].Resolution = resolution
			return nil
		}
	}
	return fmt.Errorf("unanswered %d: %w", id, ErrNotFound)
}

func cloneU(u shop.Unanswered) shop.Unanswered {
	u.Examples = slices.Clone(u.Examples)
	u.ConversationIDs = slices.Clone(u.ConversationIDs)
	return u
}
