// Package e2e drives the assembled Xiaoer in a real headless Chromium: the
// shopper widget on the demo shop page and the agent console, side by side.
// The tests skip when Chromium is not installed (apt-get install chromium);
// CI installs it. Screenshots go to $XIAOER_ARTIFACTS (or a temp dir).
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/xiaoer-cs/xiaoer/internal/app"
	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/config"
	"github.com/xiaoer-cs/xiaoer/internal/kb"
)

// chromiumPath finds the browser: $XIAOER_CHROMIUM, then Debian's package.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("XIAOER_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	const msg = "Chromium not found: install it (apt-get install -y chromium) or set XIAOER_CHROMIUM to run the browser tests"
	if os.Getenv("CI") != "" {
		// In CI the browser tests are required: .ci/run installs Chromium.
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("XIAOER_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	dir = filepath.Join(dir, "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// startDemo runs the same graph as `xiaoer serve --demo` on a temp data dir.
func startDemo(t *testing.T) (*app.App, *httptest.Server) {
	t.Helper()
	c := &config.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), Demo: true, LogLevel: "error", LogFormat: "text",
		ShopSecret: "e2e-shop-secret", AdminKey: "e2e-admin-key"}
	a, err := app.New(context.Background(), c, app.Options{LogOutput: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(func() { srv.Close(); a.Close() })
	return a, srv
}

// demoPassword reads the demo agent password from the start-up banner,
// exactly as a newcomer would.
func demoPassword(t *testing.T, a *app.App, base string) string {
	t.Helper()
	for _, l := range a.ExtraBanner(base) {
		if rest, ok := strings.CutPrefix(l, "demo agent login: xiaomei / "); ok {
			return strings.Fields(rest)[0]
		}
	}
	t.Fatalf("the banner does not print the demo agent login: %q", a.ExtraBanner(base))
	return ""
}

type browser struct {
	t   *testing.T
	dir string
	n   int
}

func (b *browser) shot(ctx context.Context, name string) {
	b.t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	b.n++
	p := filepath.Join(b.dir, fmt.Sprintf("%02d-%s.png", b.n, name))
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		b.t.Logf("save screenshot: %v", err)
	}
}

// wait polls a JavaScript predicate in the tab until it is truthy.
func wait(t *testing.T, ctx context.Context, what, expr string, timeout time.Duration) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool]("!!("+expr+")", chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// newTab starts headless Chromium at exe and returns a tab that closes, with
// the browser, when the test ends or the timeout passes.
func newTab(t *testing.T, exe string, timeout time.Duration) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.WindowSize(1280, 860))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	actx, cancelTimeout := context.WithTimeout(actx, timeout)
	tab, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelTab(); cancelTimeout(); cancelAlloc() })
	return tab
}

// xssPayload is what an attacker types into the widget: if any view inserted
// it as HTML, window.__xss would be set.
const xssPayload = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>你好`

// TestShopperToAgentAndBack is the main flow: a shopper chats on the demo
// page and asks for a human; an agent logs in, sees the conversation with
// its summary, sends a copilot suggestion; the shopper sees it at once and
// rates the chat. Shopper-typed HTML stays text in both views.
func TestShopperToAgentAndBack(t *testing.T) {
	exe := chromiumPath(t)
	a, srv := startDemo(t)
	password := demoPassword(t, a, srv.URL)
	b := &browser{t: t, dir: artifactsDir(t)}
	t.Logf("screenshots: %s", b.dir)

	shopper := newTab(t, exe, 3*time.Minute)

	// --- the shopper on the demo product page ---
	do(t, shopper, "open demo page", chromedp.Navigate(srv.URL+"/demo/p/P-COAT-01"),
		chromedp.WaitVisible(chromedp.CSS("#xiaoer-launcher")))
	do(t, shopper, "open widget", chromedp.Click(chromedp.CSS("#xiaoer-launcher")), chromedp.WaitVisible(chromedp.CSS("#xiaoer-input")))
	do(t, shopper, "ask", chromedp.SendKeys(chromedp.CSS("#xiaoer-input"), "有M码吗"), chromedp.Click(chromedp.CSS("#xiaoer-send")))
	wait(t, shopper, "the bot's answer", `document.querySelector('.xiaoer-msg-bot[data-seq]')`, 15*time.Second)
	do(t, shopper, "send XSS", chromedp.SetValue(chromedp.CSS("#xiaoer-input"), xssPayload), chromedp.Click(chromedp.CSS("#xiaoer-send")))
	wait(t, shopper, "the payload echoed as text",
		`[...document.querySelectorAll('.xiaoer-msg-customer[data-seq] .xiaoer-bubble')].some(e => e.textContent.includes('<script>'))`, 10*time.Second)
	b.shot(shopper, "shopper-chat")
	do(t, shopper, "ask for a human", chromedp.Click(chromedp.CSS("#xiaoer-ask-human")))
	wait(t, shopper, "the handoff notice", `document.querySelector('#xiaoer-panel').dataset.status === 'waiting'`, 15*time.Second)
	b.shot(shopper, "shopper-waiting")
	if x := eval[any](t, shopper, `window.__xss === undefined ? null : window.__xss`); x != nil {
		t.Fatalf("the widget ran the shopper's HTML (window.__xss = %v)", x)
	}
	convID := eval[string](t, shopper, `JSON.parse(localStorage.getItem('xiaoer:conv:anon')).id`)

	// --- the agent in the console (a second tab of the same browser) ---
	agent, cancelAgent := chromedp.NewContext(shopper)
	defer cancelAgent()
	do(t, agent, "open console", chromedp.Navigate(srv.URL+"/console/"), chromedp.WaitVisible(chromedp.CSS("#login-name")))
	b.shot(agent, "console-login")
	do(t, agent, "log in", chromedp.SendKeys(chromedp.CSS("#login-name"), "xiaomei"),
		chromedp.SendKeys(chromedp.CSS("#login-password"), password), chromedp.Click(chromedp.CSS("#login-submit")))
	// Online now, the agent gets the waiting conversation (auto-assignment)
	// and sees it with the bot's summary.
	wait(t, agent, "the conversation in the list",
		fmt.Sprintf(`document.querySelector('.item[data-id=%q] .summary')`, convID), 15*time.Second)
	do(t, agent, "open it", chromedp.Click(chromedp.CSS(fmt.Sprintf(".item[data-id=%q]", convID))))
	wait(t, agent, "the handoff packet", `(document.querySelector('#packet-summary')||{}).textContent?.length > 6`, 10*time.Second)
	summary := eval[string](t, agent, `document.querySelector('#packet-summary').textContent`)
	if !strings.Contains(summary, "转人工摘要") || len([]rune(summary)) < 8 {
		t.Errorf("packet summary = %q", summary)
	}
	wait(t, agent, "the payload shown as text in the console",
		`[...document.querySelectorAll('#messages .msg-customer .text')].some(e => e.textContent.includes('<img src=x'))`, 10*time.Second)
	if n := eval[int](t, agent, `document.querySelectorAll('#messages img:not(.photo)').length`); n != 0 {
		t.Errorf("the console rendered %d <img> elements from shopper text", n)
	}
	wait(t, agent, "copilot suggestions", `document.querySelector('#suggestions .suggestion')`, 15*time.Second)
	b.shot(agent, "console-conversation")

	// Use the first suggestion, edit it, send it.
	do(t, agent, "pick a suggestion", chromedp.Click(chromedp.CSS("#suggestions .suggestion")))
	draft := eval[string](t, agent, `document.querySelector('#reply-input').value`)
	if strings.TrimSpace(draft) == "" {
		t.Fatal("clicking a suggestion left the reply box empty")
	}
	do(t, agent, "edit", chromedp.SendKeys(chromedp.CSS("#reply-input"), " [e2e]"))
	sent := time.Now()
	do(t, agent, "send", chromedp.Click(chromedp.CSS("#reply-send")))

	// --- the shopper sees it live ---
	wait(t, shopper, "the agent's reply in the widget",
		`[...document.querySelectorAll('.xiaoer-msg-agent .xiaoer-bubble')].some(e => e.textContent.includes('[e2e]'))`, 5*time.Second)
	took := time.Since(sent)
	t.Logf("agent reply reached the widget in %v", took)
	if took > 3*time.Second { // the requirement is about a second; the bound leaves room for a slow CI machine
		t.Errorf("agent reply took %v to reach the widget", took)
	}
	wait(t, shopper, "the human-joined banner", `!document.querySelector('#xiaoer-human').hidden`, 5*time.Second)
	b.shot(shopper, "shopper-agent-reply")

	// --- a new handoff appears in the console without reload ---
	other := newConversationViaAPI(t, srv.URL)
	wait(t, agent, "a new handoff arriving live", fmt.Sprintf(`document.querySelector('.item[data-id=%q]')`, other), 15*time.Second)

	// --- close, and the shopper rates ---
	do(t, agent, "close", chromedp.Click(chromedp.CSS(fmt.Sprintf(".item[data-id=%q]", convID))))
	wait(t, agent, "reopened", fmt.Sprintf(`document.querySelector('.item.active[data-id=%q]')`, convID), 5*time.Second)
	do(t, agent, "close", chromedp.Click(chromedp.CSS("#act-close")))
	wait(t, shopper, "the rating stars", `document.querySelector('.xiaoer-star[data-score="5"]') && !document.querySelector('#xiaoer-csat').hidden`, 10*time.Second)
	b.shot(shopper, "shopper-rating")
	do(t, shopper, "rate 5", chromedp.Click(chromedp.CSS(`.xiaoer-star[data-score="5"]`)))
	wait(t, shopper, "thanks", `document.querySelector('.xiaoer-csat-thanks')`, 10*time.Second)
	b.shot(shopper, "shopper-rated")
	conv, err := a.Store.Conversation(context.Background(), convID)
	if err != nil {
		t.Fatal(err)
	}
	if conv.Status != chat.StatusClosed || conv.CSAT != 5 {
		t.Errorf("stored conversation status=%s csat=%d, want closed and 5", conv.Status, conv.CSAT)
	}
	wait(t, agent, "the rating in the console", `document.querySelector('#packet') && document.querySelector('#packet').textContent.includes('5★')`, 10*time.Second)
	b.shot(agent, "console-closed")
	if x := eval[any](t, agent, `window.__xss === undefined ? null : window.__xss`); x != nil {
		t.Fatalf("the console ran the shopper's HTML (window.__xss = %v)", x)
	}

	// On a phone the widget takes the whole screen.
	do(t, shopper, "phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	wait(t, shopper, "full-screen panel", `Math.abs(document.querySelector('#xiaoer-panel').getBoundingClientRect().width - window.innerWidth) < 2`, 5*time.Second)
	b.shot(shopper, "shopper-phone")
}

// newConversationViaAPI opens a conversation as another shopper and asks
// for a human, returning its id.
func newConversationViaAPI(t *testing.T, base string) string {
	t.Helper()
	post := func(path, token string, body any) map[string]any {
		bs, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", base+path, bytes.NewReader(bs))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out := map[string]any{}
		_ = json.NewDecoder(resp.Body).Decode(&out)
		if resp.StatusCode >= 300 {
			t.Fatalf("POST %s: %d %v", path, resp.StatusCode, out)
		}
		return out
	}
	c := post("/api/v1/conversations", "", map[string]any{"visitor_id": "v-second"})
	id := c["conversation"].(map[string]any)["id"].(string)
	post("/api/v1/conversations/"+id+"/messages", c["token"].(string), map[string]any{"client_msg_id": "m1", "text": "我要投诉,转人工"})
	return id
}

// TestShopperPicksASuggestion: a question the knowledge base declines gets
// "您是不是想问" buttons; tapping one shows the answer the knowledge base
// gives to that question.
func TestShopperPicksASuggestion(t *testing.T) {
	exe := chromiumPath(t)
	a, srv := startDemo(t)
	b := &browser{t: t, dir: artifactsDir(t)}
	shopper := newTab(t, exe, 2*time.Minute)

	do(t, shopper, "open demo page", chromedp.Navigate(srv.URL+"/demo/"),
		chromedp.WaitVisible(chromedp.CSS("#xiaoer-launcher")))
	do(t, shopper, "open widget", chromedp.Click(chromedp.CSS("#xiaoer-launcher")), chromedp.WaitVisible(chromedp.CSS("#xiaoer-input")))
	do(t, shopper, "ask", chromedp.SendKeys(chromedp.CSS("#xiaoer-input"), "冬天过了大衣怎么收起来放"), chromedp.Click(chromedp.CSS("#xiaoer-send")))
	wait(t, shopper, "suggestion buttons", `[...document.querySelectorAll('.xiaoer-quick-btn')].some(e => e.textContent !== '转人工')`, 15*time.Second)
	b.shot(shopper, "suggestions")
	label := eval[string](t, shopper, `[...document.querySelectorAll('.xiaoer-quick-btn')].find(e => e.textContent !== '转人工').textContent`)
	want := a.KB.Index().Answer(label, kb.Query{})
	if !want.Found {
		t.Fatalf("suggestion %q is not answered by the knowledge base", label)
	}
	bots := eval[int](t, shopper, `document.querySelectorAll('.xiaoer-msg-bot[data-seq]').length`)
	do(t, shopper, "tap the suggestion", chromedp.Click(chromedp.CSS(`.xiaoer-quick-btn`)))
	wait(t, shopper, "the answer", fmt.Sprintf(`document.querySelectorAll('.xiaoer-msg-bot[data-seq]').length > %d`, bots), 15*time.Second)
	got := eval[string](t, shopper, `[...document.querySelectorAll('.xiaoer-msg-bot[data-seq] .xiaoer-bubble')].pop().textContent`)
	b.shot(shopper, "suggestion-answered")
	head := []rune(want.Text)
	if len(head) > 12 {
		head = head[:12]
	}
	if !strings.Contains(got, string(head)) {
		t.Errorf("tapped %q, bot said %q, want the knowledge base's answer %q", label, got, want.Text)
	}
}

// TestAdminTeachesInTheConsole: an admin works the knowledge tools of the
// console's 管理 tab: a question shoppers asked is listed (its HTML shown as
// text) with documents to add the answer to; teaching it into one shows, in
// the trial panel, that the knowledge base now answers it from there; an
// uploaded Markdown file is answered from at once.
func TestAdminTeachesInTheConsole(t *testing.T) {
	exe := chromiumPath(t)
	a, srv := startDemo(t)
	b := &browser{t: t, dir: artifactsDir(t)}
	ctx := context.Background()
	const q = "大衣扣子掉了能补寄吗"
	for _, text := range []string{q, xssPayload + "能送货上楼吗"} {
		if _, err := a.KB.LogUnanswered(ctx, text, "conv-e2e"); err != nil {
			t.Fatal(err)
		}
	}
	md := filepath.Join(t.TempDir(), "pet-guide.md")
	if err := os.WriteFile(md, []byte("# 宠物用品说明\n\n## 猫抓板\n\n本店猫抓板采用高密度瓦楞纸,可双面使用,建议每两个月更换一次。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	admin := newTab(t, exe, 2*time.Minute)
	do(t, admin, "open console", chromedp.Navigate(srv.URL+"/console/"), chromedp.WaitVisible(chromedp.CSS("#login-name")))
	do(t, admin, "log in", chromedp.SendKeys(chromedp.CSS("#login-name"), "admin"),
		chromedp.SendKeys(chromedp.CSS("#login-password"), demoPassword(t, a, srv.URL)), chromedp.Click(chromedp.CSS("#login-submit")))
	do(t, admin, "open 管理", chromedp.WaitVisible(chromedp.CSS("#tab-btn-admin")), chromedp.Click(chromedp.CSS("#tab-btn-admin")))
	wait(t, admin, "the unanswered question with documents to add it to",
		`[...document.querySelectorAll('#unanswered-list li')].some(li => li.textContent.includes('`+q+`') && li.querySelectorAll('select option').length > 1)`, 15*time.Second)
	if n := eval[int](t, admin, `document.querySelectorAll('#unanswered-list img, #unanswered-list script').length`); n != 0 {
		t.Errorf("the unanswered list rendered %d elements from shopper text", n)
	}
	b.shot(admin, "kb-unanswered")

	// Teach it into the first proposed document.
	item := `[...document.querySelectorAll('#unanswered-list li')].find(li => li.textContent.includes('` + q + `'))`
	docTitle := eval[string](t, admin, item+`.querySelectorAll('select option')[1].textContent`)
	eval[bool](t, admin, `(() => { const li = `+item+`; li.querySelector('textarea').value = '扣子掉了请联系客服免费补寄同款纽扣,每件大衣也随附一粒备用扣。'; const s = li.querySelector('select'); s.selectedIndex = 1; return true })()`)
	do(t, admin, "teach", chromedp.Click(chromedp.JSPath(item+`.querySelector('button')`)))
	wait(t, admin, "the trial panel answering the taught question",
		`document.querySelector('#try-result .verdict.yes') && document.querySelector('#try-result blockquote').textContent.includes('备用扣')`, 15*time.Second)
	src := eval[string](t, admin, `document.querySelector('#try-result .trial > div').textContent`)
	if title := strings.TrimPrefix(docTitle, "追加到"); !strings.Contains(src, title) {
		t.Errorf("the answer's source is %q, want the document it was taught into, %s", src, title)
	}
	if eval[bool](t, admin, `document.querySelector('#unanswered-list').textContent.includes('`+q+`')`) {
		t.Error("the taught question is still listed")
	}
	b.shot(admin, "kb-taught")

	// Upload a Markdown file and ask about it.
	do(t, admin, "upload", chromedp.SetUploadFiles(chromedp.CSS(`#file-form input[type=file]`), []string{md}),
		chromedp.Click(chromedp.CSS(`#file-form button`)))
	wait(t, admin, "the upload reported", `document.querySelector('#admin-result').textContent.includes('pet-guide.md')`, 15*time.Second)
	if msg := eval[string](t, admin, `document.querySelector('#admin-result').textContent`); !strings.Contains(msg, "已导入") {
		t.Fatalf("upload failed: %s", msg)
	}
	wait(t, admin, "the uploaded document listed", `document.querySelector('#docs-list').textContent.includes('宠物用品说明')`, 15*time.Second)
	do(t, admin, "try a question about it", chromedp.SetValue(chromedp.CSS(`#try-form input[name=q]`), "猫抓板多久换一次"),
		chromedp.Click(chromedp.CSS(`#try-form button`)))
	wait(t, admin, "the trial answering from the upload",
		`document.querySelector('#try-result .verdict.yes') && document.querySelector('#try-result blockquote').textContent.includes('两个月')`, 15*time.Second)
	b.shot(admin, "kb-upload-answered")
	if x := eval[any](t, admin, `window.__xss`); x != nil {
		t.Fatalf("the console ran shopper HTML (window.__xss = %v)", x)
	}
}
