package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/app"
)

// runBench starts the demo server in-process on loopback and measures the
// reply path over HTTP under concurrent load.
func runBench(ctx context.Context, args []string, e env) error {
	fs, l := newFlags("bench", "bench [--conversations N] [--messages N] [--workers N,N...]", e)
	convs := fs.Int("conversations", 500, "concurrent conversations")
	msgs := fs.Int("messages", 6, "messages per conversation")
	workers := fs.String("workers", "8,32", "comma-separated numbers of concurrent clients; one run each")
	asJSON := fs.Bool("json", false, "print reports as JSON")
	c, err := parse(fs, l, args, e)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "xiaoer-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	c.DataDir, c.Demo, c.LogLevel = filepath.Join(dir, "data"), true, "error"
	a, err := openApp(ctx, c, e.stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: a.Handler()}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(e.stdout, "store: %s; %d conversations × %d messages per run\n", a.Store.Engine(), *convs, *msgs)
	for _, ws := range strings.Split(*workers, ",") {
		w, err := strconv.Atoi(strings.TrimSpace(ws))
		if err != nil || w <= 0 {
			return usageError{fmt.Sprintf("--workers: %q is not a positive number", ws)}
		}
		start := time.Now()
		r, err := app.RunLoad(ctx, app.LoadOptions{BaseURL: base, AdminKey: a.AdminKey, Conversations: *convs,
			Messages: *msgs, Workers: w, ProductID: "P-COAT-01"})
		if err != nil {
			return err
		}
		if *asJSON {
			out, _ := json.Marshal(map[string]any{"workers": w, "report": r})
			fmt.Fprintln(e.stdout, string(out))
			continue
		}
		fmt.Fprintf(e.stdout, "%3d clients: %s (run %s)\n", w, r, time.Since(start).Round(time.Millisecond))
	}
	return nil
}
