package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/demo"
	"github.com/xiaoer-cs/xiaoer/internal/nlu"
)

// runAnalyze prints the understanding of a text as JSON.
func runAnalyze(ctx context.Context, args []string, e env) error {
	fs, l := newFlags("analyze", `analyze [--demo] [--merchant-dir DIR] "文本"...`, e)
	c, err := parse(fs, l, args, e)
	if err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{`give the text to analyse, e.g. xiaoer analyze "有M码吗?今天能发吗"`}
	}
	eng, err := nlu.New(nlu.Options{MerchantDir: c.MerchantDir})
	if err != nil {
		return err
	}
	now := time.Now()
	if !c.Clock.IsZero() {
		now = c.Clock
	}
	if c.Demo {
		// The demo catalogue lets product names and aliases be recognised.
		b, err := demo.Bundle(now)
		if err != nil {
			return err
		}
		items := make([]nlu.CatalogItem, 0, len(b.Products))
		for _, p := range b.Products {
			items = append(items, nlu.CatalogItem{ID: p.ID, Name: p.Name, Aliases: p.Aliases, Category: p.Category})
		}
		eng.SetCatalog(items)
	}
	out, _ := json.MarshalIndent(eng.Analyze(strings.Join(fs.Args(), " "), nlu.Context{Now: now}), "", "  ")
	fmt.Fprintln(e.stdout, string(out))
	return nil
}

// runNLU groups the understanding engine's maintenance commands.
func runNLU(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || args[0] != "train" {
		return usageError{"usage: xiaoer nlu train [--merchant-dir DIR] [--eval DIR]"}
	}
	fs, l := newFlags("nlu train", "nlu train [--merchant-dir DIR] [--eval DIR]", e)
	evalDir := fs.String("eval", "", "evaluation set directory to score the retrained model on")
	c, err := parse(fs, l, args[1:], e)
	if err != nil {
		return err
	}
	start := time.Now()
	eng, err := nlu.New(nlu.Options{MerchantDir: c.MerchantDir})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "trained %d intents in %s (shipped corpus", len(eng.Intents()), time.Since(start).Round(time.Millisecond))
	if c.MerchantDir != "" {
		fmt.Fprintf(e.stdout, " + %s", c.MerchantDir)
	}
	fmt.Fprintln(e.stdout, ")")
	fmt.Fprintln(e.stdout, "The server trains the same way at start-up: restart it with the same --merchant-dir to use the new model.")
	if *evalDir != "" {
		r, err := nlu.Evaluate(eng, *evalDir)
		if err != nil {
			return err
		}
		return r.WriteText(e.stdout)
	}
	return nil
}

// runEval scores the understanding engine or the knowledge base on the
// project's separately written evaluation sets.
func runEval(ctx context.Context, args []string, e env) error {
	if len(args) == 0 {
		return usageError{"usage: xiaoer eval nlu [--dir DIR] [--json] | xiaoer eval kb [--file FILE] [--json]"}
	}
	switch args[0] {
	case "nlu":
		return evalNLU(args[1:], e)
	case "kb":
		return evalKB(ctx, args[1:], e)
	}
	return usageError{fmt.Sprintf("unknown evaluation %q: use nlu or kb", args[0])}
}

func evalNLU(args []string, e env) error {
	fs, l := newFlags("eval nlu", "eval nlu [--dir internal/nlu/corpus/eval] [--json]", e)
	dir := fs.String("dir", "internal/nlu/corpus/eval", "evaluation set directory (intents.jsonl, multi.jsonl, catalog.json)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	c, err := parse(fs, l, args, e)
	if err != nil {
		return err
	}
	eng, err := nlu.New(nlu.Options{MerchantDir: c.MerchantDir})
	if err != nil {
		return err
	}
	r, err := nlu.Evaluate(eng, *dir)
	if err != nil {
		return fmt.Errorf("%w (run from the repository root, or give --dir)", err)
	}
	if *asJSON {
		out, _ := json.MarshalIndent(r, "", "  ")
		fmt.Fprintln(e.stdout, string(out))
		return nil
	}
	return r.WriteText(e.stdout)
}
