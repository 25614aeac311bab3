package kb_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/kb"
	"github.com/xiaoer-cs/xiaoer/internal/kb/kbtest"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

var now = time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC)

func newService(t *testing.T) (*kb.Service, *kbtest.MemStore) {
	t.Helper()
	st := kbtest.NewMemStore(nil, nil)
	svc := kb.NewService(st, kb.NewIndex(nil, kb.Options{}), func() time.Time { return now }, nil)
	paths, _ := filepath.Glob("testdata/docs/*")
	if _, err := svc.AddFiles(context.Background(), paths, kb.ParseMeta{}); err != nil {
		t.Fatal(err)
	}
	return svc, st
}

func TestTeachAsFAQAnswersAfterwards(t *testing.T) {
	ctx := context.Background()
	svc, st := newService(t)
	const q = "你们的空气炸锅能烤蛋糕吗？"
	a, err := svc.Ask(ctx, q, kb.Query{}, "conv-1")
	if err != nil || a.Found {
		t.Fatalf("before teaching: found=%v err=%v (%s)", a.Found, err, a.Hit.Explain)
	}
	if _, err := svc.Ask(ctx, "你们的空气炸锅能烤蛋糕吗", kb.Query{}, "conv-2"); err != nil {
		t.Fatal(err)
	}
	list, _ := svc.Unanswered(ctx, kb.StatusOpen)
	if len(list) != 1 || list[0].Count != 2 || len(list[0].Examples) != 2 {
		t.Fatalf("unanswered list = %+v, want one entry seen twice", list)
	}
	res, err := svc.Teach(ctx, list[0].ID, kb.TeachRequest{AsFAQ: true, Answer: "可以，用自带的蛋糕模具，160度烤25分钟。"})
	if err != nil {
		t.Fatal(err)
	}
	if res.FAQ == nil || res.Entry.Status != kb.StatusTaught || res.Entry.Resolution != "faq:"+res.FAQ.ID {
		t.Fatalf("teach result %+v", res)
	}
	for _, ask := range []string{q, "炸锅可以做蛋糕不"} {
		a, err = svc.Ask(ctx, ask, kb.Query{}, "conv-3")
		if err != nil || !a.Found || !strings.Contains(a.Text, "160度") {
			t.Errorf("after teaching %q: %+v err=%v", ask, a, err)
		}
	}
	if faqs, _ := st.FAQs(ctx); !containsFAQ(faqs, res.FAQ.ID) {
		t.Error("taught FAQ not in the store")
	}
	if open, _ := svc.Unanswered(ctx, kb.StatusOpen); len(open) != 0 {
		t.Errorf("still open: %+v", open)
	}
	// A restart rebuilds the index from the store and keeps the lesson.
	fresh := kb.NewService(st, kb.NewIndex(nil, kb.Options{}), nil, nil)
	if err := fresh.Load(ctx); err != nil {
		t.Fatal(err)
	}
	if a := fresh.Index().Answer(q, kb.Query{}); !a.Found {
		t.Error("after reload the taught answer is lost")
	}
}

func TestTeachIntoDocument(t *testing.T) {
	ctx := context.Background()
	svc, st := newService(t)
	u, err := svc.LogUnanswered(ctx, "换货的话运费谁来出？", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Teach(ctx, u.ID, kb.TeachRequest{DocumentID: "sop-returns", Answer: "换货的寄回运费由买家承担，换出的新商品店铺包邮寄出。"}); err != nil {
		t.Fatal(err)
	}
	d, _ := st.Document(ctx, "sop-returns")
	if !strings.Contains(d.Body, "## 换货的话运费谁来出？") || !d.UpdatedAt.Equal(now) {
		t.Errorf("document not extended: %q", d.Body)
	}
	a := svc.Index().Answer("换货运费谁出", kb.Query{})
	if !a.Found || !strings.Contains(a.Text, "店铺包邮寄出") {
		t.Errorf("answer after teaching = %+v", a)
	}
}

func TestTeachValidates(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	u, _ := svc.LogUnanswered(ctx, "有没有蓝色", "")
	for _, req := range []kb.TeachRequest{{Answer: "", AsFAQ: true}, {Answer: "x"}, {Answer: "x", AsFAQ: true, DocumentID: "d"}} {
		if _, err := svc.Teach(ctx, u.ID, req); !errors.Is(err, kb.ErrInvalid) {
			t.Errorf("Teach(%+v) err = %v, want ErrInvalid", req, err)
		}
	}
	if _, err := svc.Teach(ctx, 999, kb.TeachRequest{Answer: "x", AsFAQ: true}); err == nil {
		t.Error("teaching an unknown entry should fail")
	}
}

func TestUnansweredAggregatesPhrasings(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	for _, q := range []string{"有蓝色吗？", "有蓝色吗", "亲，有蓝色吗呢", "有蓝色"} {
		if _, err := svc.LogUnanswered(ctx, q, ""); err != nil {
			t.Fatal(err)
		}
	}
	list, _ := svc.Unanswered(ctx, "")
	if len(list) != 1 || list[0].Count != 4 {
		t.Errorf("list = %+v, want one entry counted 4 times", list)
	}
}

func TestUpdatingADocumentChangesTheAnswer(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	a := svc.Index().Answer("退款几天到账", kb.Query{})
	if !strings.Contains(a.Text, "24小时内原路退款") {
		t.Fatalf("before: %q", a.Text)
	}
	dir := t.TempDir()
	old, _ := os.ReadFile("testdata/docs/退换货流程.md")
	changed := strings.Replace(string(old), "24小时内原路退款", "72小时内原路退款", 1)
	p := filepath.Join(dir, "退换货流程.md")
	if err := os.WriteFile(p, []byte(changed), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddFiles(ctx, []string{p}, kb.ParseMeta{}); err != nil {
		t.Fatal(err)
	}
	a = svc.Index().Answer("退款几天到账", kb.Query{})
	if !a.Found || !strings.Contains(a.Text, "72小时内原路退款") {
		t.Errorf("after: %q", a.Text)
	}
	for _, h := range svc.Index().Search("24小时内原路退款", kb.Query{K: 50}) {
		if strings.Contains(h.Text, "24小时内原路退款") {
			t.Errorf("old text still returned by %s", h.ChunkID)
		}
	}
}

func TestReimportingASheetDropsRemovedRows(t *testing.T) {
	ctx := context.Background()
	svc, st := newService(t)
	sheet := "问题,答案\n包邮吗,满99包邮\n送礼品吗,送小样\n"
	if _, err := svc.AddFile(ctx, "促销.csv", []byte(sheet), kb.ParseMeta{}); err != nil {
		t.Fatal(err)
	}
	res, err := svc.AddFile(ctx, "促销.csv", []byte("问题,答案\n包邮吗,满59包邮\n"), kb.ParseMeta{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Removed) != 1 || res.Removed[0] != "faq-促销-003" {
		t.Errorf("removed = %v", res.Removed)
	}
	faqs, _ := st.FAQs(ctx)
	if containsFAQ(faqs, "faq-促销-003") {
		t.Error("removed row still stored")
	}
	if a := svc.Index().Answer("包邮吗", kb.Query{}); !strings.Contains(a.Text, "59") {
		t.Errorf("answer = %q, want the new threshold", a.Text)
	}
	if a := svc.Index().Answer("送礼品吗", kb.Query{}); a.Found && strings.Contains(a.Text, "小样") {
		t.Errorf("removed row still answers: %q", a.Text)
	}
}

func TestPutAndDeleteDocument(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	d := shop.KnowledgeDoc{ID: "store-addr", Title: "门店", Format: "markdown", Kind: shop.DocNote, Body: "# 门店\n\n线下门店在杭州市西湖区文三路100号。"}
	if err := svc.PutDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	if a := svc.Index().Answer("线下门店在哪", kb.Query{}); !a.Found || a.Hit.DocID != "store-addr" {
		t.Fatalf("answer %+v", a)
	}
	if err := svc.DeleteDocument(ctx, "store-addr"); err != nil {
		t.Fatal(err)
	}
	if a := svc.Index().Answer("线下门店在哪", kb.Query{}); a.Found && a.Hit.DocID == "store-addr" {
		t.Error("deleted document still answers")
	}
	if err := svc.PutDocument(ctx, shop.KnowledgeDoc{ID: "x", Body: "a", Format: "pdf"}); !errors.Is(err, kb.ErrInvalid) {
		t.Errorf("bad format err = %v", err)
	}
}

func TestSemanticRetrievalFusesWithLexical(t *testing.T) {
	// A fake embeddings endpoint: texts about cakes/baking point one way,
	// everything else another.
	var gotAuth string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/embeddings" || r.Method != http.MethodPost {
			http.NotFound(w, r)
			return
		}
		gotAuth = r.Header.Get("Authorization")
		var req struct {
			Model string   `json:"model"`
			Input []string `json:"input"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Model != "emb-1" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		type item struct {
			Index     int       `json:"index"`
			Embedding []float32 `json:"embedding"`
		}
		var out struct {
			Data []item `json:"data"`
		}
		for i, s := range req.Input {
			v := []float32{0, 1}
			if strings.Contains(s, "蛋糕") || strings.Contains(s, "烘焙") {
				v = []float32{1, 0.1}
			}
			out.Data = append(out.Data, item{Index: i, Embedding: v})
		}
		_ = json.NewEncoder(w).Encode(out)
	}))
	defer srv.Close()

	emb := &kb.OpenAIEmbedder{BaseURL: srv.URL + "/v1", Model: "emb-1", APIKey: "sk-secret"}
	ix := kb.NewIndex(nil, kb.Options{Embedder: emb})
	_ = ix.Put(shop.KnowledgeDoc{ID: "bake", Title: "烘焙", Format: "text", Body: "烘焙模式：160度预热后放入模具。"})
	_ = ix.Put(shop.KnowledgeDoc{ID: "ship", Title: "发货", Format: "text", Body: "下单后48小时内发货。"})
	hits, err := ix.SearchContext(context.Background(), "做蛋糕用什么档", kb.Query{K: 2})
	if err != nil {
		t.Fatal(err)
	}
	if gotAuth != "Bearer sk-secret" {
		t.Errorf("Authorization = %q", gotAuth)
	}
	if len(hits) == 0 || hits[0].DocID != "bake" || !strings.Contains(hits[0].Explain, "semantic rank 1") {
		t.Fatalf("hits = %+v", hits)
	}
	if strings.Contains(emb.String(), "sk-secret") {
		t.Error("String() leaks the API key")
	}

	// The endpoint failing leaves lexical search working.
	bad := &kb.OpenAIEmbedder{BaseURL: srv.URL + "/nope", Model: "emb-1", APIKey: "sk-secret"}
	ix2 := kb.NewIndex(nil, kb.Options{Embedder: bad})
	_ = ix2.Put(shop.KnowledgeDoc{ID: "ship", Title: "发货", Format: "text", Body: "下单后48小时内发货。"})
	hits, err = ix2.SearchContext(context.Background(), "多久发货", kb.Query{})
	if err == nil || len(hits) == 0 || hits[0].DocID != "ship" {
		t.Errorf("fallback: hits %+v err %v", hits, err)
	}
	if err != nil && strings.Contains(err.Error(), "sk-secret") {
		t.Error("error leaks the API key")
	}
}

func containsFAQ(fs []shop.FAQ, id string) bool {
	for _, f := range fs {
		if f.ID == id {
			return true
		}
	}
	return false
}
