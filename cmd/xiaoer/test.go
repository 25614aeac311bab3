package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/app"
	"github.com/xiaoer-cs/xiaoer/internal/clock"
	"github.com/xiaoer-cs/xiaoer/internal/demo"
	"github.com/xiaoer-cs/xiaoer/internal/scenario"
)

// runTest plays scenario files against the bot and reports failures.
func runTest(ctx context.Context, args []string, e env) error {
	fs, l := newFlags("test", "test [--demo] [-v] FILE.yaml...", e)
	verbose := fs.Bool("v", false, "print every turn, not only failures")
	c, err := parse(fs, l, args, e)
	if err != nil {
		return err
	}
	paths := fs.Args()
	if len(paths) == 0 {
		return usageError{"give one or more scenario files, e.g. xiaoer test --demo testdata/scenarios/*.yaml"}
	}
	files, err := scenario.Load(paths)
	if err != nil {
		return err
	}
	start := time.Now()
	if c.Demo {
		// Scenarios run against a throwaway copy of the demo shop.
		dir, err := os.MkdirTemp("", "xiaoer-test-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		c.DataDir = filepath.Join(dir, "data")
		c.DSN = ""
	}
	anchor := demo.AnchorTime()
	if !c.Clock.IsZero() {
		anchor = c.Clock
	}
	clk := clock.NewFixed(anchor)
	c.LogLevel = "error"
	a, err := app.New(ctx, c, app.Options{Clock: clk, LogOutput: e.stderr})
	if err != nil {
		return err
	}
	defer a.Close()
	rn := app.ScenarioRunner{App: a, Clock: clk}
	passed, failed := 0, 0
	for _, f := range files {
		for _, s := range f.Scenarios {
			res := scenario.Run(ctx, rn, f, s, anchor)
			if res.Passed() {
				passed++
			} else {
				failed++
			}
			if *verbose || !res.Passed() {
				status := "PASS"
				if !res.Passed() {
					status = "FAIL"
				}
				fmt.Fprintf(e.stdout, "%s %s: %s\n", status, f.Path, s.Name)
				if *verbose {
					for _, t := range res.Turns {
						fmt.Fprintf(e.stdout, "    顾客: %s\n", t.Say)
						for _, r := range t.Replies {
							fmt.Fprintf(e.stdout, "    小二: %s\n", r)
						}
					}
				}
				for _, fl := range res.Failures {
					fmt.Fprintf(e.stdout, "    - %s\n", fl)
				}
			}
		}
	}
	fmt.Fprintf(e.stdout, "scenarios: %d passed, %d failed (%s)\n", passed, failed, time.Since(start).Round(time.Millisecond))
	if failed > 0 {
		return fmt.Errorf("%d scenario(s) failed", failed)
	}
	return nil
}
