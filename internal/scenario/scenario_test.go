package scenario

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
)

func TestParseRejectsMistakes(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"no scenarios", "clock: 2026-11-22T10:00:00+08:00\n", "no scenarios"},
		{"unknown key", "scenarios:\n- name: a\n  turns:\n  - say: hi\n    expect: {contain: [x]}\n", "contain"},
		{"no name", "scenarios:\n- turns:\n  - say: hi\n", "no name"},
		{"no turns", "scenarios:\n- name: a\n", "no turns"},
		{"bad clock", "scenarios:\n- name: a\n  clock: tomorrow\n  turns:\n  - say: hi\n", "RFC3339"},
		{"bad regexp", "scenarios:\n- name: a\n  turns:\n  - say: hi\n    expect: {matches: ['(']}\n", "regular expression"},
		{"empty say", "scenarios:\n- name: a\n  turns:\n  - say: ' '\n", "nothing to say"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.yaml", []byte(tt.yaml))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	an, _ := json.Marshal(map[string]any{
		"intent":   map[string]any{"name": "stock_availability"},
		"clauses":  []any{map[string]any{"intent": "stock_availability"}, map[string]any{"intent": "dispatch_time"}},
		"entities": []any{map[string]any{"type": "size", "value": "M"}},
		"emotion":  map[string]any{"class": "neutral"},
	})
	pr := chat.PostResult{Replies: []chat.Message{{Text: "M码黑色还有12件"}, {Text: "今天16:00前付款当天发货", Payload: json.RawMessage(`{"quick_replies":["下单"]}`)}}, Analysis: an}
	yes, no := true, false
	tests := []struct {
		name  string
		e     Expect
		fails int
	}{
		{"all hold", Expect{Intent: "stock_availability", Intents: []string{"dispatch_time"}, Contains: []string{"12件", "当天发货"},
			NotContains: []string{"请查看商品详情"}, Matches: []string{`\d+件`}, Handoff: &no, Emotion: "neutral",
			Entities: map[string]string{"size": "M"}, AnyOf: []string{"x", "M码"}, Payload: []string{"下单"}}, 0},
		{"missing text", Expect{Contains: []string{"L码"}}, 1},
		{"forbidden text", Expect{NotContains: []string{"12件"}}, 1},
		{"handoff expected", Expect{Handoff: &yes}, 1},
		{"wrong intent", Expect{Intent: "logistics"}, 1},
		{"missing clause intent", Expect{Intents: []string{"logistics"}}, 1},
		{"wrong entity", Expect{Entities: map[string]string{"size": "L"}}, 1},
		{"none of any_of", Expect{AnyOf: []string{"x", "y"}}, 1},
		{"no match", Expect{Matches: []string{`^L`}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Check(tt.e, pr); len(got) != tt.fails {
				t.Errorf("failures = %v, want %d", got, tt.fails)
			}
		})
	}
}
