package app

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/auth"
	"github.com/xiaoer-cs/xiaoer/internal/clock"
	"github.com/xiaoer-cs/xiaoer/internal/config"
	"github.com/xiaoer-cs/xiaoer/internal/demo"
)

// testApp builds the same graph `xiaoer serve --demo` runs, on a temp
// SQLite data dir and a clock stopped at the demo's anchor time.
func testApp(t testing.TB) (*App, *httptest.Server) {
	t.Helper()
	c := &config.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), Demo: true, LogLevel: "error", LogFormat: "text",
		ShopSecret: "test-shop-secret", AdminKey: "test-admin-key"}
	a, err := New(context.Background(), c, Options{Clock: clock.NewFixed(demo.AnchorTime()), LogOutput: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(func() { srv.Close(); a.Close() })
	return a, srv
}

type client struct {
	t     *testing.T
	base  string
	token string
}

func (c client) do(method, path string, body any) (int, map[string]any) {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := map[string]any{}
	_ = json.Unmarshal(raw, &out)
	out["_raw"] = string(raw)
	return resp.StatusCode, out
}

func startConversation(t *testing.T, base string, body map[string]any) (id, token string) {
	t.Helper()
	code, out := client{t: t, base: base}.do("POST", "/api/v1/conversations", body)
	if code != http.StatusCreated {
		t.Fatalf("create conversation: %d %s", code, out["_raw"])
	}
	return out["conversation"].(map[string]any)["id"].(string), out["token"].(string)
}

func TestConversationIsPersistedAndAnswered(t *testing.T) {
	a, srv := testApp(t)
	id, tok := startConversation(t, srv.URL, map[string]any{"visitor_id": "v1"})
	shopper := client{t: t, base: srv.URL, token: tok}

	code, out := shopper.do("POST", "/api/v1/conversations/"+id+"/messages", map[string]any{"client_msg_id": "m1", "text": "你好,在吗"})
	if code != http.StatusCreated {
		t.Fatalf("post: %d %s", code, out["_raw"])
	}
	if rs, _ := out["replies"].([]any); len(rs) == 0 {
		t.Fatalf("no bot reply: %s", out["_raw"])
	}
	// The message is in the database, not just in the response.
	ms, err := a.Store.Messages(context.Background(), id, 0, 0)
	if err != nil || len(ms) < 2 || ms[0].Text != "你好,在吗" || ms[0].ClientMsgID != "m1" {
		t.Fatalf("stored messages = %+v, %v", ms, err)
	}

	// A retry with the same client id stores nothing new and replays the answer.
	code, again := shopper.do("POST", "/api/v1/conversations/"+id+"/messages", map[string]any{"client_msg_id": "m1", "text": "你好,在吗"})
	if code != http.StatusOK || again["duplicate"] != true {
		t.Fatalf("retry: %d %s", code, again["_raw"])
	}
	ms2, _ := a.Store.Messages(context.Background(), id, 0, 0)
	if len(ms2) != len(ms) {
		t.Errorf("retry stored %d new messages", len(ms2)-len(ms))
	}

	code, hist := shopper.do("GET", "/api/v1/conversations/"+id+"/messages", nil)
	if code != 200 || len(hist["messages"].([]any)) != len(ms) {
		t.Errorf("history: %d %s", code, hist["_raw"])
	}
}

func TestPostRejectsBadInput(t *testing.T) {
	_, srv := testApp(t)
	id, tok := startConversation(t, srv.URL, nil)
	shopper := client{t: t, base: srv.URL, token: tok}
	tests := []struct {
		name string
		body any
		code int
		want string
	}{
		{"empty text", map[string]any{"text": "  "}, 400, "empty"},
		{"too long", map[string]any{"text": strings.Repeat("长", 2001)}, 400, "2000"},
		{"unknown field", map[string]any{"txt": "hi"}, 400, "txt"},
		{"wrong type", map[string]any{"text": 5}, 400, "text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out := shopper.do("POST", "/api/v1/conversations/"+id+"/messages", tt.body)
			if code != tt.code || !strings.Contains(out["_raw"].(string), tt.want) {
				t.Errorf("got %d %s, want %d mentioning %q", code, out["_raw"], tt.code, tt.want)
			}
		})
	}
}

// TestShopperCannotReachAnotherConversation acts as shopper A, shopper B,
// an outsider and the admin in turn.
func TestShopperCannotReachAnotherConversation(t *testing.T) {
	_, srv := testApp(t)
	idA, tokA := startConversation(t, srv.URL, map[string]any{"visitor_id": "a"})
	idB, tokB := startConversation(t, srv.URL, map[string]any{"visitor_id": "b"})
	client{t: t, base: srv.URL, token: tokB}.do("POST", "/api/v1/conversations/"+idB+"/messages", map[string]any{"text": "我的地址是秘密"})

	forged := tokA[:strings.Index(tokA, ".")] + ".AAAA"
	tests := []struct {
		name  string
		token string
		code  int
	}{
		// Attack: shopper A reuses their own valid token on B's conversation.
		{"shopper A on B", tokA, http.StatusForbidden},
		// Attack: no credentials at all.
		{"anonymous", "", http.StatusUnauthorized},
		// Attack: tampered signature.
		{"forged token", forged, http.StatusUnauthorized},
		// Attack: a random string as if it were the admin key.
		{"guessed admin key", "admin", http.StatusUnauthorized},
		{"shopper B on B", tokB, http.StatusOK},
		{"admin", "test-admin-key", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := client{t: t, base: srv.URL, token: tt.token}
			for _, path := range []string{"", "/messages"} {
				code, out := c.do("GET", "/api/v1/conversations/"+idB+path, nil)
				if code != tt.code {
					t.Errorf("GET %s: %d, want %d", path, code, tt.code)
				}
				if tt.code != 200 && strings.Contains(out["_raw"].(string), "秘密") {
					t.Errorf("GET %s leaked B's message", path)
				}
			}
			if tt.code != 200 {
				code, _ := c.do("POST", "/api/v1/conversations/"+idB+"/messages", map[string]any{"text": "hi"})
				if code != tt.code {
					t.Errorf("POST: %d, want %d", code, tt.code)
				}
				req, _ := http.NewRequest("GET", srv.URL+"/api/v1/conversations/"+idB+"/events?token="+tt.token, nil)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != tt.code {
					t.Errorf("events: %d, want %d", resp.StatusCode, tt.code)
				}
			}
		})
	}
	_ = idA
}

func TestVerifiedIdentity(t *testing.T) {
	a, srv := testApp(t)
	cs, err := a.Store.Customers(context.Background())
	if err != nil || len(cs) < 2 {
		t.Fatalf("demo customers: %v", err)
	}
	c1, c2 := cs[0].ID, cs[1].ID
	anon := client{t: t, base: srv.URL}
	tests := []struct {
		name string
		body map[string]any
		code int
	}{
		{"valid signature", map[string]any{"customer_id": c1, "identity_sig": auth.IdentitySignature("test-shop-secret", c1)}, 201},
		// Attack: a browser claims a customer id without proof.
		{"bare customer id", map[string]any{"customer_id": c1}, 401},
		// Attack: reuse one customer's signature for another.
		{"signature of another customer", map[string]any{"customer_id": c2, "identity_sig": auth.IdentitySignature("test-shop-secret", c1)}, 401},
		{"unknown customer", map[string]any{"customer_id": "nobody", "identity_sig": auth.IdentitySignature("test-shop-secret", "nobody")}, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out := anon.do("POST", "/api/v1/conversations", tt.body)
			if code != tt.code {
				t.Fatalf("%d %s", code, out["_raw"])
			}
			if code == 201 {
				id := out["conversation"].(map[string]any)["id"].(string)
				conv, _ := a.Store.Conversation(context.Background(), id)
				if conv.CustomerID != c1 {
					t.Errorf("customer = %q", conv.CustomerID)
				}
			}
		})
	}
	// Server-to-server with the admin key acts for any customer.
	code, out := client{t: t, base: srv.URL, token: "test-admin-key"}.do("POST", "/api/v1/conversations", map[string]any{"customer_id": c2})
	if code != 201 || out["conversation"].(map[string]any)["customer_id"] != c2 {
		t.Errorf("admin on behalf: %d %s", code, out["_raw"])
	}
}

func TestEventStreamResumesWithoutDuplicates(t *testing.T) {
	_, srv := testApp(t)
	id, tok := startConversation(t, srv.URL, nil)
	shopper := client{t: t, base: srv.URL, token: tok}
	shopper.do("POST", "/api/v1/conversations/"+id+"/messages", map[string]any{"text": "第一条"})

	read := func(lastID string, want int) []int64 {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/v1/conversations/"+id+"/events?token="+tok, nil)
		if lastID != "" {
			req.Header.Set("Last-Event-ID", lastID)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
			t.Fatalf("content type %q", ct)
		}
		var seqs []int64
		sc := bufio.NewScanner(resp.Body)
		posted := false
		for sc.Scan() {
			line := sc.Text()
			if v, ok := strings.CutPrefix(line, "id: "); ok {
				n, _ := strconv.ParseInt(v, 10, 64)
				seqs = append(seqs, n)
				if len(seqs) == want {
					return seqs
				}
			}
			if line == ": ready" && !posted {
				posted = true
				// A live message after the backlog arrives on the same stream.
				go shopper.do("POST", "/api/v1/conversations/"+id+"/messages", map[string]any{"text": "第二条"})
			}
		}
		t.Fatalf("stream ended after %v, wanted %d events", seqs, want)
		return nil
	}
	first := read("", 4) // backlog: message + reply; live: message + reply
	for i := 1; i < len(first); i++ {
		if first[i] != first[i-1]+1 {
			t.Fatalf("seqs not consecutive: %v", first)
		}
	}
	// Resuming after seq 2 yields 3, 4 (and the reply/message to the new post), never 1 or 2.
	again := read("2", 2)
	if again[0] != 3 {
		t.Errorf("resume from 2 started at %v", again)
	}
}

func TestCustomerTextIsEscapedInJSON(t *testing.T) {
	_, srv := testApp(t)
	id, tok := startConversation(t, srv.URL, nil)
	shopper := client{t: t, base: srv.URL, token: tok}
	_, out := shopper.do("POST", "/api/v1/conversations/"+id+"/messages", map[string]any{"text": "<script>alert(1)</script>"})
	if strings.Contains(out["_raw"].(string), "<script>") {
		t.Errorf("raw HTML in JSON response: %s", out["_raw"])
	}
	msg := out["message"].(map[string]any)["text"]
	if msg != "<script>alert(1)</script>" {
		t.Errorf("text was altered: %q", msg)
	}
}

func TestHealthMetricsSpec(t *testing.T) {
	_, srv := testApp(t)
	for _, tt := range []struct{ path, want string }{
		{"/healthz", `"status":"ok"`},
		{"/metrics", "xiaoer_http_requests_total"},
		{"/api/openapi.yaml", "openapi: 3"},
	} {
		resp, err := http.Get(srv.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), tt.want) {
			t.Errorf("%s: %d, missing %q", tt.path, resp.StatusCode, tt.want)
		}
	}
}

func TestOriginCheck(t *testing.T) {
	_, srv := testApp(t)
	req, _ := http.NewRequest("POST", srv.URL+"/api/v1/conversations", strings.NewReader(`{}`))
	req.Header.Set("Origin", "https://evil.example")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("foreign origin got %d", resp.StatusCode)
	}
}
