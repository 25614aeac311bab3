package app

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/bot"
	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/demo"
	"github.com/xiaoer-cs/xiaoer/internal/importer"
	"github.com/xiaoer-cs/xiaoer/internal/kb"
	"github.com/xiaoer-cs/xiaoer/internal/nlu"
	"github.com/xiaoer-cs/xiaoer/internal/server"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// LoadDemo imports the built-in demo shop, with its dates moved to today.
func (a *App) LoadDemo(ctx context.Context) error {
	b, err := demo.Bundle(a.Clock.Now())
	if err != nil {
		return fmt.Errorf("demo shop: %w", err)
	}
	if _, err := a.ImportBundle(ctx, b); err != nil {
		return fmt.Errorf("load demo shop: %w", err)
	}
	return nil
}

// ImportBundle validates and writes a bundle all-or-nothing, then refreshes
// what the engines derived from the shop data (catalogue words, knowledge index).
func (a *App) ImportBundle(ctx context.Context, b *shop.Bundle) (shop.ImportStats, error) {
	stats, err := importer.ImportBundle(ctx, a.Store, b, importer.Options{Secret: []byte(a.secret)})
	if err != nil {
		return stats, err
	}
	// Order, shipment and stock updates arrive often (webhooks): only a
	// change of the catalogue or the knowledge rebuilds what derives from it.
	if a.NLU != nil && len(b.Products) > 0 {
		if err := a.refreshCatalog(ctx); err != nil {
			return stats, err
		}
	}
	// The knowledge index derives from the catalogue too: product pages
	// record the categories they are about, so a catalogue change
	// re-indexes as well.
	if a.KB != nil && (len(b.Documents) > 0 || len(b.FAQs) > 0 || len(b.Products) > 0) {
		if err := a.KB.Load(ctx); err != nil {
			return stats, fmt.Errorf("reload knowledge base: %w", err)
		}
	}
	return stats, nil
}

// buildEngines builds the understanding engine, the knowledge index and the
// bot once, from the store's current data.
func (a *App) buildEngines(ctx context.Context) error {
	start := time.Now()
	eng, err := nlu.New(nlu.Options{MerchantDir: a.Config.MerchantDir})
	if err != nil {
		return fmt.Errorf("understanding engine: %w", err)
	}
	a.NLU = eng
	a.KB = kb.NewService(a.Store, kb.NewIndex(eng, kb.Options{}), a.Clock.Now, a.Log)
	if err := a.refresh(ctx); err != nil {
		return err
	}
	a.Bot = bot.New(bot.Deps{
		Understander: eng,
		Knowledge:    knowledge{a.KB},
		Catalog:      a.Store,
		Orders:       a.Store,
		Customers:    a.Store,
		Shop:         a.Store,
		Cases:        a.Store,
		Unanswered:   a.Store,
		Clock:        a.Clock,
		Log:          a.Log,
		NewID:        func() string { return chat.NewID("case") },
	})
	a.Log.Debug("engines built", "took", time.Since(start))
	return nil
}

// refresh reloads the catalogue into the understanding engine and rebuilds
// the knowledge index from the store.
func (a *App) refresh(ctx context.Context) error {
	if err := a.refreshCatalog(ctx); err != nil {
		return err
	}
	if err := a.KB.Load(ctx); err != nil {
		return fmt.Errorf("load knowledge base: %w", err)
	}
	return nil
}

// refreshCatalog gives the understanding engine the current product names and aliases.
func (a *App) refreshCatalog(ctx context.Context) error {
	ps, err := a.Store.Products(ctx)
	if err != nil {
		return fmt.Errorf("load catalogue: %w", err)
	}
	a.NLU.SetCatalog(nlu.CatalogOf(ps))
	return nil
}

// knowledge adapts the knowledge base to what the bot asks of it.
type knowledge struct{ s *kb.Service }

func (k knowledge) Answer(ctx context.Context, question, productID string) (bot.KnowledgeAnswer, bool) {
	// The bot decides what counts as unanswered and logs it itself.
	ans, err := k.s.Index().AnswerContext(ctx, question, kb.Query{ProductID: productID})
	if err != nil || !ans.Found {
		return bot.KnowledgeAnswer{}, false
	}
	src := ""
	if len(ans.Sources) > 0 {
		src = ans.Sources[0].Title
	}
	return bot.KnowledgeAnswer{Text: ans.Text, Source: src, Confidence: ans.Confidence}, true
}

func (k knowledge) Suggest(ctx context.Context, question, productID string) []bot.KnowledgeSuggestion {
	// On an embedding error the answer still comes from the lexical ranking.
	ans, _ := k.s.Index().AnswerContext(ctx, question, kb.Query{ProductID: productID, Suggest: true})
	var out []bot.KnowledgeSuggestion
	for _, s := range ans.Suggestions {
		out = append(out, bot.KnowledgeSuggestion{Question: s.Question, Source: s.Title})
	}
	return out
}

// analyzerJSON serves POST /api/v1/analyze.
type analyzerJSON struct{ e *nlu.Engine }

func (z analyzerJSON) AnalyzeJSON(text string, now time.Time) (json.RawMessage, error) {
	return json.Marshal(z.e.Analyze(text, nlu.Context{Now: now}))
}

func (a *App) analyzer() server.Analyzer {
	if a.NLU == nil {
		return nil
	}
	return analyzerJSON{a.NLU}
}

type appImporter struct{ a *App }

func (i appImporter) ImportBundle(ctx context.Context, b *shop.Bundle) (shop.ImportStats, error) {
	return i.a.ImportBundle(ctx, b)
}

func (a *App) bundleImporter() server.BundleImporter { return appImporter{a} }

func (a *App) responder() chat.Responder { return a.Bot }

// ExtraBanner lists more URLs to print at start-up.
func (a *App) ExtraBanner(base string) []string { return a.consoleBanner(base) }
