package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/app"
)

func runServe(ctx context.Context, args []string, e env) error {
	fs, l := newFlags("serve", "serve [--demo] [--addr HOST:PORT] [--data-dir DIR | --dsn postgres://...]", e)
	c, err := parse(fs, l, args, e)
	if err != nil {
		return err
	}
	if c.Demo {
		c.DataDir = demoDataDir(fs, c.DataDir, e)
	}
	a, err := openApp(ctx, c, e.stderr)
	if err != nil {
		return err
	}
	defer a.Close()

	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is another server running? choose another with --addr)", c.Addr, err)
	}
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	printBanner(e, a, ln.Addr().String())

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("serve: %w", err)
		}
		return nil
	case <-ctx.Done():
	}
	a.Log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}

func printBanner(e env, a *app.App, addr string) {
	base := a.Config.PublicURL
	if base == "" {
		host, port, _ := net.SplitHostPort(addr)
		if host == "" || host == "::" || host == "0.0.0.0" {
			host = "127.0.0.1"
		}
		base = "http://" + net.JoinHostPort(host, port)
	}
	w := e.stdout
	fmt.Fprintf(w, "小二 Xiaoer %s is running (store: %s, data: %s)\n", app.Version, a.Store.Engine(), a.Config.DataDir)
	if a.Config.Demo {
		fmt.Fprintln(w, "  demo shop loaded")
	}
	fmt.Fprintf(w, "  API:       %s/api/v1/\n", base)
	fmt.Fprintf(w, "  API spec:  %s/api/openapi.yaml\n", base)
	fmt.Fprintf(w, "  health:    %s/healthz\n", base)
	fmt.Fprintf(w, "  metrics:   %s/metrics\n", base)
	if a.Config.Demo {
		// The demo is local and throwaway: show the key so the API can be tried at once.
		fmt.Fprintf(w, "  admin key: %s\n", a.AdminKey)
	} else {
		fmt.Fprintf(w, "  admin key: %s (full key in %s/secrets.json unless set with --admin-key)\n", app.Redact(a.AdminKey), a.Config.DataDir)
	}
	for _, l := range a.ExtraBanner(base) {
		fmt.Fprintln(w, "  "+l)
	}
	fmt.Fprintln(w, "Press Ctrl+C to stop.")
}
