package app

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestTeachUnansweredQuestion: a question the bot cannot answer is logged;
// an admin teaches it once through the API; the bot answers it afterwards.
func TestTeachUnansweredQuestion(t *testing.T) {
	a, srv := testApp(t)
	admin := client{t: t, base: srv.URL, token: "test-admin-key"}
	const question = "这件大衣可以绣名字吗"
	const answer = "这款大衣支持免费绣字,下单时备注想绣的文字(不超过6个字),会晚2天发货。"

	ask := func() string {
		id, tok := startConversation(t, srv.URL, map[string]any{"product_id": "P-COAT-01"})
		code, out := client{t: t, base: srv.URL, token: tok}.do("POST", "/api/v1/conversations/"+id+"/messages", map[string]any{"text": question})
		if code != http.StatusCreated {
			t.Fatalf("post: %d %s", code, out["_raw"])
		}
		var texts []string
		for _, r := range out["replies"].([]any) {
			texts = append(texts, r.(map[string]any)["text"].(string))
		}
		return strings.Join(texts, "\n")
	}
	if before := ask(); strings.Contains(before, "免费绣字") {
		t.Fatalf("answered before teaching: %s", before)
	}
	code, out := admin.do("GET", "/api/v1/admin/kb/unanswered?status=open", nil)
	if code != 200 {
		t.Fatalf("unanswered: %d %s", code, out["_raw"])
	}
	var id float64
	for _, u := range out["unanswered"].([]any) {
		m := u.(map[string]any)
		if strings.Contains(m["question"].(string), "绣名字") {
			id = m["id"].(float64)
		}
	}
	if id == 0 {
		t.Fatalf("question not logged: %s", out["_raw"])
	}
	code, out = admin.do("POST", fmt.Sprintf("/api/v1/admin/kb/unanswered/%d/teach", int64(id)),
		map[string]any{"answer": answer, "as_faq": true, "product_ids": []string{"P-COAT-01"}})
	if code != 200 {
		t.Fatalf("teach: %d %s", code, out["_raw"])
	}
	if after := ask(); !strings.Contains(after, "免费绣字") {
		t.Errorf("not answered after teaching: %s", after)
	}
	list, _ := a.Store.UnansweredList(context.Background(), "taught")
	if len(list) == 0 {
		t.Error("entry not marked taught")
	}
}

// TestUpdatedDocumentReplacesOldAnswer: after a document changes, search
// returns the new text and never the old one.
func TestUpdatedDocumentReplacesOldAnswer(t *testing.T) {
	_, srv := testApp(t)
	admin := client{t: t, base: srv.URL, token: "test-admin-key"}
	put := func(body string) {
		code, out := admin.do("PUT", "/api/v1/admin/kb/documents/DOC-TEST-WARRANTY", map[string]any{
			"title": "延保服务说明", "kind": "sop", "format": "markdown", "body": body})
		if code != 200 {
			t.Fatalf("put: %d %s", code, out["_raw"])
		}
	}
	search := func() string {
		_, out := admin.do("GET", "/api/v1/admin/kb/search?q=%E5%BB%B6%E4%BF%9D%E6%9C%8D%E5%8A%A1%E5%A4%9A%E5%B0%91%E9%92%B1", nil) // 延保服务多少钱
		return out["_raw"].(string)
	}
	put("# 延保服务\n\n购买延保服务需支付商品价格的5%,延长保修12个月。")
	if s := search(); !strings.Contains(s, "5%") {
		t.Fatalf("first version not found: %s", s)
	}
	put("# 延保服务\n\n购买延保服务需支付商品价格的8%,延长保修24个月。")
	s := search()
	if !strings.Contains(s, "8%") || strings.Contains(s, "5%") {
		t.Errorf("after update: %s", s)
	}
}

// TestAdminAddsFiles: the admin API ingests a Markdown file sent as text and
// an XLSX FAQ sheet sent as base64 (binary), and explains a bad request.
func TestAdminAddsFiles(t *testing.T) {
	_, srv := testApp(t)
	admin := client{t: t, base: srv.URL, token: "test-admin-key"}
	code, out := admin.do("POST", "/api/v1/admin/kb/documents", map[string]any{
		"name": "gift-wrap.md", "content": "# 礼品包装\n\n下单时备注“礼品包装”,我们免费用牛皮纸盒包装并附贺卡。"})
	if code != 200 || len(out["documents"].([]any)) != 1 {
		t.Fatalf("add markdown: %d %s", code, out["_raw"])
	}
	sheet := xlsxSheet(t, [][]string{{"问题", "答案"}, {"可以刻字吗", "保温杯支持免费激光刻字,最多8个汉字。"}})
	code, out = admin.do("POST", "/api/v1/admin/kb/documents", map[string]any{
		"name": "engraving.xlsx", "content_base64": base64.StdEncoding.EncodeToString(sheet)})
	if code != 200 || len(out["faqs"].([]any)) != 1 {
		t.Fatalf("add xlsx: %d %s", code, out["_raw"])
	}
	for q, want := range map[string]string{"礼品包装怎么弄": "牛皮纸盒", "能刻字吗": "激光刻字"} {
		_, out := admin.do("GET", "/api/v1/admin/kb/search?q="+url.QueryEscape(q), nil)
		ans, _ := out["answer"].(map[string]any)
		if ans["found"] != true || !strings.Contains(fmt.Sprint(ans["text"]), want) {
			t.Errorf("%s: want an answer with %q, got %s", q, want, out["_raw"])
		}
	}
	for _, body := range []map[string]any{
		{"name": "a.md"},
		{"name": "a.md", "content": "# a", "content_base64": "IyBh"},
		{"name": "a.xlsx", "content_base64": "not base64!"},
	} {
		if code, out := admin.do("POST", "/api/v1/admin/kb/documents", body); code != http.StatusBadRequest {
			t.Errorf("%v: %d %s, want 400", body, code, out["_raw"])
		}
	}
}
