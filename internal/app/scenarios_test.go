package app

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/xiaoer-cs/xiaoer/internal/demo"
	"github.com/xiaoer-cs/xiaoer/internal/scenario"
)

// TestScenarios plays every shipped conversation scenario against the demo
// shop through the same graph `xiaoer test --demo` builds.
func TestScenarios(t *testing.T) {
	a, clk, files := newScenarioApp(t)
	rn := ScenarioRunner{App: a, Clock: clk}
	n := 0
	for _, f := range files {
		for _, s := range f.Scenarios {
			n++
			t.Run(filepath.Base(f.Path)+"/"+s.Name, func(t *testing.T) {
				res := scenario.Run(context.Background(), rn, f, s, demo.AnchorTime())
				for _, fl := range res.Failures {
					t.Error(fl)
				}
			})
		}
	}
	t.Logf("%d scenarios in %d files", n, len(files))
}
