package app

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/bot"
	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/console"
	"github.com/xiaoer-cs/xiaoer/internal/kb"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/store"
	"github.com/xiaoer-cs/xiaoer/internal/team"
	"github.com/xiaoer-cs/xiaoer/web"
)

// consoleRoutes registers the agent console, the shopper widget (assets,
// rating, photo upload) and, with --demo, the demo shop page. It is the
// server's Extra hook. The first call seeds the console's accounts.
func (a *App) consoleRoutes(mux *http.ServeMux) {
	if err := a.seedConsole(context.Background()); err != nil {
		a.Log.Error("console accounts", "err", err)
	}
	a.console().Routes(mux)
}

// consoleResponder wraps the bot so each handoff packet (summary, intents,
// emotion trajectory, orders) is kept as an internal note the console shows
// on top of the conversation. Use it where the chat service is built.
func (a *App) consoleResponder(r chat.Responder) chat.Responder {
	if r == nil {
		return nil
	}
	return console.RecordHandoffs(r, a.Store, a.Hub, a.Clock)
}

func (a *App) console() *console.Console {
	d := console.Deps{
		Store:      a.Store,
		Chat:       a.Chat,
		Signer:     a.Signer,
		Clock:      a.Clock,
		Log:        a.Log,
		Assets:     web.FS(),
		Boundaries: boundaries{a},
		UploadDir:  filepath.Join(a.Config.DataDir, "uploads"),
		Demo:       a.Config.Demo,
	}
	if a.Config.Demo {
		// The demo page plays the merchant's server and signs identities.
		d.DemoIdentitySecret = a.secret
	}
	if a.KB != nil {
		d.Knowledge = kbSnippets{a.KB}
		d.KnowledgeAdmin = kbAdmin{a.KB, a}
	}
	if a.NLU != nil {
		d.Suggester = console.ResponderSuggester(a.copilotBot())
	}
	return console.New(d)
}

// copilotBot is the bot with the same skills and knowledge, but unable to
// write: drafting a suggestion must not open cases or log questions.
func (a *App) copilotBot() chat.Responder {
	return bot.New(bot.Deps{
		Understander: a.NLU,
		Knowledge:    knowledge{a.KB},
		Catalog:      a.Store,
		Orders:       a.Store,
		Customers:    a.Store,
		Shop:         a.Store,
		Cases:        readOnlyCases{a.Store},
		Unanswered:   noUnanswered{},
		Clock:        a.Clock,
		Log:          a.Log,
		NewID:        func() string { return chat.NewID("draft") },
	})
}

// readOnlyCases reads cases and drops writes.
type readOnlyCases struct {
	r interface {
		Cases(ctx context.Context, customerID string) ([]shop.Case, error)
	}
}

func (c readOnlyCases) Cases(ctx context.Context, customerID string) ([]shop.Case, error) {
	return c.r.Cases(ctx, customerID)
}
func (readOnlyCases) CreateCase(context.Context, shop.Case) error { return nil }
func (readOnlyCases) UpdateCase(context.Context, shop.Case) error { return nil }

// noUnanswered drops the questions a draft could not answer.
type noUnanswered struct{}

func (noUnanswered) RecordUnanswered(_ context.Context, q, _, _ string, at time.Time) (shop.Unanswered, error) {
	return shop.Unanswered{Question: q, FirstSeen: at, LastSeen: at}, nil
}

// demoPassword is the demo agents' password: derived from the shop secret,
// so it is stable across restarts of one data dir and differs between
// installs.
func (a *App) demoPassword() string {
	m := hmac.New(sha256.New, []byte(a.secret))
	m.Write([]byte("xiaoer/console-demo-password"))
	return "demo-" + hex.EncodeToString(m.Sum(nil))[:10]
}

func (a *App) adminPasswordFile() string { return filepath.Join(a.Config.DataDir, "console-admin.txt") }

// seedConsole creates the first accounts when there are none: with --demo
// an admin, a supervisor and an agent sharing the printed demo password
// (plus a few canned responses); otherwise one admin with a random password
// written to DATA_DIR/console-admin.txt (mode 0600).
func (a *App) seedConsole(ctx context.Context) error {
	now := a.Clock.Now()
	if a.Config.Demo {
		agents := []team.Agent{
			{Login: "admin", Name: "店长", Role: team.RoleAdmin, CreatedAt: now, UpdatedAt: now},
			{Login: "laowang", Name: "老王", Role: team.RoleSupervisor, CreatedAt: now, UpdatedAt: now},
			{Login: "xiaomei", Name: "小美", Role: team.RoleAgent, CreatedAt: now, UpdatedAt: now},
		}
		created, err := console.SeedAgents(ctx, a.Store, agents, a.demoPassword(), 0)
		if err != nil || !created {
			return err
		}
		for _, c := range []team.Canned{
			{ID: "cr-hello", Shortcut: "/你好", Title: "问候", Text: "您好,我是人工客服,很高兴为您服务!请问有什么可以帮您?"},
			{ID: "cr-return", Shortcut: "/退货", Title: "退货流程", Text: "亲,支持7天无理由退货:在订单页点「申请售后」选择退货,填写原因后按页面地址寄回即可,收到后1-3个工作日退款。"},
			{ID: "cr-wait", Shortcut: "/稍等", Title: "请稍等", Text: "好的,我这边帮您查询一下,请稍等1-2分钟~"},
		} {
			c.UpdatedAt = now
			if err := a.Store.UpsertCanned(ctx, c); err != nil {
				return err
			}
		}
		return nil
	}
	pw, err := randomHex(8)
	if err != nil {
		return err
	}
	created, err := console.SeedAgents(ctx, a.Store, []team.Agent{{Login: "admin", Name: "管理员", Role: team.RoleAdmin, CreatedAt: now, UpdatedAt: now}}, pw, 0)
	if err != nil || !created {
		return err
	}
	body := fmt.Sprintf("Xiaoer console first admin\nlogin: admin\npassword: %s\nChange it in the console (管理 → 客服账号) and delete this file.\n", pw)
	if err := os.WriteFile(a.adminPasswordFile(), []byte(body), 0o600); err != nil {
		return fmt.Errorf("write %s: %w", a.adminPasswordFile(), err)
	}
	return nil
}

// consoleBanner is what ExtraBanner prints for the console and the widget.
func (a *App) consoleBanner(base string) []string {
	lines := []string{"console:   " + base + "/console/"}
	if a.Config.Demo {
		lines = append(lines,
			"demo shop: "+base+"/demo/  (chat widget: "+base+"/widget.js)",
			"demo agent login: xiaomei / "+a.demoPassword()+"  (supervisor: laowang, admin: admin; same password)")
	} else if _, err := os.Stat(a.adminPasswordFile()); err == nil {
		lines = append(lines, "console first admin: login admin, password in "+a.adminPasswordFile())
	}
	return lines
}

// kbSnippets gives the copilot the knowledge passages for a question.
type kbSnippets struct{ s *kb.Service }

func (k kbSnippets) Search(ctx context.Context, question, productID string, n int) ([]console.Snippet, error) {
	hits, err := k.s.Search(ctx, question, kb.Query{ProductID: productID, K: n})
	var out []console.Snippet
	for _, h := range hits {
		out = append(out, console.Snippet{DocID: h.DocID, Title: h.Title, Text: h.Text, Score: h.Score})
	}
	return out, err
}

// kbAdmin backs the knowledge and unanswered-questions admin pages.
type kbAdmin struct {
	s *kb.Service
	a *App
}

func (k kbAdmin) Documents(ctx context.Context) ([]shop.KnowledgeDoc, error) {
	return k.a.Store.Documents(ctx)
}
func (k kbAdmin) PutDocument(ctx context.Context, d shop.KnowledgeDoc) error {
	return k.s.PutDocument(ctx, d)
}
func (k kbAdmin) DeleteDocument(ctx context.Context, id string) error {
	return k.s.DeleteDocument(ctx, id)
}
func (k kbAdmin) Unanswered(ctx context.Context, status string) ([]shop.Unanswered, error) {
	return k.s.Unanswered(ctx, status)
}
func (k kbAdmin) FAQs(ctx context.Context) ([]shop.FAQ, error) { return k.a.Store.FAQs(ctx) }
func (k kbAdmin) DeleteFAQ(ctx context.Context, id string) error {
	return k.s.DeleteFAQ(ctx, id)
}

func (k kbAdmin) AddFile(ctx context.Context, name string, data []byte, productIDs []string) (console.KnowledgeFileResult, error) {
	r, err := k.s.AddFile(ctx, name, data, kb.ParseMeta{ProductIDs: productIDs})
	return console.KnowledgeFileResult{Documents: r.Documents, FAQs: r.FAQs, Removed: r.Removed, Chunks: r.Chunks}, err
}

// trialPassages is how many ranked passages a trial question shows.
const trialPassages = 5

// Try answers like the bot's knowledge lookup (same index, same semantic
// fusion when configured) from one search whose passages it also shows; it
// does not go through Service.Ask, so the trial is not logged as an
// unanswered question.
func (k kbAdmin) Try(ctx context.Context, question, productID string) (console.KnowledgeTrial, error) {
	ix := k.s.Index()
	q := kb.Query{ProductID: productID, K: max(trialPassages, kb.SuggestCandidates), Suggest: true}
	hits, err := k.s.Search(ctx, question, q)
	if err != nil {
		return console.KnowledgeTrial{}, err
	}
	ans := ix.AnswerHits(question, hits, q)
	hits = hits[:min(len(hits), trialPassages)]
	tr := console.KnowledgeTrial{
		Found: ans.Found, Confidence: ans.Confidence, Threshold: ix.Options().MinConfidence,
	}
	if ans.Found {
		tr.Text = ans.Text
		tr.Source = &console.DocRef{ID: ans.Hit.DocID, Title: ans.Hit.Title, Kind: ans.Hit.Kind}
	}
	for _, s := range ans.Suggestions {
		tr.Suggestions = append(tr.Suggestions, s.Question)
	}
	for _, h := range hits {
		tr.Passages = append(tr.Passages, console.TrialPassage{
			DocID: h.DocID, Title: h.Title, Heading: h.Heading, Kind: h.Kind, Text: h.Text,
			Score: h.Score, Confidence: ix.Confidence(h), Explain: h.Explain,
		})
	}
	return tr, nil
}

// Related proposes documents for each unanswered question: the product
// page of the product its last conversation was about, then the documents of
// the best passages (with that product boosted). FAQs and example
// conversations are no place for a new answer.
func (k kbAdmin) Related(ctx context.Context, entries []shop.Unanswered, n int) ([][]console.DocRef, error) {
	var docs []shop.KnowledgeDoc // loaded when an entry has a product
	out := make([][]console.DocRef, len(entries))
	for i, u := range entries {
		var refs []console.DocRef
		add := func(id, title, kind string) {
			if len(refs) < n && kind != shop.DocFAQ && kind != shop.DocConversation &&
				!slices.ContainsFunc(refs, func(d console.DocRef) bool { return d.ID == id }) {
				refs = append(refs, console.DocRef{ID: id, Title: title, Kind: kind})
			}
		}
		product := ""
		if l := len(u.ConversationIDs); l > 0 {
			c, err := k.a.Store.Conversation(ctx, u.ConversationIDs[l-1])
			if err == nil {
				product = c.ProductID
			} else if !errors.Is(err, store.ErrNotFound) {
				return nil, err
			}
		}
		if product != "" {
			if docs == nil {
				var err error
				if docs, err = k.a.Store.Documents(ctx); err != nil {
					return nil, err
				}
			}
			for _, d := range docs {
				if d.Kind == shop.DocProductPage && slices.Contains(d.ProductIDs, product) {
					add(d.ID, d.Title, d.Kind)
				}
			}
		}
		for _, h := range k.s.Index().Search(u.Question, kb.Query{K: 10, ProductID: product}) {
			add(h.DocID, h.Title, h.Kind)
		}
		out[i] = refs
	}
	return out, nil
}

func (k kbAdmin) Teach(ctx context.Context, id int64, question, answer, documentID string) error {
	req := kb.TeachRequest{Answer: answer, Question: question, DocumentID: documentID, AsFAQ: documentID == ""}
	_, err := k.s.Teach(ctx, id, req)
	if errors.Is(err, kb.ErrInvalid) {
		return fmt.Errorf("%w: %v", team.ErrInvalid, err)
	}
	return err
}
func (k kbAdmin) Dismiss(ctx context.Context, id int64) error { return k.s.Dismiss(ctx, id) }

// boundaries edits the bot's limits inside the shop's policies.
type boundaries struct{ a *App }

func (b boundaries) Policies(ctx context.Context) (shop.Policies, error) {
	return b.a.Store.Policies(ctx)
}

func (b boundaries) SetBotLimits(ctx context.Context, l shop.BotLimits) error {
	p, err := b.a.Store.Policies(ctx)
	if err != nil {
		return err
	}
	p.BotLimits = l
	_, err = b.a.ImportBundle(ctx, &shop.Bundle{Policies: &p})
	return err
}
