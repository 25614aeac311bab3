package kb

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Embedder turns texts into vectors for semantic retrieval. Implementations
// must be safe for concurrent use.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

// OpenAIEmbedder calls an OpenAI-compatible embeddings endpoint
// (POST {BaseURL}/embeddings with {"model", "input"}), which most hosted and
// local model servers offer. The API key is sent as a bearer token and never
// logged or included in errors.
type OpenAIEmbedder struct {
	BaseURL string // e.g. https://api.openai.com/v1
	Model   string
	APIKey  string
	// Client is the HTTP client (default: one with a 30 s timeout).
	Client *http.Client
	// BatchSize bounds the inputs per request (default 64).
	BatchSize int
}

// String describes the embedder without its key.
func (e *OpenAIEmbedder) String() string {
	return fmt.Sprintf("openai-compatible embeddings %s model %s", e.BaseURL, e.Model)
}

// Embed implements Embedder.
func (e *OpenAIEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	bs := e.BatchSize
	if bs <= 0 {
		bs = 64
	}
	out := make([][]float32, 0, len(texts))
	for i := 0; i < len(texts); i += bs {
		vs, err := e.embedBatch(ctx, texts[i:min(len(texts), i+bs)])
		if err != nil {
			return nil, err
		}
		out = append(out, vs...)
	}
	return out, nil
}

func (e *OpenAIEmbedder) embedBatch(ctx context.Context, texts []string) ([][]float32, error) {
	body, err := json.Marshal(map[string]any{"model": e.Model, "input": texts})
	if err != nil {
		return nil, fmt.Errorf("embeddings request: %w", err)
	}
	url := strings.TrimRight(e.BaseURL, "/") + "/embeddings"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("embeddings request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if e.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+e.APIKey)
	}
	client := e.Client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("embeddings %s: %w", url, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("embeddings %s: read response: %w", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		msg := string(raw)
		if len(msg) > 200 {
			msg = msg[:200]
		}
		return nil, fmt.Errorf("embeddings %s: status %d: %s", url, resp.StatusCode, msg)
	}
	var r struct {
		Data []struct {
			Index     int       `json:"index"`
			Embedding []float32 `json:"embedding"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("embeddings %s: decode response: %w", url, err)
	}
	if len(r.Data) != len(texts) {
		return nil, fmt.Errorf("embeddings %s: got %d vectors for %d inputs", url, len(r.Data), len(texts))
	}
	out := make([][]float32, len(texts))
	for i, d := range r.Data {
		idx := d.Index
		if idx < 0 || idx >= len(texts) || out[idx] != nil {
			idx = i
		}
		out[idx] = normalizeVec(d.Embedding)
	}
	return out, nil
}

// normalizeVec scales v to unit length so cosine similarity is a dot product.
func normalizeVec(v []float32) []float32 {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	if s == 0 {
		return v
	}
	n := float32(1 / math.Sqrt(s))
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = x * n
	}
	return out
}

func dot(a, b []float32) float32 {
	if len(a) != len(b) {
		return 0
	}
	var s float32
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// embedTimeout bounds the embedding of one document's chunks during Put.
const embedTimeout = 60 * time.Second

// embedChunks sets the chunks' vectors when an Embedder is configured. A
// failure is logged and leaves the chunks lexical-only: the knowledge base
// keeps working when the embeddings endpoint is down.
func (ix *Index) embedChunks(chunks []*chunk) {
	if ix.opts.Embedder == nil || len(chunks) == 0 {
		return
	}
	texts := make([]string, len(chunks))
	for i, c := range chunks {
		texts[i] = strings.TrimSpace(c.title + "\n" + c.heading + "\n" + c.text)
	}
	ctx, cancel := context.WithTimeout(context.Background(), embedTimeout)
	defer cancel()
	vs, err := ix.opts.Embedder.Embed(ctx, texts)
	if err != nil {
		ix.opts.Logger.Warn("kb: embedding chunks failed; they stay lexical-only", "doc", chunks[0].docID, "err", err)
		return
	}
	for i, c := range chunks {
		if i < len(vs) {
			c.vec = normalizeVec(vs[i])
		}
	}
}

// rrfK is the reciprocal-rank-fusion constant of Cormack et al. (2009).
const rrfK = 60

// fusionDepth is how many candidates each ranking contributes to fusion.
const fusionDepth = 50

// SearchContext ranks chunks like Search and, when an Embedder is
// configured, fuses the lexical ranking with a semantic one (cosine
// similarity of embeddings) by reciprocal rank fusion. Without an Embedder
// it is Search. If the query cannot be embedded it returns the lexical
// ranking and the error.
func (ix *Index) SearchContext(ctx context.Context, query string, q Query) ([]Hit, error) {
	if ix.opts.Embedder == nil {
		return ix.Search(query, q), nil
	}
	vs, err := ix.opts.Embedder.Embed(ctx, []string{query})
	if err != nil || len(vs) != 1 {
		if err == nil {
			err = errors.New("no vector returned")
		}
		return ix.Search(query, q), fmt.Errorf("embed query: %w", err)
	}
	qv := normalizeVec(vs[0])

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	aq := ix.analyseQuery(query)
	ix.scopeToProductInView(aq, q.ProductID)
	lex := ix.rank(aq.terms, q.ProductID, fusionDepth)

	// Semantic ranking: brute-force cosine over chunks with vectors. Fine
	// for shop-sized knowledge bases (thousands of chunks).
	sem := make([]scored, 0, fusionDepth+1)
	boost := float32(ix.opts.ProductBoost)
	for s, c := range ix.chunks {
		if c == nil || c.vec == nil {
			continue
		}
		v := dot(qv, c.vec)
		if q.ProductID != "" && slices.Contains(c.products, q.ProductID) && boost > 1 {
			v += (1 - v) * (boost - 1) / boost / 4 // a gentle pull toward the product
		}
		sem = append(sem, scored{slot: uint32(s), score: v})
		if len(sem) > fusionDepth*4 {
			slices.SortFunc(sem, func(a, b scored) int { return cmpScore(b.score, a.score) })
			sem = sem[:fusionDepth]
		}
	}
	slices.SortFunc(sem, func(a, b scored) int { return cmpScore(b.score, a.score) })
	if len(sem) > fusionDepth {
		sem = sem[:fusionDepth]
	}

	type fused struct {
		score          float64
		lexRank, sRank int
		lexScore, cos  float32
	}
	byslot := map[uint32]*fused{}
	get := func(s uint32) *fused {
		f := byslot[s]
		if f == nil {
			f = &fused{}
			byslot[s] = f
		}
		return f
	}
	for r, c := range lex {
		f := get(c.slot)
		f.score += 1.0 / float64(rrfK+r+1)
		f.lexRank, f.lexScore = r+1, c.score
	}
	for r, c := range sem {
		f := get(c.slot)
		f.score += 1.0 / float64(rrfK+r+1)
		f.sRank, f.cos = r+1, c.score
	}
	order := make([]uint32, 0, len(byslot))
	for s := range byslot {
		order = append(order, s)
	}
	slices.SortFunc(order, func(a, b uint32) int {
		if c := cmpScore64(byslot[b].score, byslot[a].score); c != 0 {
			return c
		}
		return int(a) - int(b)
	})
	if len(order) > q.k() {
		order = order[:q.k()]
	}
	hits := make([]Hit, 0, len(order))
	for _, s := range order {
		f := byslot[s]
		h := ix.hitLocked(s, float64(f.lexScore), aq, q.ProductID)
		h.Score = f.score
		h.Explain = fmt.Sprintf("rrf %.4f = lexical rank %s + semantic rank %s (cos %.3f); %s",
			f.score, rankStr(f.lexRank), rankStr(f.sRank), f.cos, h.Explain)
		hits = append(hits, h)
	}
	return hits, nil
}

func rankStr(r int) string {
	if r == 0 {
		return "-"
	}
	return fmt.Sprint(r)
}

func cmpScore(a, b float32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpScore64(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
