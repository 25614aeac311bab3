package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/xiaoer-cs/xiaoer/internal/demo"
	"github.com/xiaoer-cs/xiaoer/internal/kb"
	"github.com/xiaoer-cs/xiaoer/internal/nlu"
)

// runKB groups the knowledge-base commands.
func runKB(ctx context.Context, args []string, e env) error {
	if len(args) == 0 {
		return usageError{`usage: xiaoer kb add [--product ID] [--kind KIND] PATH... | xiaoer kb search [--product ID] "问题"`}
	}
	switch args[0] {
	case "add":
		return kbAdd(ctx, args[1:], e)
	case "search":
		return kbSearch(ctx, args[1:], e)
	}
	return usageError{fmt.Sprintf("unknown kb command %q: use add or search", args[0])}
}

func kbAdd(ctx context.Context, args []string, e env) error {
	fs, l := newFlags("kb add", "kb add [--product ID,ID] [--kind sop|faq|product_page|transcript|conversation|note] PATH...", e)
	products := fs.String("product", "", "comma-separated product ids the documents are about")
	kind := fs.String("kind", "", "document kind (default: inferred from the file)")
	c, err := parse(fs, l, args, e)
	if err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"give the files to add: .md .txt .html .csv .xlsx .json .srt"}
	}
	a, err := openQuietApp(ctx, c, e.stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	meta := kb.ParseMeta{Kind: *kind}
	if *products != "" {
		meta.ProductIDs = strings.Split(*products, ",")
	}
	res, err := a.KB.AddFiles(ctx, fs.Args(), meta)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "added %d document(s) and %d FAQ entr(ies); the index has %d passages\n", len(res.Documents), len(res.FAQs), res.Chunks)
	return nil
}

func kbSearch(ctx context.Context, args []string, e env) error {
	fs, l := newFlags("kb search", `kb search [--demo] [--product ID] [-k N] "问题"`, e)
	product := fs.String("product", "", "product page the shopper is on (boosts passages about it)")
	k := fs.Int("k", 5, "number of passages")
	asJSON := fs.Bool("json", false, "print JSON")
	c, err := parse(fs, l, args, e)
	if err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{`give a question, e.g. xiaoer kb search --demo "空气炸锅涂层耐刮吗"`}
	}
	if c.Demo {
		c.DataDir = demoDataDir(fs, c.DataDir, e)
	}
	a, err := openQuietApp(ctx, c, e.stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	q := strings.Join(fs.Args(), " ")
	query := kb.Query{ProductID: *product, K: *k}
	hits, err := a.KB.Search(ctx, q, query)
	if err != nil {
		return err
	}
	ans := a.KB.Index().Answer(q, kb.Query{ProductID: *product, Suggest: true})
	if *asJSON {
		out, _ := json.MarshalIndent(map[string]any{"hits": hits, "answer": ans}, "", "  ")
		fmt.Fprintln(e.stdout, string(out))
		return nil
	}
	if ans.Found {
		fmt.Fprintf(e.stdout, "答案 (confidence %.2f): %s\n\n", ans.Confidence, ans.Text)
	} else {
		fmt.Fprintf(e.stdout, "没有足够好的答案 (best confidence %.2f): the bot would say so and log the question\n", ans.Confidence)
		if len(ans.Suggestions) > 0 {
			fmt.Fprintln(e.stdout, "您是不是想问 (offered as quick replies):")
			for _, s := range ans.Suggestions {
				fmt.Fprintf(e.stdout, "   · %s  → %s (passage confidence %.2f)\n", s.Question, s.ChunkID, s.Confidence)
			}
		}
		fmt.Fprintln(e.stdout)
	}
	for i, h := range hits {
		text := []rune(strings.ReplaceAll(h.Text, "\n", " "))
		if len(text) > 120 {
			text = append(text[:120], '…')
		}
		fmt.Fprintf(e.stdout, "%d. [%.3f] %s — %s (%s)\n   %s\n   %s\n", i+1, h.Score, h.DocID, h.Title, h.Kind, string(text), h.Explain)
	}
	return nil
}

// evalKB scores retrieval on an evaluation set against the demo shop's
// knowledge, with the production analyzer (the understanding engine).
func evalKB(ctx context.Context, args []string, e env) error {
	fs, l := newFlags("eval kb", "eval kb [--file internal/kb/testdata/eval.yaml] [--json]", e)
	file := fs.String("file", "internal/kb/testdata/eval.yaml", "evaluation set (YAML)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	c, err := parse(fs, l, args, e)
	if err != nil {
		return err
	}
	f, err := os.Open(*file)
	if err != nil {
		return fmt.Errorf("%w (run from the repository root, or give --file)", err)
	}
	defer f.Close()
	set, err := kb.ParseEvalSet(f)
	if err != nil {
		return err
	}
	eng, err := nlu.New(nlu.Options{MerchantDir: c.MerchantDir})
	if err != nil {
		return err
	}
	b, err := demo.Bundle(demo.AnchorTime())
	if err != nil {
		return err
	}
	// As the app does: the catalogue shapes the words and categories.
	eng.SetCatalog(nlu.CatalogOf(b.Products))
	idx := kb.NewIndex(eng, kb.Options{})
	for _, d := range b.Documents {
		if err := idx.Put(d); err != nil {
			return err
		}
	}
	for _, q := range b.FAQs {
		if err := idx.PutFAQ(q); err != nil {
			return err
		}
	}
	r := kb.Evaluate(idx, set)
	if *asJSON {
		out, _ := json.MarshalIndent(r, "", "  ")
		fmt.Fprintln(e.stdout, string(out))
		return nil
	}
	return r.WriteText(e.stdout)
}
