package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/xiaoer-cs/xiaoer/internal/app"
	"github.com/xiaoer-cs/xiaoer/internal/config"
)

// newFlags makes a command's flag set with the shared configuration flags.
func newFlags(name, usageLine string, e env) (*flag.FlagSet, *config.Loader) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	l := config.Register(fs)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: xiaoer %s\n\nFlags:\n", usageLine)
		fs.PrintDefaults()
	}
	return fs, l
}

// parse parses flags and resolves the configuration.
func parse(fs *flag.FlagSet, l *config.Loader, args []string, e env) (*config.Config, error) {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil, err
		}
		return nil, usageError{err.Error()}
	}
	return l.Load(e.getenv)
}

// openApp assembles the app for a command.
func openApp(ctx context.Context, c *config.Config, logs io.Writer) (*app.App, error) {
	return app.New(ctx, c, app.Options{LogOutput: logs})
}

// openQuietApp opens the app for a one-shot command (chat, import, kb): the
// default info level drops to warn, so start-up lines do not mix with the
// command's own output; a level chosen explicitly is kept.
func openQuietApp(ctx context.Context, c *config.Config, logs io.Writer) (*app.App, error) {
	if c.LogLevel == "info" {
		c.LogLevel = "warn"
	}
	return openApp(ctx, c, logs)
}

func runVersion(ctx context.Context, args []string, e env) error {
	fmt.Fprintln(e.stdout, "xiaoer", app.Version)
	return nil
}

// demoDataDir keeps the demo shop out of a real shop's default data dir
// unless a data dir was chosen explicitly.
func demoDataDir(fs *flag.FlagSet, dir string, e env) string {
	explicit := false
	fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "data-dir" })
	if explicit || e.getenv("XIAOER_DATA_DIR") != "" {
		return dir
	}
	return "xiaoer-demo-data"
}
