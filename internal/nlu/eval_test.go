package nlu

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

// TestEvaluate runs the held-out evaluation set and fails on a clear regression; the figures
// themselves are recorded in docs/nlu.md (go test -run TestEvaluate -v ./internal/nlu).
func TestEvaluate(t *testing.T) {
	if _, err := os.Stat("corpus/eval/intents.jsonl"); err != nil {
		t.Skip("no evaluation set")
	}
	r, err := Evaluate(engine(t), "corpus/eval")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + buf.String())
	if _, err := json.Marshal(r); err != nil {
		t.Fatal(err)
	}
	if r.Intents.Examples > 0 && r.Intents.Accuracy < 0.90 {
		t.Errorf("intent accuracy %.3f fell below 0.90", r.Intents.Accuracy)
	}
}
