package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/xiaoer-cs/xiaoer/internal/importer"
)

// runImport loads bundle and sheet files into the store, all-or-nothing.
func runImport(ctx context.Context, args []string, e env) error {
	fs, l := newFlags("import", "import [--data-dir DIR | --dsn postgres://...] PATH...", e)
	dryRun := fs.Bool("dry-run", false, "validate only; write nothing")
	c, err := parse(fs, l, args, e)
	if err != nil {
		return err
	}
	paths := fs.Args()
	if len(paths) == 0 {
		return usageError{"give the files to import: a JSON bundle and/or CSV/XLSX sheets (see docs/bundle.md)"}
	}
	c.Demo = false
	a, err := openQuietApp(ctx, c, e.stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	opts := importer.Options{Secret: []byte(a.ShopSecret()), Progress: e.stderr, DryRun: *dryRun}
	stats, err := importer.Import(ctx, a.Store, paths, opts)
	if err != nil {
		return err
	}
	out, _ := json.Marshal(stats)
	if *dryRun {
		fmt.Fprintf(e.stdout, "dry run: the files are valid; nothing was written; would import %s\n", out)
		return nil
	}
	fmt.Fprintf(e.stdout, "imported into %s: %s\n", a.Store.Engine(), out)
	return nil
}
