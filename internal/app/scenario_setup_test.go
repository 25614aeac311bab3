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

// newScenarioApp loads the shipped scenario files and assembles the demo app
// the way `xiaoer test --demo` does, with a fixed clock the scenarios move.
// The app is closed when the test ends.
func newScenarioApp(t *testing.T) (*App, *clock.Fixed, []scenario.File) {
	t.Helper()
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
	t.Cleanup(func() { a.Close() })
	return a, clk, files
}
