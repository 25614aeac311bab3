package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
)

// consoleClient is a logged-in console session (cookie + CSRF token).
type consoleClient struct {
	t    *testing.T
	base string
	hc   *http.Client
	csrf string
}

func consoleLogin(t *testing.T, base, login, password string) *consoleClient {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &consoleClient{t: t, base: base, hc: &http.Client{Jar: jar}}
	code, out := c.do("POST", "/console/api/login", map[string]any{"login": login, "password": password})
	if code != 200 {
		t.Fatalf("login %s: %d %v", login, code, out)
	}
	c.csrf, _ = out["csrf"].(string)
	return c
}

func (c *consoleClient) do(method, path string, body any) (int, map[string]any) {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := map[string]any{"_raw": string(raw)}
	_ = json.Unmarshal(raw, &out)
	return resp.StatusCode, out
}

// ask opens a conversation on a product page and returns the bot's reply
// text and whether it handed over.
func ask(t *testing.T, base, productID, text string) (string, bool) {
	t.Helper()
	id, tok := startConversation(t, base, map[string]any{"product_id": productID})
	code, out := client{t: t, base: base, token: tok}.do("POST", "/api/v1/conversations/"+id+"/messages", map[string]any{"text": text})
	if code != http.StatusCreated {
		t.Fatalf("post: %d %s", code, out["_raw"])
	}
	var texts []string
	for _, r := range out["replies"].([]any) {
		texts = append(texts, r.(map[string]any)["text"].(string))
	}
	return strings.Join(texts, "\n"), out["handoff"] != nil
}

// TestConsoleAdminChangesTheBot: what an admin sets in the console's admin
// pages (bot boundaries, teaching an unanswered question) changes what the
// bot does next, through the real store and engines.
func TestConsoleAdminChangesTheBot(t *testing.T) {
	a, srv := testApp(t)
	admin := consoleLogin(t, srv.URL, "admin", a.demoPassword())

	// Boundaries: make bargaining an always-human intent.
	if _, handoff := ask(t, srv.URL, "P-COAT-01", "能便宜点吗"); handoff {
		t.Fatal("bargaining handed over before the boundary was set")
	}
	code, out := admin.do("GET", "/console/api/boundaries", nil)
	if code != 200 {
		t.Fatalf("get boundaries: %d %v", code, out["_raw"])
	}
	limits := out["bot_limits"].(map[string]any)
	limits["always_human_intents"] = append(toStrings(limits["always_human_intents"]), "price_negotiation")
	if code, out := admin.do("PUT", "/console/api/boundaries", limits); code != 200 {
		t.Fatalf("put boundaries: %d %v", code, out["_raw"])
	}
	if _, handoff := ask(t, srv.URL, "P-COAT-01", "能便宜点吗"); !handoff {
		t.Error("bargaining not handed over after the admin made it always-human")
	}

	// Teach: an unanswered question becomes knowledge the bot uses.
	const q = "这件大衣可以绣名字吗"
	if reply, _ := ask(t, srv.URL, "P-COAT-01", q); strings.Contains(reply, "免费绣字") {
		t.Fatalf("answered before teaching: %s", reply)
	}
	code, out = admin.do("GET", "/console/api/unanswered", nil)
	if code != 200 {
		t.Fatalf("unanswered: %d %v", code, out["_raw"])
	}
	var id int64
	list, _ := out["unanswered"].([]any)
	for _, u := range list {
		m := u.(map[string]any)
		if strings.Contains(fmt.Sprint(m["question"]), "绣名字") {
			id = int64(m["id"].(float64))
		}
	}
	if id == 0 {
		t.Fatalf("question not in the console's unanswered list: %v", out["_raw"])
	}
	if code, out := admin.do("POST", fmt.Sprintf("/console/api/unanswered/%d/teach", id),
		map[string]any{"answer": "这款大衣支持免费绣字,下单时备注想绣的文字(不超过6个字),会晚2天发货。"}); code != 200 {
		t.Fatalf("teach: %d %v", code, out["_raw"])
	}
	if reply, _ := ask(t, srv.URL, "P-COAT-01", q); !strings.Contains(reply, "免费绣字") {
		t.Errorf("not answered after teaching in the console: %s", reply)
	}

	// An agent may not change the boundaries.
	agent := consoleLogin(t, srv.URL, "xiaomei", a.demoPassword())
	if code, _ := agent.do("PUT", "/console/api/boundaries", limits); code != http.StatusForbidden {
		t.Errorf("agent changed boundaries: %d", code)
	}
}

func toStrings(v any) []any {
	l, _ := v.([]any)
	return l
}
