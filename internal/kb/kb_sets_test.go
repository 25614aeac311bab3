package kb_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/xiaoer-cs/xiaoer/internal/kb"
)

// The knowledge base's question sets, by role:
//
//   - testdata/eval.yaml: the first evaluation set (TestEvalDemo).
//   - testdata/eval_holdout.yaml and testdata/decision_train.yaml: written
//     later by others; once they had been measured they became tuning sets
//     like eval.yaml (docs/kb.md says when).
//   - testdata/eval_holdout4.yaml: written blind like the test sets in the
//     fifteenth round, measured once as it arrived (docs/kb.md), then made
//     a tuning set to study failures the other tuning sets no longer show.
//   - testdata/eval_holdout2.yaml and testdata/eval_holdout3.yaml: written
//     without seeing the code or the other sets; test sets. Their failures
//     are never listed and nothing is tuned on them. The targets are
//     judged on the two pooled.
var tuningSets = []string{"testdata/eval.yaml", "testdata/eval_holdout.yaml", "testdata/decision_train.yaml", "testdata/eval_holdout4.yaml"}

var testSets = []string{"testdata/eval_holdout2.yaml", "testdata/eval_holdout3.yaml"}

func loadSetFile(t *testing.T, path string) kb.EvalSet {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	set, err := kb.ParseEvalSet(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return set
}

// TestEvalSets logs the figures of every question set with the production
// analyzer (recorded in docs/kb.md), the pooled test sets' summary line, the
// threshold sweep over the pooled tuning sets (from which
// DefaultMinConfidence is chosen), and, with -kb.failures, the tuning sets'
// failures. It checks every expected id
// exists and guards the pooled tuning figures against regressions with
// floors under the recorded ones.
func TestEvalSets(t *testing.T) {
	an, err := nluEngine()
	if err != nil {
		t.Fatal(err)
	}
	ix := demoIndex(t, an)
	var pool, testPool kb.EvalSet
	for _, p := range append(slices.Clone(tuningSets), testSets...) {
		set := loadSetFile(t, p)
		for _, q := range set.Questions {
			for _, e := range q.Expect {
				if !ix.Has(e.ID) {
					t.Errorf("%s: question %q expects unknown id %s", p, q.Q, e.ID)
				}
			}
		}
		r := kb.Evaluate(ix, set)
		logSummary(t, p, r)
		if slices.Contains(testSets, p) {
			testPool.Questions = append(testPool.Questions, set.Questions...)
			continue
		}
		pool.Questions = append(pool.Questions, set.Questions...)
		if *evalFailures {
			for _, f := range r.Failures {
				t.Logf("  %s failure: %-36s %s; top %s conf %.2f", p, f.Q, f.Problem, f.Got, f.Confidence)
			}
		}
	}
	logSummary(t, "pooled test sets", kb.Evaluate(ix, testPool))
	r := kb.Evaluate(ix, pool)
	var sb strings.Builder
	r.Failures = nil
	_ = r.WriteText(&sb)
	t.Logf("pooled tuning sets:\n%s", sb.String())
	if r.RecallAt3 < 0.9 || r.MRR < 0.8 || r.NoAnswerAccuracy < 0.93 {
		t.Errorf("pooled tuning sets regressed: R@3 %.3f MRR %.3f no-answer %.3f", r.RecallAt3, r.MRR, r.NoAnswerAccuracy)
	}
	// The fallback analyzer's threshold (BasicMinConfidence) comes from the
	// same pool.
	rb := kb.Evaluate(demoIndex(t, kb.BasicAnalyzer{}), pool)
	sb.Reset()
	rb.Failures = nil
	_ = rb.WriteText(&sb)
	t.Logf("pooled tuning sets, BasicAnalyzer:\n%s", sb.String())
}

// logSummary logs a set's figures on one line; for a test set it is all that
// is ever shown.
func logSummary(t *testing.T, name string, r kb.EvalReport) {
	t.Helper()
	t.Logf("%-30s R@1 %.3f R@3 %.3f MRR %.3f answered right %.3f declined %.3f no-answer %.3f (%d+%d); declined offered the answer %.3f, offered per unanswerable %.2f",
		name, r.RecallAt1, r.RecallAt3, r.MRR, r.AnswerAccuracy, r.FalseRejectRate, r.NoAnswerAccuracy, r.Answerable, r.Unanswerable, r.DeclinedRescued, r.NoneOffered)
}
