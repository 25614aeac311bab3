// Command xiaoer is the Xiaoer (小二) AI customer-service server and its tools.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv})
	stop()
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "xiaoer:", err)
		var ue usageError
		if errors.As(err, &ue) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// env is the process environment, injected so commands are testable.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

// usageError is a mistake in how the command was called.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

type command struct {
	summary string
	run     func(ctx context.Context, args []string, e env) error
}

func commands() map[string]command {
	return map[string]command{
		"serve":   {"run the HTTP server (API, widget, console)", runServe},
		"import":  {"import a shop bundle (JSON) and CSV/XLSX sheets", runImport},
		"version": {"print the version", runVersion},
		"chat":    {"chat with the bot in the terminal", runChat},
		"test":    {"run conversation scenario files against the bot", runTest},
		"analyze": {"print the understanding (intent, entities, emotion) of a text", runAnalyze},
		"eval":    {"score the understanding engine or the knowledge base (eval nlu | eval kb)", runEval},
		"nlu":     {"retrain the understanding engine with merchant data (nlu train)", runNLU},
		"kb":      {"knowledge base: kb add FILES, kb search QUESTION", runKB},
		"bench":   {"measure reply throughput and latency over HTTP with the demo shop", runBench},
	}
}

func run(ctx context.Context, args []string, e env) error {
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.stdout, cmds)
		if len(args) == 0 {
			return usageError{"no command given"}
		}
		return nil
	}
	c, ok := cmds[args[0]]
	if !ok {
		usage(e.stderr, cmds)
		return usageError{fmt.Sprintf("unknown command %q", args[0])}
	}
	return c.run(ctx, args[1:], e)
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "xiaoer — 小二 AI customer service for online shops")
	fmt.Fprintln(w, "\nUsage: xiaoer <command> [flags] [args]\n\nCommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'xiaoer <command> --help' for the flags of a command. Every flag can also be set")
	fmt.Fprintln(w, "with an XIAOER_* environment variable or in a YAML file given with --config.")
}
