package console

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/auth"
	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/clock"
	"github.com/xiaoer-cs/xiaoer/internal/demo"
	"github.com/xiaoer-cs/xiaoer/internal/httpapi"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/store/sqlite"
	"github.com/xiaoer-cs/xiaoer/internal/team"
	"github.com/xiaoer-cs/xiaoer/web"
)

const testPassword = "correct horse 1"

// env is a console over a real SQLite store with the demo shop, three
// agents (admin, supervisor, agent) and a second agent.
type env struct {
	t      *testing.T
	c      *Console
	chat   *chat.Service
	st     *sqlite.Store
	signer *auth.Signer
	srv    *httptest.Server
	agents map[string]team.Agent
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clk := clock.NewFixed(demo.AnchorTime())
	b, err := demo.Bundle(clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportBundle(ctx, b); err != nil {
		t.Fatal(err)
	}
	hub := chat.NewHub()
	svc := chat.NewService(st, hub, nil, clk, nil)
	signer := auth.NewSigner("test-secret")
	c := New(Deps{Store: st, Chat: svc, Signer: signer, Clock: clk, Assets: web.FS(), UploadDir: t.TempDir(),
		Demo: true, DemoIdentitySecret: "test-secret", BcryptCost: 4})
	e := &env{t: t, c: c, chat: svc, st: st, signer: signer, agents: map[string]team.Agent{}}
	for _, a := range []team.Agent{
		{ID: "ag-admin", Login: "admin", Name: "店长", Role: team.RoleAdmin},
		{ID: "ag-sup", Login: "laowang", Name: "老王", Role: team.RoleSupervisor},
		{ID: "ag-mei", Login: "xiaomei", Name: "小美", Role: team.RoleAgent},
		{ID: "ag-li", Login: "xiaoli", Name: "小李", Role: team.RoleAgent},
	} {
		h, err := HashPassword(testPassword, 4)
		if err != nil {
			t.Fatal(err)
		}
		a.PasswordHash, a.CreatedAt, a.UpdatedAt = h, clk.Now(), clk.Now()
		if err := st.CreateAgent(ctx, a); err != nil {
			t.Fatal(err)
		}
		e.agents[a.Login] = a
	}
	mux := http.NewServeMux()
	c.Routes(mux)
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	return e
}

// waiting opens a conversation (optionally as a customer) and hands it over.
func (e *env) waiting(customerID string) chat.Conversation {
	e.t.Helper()
	ctx := context.Background()
	conv, err := e.chat.Start(ctx, chat.StartRequest{CustomerID: customerID, VisitorID: "v1"})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.chat.Post(ctx, conv.ID, chat.PostRequest{Text: "<script>alert(1)</script>转人工"}); err != nil {
		e.t.Fatal(err)
	}
	conv, _ = e.st.Conversation(ctx, conv.ID)
	conv.Status, conv.Summary = chat.StatusWaiting, "顾客要求人工。意图:human_agent;情绪:angry"
	if err := e.st.UpdateConversation(ctx, conv); err != nil {
		e.t.Fatal(err)
	}
	return conv
}

// client is one browser: a cookie jar and, after login, the CSRF token.
type client struct {
	e    *env
	http *http.Client
	csrf string
}

func (e *env) browser() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, http: &http.Client{Jar: jar}}
}

func (e *env) login(login string) *client {
	e.t.Helper()
	c := e.browser()
	code, out := c.do("POST", "/console/api/login", map[string]string{"login": login, "password": testPassword})
	if code != 200 {
		e.t.Fatalf("login %s: %d %v", login, code, out)
	}
	c.csrf = out["csrf"].(string)
	return c
}

func (c *client) do(method, path string, body any) (int, map[string]any) {
	c.e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.e.srv.URL+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if c.csrf != "" {
		req.Header.Set(csrfHeader, c.csrf)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := map[string]any{}
	_ = json.Unmarshal(raw, &out)
	out["_raw"] = string(raw)
	return resp.StatusCode, out
}

func TestLogin(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	off := e.agents["xiaoli"]
	off.Disabled = true
	if err := e.st.UpdateAgent(ctx, off); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, login, password string
		code                  int
	}{
		{"right password", "xiaomei", testPassword, 200},
		{"login is case-insensitive", "XiaoMei", testPassword, 200},
		// Attack: guessing passwords; the answer does not say which part was wrong.
		{"wrong password", "xiaomei", "wrong-password", 401},
		{"unknown login", "nobody", testPassword, 401},
		// A disabled agent cannot log in even with the right password.
		{"disabled agent", "xiaoli", testPassword, 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out := e.browser().do("POST", "/console/api/login", map[string]string{"login": tt.login, "password": tt.password})
			if code != tt.code {
				t.Fatalf("got %d %s, want %d", code, out["_raw"], tt.code)
			}
			if code == 401 && !strings.Contains(out["_raw"].(string), "用户名或密码错误") {
				t.Errorf("message %s", out["_raw"])
			}
		})
	}

	// The session cookie cannot be read by scripts nor sent by other sites.
	resp, err := http.Post(e.srv.URL+"/console/api/login", "application/json", strings.NewReader(`{"login":"xiaomei","password":"`+testPassword+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	ck := resp.Cookies()
	if len(ck) != 1 || !ck[0].HttpOnly || ck[0].SameSite != http.SameSiteStrictMode || ck[0].Path != "/console/" {
		t.Fatalf("session cookie = %+v", ck)
	}
	// The store keeps only a hash of the token.
	if _, err := e.st.Session(ctx, ck[0].Value); err == nil {
		t.Error("the raw session token is a key in the store")
	}
}

// TestCSRF guards against another site making an agent's browser act: the
// cookie alone is not enough for a state-changing request.
func TestCSRF(t *testing.T) {
	e := newEnv(t)
	conv := e.waiting("")
	mei := e.login("xiaomei")
	token := mei.csrf
	for _, tt := range []struct {
		name string
		csrf string
		code int
	}{
		{"no token", "", 403},
		{"wrong token", "forged", 403},
		{"right token", token, 201},
	} {
		t.Run(tt.name, func(t *testing.T) {
			mei.csrf = tt.csrf
			code, out := mei.do("POST", "/console/api/conversations/"+conv.ID+"/reply", map[string]string{"text": "您好"})
			if code != tt.code {
				t.Errorf("got %d %s, want %d", code, out["_raw"], tt.code)
			}
		})
	}
	mei.csrf = token
	// Reads need no token; logging out ends the session.
	if code, _ := mei.do("GET", "/console/api/me", nil); code != 200 {
		t.Errorf("GET /me = %d", code)
	}
	if code, _ := mei.do("POST", "/console/api/logout", nil); code != 200 {
		t.Errorf("logout = %d", code)
	}
	mei.http.Jar, _ = cookiejar.New(nil)
	if code, _ := mei.do("GET", "/console/api/me", nil); code != 401 {
		t.Errorf("after logout GET /me = %d, want 401", code)
	}
}

// TestRoles acts as agent, supervisor and admin in turn.
func TestRoles(t *testing.T) {
	e := newEnv(t)
	mine := e.waiting("C-1001")
	mei, li, sup, admin := e.login("xiaomei"), e.login("xiaoli"), e.login("laowang"), e.login("admin")
	if code, out := mei.do("POST", "/console/api/conversations/"+mine.ID+"/pick", nil); code != 200 {
		t.Fatalf("pick: %d %s", code, out["_raw"])
	}
	tests := []struct {
		name   string
		as     *client
		method string
		path   string
		body   any
		code   int
	}{
		// Attack: an agent answers, closes or moves a colleague's conversation.
		{"agent replies in another's conversation", li, "POST", "/console/api/conversations/" + mine.ID + "/reply", map[string]string{"text": "hi"}, 403},
		{"agent closes another's conversation", li, "POST", "/console/api/conversations/" + mine.ID + "/close", map[string]string{"resolution": "answered"}, 403},
		{"agent takes another's conversation", li, "POST", "/console/api/conversations/" + mine.ID + "/pick", nil, 403},
		{"agent transfers another's conversation to self", li, "POST", "/console/api/conversations/" + mine.ID + "/transfer", map[string]string{"agent_id": "ag-li"}, 403},
		// Attack: an agent escalates their own powers.
		{"agent creates an agent", mei, "POST", "/console/api/agents", map[string]any{"login": "evil", "name": "x", "role": "admin", "password": "password123"}, 403},
		{"agent edits bot boundaries", mei, "PUT", "/console/api/boundaries", map[string]any{"max_coupon": 9999}, 403},
		{"agent edits canned responses", mei, "POST", "/console/api/canned", map[string]any{"shortcut": "/x", "title": "x", "text": "x"}, 403},
		{"supervisor creates an agent", sup, "POST", "/console/api/agents", map[string]any{"login": "evil", "name": "x", "role": "admin", "password": "password123"}, 403},
		// Attack: a coupon above the role's cap.
		{"agent coupon above cap", mei, "POST", "/console/api/conversations/" + mine.ID + "/actions/coupon", map[string]any{"amount": 51}, 403},
		// Attack: a case on another customer's order.
		{"case on another customer's order", mei, "POST", "/console/api/conversations/" + mine.ID + "/actions/case", map[string]any{"kind": "return", "order_id": "NOPE-1"}, 400},
		{"agent coupon within cap", mei, "POST", "/console/api/conversations/" + mine.ID + "/actions/coupon", map[string]any{"amount": 20, "reason": "物流延误"}, 201},
		{"agent replies in own conversation", mei, "POST", "/console/api/conversations/" + mine.ID + "/reply", map[string]string{"text": "您好"}, 201},
		{"supervisor replies in any conversation", sup, "POST", "/console/api/conversations/" + mine.ID + "/notes", map[string]string{"text": "注意退款金额"}, 201},
		{"supervisor edits canned responses", sup, "POST", "/console/api/canned", map[string]any{"shortcut": "/退货", "title": "退货", "text": "七天无理由"}, 200},
		{"admin creates an agent", admin, "POST", "/console/api/agents", map[string]any{"login": "newbie", "name": "新人", "role": "agent", "password": "password123"}, 201},
		{"admin cannot demote self", admin, "PUT", "/console/api/agents/ag-admin", map[string]any{"name": "店长", "role": "agent"}, 400},
		{"agent transfers own conversation", mei, "POST", "/console/api/conversations/" + mine.ID + "/transfer", map[string]string{"agent_id": "ag-li", "note": "他更懂大衣"}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out := tt.as.do(tt.method, tt.path, tt.body)
			if code != tt.code {
				t.Errorf("got %d %s, want %d", code, out["_raw"], tt.code)
			}
		})
	}
	conv, _ := e.st.Conversation(context.Background(), mine.ID)
	if conv.AgentID != "ag-li" || conv.Status != chat.StatusHuman {
		t.Errorf("after transfer agent=%s status=%s", conv.AgentID, conv.Status)
	}
}

func TestQueueOrderAndAutoAssignment(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	anon := e.waiting("")          // angry visitor
	diamond := e.waiting("C-1003") // angry diamond member
	mei := e.login("xiaomei")
	code, out := mei.do("GET", "/console/api/queue", nil)
	if code != 200 {
		t.Fatal(out["_raw"])
	}
	w := out["waiting"].([]any)
	if len(w) != 2 || w[0].(map[string]any)["conversation"].(map[string]any)["id"] != diamond.ID {
		t.Fatalf("the diamond member should come first: %s", out["_raw"])
	}
	// Shopper text comes back JSON-escaped, never as raw markup.
	if strings.Contains(out["_raw"].(string), "<script>") {
		t.Error("queue JSON carries raw <script>")
	}

	// Two agents online; 小美 already has one conversation: the next goes to 小李.
	e.c.presence.join("ag-mei")
	e.c.presence.join("ag-li")
	if err := e.c.assign(ctx, anon.ID, e.agents["xiaomei"], "test"); err != nil {
		t.Fatal(err)
	}
	if err := e.c.assignWaiting(ctx); err != nil {
		t.Fatal(err)
	}
	got, _ := e.st.Conversation(ctx, diamond.ID)
	if got.AgentID != "ag-li" || got.Status != chat.StatusHuman {
		t.Errorf("diamond conversation: agent=%q status=%s, want ag-li human", got.AgentID, got.Status)
	}
	// The shopper was told a person joined.
	ms, _ := e.st.Messages(ctx, diamond.ID, 0, 0)
	if last := ms[len(ms)-1]; last.Role != chat.RoleSystem || !strings.Contains(last.Text, "小李") {
		t.Errorf("last message = %+v", last)
	}
	// Nobody online: conversations wait.
	e.c.presence.leave("ag-mei")
	e.c.presence.leave("ag-li")
	third := e.waiting("")
	if err := e.c.assignWaiting(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.st.Conversation(ctx, third.ID); got.AgentID != "" {
		t.Errorf("assigned to %s with nobody online", got.AgentID)
	}
}

func TestUrgency(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	diamond := &shop.Customer{MemberLevel: shop.LevelDiamond}
	tests := []struct {
		name string
		conv chat.Conversation
		p    Packet
		cust *shop.Customer
		want int
	}{
		{"calm visitor just handed over", chat.Conversation{UpdatedAt: now}, Packet{}, nil, 0},
		{"angry", chat.Conversation{UpdatedAt: now}, Packet{Emotions: []string{"neutral", "angry"}}, nil, 40},
		{"waited 5 minutes", chat.Conversation{UpdatedAt: now.Add(-5 * time.Minute)}, Packet{}, nil, 10},
		{"long waits are capped", chat.Conversation{UpdatedAt: now.Add(-2 * time.Hour)}, Packet{}, nil, 40},
		{"diamond hot lead", chat.Conversation{UpdatedAt: now, Tags: []string{"hot_lead"}}, Packet{}, diamond, 45},
		{"complaint threat", chat.Conversation{UpdatedAt: now}, Packet{Reason: "escalation_threat"}, nil, 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := urgencyOf(tt.conv, tt.p, tt.cust, now); got.Score != tt.want {
				t.Errorf("score = %d (%v), want %d", got.Score, got.Reasons, tt.want)
			}
		})
	}
}

func (e *env) shopper(method, path, token string, body io.Reader, ct string) (int, string, http.Header) {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, body)
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw), resp.Header
}

func (e *env) token(convID string) string {
	return e.signer.IssueConversationToken(auth.ConversationClaims{ConversationID: convID, Expires: time.Now().Add(time.Hour).Unix()})
}

// TestRating acts as the shopper, another shopper and nobody.
func TestRating(t *testing.T) {
	e := newEnv(t)
	a, b := e.waiting(""), e.waiting("")
	tests := []struct {
		name, token, body string
		code              int
	}{
		{"no token", "", `{"score":5}`, 401},
		// Attack: shopper B rates shopper A's conversation with their own token.
		{"another conversation's token", e.token(b.ID), `{"score":1}`, 403},
		{"score out of range", e.token(a.ID), `{"score":9}`, 400},
		{"own conversation", e.token(a.ID), `{"score":4,"comment":"<b>很好</b>"}`, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, raw, _ := e.shopper("POST", "/api/v1/conversations/"+a.ID+"/csat", tt.token, strings.NewReader(tt.body), "application/json")
			if code != tt.code {
				t.Errorf("got %d %s, want %d", code, raw, tt.code)
			}
		})
	}
	if got, _ := e.st.Conversation(context.Background(), a.ID); got.CSAT != 4 {
		t.Errorf("stored csat = %d", got.CSAT)
	}
}

func pngBytes(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{255, 0, 0, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func multipartFile(name string, data []byte) (io.Reader, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("file", name)
	fw.Write(data)
	w.Close()
	return &buf, w.FormDataContentType()
}

// TestUpload checks type and size: an HTML page named .png must not be
// stored (it could run as a page from our origin), nor a huge file.
func TestUpload(t *testing.T) {
	e := newEnv(t)
	conv := e.waiting("")
	tok := e.token(conv.ID)
	tests := []struct {
		name  string
		file  string
		data  []byte
		token string
		code  int
	}{
		{"html disguised as png", "x.png", []byte("<html><script>alert(1)</script></html>"), tok, 415},
		{"too large", "big.png", append(pngBytes(t), make([]byte, MaxUploadBytes)...), tok, 413},
		{"no token", "a.png", pngBytes(t), "", 401},
		{"a photo", "a.png", pngBytes(t), tok, 201},
	}
	var url string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, ct := multipartFile(tt.file, tt.data)
			code, raw, _ := e.shopper("POST", "/api/v1/conversations/"+conv.ID+"/uploads", tt.token, body, ct)
			if code != tt.code {
				t.Fatalf("got %d %s, want %d", code, raw, tt.code)
			}
			if code == 201 {
				var out struct{ URL string }
				json.Unmarshal([]byte(raw), &out)
				url = out.URL
			}
		})
	}
	code, _, h := e.shopper("GET", url, "", nil, "")
	if code != 200 || h.Get("Content-Type") != "image/png" || h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(h.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("serving the upload: %d %v", code, h)
	}
	for _, bad := range []string{"/api/v1/uploads/..%2Fsecrets.json", "/api/v1/uploads/u_00.png"} {
		if code, _, _ := e.shopper("GET", bad, "", nil, ""); code != 404 {
			t.Errorf("GET %s = %d, want 404", bad, code)
		}
	}
}

// TestPublicRateLimit: a script cannot flood the widget endpoints.
func TestPublicRateLimit(t *testing.T) {
	e := newEnv(t)
	conv := e.waiting("")
	tok := e.token(conv.ID)
	limited := false
	for i := 0; i < 20; i++ {
		code, _, _ := e.shopper("POST", "/api/v1/conversations/"+conv.ID+"/csat", tok, strings.NewReader(`{"score":5}`), "application/json")
		if code == http.StatusTooManyRequests {
			limited = true
			break
		}
	}
	if !limited {
		t.Error("20 ratings in a burst were all accepted")
	}
}

func TestConsolePageIsLockedDown(t *testing.T) {
	e := newEnv(t)
	code, body, h := e.shopper("GET", "/console/", "", nil, "")
	if code != 200 || !strings.Contains(h.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Fatalf("console page: %d CSP=%q", code, h.Get("Content-Security-Policy"))
	}
	if strings.Contains(body, "<script>") {
		t.Error("the console page has an inline script; the CSP forbids it")
	}
	// The demo page signs the identity only for a known demo customer.
	_, page, _ := e.shopper("GET", "/demo/p/P-COAT-01?as=C-1001", "", nil, "")
	if !strings.Contains(page, `data-identity-sig="`+auth.IdentitySignature("test-secret", "C-1001")+`"`) {
		t.Error("demo page does not carry the signed identity")
	}
	_, page, _ = e.shopper("GET", `/demo/p/P-COAT-01?as="><script>`, "", nil, "")
	if strings.Contains(page, `"><script>`) {
		t.Error("demo page reflects the query unescaped")
	}
}

func TestCopilotLooksPastTheRequestForAHuman(t *testing.T) {
	msg := func(role, text string) chat.Message { return chat.Message{Role: role, Text: text} }
	tests := []struct {
		name string
		msgs []chat.Message
		want string
	}{
		{"question then 转人工", []chat.Message{msg("customer", "大衣起球怎么办"), msg("bot", "…"), msg("customer", "转人工")}, "大衣起球怎么办"},
		{"only 转人工", []chat.Message{msg("customer", "转人工")}, "转人工"},
		{"photo skipped", []chat.Message{msg("customer", "收到破了"), msg("customer", "[图片]")}, "收到破了"},
		{"a real question mentioning a person", []chat.Message{msg("customer", "人工客服几点上班")}, "人工客服几点上班"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lastCustomerText(tt.msgs); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestDecodeLimit: a body over the limit is a 413 that says so, not a
// confusing JSON syntax error; one within it decodes.
func TestDecodeLimit(t *testing.T) {
	var v struct {
		Name string `json:"name"`
	}
	for _, tc := range []struct {
		body   string
		status int
	}{
		{`{"name": "a.md"}`, 0},
		{`{"name": "` + strings.Repeat("x", 100) + `"}`, http.StatusRequestEntityTooLarge},
		{``, http.StatusBadRequest},
	} {
		r := httptest.NewRequest("POST", "/", strings.NewReader(tc.body))
		err := decodeLimit(r, &v, 64)
		status := 0
		if he, ok := errors.AsType[*httpapi.Error](err); ok {
			status = he.Status
		}
		if tc.status == 0 && err != nil || tc.status != 0 && status != tc.status {
			t.Errorf("body of %d bytes: err %v (status %d), want status %d", len(tc.body), err, status, tc.status)
		}
	}
}

// An agent opens a parcel follow-up case; the customer panel lists it with
// the kind and status in words an agent reads.
func TestCustomerPanelLabelsOpenCases(t *testing.T) {
	e := newEnv(t)
	conv := e.waiting("C-1002")
	mei := e.login("xiaomei")
	if code, out := mei.do("POST", "/console/api/conversations/"+conv.ID+"/pick", nil); code != 200 {
		t.Fatalf("pick: %d %s", code, out["_raw"])
	}
	if code, out := mei.do("POST", "/console/api/conversations/"+conv.ID+"/actions/case", map[string]any{"kind": "logistics", "summary": "中通停滞四天"}); code != 201 {
		t.Fatalf("case: %d %s", code, out["_raw"])
	}
	code, out := mei.do("GET", "/console/api/customers/C-1002", nil)
	if code != 200 {
		t.Fatalf("customer: %d %s", code, out["_raw"])
	}
	cases, _ := out["open_cases"].([]any)
	if len(cases) != 1 {
		t.Fatalf("open_cases = %v", out["open_cases"])
	}
	k, _ := cases[0].(map[string]any)
	if k["kind"] != "logistics" || k["kind_label"] != "物流跟进" || k["status_label"] != "处理中" {
		t.Errorf("open case = %v, want kind logistics labelled 物流跟进 / 处理中", k)
	}
}
