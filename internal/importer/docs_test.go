package importer

import (
	"context"
	"os"
	"strings"
	"testing"
)

// TestDocExamplesImport keeps docs/bundle.md honest: its JSON example and
// its sheet examples must import as documented.
func TestDocExamplesImport(t *testing.T) {
	doc, err := os.ReadFile("../../docs/bundle.md")
	if err != nil {
		t.Fatal(err)
	}
	var jsonExample string
	sheets := map[string]string{} // kind → CSV
	heading := ""
	lines := strings.Split(string(doc), "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if h, ok := strings.CutPrefix(l, "### "); ok {
			heading, _, _ = strings.Cut(h, " ")
			continue
		}
		if !strings.HasPrefix(strings.TrimSpace(l), "```") {
			continue
		}
		lang := strings.TrimPrefix(strings.TrimSpace(l), "```")
		var block []string
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
			block = append(block, lines[i])
		}
		body := strings.Join(block, "\n") + "\n"
		switch {
		case lang == "json" && jsonExample == "":
			jsonExample = body
		case lang == "" && layoutNamed(heading) != nil && heading != "" && len(block) > 0:
			sheets[heading] = body
		}
	}
	for _, k := range []string{"products", "skus", "size_chart", "customers", "orders", "shipments", "faq"} {
		if sheets[k] == "" {
			t.Fatalf("no example for the %s sheet", k)
		}
	}

	ctx := context.Background()
	st := &memStore{}
	if _, err := Import(ctx, st, writeFiles(t, "shop.json", jsonExample), Options{Secret: []byte("k")}); err != nil {
		t.Fatalf("JSON example: %v", err)
	}
	// The sheets, imported over the JSON example's products.
	st.products = st.imported[0].Products
	var files []string
	for k, csv := range sheets {
		files = append(files, k+".csv", csv)
	}
	if _, err := Import(ctx, st, writeFiles(t, files...), Options{Secret: []byte("k")}); err != nil {
		t.Fatalf("sheet examples: %v", err)
	}
	b := st.imported[1]
	if len(b.Orders) != 1 || len(b.Orders[0].Items) != 2 || len(b.Shipments[0].Events) != 2 || len(b.Products[0].SKUs) != 3 {
		t.Errorf("sheet examples imported as %+v", b)
	}
}
