package app

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/xiaoer-cs/xiaoer/internal/demo"
	"github.com/xiaoer-cs/xiaoer/internal/scenario"
)

func TestZZDump(t *testing.T) {
	a, clk, files := newScenarioApp(t)
	rn := ScenarioRunner{App: a, Clock: clk}
	var sb strings.Builder
	for _, f := range files {
		for _, s := range f.Scenarios {
			res := scenario.Run(context.Background(), rn, f, s, demo.AnchorTime())
			fmt.Fprintf(&sb, "=== %s / %s [cust=%s prod=%s clock=%s%s]\n", f.Path, s.Name, s.Customer, s.Product, f.Clock, s.Clock)
			for _, tr := range res.Turns {
				fmt.Fprintf(&sb, "> %s\n< %s\n", tr.Say, strings.Join(tr.Replies, "\n< "))
			}
		}
	}
	os.WriteFile("/tmp/gr/dump.txt", []byte(sb.String()), 0o644)
}
