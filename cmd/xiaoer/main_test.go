package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv: func(string) string { return "" }})
	return out.String(), errb.String(), err
}

const goodBundle = `{
  "customers": [{"id": "C1", "nickname": "小林", "member_level": "gold", "phone": "13812345678"}],
  "products": [{"id": "P1", "name": "羊毛围巾", "category": "围巾", "price": 199,
    "skus": [{"id": "P1-GRY", "color": "灰色", "stock": 5}]}],
  "orders": [{"id": "260000000000000001", "customer_id": "C1", "status": "已发货", "total": 199,
    "created_at": "2026-11-20T10:00:00+08:00",
    "items": [{"product_id": "P1", "sku_id": "P1-GRY", "qty": 1, "price": 199}]}]
}`

func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	good := filepath.Join(dir, "shop.json")
	os.WriteFile(good, []byte(goodBundle), 0o600)
	bad := filepath.Join(dir, "bad.json")
	// One good order and one whose SKU does not exist.
	os.WriteFile(bad, []byte(strings.Replace(goodBundle, `"orders": [`, `"orders": [{"id": "260000000000000002", "customer_id": "C1", "status": "已发货", "total": 5,
    "created_at": "2026-11-20T10:00:00+08:00", "items": [{"product_id": "P1", "sku_id": "P1-RED", "qty": 1, "price": 5}]},`, 1)), 0o600)

	out, _, err := runCmd(t, "import", "--data-dir", data, good)
	if err != nil || !strings.Contains(out, `"orders":1`) {
		t.Fatalf("import: %v %s", err, out)
	}
	// Importing again is idempotent: same counts, no error.
	if out2, _, err := runCmd(t, "import", "--data-dir", data, good); err != nil || out2 != out {
		t.Fatalf("second import: %v %q vs %q", err, out2, out)
	}
	_, _, err = runCmd(t, "import", "--data-dir", data, bad)
	if err == nil {
		t.Fatal("bad bundle accepted")
	}
	for _, want := range []string{"bad.json", "sku_id", "P1-RED"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	// The valid order in the rejected file was not written.
	out3, _, err := runCmd(t, "import", "--dry-run", "--data-dir", data, good)
	if err != nil || !strings.Contains(out3, "nothing was written") {
		t.Fatalf("dry run: %v %s", err, out3)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, "unknown command"},
		{[]string{"import"}, "give the files"},
		{[]string{"test"}, "scenario files"},
		{[]string{"eval", "x"}, "nlu or kb"},
		{[]string{"serve", "--dsn", "mysql://x"}, "postgres://"},
	}
	for _, tt := range tests {
		_, _, err := runCmd(t, tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: err = %v, want %q", tt.args, err, tt.want)
		}
	}
}

func TestVersion(t *testing.T) {
	out, _, err := runCmd(t, "version")
	if err != nil || !strings.HasPrefix(out, "xiaoer ") {
		t.Errorf("%q %v", out, err)
	}
}
