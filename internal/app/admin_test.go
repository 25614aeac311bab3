package app

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/xiaoer-cs/xiaoer/internal/auth"
	"github.com/xiaoer-cs/xiaoer/internal/demo"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

func signedPost(t *testing.T, url, secret string, ts int64, body []byte) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
	req.Header.Set("X-Xiaoer-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("X-Xiaoer-Signature", auth.SignWebhook(secret, ts, body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestOrderWebhook(t *testing.T) {
	a, srv := testApp(t)
	ctx := context.Background()
	orders, err := a.Store.Orders(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var o shop.Order
	for _, x := range orders {
		if x.Status == shop.StatusToShip {
			o = x
			break
		}
	}
	if o.ID == "" {
		t.Fatal("demo has no order to ship")
	}
	now := demo.AnchorTime()
	o.Status = shop.StatusShipped
	shipped := now
	o.ShippedAt = &shipped
	body, _ := json.Marshal(map[string]any{"orders": []shop.Order{o}})
	url := srv.URL + "/api/v1/webhooks/orders"

	tests := []struct {
		name   string
		secret string
		ts     int64
		body   []byte
		code   int
	}{
		// Attack: someone without the shop secret forges an update.
		{"wrong secret", "guess", now.Unix(), body, http.StatusUnauthorized},
		// Attack: a captured request replayed an hour later.
		{"stale timestamp", "test-shop-secret", now.Unix() - 3600, body, http.StatusUnauthorized},
		{"unknown product in order", "test-shop-secret", now.Unix(), bytes.Replace(body, []byte(o.Items[0].ProductID), []byte("P-NOPE"), 1), http.StatusUnprocessableEntity},
		{"valid", "test-shop-secret", now.Unix(), body, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out := signedPost(t, url, tt.secret, tt.ts, tt.body)
			if code != tt.code {
				t.Fatalf("%d %s, want %d", code, out, tt.code)
			}
			got, err := a.Store.Order(ctx, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := shop.StatusToShip
			if tt.code == http.StatusOK {
				want = shop.StatusShipped
			}
			if got.Status != want {
				t.Errorf("order status = %s, want %s", got.Status, want)
			}
		})
	}
}

func TestStockWebhook(t *testing.T) {
	a, srv := testApp(t)
	ctx := context.Background()
	ps, _ := a.Store.Products(ctx)
	p, sku := ps[0], ps[0].SKUs[0]
	body, _ := json.Marshal(map[string]any{"updates": []map[string]any{{"product_id": p.ID, "sku_id": sku.ID, "stock": 77}}})
	code, out := signedPost(t, srv.URL+"/api/v1/webhooks/stock", "test-shop-secret", demo.AnchorTime().Unix(), body)
	if code != 200 {
		t.Fatalf("%d %s", code, out)
	}
	got, _ := a.Store.Product(ctx, p.ID)
	if s, _ := got.FindSKU(sku.Color, sku.Size); s.Stock != 77 {
		t.Errorf("stock = %d", s.Stock)
	}
}

// TestBundlePushIsAllOrNothing pushes a bundle with one bad row among good
// ones: nothing may change, and the error names the record and field.
func TestBundlePushIsAllOrNothing(t *testing.T) {
	a, srv := testApp(t)
	ctx := context.Background()
	before, err := a.Store.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	good := before.Customers[0]
	good.Nickname = "改过的昵称"
	bad := shop.Customer{ID: "C-NEW", Nickname: "新客", MemberLevel: "platinum-plus"}
	admin := client{t: t, base: srv.URL, token: "test-admin-key"}
	code, out := admin.do("POST", "/api/v1/admin/bundle", map[string]any{"customers": []shop.Customer{good, bad}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(out["_raw"].(string), "member_level") {
		t.Fatalf("%d %s", code, out["_raw"])
	}
	after, _ := a.Store.Export(ctx)
	b1, _ := json.Marshal(before)
	b2, _ := json.Marshal(after)
	if !bytes.Equal(b1, b2) {
		t.Error("a rejected bundle changed the store")
	}

	// The same push without the bad row is applied, and twice is the same as once.
	for i := 0; i < 2; i++ {
		code, out = admin.do("POST", "/api/v1/admin/bundle", map[string]any{"customers": []shop.Customer{good}})
		if code != 200 {
			t.Fatalf("%d %s", code, out["_raw"])
		}
	}
	c, _ := a.Store.Customer(ctx, good.ID)
	if c.Nickname != "改过的昵称" {
		t.Errorf("nickname = %q", c.Nickname)
	}
	// Without the admin key nothing is accepted.
	code, _ = client{t: t, base: srv.URL}.do("POST", "/api/v1/admin/bundle", map[string]any{"customers": []shop.Customer{good}})
	if code != http.StatusUnauthorized {
		t.Errorf("anonymous push: %d", code)
	}
}

func TestAnalyzeEndpoint(t *testing.T) {
	_, srv := testApp(t)
	admin := client{t: t, base: srv.URL, token: "test-admin-key"}
	code, out := admin.do("POST", "/api/v1/analyze", map[string]any{"text": "衬衫啥时候发货"})
	if code != 200 {
		t.Fatalf("%d %s", code, out["_raw"])
	}
	if out["intent"].(map[string]any)["name"] != "dispatch_time" {
		t.Errorf("analysis = %s", out["_raw"])
	}
	code, _ = client{t: t, base: srv.URL}.do("POST", "/api/v1/analyze", map[string]any{"text": "x"})
	if code != http.StatusUnauthorized {
		t.Errorf("anonymous analyze: %d", code)
	}
}
