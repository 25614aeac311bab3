package nlu

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
)

// evalClock is the analysis clock of the evaluation set: a Sunday, so 昨天 is 2026-11-21 and
// 上周五 is 2026-11-13.
var evalClock = time.Date(2026, 11, 22, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

// Report holds the evaluation figures; WriteText prints it for people, encoding/json for tools.
type Report struct {
	Dir      string         `json:"dir"`
	Clock    time.Time      `json:"clock"`
	Intents  IntentReport   `json:"intents"`
	Multi    MultiReport    `json:"multi"`
	Entities EntityReport   `json:"entities"`
	Emotion  EmotionReport  `json:"emotion"`
	Duration time.Duration  `json:"duration_ns"`
	Extra    map[string]any `json:"extra,omitempty"`
}

// IntentReport scores the top-level intent of intents.jsonl.
type IntentReport struct {
	Examples   int             `json:"examples"`
	Correct    int             `json:"correct"`
	Accuracy   float64         `json:"accuracy"`
	MacroF1    float64         `json:"macro_f1"`
	Unknown    int             `json:"unknown"`
	PerIntent  []IntentMetrics `json:"per_intent"`
	Confusions []Confusion     `json:"confusions"`
}

// IntentMetrics is precision, recall and F1 of one intent.
type IntentMetrics struct {
	Intent    string  `json:"intent"`
	Support   int     `json:"support"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// Confusion counts examples of Gold classified as Predicted.
type Confusion struct {
	Gold      string `json:"gold"`
	Predicted string `json:"predicted"`
	Count     int    `json:"count"`
}

// MultiReport scores multi.jsonl: a message is right when its clause intents equal the gold
// list in order (Accuracy) or as a set (SetAccuracy).
type MultiReport struct {
	Examples    int     `json:"examples"`
	Accuracy    float64 `json:"accuracy"`
	SetAccuracy float64 `json:"set_accuracy"`
	// ClauseCountAccuracy is the share of messages split into the right number of clauses.
	ClauseCountAccuracy float64 `json:"clause_count_accuracy"`
}

// EntityReport scores entities (type and value) of the intents.jsonl lines that list them.
type EntityReport struct {
	Examples int             `json:"examples"`
	Overall  EntityMetrics   `json:"overall"`
	PerType  []EntityMetrics `json:"per_type"`
}

// EntityMetrics is precision, recall and F1 of one entity type (or of all).
type EntityMetrics struct {
	Type      string  `json:"type"`
	Gold      int     `json:"gold"`
	Predicted int     `json:"predicted"`
	Correct   int     `json:"correct"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// EmotionReport scores the emotion class of the intents.jsonl lines that give one.
type EmotionReport struct {
	Examples   int             `json:"examples"`
	Accuracy   float64         `json:"accuracy"`
	PerClass   []IntentMetrics `json:"per_class"`
	Confusions []Confusion     `json:"confusions"`
}

type evalIntentLine struct {
	Text     string `json:"text"`
	Intent   string `json:"intent"`
	Entities *[]struct {
		Type  string `json:"type"`
		Value string `json:"value"`
	} `json:"entities"`
	Emotion string `json:"emotion"`
}

type evalMultiLine struct {
	Text    string   `json:"text"`
	Intents []string `json:"intents"`
}

// Evaluate runs the engine over the evaluation set in dir (intents.jsonl, multi.jsonl and
// catalog.json, see docs/nlu-taxonomy.md) with the evaluation clock. The catalogue is used
// for this run only; the engine's own catalogue is left as it is.
func Evaluate(e *Engine, dir string) (Report, error) {
	start := time.Now()
	r := Report{Dir: dir, Clock: evalClock}
	var items []CatalogItem
	if b, err := os.ReadFile(filepath.Join(dir, "catalog.json")); err == nil {
		if err := json.Unmarshal(b, &items); err != nil {
			return r, fmt.Errorf("read %s: %w", filepath.Join(dir, "catalog.json"), err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return r, err
	}
	cat := newCatalog(items, e.norm, e.extract.words)
	ctx := Context{Now: evalClock}

	var lines []evalIntentLine
	if err := readJSONL(filepath.Join(dir, "intents.jsonl"), &lines); err != nil {
		return r, err
	}
	var gold, pred []string
	entGold, entPred, entOK := map[string]int{}, map[string]int{}, map[string]int{}
	var emoGold, emoPred []string
	for _, l := range lines {
		a := e.analyze(l.Text, ctx, cat)
		gold = append(gold, l.Intent)
		pred = append(pred, a.Intent.Name)
		if a.Intent.Name == IntentUnknown {
			r.Intents.Unknown++
		}
		if l.Entities != nil {
			r.Entities.Examples++
			want := map[string]int{}
			for _, g := range *l.Entities {
				k := g.Type + "\x00" + g.Value
				want[k]++
				entGold[g.Type]++
			}
			for _, p := range a.Entities {
				entPred[p.Type]++
				k := p.Type + "\x00" + p.Value
				if want[k] > 0 {
					want[k]--
					entOK[p.Type]++
				}
			}
		}
		if l.Emotion != "" {
			emoGold = append(emoGold, l.Emotion)
			emoPred = append(emoPred, a.Emotion.Class)
		}
	}
	r.Intents.Examples = len(gold)
	r.Intents.Correct, r.Intents.Accuracy, r.Intents.MacroF1, r.Intents.PerIntent, r.Intents.Confusions = scoreLabels(gold, pred, 15)
	r.Emotion.Examples = len(emoGold)
	_, r.Emotion.Accuracy, _, r.Emotion.PerClass, r.Emotion.Confusions = scoreLabels(emoGold, emoPred, 10)
	r.Entities.Overall, r.Entities.PerType = scoreEntities(entGold, entPred, entOK)

	var multi []evalMultiLine
	if err := readJSONL(filepath.Join(dir, "multi.jsonl"), &multi); err != nil {
		return r, err
	}
	var exact, set, count int
	for _, m := range multi {
		a := e.analyze(m.Text, ctx, cat)
		var got []string
		for _, c := range a.Clauses {
			got = append(got, c.Intent)
		}
		if slices.Equal(got, m.Intents) {
			exact++
		}
		if sameSet(got, m.Intents) {
			set++
		}
		if len(got) == len(m.Intents) {
			count++
		}
	}
	r.Multi.Examples = len(multi)
	if len(multi) > 0 {
		n := float64(len(multi))
		r.Multi.Accuracy, r.Multi.SetAccuracy, r.Multi.ClauseCountAccuracy = float64(exact)/n, float64(set)/n, float64(count)/n
	}
	r.Duration = time.Since(start)
	return r, nil
}

func readJSONL[T any](path string, into *[]T) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "//") {
			continue
		}
		var v T
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			return fmt.Errorf("%s line %d: %w", path, n, err)
		}
		*into = append(*into, v)
	}
	return sc.Err()
}

func sameSet(a, b []string) bool {
	x := slices.Compact(slices.Sorted(slices.Values(a)))
	y := slices.Compact(slices.Sorted(slices.Values(b)))
	return slices.Equal(x, y)
}

// scoreLabels computes accuracy, macro-F1 over the gold labels, per-label metrics and the
// top confusions.
func scoreLabels(gold, pred []string, topConfusions int) (int, float64, float64, []IntentMetrics, []Confusion) {
	if len(gold) == 0 {
		return 0, 0, 0, nil, nil
	}
	tp, fp, fn, support := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	conf := map[[2]string]int{}
	correct := 0
	for i := range gold {
		support[gold[i]]++
		if gold[i] == pred[i] {
			tp[gold[i]]++
			correct++
			continue
		}
		fp[pred[i]]++
		fn[gold[i]]++
		conf[[2]string{gold[i], pred[i]}]++
	}
	labels := make([]string, 0, len(support))
	for l := range support {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	var per []IntentMetrics
	var sumF1 float64
	for _, l := range labels {
		p, rc, f := prf(tp[l], tp[l]+fp[l], tp[l]+fn[l])
		per = append(per, IntentMetrics{Intent: l, Support: support[l], Precision: p, Recall: rc, F1: f})
		sumF1 += f
	}
	var confs []Confusion
	for k, n := range conf {
		confs = append(confs, Confusion{Gold: k[0], Predicted: k[1], Count: n})
	}
	sort.Slice(confs, func(a, b int) bool {
		if confs[a].Count != confs[b].Count {
			return confs[a].Count > confs[b].Count
		}
		return confs[a].Gold+confs[a].Predicted < confs[b].Gold+confs[b].Predicted
	})
	if len(confs) > topConfusions {
		confs = confs[:topConfusions]
	}
	return correct, float64(correct) / float64(len(gold)), sumF1 / float64(len(labels)), per, confs
}

func prf(correct, predicted, gold int) (p, r, f float64) {
	if predicted > 0 {
		p = float64(correct) / float64(predicted)
	}
	if gold > 0 {
		r = float64(correct) / float64(gold)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return
}

func scoreEntities(gold, pred, ok map[string]int) (EntityMetrics, []EntityMetrics) {
	types := map[string]bool{}
	for t := range gold {
		types[t] = true
	}
	for t := range pred {
		types[t] = true
	}
	names := make([]string, 0, len(types))
	for t := range types {
		names = append(names, t)
	}
	sort.Strings(names)
	var per []EntityMetrics
	var all EntityMetrics
	all.Type = "all"
	for _, t := range names {
		m := EntityMetrics{Type: t, Gold: gold[t], Predicted: pred[t], Correct: ok[t]}
		m.Precision, m.Recall, m.F1 = prf(m.Correct, m.Predicted, m.Gold)
		per = append(per, m)
		all.Gold += m.Gold
		all.Predicted += m.Predicted
		all.Correct += m.Correct
	}
	all.Precision, all.Recall, all.F1 = prf(all.Correct, all.Predicted, all.Gold)
	return all, per
}

// WriteText prints the report for people.
func (r Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "NLU evaluation of %s (clock %s)\n\n", r.Dir, r.Clock.Format(time.RFC3339))
	ir := r.Intents
	fmt.Fprintf(&b, "Intents: %d examples, accuracy %.2f%% (%d correct), macro-F1 %.3f, unknown %d\n",
		ir.Examples, 100*ir.Accuracy, ir.Correct, ir.MacroF1, ir.Unknown)
	fmt.Fprintf(&b, "  %-22s %7s %9s %7s %6s\n", "intent", "support", "precision", "recall", "F1")
	for _, m := range ir.PerIntent {
		fmt.Fprintf(&b, "  %-22s %7d %9.3f %7.3f %6.3f\n", m.Intent, m.Support, m.Precision, m.Recall, m.F1)
	}
	if len(ir.Confusions) > 0 {
		fmt.Fprintf(&b, "  top confusions (gold → predicted):\n")
		for _, c := range ir.Confusions {
			fmt.Fprintf(&b, "    %3d  %s → %s\n", c.Count, c.Gold, c.Predicted)
		}
	}
	fmt.Fprintf(&b, "\nMulti-clause: %d messages, exact %.2f%%, as a set %.2f%%, right clause count %.2f%%\n",
		r.Multi.Examples, 100*r.Multi.Accuracy, 100*r.Multi.SetAccuracy, 100*r.Multi.ClauseCountAccuracy)
	er := r.Entities
	fmt.Fprintf(&b, "\nEntities (%d examples with gold entities): P %.3f R %.3f F1 %.3f\n",
		er.Examples, er.Overall.Precision, er.Overall.Recall, er.Overall.F1)
	fmt.Fprintf(&b, "  %-14s %5s %5s %5s %9s %7s %6s\n", "type", "gold", "pred", "ok", "precision", "recall", "F1")
	for _, m := range er.PerType {
		fmt.Fprintf(&b, "  %-14s %5d %5d %5d %9.3f %7.3f %6.3f\n", m.Type, m.Gold, m.Predicted, m.Correct, m.Precision, m.Recall, m.F1)
	}
	em := r.Emotion
	fmt.Fprintf(&b, "\nEmotion: %d examples, accuracy %.2f%%\n", em.Examples, 100*em.Accuracy)
	for _, m := range em.PerClass {
		fmt.Fprintf(&b, "  %-14s support %4d  P %.3f R %.3f F1 %.3f\n", m.Intent, m.Support, m.Precision, m.Recall, m.F1)
	}
	for _, c := range em.Confusions {
		fmt.Fprintf(&b, "    %3d  %s → %s\n", c.Count, c.Gold, c.Predicted)
	}
	fmt.Fprintf(&b, "\nEvaluated in %s\n", r.Duration.Round(time.Millisecond))
	_, err := io.WriteString(w, b.String())
	return err
}
