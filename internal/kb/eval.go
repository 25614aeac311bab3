package kb

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// EvalSet is a question → expected-passage set for measuring retrieval and
// the "no answer" decision (testdata/eval.yaml). Questions are phrased the way
// shoppers ask, written apart from the documents' wording.
type EvalSet struct {
	// Name describes the set and the knowledge it is about.
	Name      string         `yaml:"name" json:"name"`
	Questions []EvalQuestion `yaml:"questions" json:"questions"`
}

// EvalQuestion is one question and what should answer it.
type EvalQuestion struct {
	Q string `yaml:"q" json:"q"`
	// ProductID is the product the shopper is looking at, if any.
	ProductID string `yaml:"product,omitempty" json:"product,omitempty"`
	// Expect lists acceptable passages (any one is right).
	Expect []EvalExpect `yaml:"expect,omitempty" json:"expect,omitempty"`
	// None marks a question the knowledge base cannot answer: the right
	// outcome is "no answer".
	None bool `yaml:"none,omitempty" json:"none,omitempty"`
}

// EvalExpect identifies a passage by its document or FAQ id and a
// distinctive substring, so it survives changes of chunking.
type EvalExpect struct {
	ID       string `yaml:"id" json:"id"`
	Contains string `yaml:"contains,omitempty" json:"contains,omitempty"`
}

// ParseEvalSet reads and validates an evaluation set in YAML.
func ParseEvalSet(r io.Reader) (EvalSet, error) {
	var s EvalSet
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		return s, fmt.Errorf("read eval set: %w", err)
	}
	if len(s.Questions) == 0 {
		return s, errors.New("read eval set: no questions")
	}
	for i, q := range s.Questions {
		switch {
		case strings.TrimSpace(q.Q) == "":
			return s, fmt.Errorf("eval question %d: empty q", i+1)
		case q.None == (len(q.Expect) > 0):
			return s, fmt.Errorf("eval question %d %q: give either expect or none: true", i+1, q.Q)
		}
		for _, e := range q.Expect {
			if e.ID == "" {
				return s, fmt.Errorf("eval question %d %q: expect without id", i+1, q.Q)
			}
		}
	}
	return s, nil
}

// EvalReport holds the figures of an evaluation.
type EvalReport struct {
	Answerable   int `json:"answerable"`
	Unanswerable int `json:"unanswerable"`
	// RecallAt1 and RecallAt3: share of answerable questions with an
	// expected passage in the top 1 / top 3 hits. MRR: mean reciprocal rank
	// of the first expected passage in the top 10.
	RecallAt1 float64 `json:"recall_at_1"`
	RecallAt3 float64 `json:"recall_at_3"`
	MRR       float64 `json:"mrr"`
	// AnswerAccuracy: answerable questions answered (Found) from an
	// expected passage. FalseRejectRate: answerable questions declined.
	AnswerAccuracy  float64 `json:"answer_accuracy"`
	FalseRejectRate float64 `json:"false_reject_rate"`
	// NoAnswerAccuracy: unanswerable questions correctly declined.
	// FalseAnswerRate = 1 - NoAnswerAccuracy.
	NoAnswerAccuracy float64 `json:"no_answer_accuracy"`
	FalseAnswerRate  float64 `json:"false_answer_rate"`
	// Suggestions for the questions the index declines ("您是不是想问"):
	// DeclinedOffered is the share of declined answerable questions offered
	// at least one; DeclinedRescued the share offered one whose answer is
	// an expected passage (one tap from the right answer); NoneOffered the
	// mean number offered for an unanswerable question.
	DeclinedOffered float64 `json:"declined_offered"`
	DeclinedRescued float64 `json:"declined_rescued"`
	NoneOffered     float64 `json:"none_offered"`
	// Threshold is the MinConfidence used.
	Threshold float64 `json:"threshold"`
	// Sweep shows both rates over thresholds, for calibration.
	Sweep    []ThresholdPoint `json:"sweep"`
	Failures []EvalFailure    `json:"failures,omitempty"`
}

// ThresholdPoint is the effect of one "no answer" threshold.
type ThresholdPoint struct {
	Threshold        float64 `json:"threshold"`
	AcceptRate       float64 `json:"accept_rate"` // answerable questions answered
	NoAnswerAccuracy float64 `json:"no_answer_accuracy"`
	Balanced         float64 `json:"balanced"` // mean of the two
}

// EvalFailure is a question the knowledge base got wrong.
type EvalFailure struct {
	Q          string  `json:"q"`
	Problem    string  `json:"problem"`
	Got        string  `json:"got"` // top chunk id
	Confidence float64 `json:"confidence"`
}

// Evaluate runs the set against the index with its own MinConfidence.
func Evaluate(idx *Index, set EvalSet) EvalReport {
	r := EvalReport{Threshold: idx.opts.MinConfidence}
	var confAns, confNone []float64
	declined := 0
	for _, q := range set.Questions {
		hits := idx.Search(q.Q, Query{ProductID: q.ProductID, K: 10})
		a := idx.answerFrom(q.Q, hits)
		var offered []Hit
		if !a.Found {
			_, offered = idx.suggestWithAnswers(hits, q.ProductID)
		}
		top := ""
		if len(hits) > 0 {
			top = hits[0].ChunkID
		}
		if q.None {
			r.Unanswerable++
			confNone = append(confNone, a.Confidence)
			if a.Found {
				r.Failures = append(r.Failures, EvalFailure{Q: q.Q, Problem: "answered an unanswerable question", Got: top, Confidence: a.Confidence})
			} else {
				r.NoAnswerAccuracy++
			}
			r.NoneOffered += float64(len(offered))
			continue
		}
		r.Answerable++
		confAns = append(confAns, a.Confidence)
		rank := 0
		for i, h := range hits {
			if matchesExpect(h, q.Expect) {
				rank = i + 1
				break
			}
		}
		if rank == 1 {
			r.RecallAt1++
		}
		if rank >= 1 && rank <= 3 {
			r.RecallAt3++
		}
		if rank > 0 {
			r.MRR += 1 / float64(rank)
		}
		switch {
		case !a.Found:
			r.FalseRejectRate++
			declined++
			if len(offered) > 0 {
				r.DeclinedOffered++
			}
			if slices.ContainsFunc(offered, func(h Hit) bool { return matchesExpect(h, q.Expect) }) {
				r.DeclinedRescued++
			}
			r.Failures = append(r.Failures, EvalFailure{Q: q.Q, Problem: fmt.Sprintf("declined (expected passage at rank %d)", rank), Got: top, Confidence: a.Confidence})
		case matchesExpect(a.Hit, q.Expect):
			r.AnswerAccuracy++
		default:
			r.Failures = append(r.Failures, EvalFailure{Q: q.Q, Problem: fmt.Sprintf("wrong passage (expected at rank %d)", rank), Got: top, Confidence: a.Confidence})
		}
	}
	div := func(v *float64, n int) {
		if n > 0 {
			*v /= float64(n)
		}
	}
	div(&r.RecallAt1, r.Answerable)
	div(&r.RecallAt3, r.Answerable)
	div(&r.MRR, r.Answerable)
	div(&r.AnswerAccuracy, r.Answerable)
	div(&r.FalseRejectRate, r.Answerable)
	div(&r.NoAnswerAccuracy, r.Unanswerable)
	div(&r.DeclinedOffered, declined)
	div(&r.DeclinedRescued, declined)
	div(&r.NoneOffered, r.Unanswerable)
	if r.Unanswerable > 0 {
		r.FalseAnswerRate = 1 - r.NoAnswerAccuracy
	}
	for t := 5; t <= 60; t += 5 {
		th := float64(t) / 100
		p := ThresholdPoint{Threshold: th}
		for _, c := range confAns {
			if c >= th {
				p.AcceptRate++
			}
		}
		for _, c := range confNone {
			if c < th {
				p.NoAnswerAccuracy++
			}
		}
		div(&p.AcceptRate, len(confAns))
		div(&p.NoAnswerAccuracy, len(confNone))
		p.Balanced = (p.AcceptRate + p.NoAnswerAccuracy) / 2
		r.Sweep = append(r.Sweep, p)
	}
	return r
}

// matchesExpect reports whether a hit is one of the expected passages.
func matchesExpect(h Hit, exp []EvalExpect) bool {
	for _, e := range exp {
		if h.DocID != e.ID {
			continue
		}
		if e.Contains == "" || strings.Contains(normalizeText(h.Title+"\n"+h.Heading+"\n"+h.Text), normalizeText(e.Contains)) {
			return true
		}
	}
	return false
}

// WriteText writes the report for people (`xiaoer eval kb`).
func (r EvalReport) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "knowledge-base evaluation: %d answerable, %d unanswerable questions\n", r.Answerable, r.Unanswerable)
	fmt.Fprintf(&b, "  Recall@1            %.3f\n", r.RecallAt1)
	fmt.Fprintf(&b, "  Recall@3            %.3f\n", r.RecallAt3)
	fmt.Fprintf(&b, "  MRR@10              %.3f\n", r.MRR)
	fmt.Fprintf(&b, "  answer accuracy     %.3f  (answered from the expected passage)\n", r.AnswerAccuracy)
	fmt.Fprintf(&b, "  false rejects       %.3f  (answerable but declined)\n", r.FalseRejectRate)
	fmt.Fprintf(&b, "  no-answer accuracy  %.3f  (unanswerable and declined)\n", r.NoAnswerAccuracy)
	fmt.Fprintf(&b, "  false answers       %.3f\n", r.FalseAnswerRate)
	fmt.Fprintf(&b, "  threshold           %.2f\n", r.Threshold)
	fmt.Fprintf(&b, "suggestions when declined (\"您是不是想问\"):\n")
	fmt.Fprintf(&b, "  declined answerable offered any        %.3f\n", r.DeclinedOffered)
	fmt.Fprintf(&b, "  declined answerable offered the answer %.3f\n", r.DeclinedRescued)
	fmt.Fprintf(&b, "  offered per unanswerable question      %.2f\n", r.NoneOffered)
	b.WriteString("threshold sweep (accept rate on answerable / no-answer accuracy / balanced):\n")
	for _, p := range r.Sweep {
		fmt.Fprintf(&b, "  %.2f  %.3f  %.3f  %.3f\n", p.Threshold, p.AcceptRate, p.NoAnswerAccuracy, p.Balanced)
	}
	if len(r.Failures) > 0 {
		b.WriteString("failures:\n")
		for _, f := range r.Failures {
			fmt.Fprintf(&b, "  %-40s %s; top %s conf %.2f\n", f.Q, f.Problem, f.Got, f.Confidence)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
