package nlu

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestZZMisses(t *testing.T) {
	e := engine(t)
	dir := "corpus/eval"
	var items []CatalogItem
	b, _ := os.ReadFile(filepath.Join(dir, "catalog.json"))
	json.Unmarshal(b, &items)
	cat := newCatalog(items, e.norm, e.extract.words)
	var lines []evalIntentLine
	readJSONL(filepath.Join(dir, "intents.jsonl"), &lines)
	for _, l := range lines {
		if l.Entities == nil {
			continue
		}
		a := e.analyze(l.Text, Context{Now: evalClock}, cat)
		for _, typ := range []string{"size", "money"} {
			var g, p []string
			for _, x := range *l.Entities {
				if x.Type == typ {
					g = append(g, x.Value)
				}
			}
			for _, x := range a.Entities {
				if x.Type == typ {
					p = append(p, x.Value+"@"+x.Text)
				}
			}
			if fmt.Sprint(len(g)) != fmt.Sprint(len(p)) || (len(g) > 0 && len(p) > 0 && fmt.Sprint(g) != fmt.Sprint(func() []string { var v []string; for _, x := range a.Entities { if x.Type == typ { v = append(v, x.Value) } }; return v }())) {
				fmt.Printf("%s gold=%v pred=%v | %s\n", typ, g, p, a.Normalized)
			}
		}
	}
}
