package app

import (
	"context"
	"io"
	"path/filepath"
	"testing"

	"github.com/xiaoer-cs/xiaoer/internal/clock"
	"github.com/xiaoer-cs/xiaoer/internal/config"
	"github.com/xiaoer-cs/xiaoer/internal/demo"
	"github.com/xiaoer-cs/xiaoer/internal/scenario"
)

// TestScenarios plays every shipped conversation scenario against the demo
// shop through the same graph `xiaoer test --demo` builds.
func TestScenarios(t *testing.T) {
	paths, err := filepath.Glob("../../testdata/scenarios/*.yaml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no scenario files: %v", err)
	}
	files, err := scenario.Load(paths)
	if err != nil {
		t.Fatal(err)
	}
	clk := clock.NewFixed(demo.AnchorTime())
	c := &config.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), Demo: true, LogLevel: "error", LogFormat: "text",
		ShopSecret: "test-shop-secret", AdminKey: "test-admin-key"}
	a, err := New(context.Background(), c, Options{Clock: clk, LogOutput: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
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
