package kb

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// Store is the part of the storage contract the knowledge base uses. The
// application's store (internal/store.Store) satisfies it.
type Store interface {
	FAQs(ctx context.Context) ([]shop.FAQ, error)
	UpsertFAQ(ctx context.Context, f shop.FAQ) error
	DeleteFAQ(ctx context.Context, id string) error
	Documents(ctx context.Context) ([]shop.KnowledgeDoc, error)
	Document(ctx context.Context, id string) (shop.KnowledgeDoc, error)
	UpsertDocument(ctx context.Context, d shop.KnowledgeDoc) error
	DeleteDocument(ctx context.Context, id string) error

	RecordUnanswered(ctx context.Context, question, normalized, conversationID string, at time.Time) (shop.Unanswered, error)
	UnansweredList(ctx context.Context, status string) ([]shop.Unanswered, error)
	UnansweredByID(ctx context.Context, id int64) (shop.Unanswered, error)
	ResolveUnanswered(ctx context.Context, id int64, status, resolution string) error
}

// Unanswered entry statuses.
const (
	StatusOpen      = "open"
	StatusTaught    = "taught"
	StatusDismissed = "dismissed"
)

// ErrInvalid marks a request the caller must fix (empty answer, unknown
// format, ...); HTTP handlers map it to 400.
var ErrInvalid = errors.New("invalid request")

// Service ties the store and the index: every write goes to the store first
// and then to the index, so the index is always rebuildable from the store
// (Load). Methods are safe for concurrent use; queries run concurrently.
type Service struct {
	store Store
	idx   *Index
	now   func() time.Time
	log   *slog.Logger

	mu sync.Mutex // serialises writes so store and index apply them in the same order
}

// NewService returns a service over a store and an index. now is the clock
// (nil means time.Now); log may be nil.
func NewService(st Store, idx *Index, now func() time.Time, log *slog.Logger) *Service {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.Default()
	}
	return &Service{store: st, idx: idx, now: now, log: log}
}

// Index returns the service's index (for search and evaluation).
func (s *Service) Index() *Index { return s.idx }

// Load rebuilds the index from every document and FAQ entry in the store.
func (s *Service) Load(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	docs, err := s.store.Documents(ctx)
	if err != nil {
		return fmt.Errorf("load knowledge documents: %w", err)
	}
	faqs, err := s.store.FAQs(ctx)
	if err != nil {
		return fmt.Errorf("load FAQs: %w", err)
	}
	s.idx.Reset()
	for _, d := range docs {
		if err := s.idx.Put(d); err != nil {
			return fmt.Errorf("load knowledge documents: %w", err)
		}
	}
	for _, f := range faqs {
		if err := s.idx.PutFAQ(f); err != nil {
			return fmt.Errorf("load FAQs: %w", err)
		}
	}
	s.log.Info("kb: index loaded", "documents", len(docs), "faqs", len(faqs), "chunks", s.idx.Stats().Chunks)
	return nil
}

// AddResult reports what an ingestion wrote.
type AddResult struct {
	Documents []string `json:"documents"` // ids written
	FAQs      []string `json:"faqs"`      // ids written
	Removed   []string `json:"removed,omitempty"`
	Chunks    int      `json:"chunks"` // chunks in the index afterwards
}

// AddFiles reads, parses and ingests files (the `xiaoer kb add` command).
// meta applies to every file; leave ID empty for more than one file.
func (s *Service) AddFiles(ctx context.Context, paths []string, meta ParseMeta) (AddResult, error) {
	var total AddResult
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return total, fmt.Errorf("add %s: %w", p, err)
		}
		r, err := s.AddFile(ctx, filepath.Base(p), data, meta)
		total.Documents = append(total.Documents, r.Documents...)
		total.FAQs = append(total.FAQs, r.FAQs...)
		total.Removed = append(total.Removed, r.Removed...)
		total.Chunks = r.Chunks
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// AddFile ingests one file's content (admin upload, import bundle): it
// parses it, writes the documents and FAQ entries to the store and the
// index, and for FAQ sheets removes the entries of an earlier version of the
// same sheet that the new version no longer has.
func (s *Service) AddFile(ctx context.Context, name string, data []byte, meta ParseMeta) (AddResult, error) {
	if meta.UpdatedAt.IsZero() {
		meta.UpdatedAt = s.now()
	}
	docs, faqs, err := Parse(name, data, meta)
	if err != nil {
		return AddResult{}, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	var r AddResult
	for _, d := range docs {
		if err := s.PutDocument(ctx, d); err != nil {
			return r, err
		}
		r.Documents = append(r.Documents, d.ID)
	}
	for _, f := range faqs {
		if err := s.PutFAQ(ctx, f); err != nil {
			return r, err
		}
		r.FAQs = append(r.FAQs, f.ID)
	}
	if len(faqs) > 0 && len(docs) == 0 {
		removed, err := s.removeStaleSheetEntries(ctx, name, meta, r.FAQs)
		r.Removed = removed
		if err != nil {
			return r, err
		}
	}
	r.Chunks = s.idx.Stats().Chunks
	return r, nil
}

// removeStaleSheetEntries deletes FAQ entries generated from an earlier
// version of a sheet (ids prefix-NNN) that the new version did not write.
func (s *Service) removeStaleSheetEntries(ctx context.Context, name string, meta ParseMeta, kept []string) ([]string, error) {
	prefix := meta.ID
	if prefix == "" {
		base := filepath.Base(name)
		prefix = "faq-" + slug(strings.TrimSuffix(base, filepath.Ext(base)))
	}
	prefix += "-"
	all, err := s.store.FAQs(ctx)
	if err != nil {
		return nil, fmt.Errorf("list FAQs: %w", err)
	}
	var removed []string
	for _, f := range all {
		rest, ok := strings.CutPrefix(f.ID, prefix)
		if !ok || !isDigitsASCII(rest) || slices.Contains(kept, f.ID) {
			continue
		}
		if err := s.DeleteFAQ(ctx, f.ID); err != nil {
			return removed, err
		}
		removed = append(removed, f.ID)
	}
	return removed, nil
}

func isDigitsASCII(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// PutDocument writes a document to the store and (re)indexes it; its old
// chunks are replaced.
func (s *Service) PutDocument(ctx context.Context, d shop.KnowledgeDoc) error {
	if err := validateDoc(d); err != nil {
		return err
	}
	if d.UpdatedAt.IsZero() {
		d.UpdatedAt = s.now()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.store.UpsertDocument(ctx, d); err != nil {
		return fmt.Errorf("save document %s: %w", d.ID, err)
	}
	return s.idx.Put(d)
}

func validateDoc(d shop.KnowledgeDoc) error {
	switch {
	case strings.TrimSpace(d.ID) == "":
		return fmt.Errorf("%w: document needs an id", ErrInvalid)
	case strings.TrimSpace(d.Body) == "":
		return fmt.Errorf("%w: document %s needs a body", ErrInvalid, d.ID)
	}
	switch strings.ToLower(d.Format) {
	case "", "markdown", "md", "text", "txt", "html", "htm", "transcript", "srt", "vtt":
	default:
		return fmt.Errorf("%w: document %s: format %q is not markdown, text or html", ErrInvalid, d.ID, d.Format)
	}
	return nil
}

// DeleteDocument removes a document from the store and the index.
func (s *Service) DeleteDocument(ctx context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.store.DeleteDocument(ctx, id); err != nil {
		return fmt.Errorf("delete document %s: %w", id, err)
	}
	s.idx.Remove(id)
	return nil
}

// PutFAQ writes a FAQ entry to the store and (re)indexes it.
func (s *Service) PutFAQ(ctx context.Context, f shop.FAQ) error {
	if strings.TrimSpace(f.ID) == "" || strings.TrimSpace(f.Question) == "" || strings.TrimSpace(f.Answer) == "" {
		return fmt.Errorf("%w: a FAQ entry needs an id, a question and an answer", ErrInvalid)
	}
	if f.UpdatedAt.IsZero() {
		f.UpdatedAt = s.now()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.store.UpsertFAQ(ctx, f); err != nil {
		return fmt.Errorf("save FAQ %s: %w", f.ID, err)
	}
	return s.idx.PutFAQ(f)
}

// DeleteFAQ removes a FAQ entry from the store and the index.
func (s *Service) DeleteFAQ(ctx context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.store.DeleteFAQ(ctx, id); err != nil {
		return fmt.Errorf("delete FAQ %s: %w", id, err)
	}
	s.idx.Remove(id)
	return nil
}

// Search ranks passages for a question (lexical, fused with semantic
// retrieval when configured).
func (s *Service) Search(ctx context.Context, question string, q Query) ([]Hit, error) {
	hits, err := s.idx.SearchContext(ctx, question, q)
	if err != nil {
		s.log.Warn("kb: semantic search failed; lexical results only", "err", err)
	}
	return hits, nil
}

// Ask answers a question from the knowledge base and, when nothing answers
// it well, logs it as unanswered for the conversation. This is what the bot
// calls.
func (s *Service) Ask(ctx context.Context, question string, q Query, conversationID string) (Answer, error) {
	a, err := s.idx.AnswerContext(ctx, question, q)
	if err != nil {
		s.log.Warn("kb: semantic search failed; answering from lexical results", "err", err)
	}
	if !a.Found && strings.TrimSpace(question) != "" {
		if _, err := s.LogUnanswered(ctx, question, conversationID); err != nil {
			return a, err
		}
	}
	return a, nil
}

// LogUnanswered records one occurrence of a question the bot could not
// answer well, aggregated by its normalised form.
func (s *Service) LogUnanswered(ctx context.Context, question, conversationID string) (shop.Unanswered, error) {
	question = strings.TrimSpace(question)
	if question == "" {
		return shop.Unanswered{}, fmt.Errorf("%w: empty question", ErrInvalid)
	}
	u, err := s.store.RecordUnanswered(ctx, question, s.NormalizeQuestion(question), conversationID, s.now())
	if err != nil {
		return u, fmt.Errorf("record unanswered question: %w", err)
	}
	return u, nil
}

// NormalizeQuestion is the aggregation key of unanswered questions: the
// analyzer's normal form without punctuation, spaces, and the courtesy and
// sentence-final particles that do not change what is asked.
func (s *Service) NormalizeQuestion(q string) string {
	n := s.idx.an.Normalize(q)
	var b strings.Builder
	for _, r := range n {
		if unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r) {
			continue
		}
		b.WriteRune(r)
	}
	out := b.String()
	for _, p := range []string{"请问一下", "请问", "你好", "您好", "在吗", "亲亲", "亲"} {
		out = strings.TrimPrefix(out, p)
	}
	for {
		trimmed := strings.TrimRight(out, "吗呢呀啊吧哈嘛哦喔")
		if trimmed == out {
			break
		}
		out = trimmed
	}
	if out == "" {
		return n
	}
	return out
}

// Unanswered lists unanswered questions with the status ("" = all), most
// frequent first (the "AI未解决问题列表").
func (s *Service) Unanswered(ctx context.Context, status string) ([]shop.Unanswered, error) {
	l, err := s.store.UnansweredList(ctx, status)
	if err != nil {
		return nil, fmt.Errorf("list unanswered questions: %w", err)
	}
	return l, nil
}

// TeachRequest is how an admin answers an unanswered question.
type TeachRequest struct {
	// Answer is the answer text (required).
	Answer string `json:"answer"`
	// AsFAQ creates a FAQ entry whose question is the logged question and
	// whose alternates are its other logged phrasings.
	AsFAQ bool `json:"as_faq"`
	// DocumentID attaches the question and answer to an existing document
	// as a new section instead.
	DocumentID string `json:"document_id,omitempty"`
	// Question overrides the logged representative phrasing (optional).
	Question string `json:"question,omitempty"`
	// ProductIDs the answer is about (optional, FAQ only).
	ProductIDs []string `json:"product_ids,omitempty"`
}

// TeachResult reports what Teach wrote.
type TeachResult struct {
	Entry      shop.Unanswered `json:"entry"`
	FAQ        *shop.FAQ       `json:"faq,omitempty"`
	DocumentID string          `json:"document_id,omitempty"`
}

// Teach turns an unanswered question into knowledge in one step: a new FAQ
// entry (AsFAQ) or a section appended to a document (DocumentID), written to
// the store and the index, and marks the entry taught. The bot answers the
// question from then on.
func (s *Service) Teach(ctx context.Context, id int64, req TeachRequest) (TeachResult, error) {
	req.Answer = strings.TrimSpace(req.Answer)
	if req.Answer == "" {
		return TeachResult{}, fmt.Errorf("%w: teach needs an answer", ErrInvalid)
	}
	if req.AsFAQ == (req.DocumentID != "") {
		return TeachResult{}, fmt.Errorf("%w: teach needs exactly one of as_faq or document_id", ErrInvalid)
	}
	u, err := s.store.UnansweredByID(ctx, id)
	if err != nil {
		return TeachResult{}, fmt.Errorf("teach unanswered %d: %w", id, err)
	}
	question := strings.TrimSpace(req.Question)
	if question == "" {
		question = u.Question
	}
	res := TeachResult{}
	var resolution string
	if req.AsFAQ {
		f := shop.FAQ{
			ID: fmt.Sprintf("faq-taught-%d", u.ID), Question: question, Answer: req.Answer,
			ProductIDs: req.ProductIDs, Tags: []string{"taught"}, UpdatedAt: s.now(),
		}
		for _, ex := range append([]string{u.Question}, u.Examples...) {
			if ex != question && !slices.Contains(f.Alternates, ex) {
				f.Alternates = append(f.Alternates, ex)
			}
		}
		if err := s.PutFAQ(ctx, f); err != nil {
			return res, err
		}
		res.FAQ = &f
		resolution = "faq:" + f.ID
	} else {
		d, err := s.store.Document(ctx, req.DocumentID)
		if err != nil {
			return res, fmt.Errorf("teach unanswered %d: document %s: %w", id, req.DocumentID, err)
		}
		d.Body = appendQA(d, question, u.Examples, req.Answer)
		d.UpdatedAt = s.now()
		if err := s.PutDocument(ctx, d); err != nil {
			return res, err
		}
		res.DocumentID = d.ID
		resolution = "doc:" + d.ID
	}
	if err := s.store.ResolveUnanswered(ctx, u.ID, StatusTaught, resolution); err != nil {
		return res, fmt.Errorf("teach unanswered %d: mark taught: %w", id, err)
	}
	u.Status, u.Resolution = StatusTaught, resolution
	res.Entry = u
	return res, nil
}

// Dismiss marks an unanswered question as not worth answering.
func (s *Service) Dismiss(ctx context.Context, id int64) error {
	if err := s.store.ResolveUnanswered(ctx, id, StatusDismissed, ""); err != nil {
		return fmt.Errorf("dismiss unanswered %d: %w", id, err)
	}
	return nil
}

// appendQA appends a question/answer section to a document body in its
// format: the question becomes a heading so the section is its own chunk.
func appendQA(d shop.KnowledgeDoc, question string, examples []string, answer string) string {
	var alts []string
	for _, e := range examples {
		if e != question {
			alts = append(alts, e)
		}
	}
	body := strings.TrimRight(d.Body, "\n")
	switch strings.ToLower(d.Format) {
	case "html", "htm":
		var b strings.Builder
		b.WriteString(body)
		b.WriteString("\n<h2>" + htmlEscape(question) + "</h2>\n")
		if len(alts) > 0 {
			b.WriteString("<p>" + htmlEscape(strings.Join(alts, "；")) + "</p>\n")
		}
		b.WriteString("<p>" + htmlEscape(answer) + "</p>\n")
		return b.String()
	case "text", "txt", "transcript", "srt", "vtt":
		s := body + "\n\n问：" + question + "\n"
		if len(alts) > 0 {
			s += "（" + strings.Join(alts, "；") + "）\n"
		}
		return s + "答：" + answer + "\n"
	default:
		s := body + "\n\n## " + strings.ReplaceAll(question, "\n", " ") + "\n\n"
		if len(alts) > 0 {
			s += "（" + strings.Join(alts, "；") + "）\n\n"
		}
		return s + answer + "\n"
	}
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;")

func htmlEscape(s string) string { return htmlEscaper.Replace(s) }
