// Package scenario runs conversation tests: YAML files of turns with
// expectations on the bot's replies, used by the project's own test suite
// and by merchants testing their bot (`xiaoer test FILES...`).
package scenario

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
)

// File is one scenario file: a list of scenarios sharing defaults.
type File struct {
	Path      string     `yaml:"-"`
	Clock     string     `yaml:"clock,omitempty"`
	Scenarios []Scenario `yaml:"scenarios"`
}

// Scenario is one conversation.
type Scenario struct {
	Name string `yaml:"name"`
	// Clock (RFC3339) is the time the conversation happens; defaults to the file's.
	Clock string `yaml:"clock,omitempty"`
	// Customer is a verified customer id; empty for an anonymous visitor.
	Customer string `yaml:"customer,omitempty"`
	// Product is the page the chat is opened from.
	Product string `yaml:"product,omitempty"`
	Turns   []Turn `yaml:"turns"`
}

// Turn is one customer message and what must hold of the answer.
type Turn struct {
	Say    string `yaml:"say"`
	Expect Expect `yaml:"expect"`
}

// Expect lists checks on a turn's replies (all texts of the turn joined).
type Expect struct {
	// Intent is the primary intent of the customer message.
	Intent string `yaml:"intent,omitempty"`
	// Intents must all appear among the message's clause intents.
	Intents []string `yaml:"intents,omitempty"`
	// Contains: every string must appear in the reply.
	Contains []string `yaml:"contains,omitempty"`
	// AnyOf: at least one of the strings must appear.
	AnyOf []string `yaml:"any_of,omitempty"`
	// NotContains: none may appear.
	NotContains []string `yaml:"not_contains,omitempty"`
	// Matches: every regular expression must match the reply.
	Matches []string `yaml:"matches,omitempty"`
	// Handoff: true requires a handoff on this turn, false forbids one.
	Handoff *bool `yaml:"handoff,omitempty"`
	// Emotion is the emotion class of the customer message.
	Emotion string `yaml:"emotion,omitempty"`
	// Entities: type → value that must be among the analysis entities.
	Entities map[string]string `yaml:"entities,omitempty"`
	// Payload: strings that must appear in the replies' structured payload (cards, quick replies).
	Payload []string `yaml:"payload,omitempty"`
}

// Load reads scenario files and checks them for mistakes a merchant could make.
func Load(paths []string) ([]File, error) {
	var files []File
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("read scenario file: %w", err)
		}
		f, err := Parse(p, b)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

// Parse reads one scenario file's content.
func Parse(path string, b []byte) (File, error) {
	var f File
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return File{}, fmt.Errorf("%s: %w", path, err)
	}
	f.Path = path
	if len(f.Scenarios) == 0 {
		return File{}, fmt.Errorf("%s: no scenarios (the file needs a top-level `scenarios:` list)", path)
	}
	for i, s := range f.Scenarios {
		where := fmt.Sprintf("%s: scenario %d (%q)", path, i+1, s.Name)
		if s.Name == "" {
			return File{}, fmt.Errorf("%s: scenario %d has no name", path, i+1)
		}
		if len(s.Turns) == 0 {
			return File{}, fmt.Errorf("%s: no turns", where)
		}
		for _, c := range []string{s.Clock, f.Clock} {
			if c != "" {
				if _, err := time.Parse(time.RFC3339, c); err != nil {
					return File{}, fmt.Errorf("%s: clock %q is not RFC3339 (e.g. 2026-11-22T10:00:00+08:00)", where, c)
				}
			}
		}
		for j, t := range s.Turns {
			if strings.TrimSpace(t.Say) == "" {
				return File{}, fmt.Errorf("%s: turn %d has nothing to say", where, j+1)
			}
			for _, re := range t.Expect.Matches {
				if _, err := regexp.Compile(re); err != nil {
					return File{}, fmt.Errorf("%s: turn %d: bad regular expression %q: %v", where, j+1, re, err)
				}
			}
		}
	}
	return f, nil
}

// Runner is what a scenario needs from the application.
type Runner interface {
	// SetTime moves the clock.
	SetTime(t time.Time)
	// Start opens a conversation for a verified customer (or anonymous) on a product page.
	Start(ctx context.Context, customerID, productID string) (string, error)
	// Post sends a customer message and returns the result.
	Post(ctx context.Context, conversationID, text string) (chat.PostResult, error)
}

// Result is the outcome of one scenario.
type Result struct {
	File     string
	Scenario string
	Failures []string
	Turns    []TurnResult
}

// TurnResult records what happened in one turn.
type TurnResult struct {
	Say     string
	Replies []string
}

// Passed reports whether every check held.
func (r Result) Passed() bool { return len(r.Failures) == 0 }

// Run plays one scenario.
func Run(ctx context.Context, rn Runner, f File, s Scenario, defaultClock time.Time) Result {
	res := Result{File: f.Path, Scenario: s.Name}
	clk := defaultClock
	for _, c := range []string{f.Clock, s.Clock} {
		if c != "" {
			clk, _ = time.Parse(time.RFC3339, c)
		}
	}
	rn.SetTime(clk)
	id, err := rn.Start(ctx, s.Customer, s.Product)
	if err != nil {
		res.Failures = append(res.Failures, "start: "+err.Error())
		return res
	}
	for i, t := range s.Turns {
		// Each turn happens a little later, like a real chat.
		clk = clk.Add(20 * time.Second)
		rn.SetTime(clk)
		pr, err := rn.Post(ctx, id, t.Say)
		if err != nil {
			res.Failures = append(res.Failures, fmt.Sprintf("turn %d %q: %v", i+1, t.Say, err))
			return res
		}
		tr := TurnResult{Say: t.Say}
		for _, m := range pr.Replies {
			tr.Replies = append(tr.Replies, m.Text)
		}
		res.Turns = append(res.Turns, tr)
		for _, f := range Check(t.Expect, pr) {
			res.Failures = append(res.Failures, fmt.Sprintf("turn %d %q: %s", i+1, t.Say, f))
		}
	}
	return res
}

// analysis is the part of the structured understanding the checks read.
type analysis struct {
	Intent struct {
		Name string `json:"name"`
	} `json:"intent"`
	Clauses []struct {
		Intent string `json:"intent"`
	} `json:"clauses"`
	Entities []struct {
		Type  string `json:"type"`
		Value string `json:"value"`
	} `json:"entities"`
	Emotion struct {
		Class string `json:"class"`
	} `json:"emotion"`
}

// Check returns the failed expectations of one turn.
func Check(e Expect, pr chat.PostResult) []string {
	var fails []string
	var texts, payloads []string
	for _, m := range pr.Replies {
		texts = append(texts, m.Text)
		payloads = append(payloads, string(m.Payload))
	}
	reply := strings.Join(texts, "\n")
	payload := strings.Join(payloads, "\n")
	show := reply
	if len([]rune(show)) > 300 {
		show = string([]rune(show)[:300]) + "…"
	}
	for _, c := range e.Contains {
		if !strings.Contains(reply, c) {
			fails = append(fails, fmt.Sprintf("reply lacks %q; reply: %s", c, show))
		}
	}
	if len(e.AnyOf) > 0 {
		found := false
		for _, c := range e.AnyOf {
			found = found || strings.Contains(reply, c)
		}
		if !found {
			fails = append(fails, fmt.Sprintf("reply has none of %q; reply: %s", e.AnyOf, show))
		}
	}
	for _, c := range e.NotContains {
		if strings.Contains(reply, c) {
			fails = append(fails, fmt.Sprintf("reply must not contain %q; reply: %s", c, show))
		}
	}
	for _, re := range e.Matches {
		if !regexp.MustCompile(re).MatchString(reply) {
			fails = append(fails, fmt.Sprintf("reply does not match /%s/; reply: %s", re, show))
		}
	}
	for _, c := range e.Payload {
		if !strings.Contains(payload, c) {
			fails = append(fails, fmt.Sprintf("payload lacks %q", c))
		}
	}
	if e.Handoff != nil && *e.Handoff != (pr.Handoff != nil) {
		if *e.Handoff {
			fails = append(fails, "expected a handoff to a human, got none")
		} else {
			fails = append(fails, fmt.Sprintf("unexpected handoff (%s)", pr.Handoff.Reason))
		}
	}
	if e.Intent != "" || len(e.Intents) > 0 || e.Emotion != "" || len(e.Entities) > 0 {
		var a analysis
		if len(pr.Analysis) == 0 || json.Unmarshal(pr.Analysis, &a) != nil {
			return append(fails, "no analysis in the response to check intent/emotion/entities against")
		}
		if e.Intent != "" && a.Intent.Name != e.Intent {
			fails = append(fails, fmt.Sprintf("intent = %s, want %s", a.Intent.Name, e.Intent))
		}
		for _, want := range e.Intents {
			found := a.Intent.Name == want
			for _, c := range a.Clauses {
				found = found || c.Intent == want
			}
			if !found {
				fails = append(fails, fmt.Sprintf("intent %s not among the clauses", want))
			}
		}
		if e.Emotion != "" && a.Emotion.Class != e.Emotion {
			fails = append(fails, fmt.Sprintf("emotion = %s, want %s", a.Emotion.Class, e.Emotion))
		}
		for typ, val := range e.Entities {
			found := false
			for _, en := range a.Entities {
				found = found || (en.Type == typ && en.Value == val)
			}
			if !found {
				fails = append(fails, fmt.Sprintf("entity %s=%s not found", typ, val))
			}
		}
	}
	return fails
}
