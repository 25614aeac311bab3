package app

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestConsoleKnowledgeWorkbench drives the admin pages' knowledge tools
// through the real store, index and bot: a trial question shows the answer
// and the passages weighed without being logged; an unanswered question is
// taught into the document the console proposes, and the bot answers it from
// there; uploaded files (Markdown, an XLSX FAQ sheet) are answered from, and
// re-uploading replaces; an FAQ deleted in the console is no longer answered.
func TestConsoleKnowledgeWorkbench(t *testing.T) {
	a, srv := testApp(t)
	admin := consoleLogin(t, srv.URL, "admin", a.demoPassword())
	try := func(q, product string) map[string]any {
		t.Helper()
		path := "/console/api/knowledge/try?q=" + url.QueryEscape(q)
		if product != "" {
			path += "&product_id=" + product
		}
		code, out := admin.do("GET", path, nil)
		if code != 200 {
			t.Fatalf("try %q: %d %v", q, code, out["_raw"])
		}
		return out
	}
	unanswered := func() []map[string]any {
		t.Helper()
		code, out := admin.do("GET", "/console/api/unanswered?status=open", nil)
		if code != 200 {
			t.Fatalf("unanswered: %d %v", code, out["_raw"])
		}
		var l []map[string]any
		for _, u := range out["unanswered"].([]any) {
			l = append(l, u.(map[string]any))
		}
		return l
	}
	find := func(l []map[string]any, sub string) map[string]any {
		for _, u := range l {
			if strings.Contains(fmt.Sprint(u["question"]), sub) {
				return u
			}
		}
		return nil
	}

	// A trial shows the answer, its source and every passage's confidence.
	tr := try("能开发票吗", "")
	if tr["found"] != true || !strings.Contains(fmt.Sprint(tr["text"]), "发票") {
		t.Fatalf("trial of an FAQ question not answered: %v", tr["_raw"])
	}
	if src, _ := tr["source"].(map[string]any); src == nil || src["kind"] != "faq" {
		t.Errorf("trial answer has no FAQ source: %v", tr["source"])
	}
	if th, _ := tr["threshold"].(float64); th <= 0 || th >= 1 {
		t.Errorf("threshold %v", tr["threshold"])
	}
	ps, _ := tr["passages"].([]any)
	if len(ps) == 0 {
		t.Fatal("trial lists no passages")
	}
	first := ps[0].(map[string]any)
	if first["confidence"].(float64) != tr["confidence"].(float64) || first["explain"] == "" {
		t.Errorf("first passage's confidence %v differs from the answer's %v (or no explanation)", first["confidence"], tr["confidence"])
	}

	// A declined trial is not logged: trials are not shoppers.
	const q = "大衣扣子掉了能补寄吗"
	if tr := try(q, "P-COAT-01"); tr["found"] == true {
		t.Fatalf("demo knowledge already answers %q: %v", q, tr["text"])
	}
	if find(unanswered(), "扣子") != nil {
		t.Fatal("a trial question was logged as unanswered")
	}

	// A shopper asks it on the coat's page; the console proposes documents to add the answer to.
	if reply, _ := ask(t, srv.URL, "P-COAT-01", q); strings.Contains(reply, "备用扣") {
		t.Fatalf("bot answered before teaching: %s", reply)
	}
	u := find(unanswered(), "扣子")
	if u == nil {
		t.Fatal("the shopper's question is not in the unanswered list")
	}
	related, _ := u["related"].([]any)
	if len(related) == 0 {
		t.Fatalf("no related documents proposed for %q", q)
	}
	for _, d := range related {
		if m := d.(map[string]any); m["kind"] == "faq" || m["kind"] == "conversation" {
			t.Errorf("related lists %v, which is no place for a new answer", m)
		}
	}
	// Asked on the coat's page: the coat's product page comes first.
	docID := related[0].(map[string]any)["id"].(string)
	if docID != "DOC-PP-COAT-01" {
		t.Errorf("first related document for a question asked on P-COAT-01 is %s, want its product page", docID)
	}
	code, out := admin.do("POST", fmt.Sprintf("/console/api/unanswered/%d/teach", int64(u["id"].(float64))),
		map[string]any{"question": q, "answer": "扣子掉了请联系客服免费补寄同款纽扣,每件大衣也随附一粒备用扣。", "document_id": docID})
	if code != 200 {
		t.Fatalf("teach into a document: %d %v", code, out["_raw"])
	}
	tr = try(q, "P-COAT-01")
	if src, _ := tr["source"].(map[string]any); tr["found"] != true || src == nil || src["id"] != docID || !strings.Contains(fmt.Sprint(tr["text"]), "备用扣") {
		t.Errorf("after teaching into %s the trial answers %v from %v", docID, tr["text"], tr["source"])
	}
	if reply, _ := ask(t, srv.URL, "P-COAT-01", q); !strings.Contains(reply, "备用扣") {
		t.Errorf("bot does not answer after teaching into the document: %s", reply)
	}
	if find(unanswered(), "扣子") != nil {
		t.Error("a taught question is still open")
	}
	if code, out := admin.do("POST", fmt.Sprintf("/console/api/unanswered/%d/teach", 999999),
		map[string]any{"answer": "x", "document_id": "NO-SUCH-DOC"}); code != http.StatusNotFound {
		t.Errorf("teaching an unknown entry: %d %v", code, out["_raw"])
	}

	// Upload a Markdown document, then a changed version of it.
	upload := func(name string, data []byte) (int, map[string]any) {
		t.Helper()
		return admin.do("POST", "/console/api/knowledge/files", map[string]any{
			"name": name, "content_base64": base64.StdEncoding.EncodeToString(data)})
	}
	md := "# 宠物用品说明\n\n## 猫抓板\n\n本店猫抓板采用高密度瓦楞纸,可双面使用,建议每两个月更换一次。\n"
	if code, out := upload("pet-guide.md", []byte(md)); code != 200 || len(out["documents"].([]any)) != 1 {
		t.Fatalf("upload markdown: %d %v", code, out["_raw"])
	}
	if tr := try("猫抓板多久换一次", ""); tr["found"] != true || !strings.Contains(fmt.Sprint(tr["text"]), "两个月") {
		t.Errorf("uploaded document not answered from: %v", tr["_raw"])
	}
	if code, out := upload("pet-guide.md", []byte(strings.Replace(md, "两个月", "三个月", 1))); code != 200 {
		t.Fatalf("re-upload: %d %v", code, out["_raw"])
	}
	if tr := try("猫抓板多久换一次", ""); !strings.Contains(fmt.Sprint(tr["text"]), "三个月") || strings.Contains(fmt.Sprint(tr["_raw"]), "两个月") {
		t.Errorf("re-uploaded document: want only the new text, got %v", tr["_raw"])
	}

	// An XLSX FAQ sheet (binary, hence base64).
	code, out = upload("宠物FAQ.xlsx", xlsxSheet(t, [][]string{{"问题", "答案"}, {"猫砂是豆腐砂吗", "是的,本店猫砂为原味豆腐砂,可冲厕所。"}}))
	if code != 200 || len(out["faqs"].([]any)) != 1 {
		t.Fatalf("upload xlsx: %d %v", code, out["_raw"])
	}
	faqID := out["faqs"].([]any)[0].(string)
	if tr := try("猫砂是不是豆腐砂", ""); tr["found"] != true || !strings.Contains(fmt.Sprint(tr["text"]), "豆腐砂") {
		t.Errorf("uploaded FAQ sheet not answered from: %v", tr["_raw"])
	}
	code, out = admin.do("GET", "/console/api/faqs", nil)
	if code != 200 || !strings.Contains(fmt.Sprint(out["_raw"]), "猫砂是豆腐砂吗") {
		t.Fatalf("FAQ list lacks the uploaded entry: %d %v", code, out["_raw"])
	}
	if code, out := admin.do("DELETE", "/console/api/faqs/"+faqID, nil); code != 200 {
		t.Fatalf("delete FAQ: %d %v", code, out["_raw"])
	}
	if tr := try("猫砂是不是豆腐砂", ""); strings.Contains(fmt.Sprint(tr["_raw"]), "原味豆腐砂") {
		t.Errorf("deleted FAQ still returned: %v", tr["_raw"])
	}

	// Bad uploads say what is wrong and change nothing.
	for _, c := range []struct {
		name, body string
		want       string
	}{
		{"notes.pdf", base64.StdEncoding.EncodeToString([]byte("%PDF-1.4")), "pdf"},
		{"faq.csv", "这不是base64!", "base64"},
		{"", base64.StdEncoding.EncodeToString([]byte("x")), "name"},
	} {
		code, out := admin.do("POST", "/console/api/knowledge/files", map[string]any{"name": c.name, "content_base64": c.body})
		if code != http.StatusBadRequest || !strings.Contains(strings.ToLower(fmt.Sprint(out["_raw"])), c.want) {
			t.Errorf("upload %q: %d %v, want 400 mentioning %q", c.name, code, out["_raw"], c.want)
		}
	}
	if code, _ := admin.do("GET", "/console/api/knowledge/try?q=", nil); code != http.StatusBadRequest {
		t.Errorf("empty trial question: %d", code)
	}

	// Agents do not manage knowledge.
	agent := consoleLogin(t, srv.URL, "xiaomei", a.demoPassword())
	if code, _ := agent.do("GET", "/console/api/knowledge/try?q="+url.QueryEscape("能开发票吗"), nil); code != http.StatusForbidden {
		t.Errorf("agent ran a trial: %d", code)
	}
	if code, _ := agent.do("POST", "/console/api/knowledge/files", map[string]any{"name": "a.md", "content_base64": base64.StdEncoding.EncodeToString([]byte("# a"))}); code != http.StatusForbidden {
		t.Errorf("agent uploaded: %d", code)
	}
}

// xlsxSheet writes rows to the first sheet of a new XLSX file.
func xlsxSheet(t *testing.T, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	for i, row := range rows {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
