package importer

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/mattn/go-isatty"
)

// progress draws one line per file, "orders.csv [#####-----] 5000/10000
// rows", redrawn in place with \r. It draws only on a terminal and at most
// once per percent, so it costs nothing measurable on large files and
// leaves logs and pipes clean.
type progress struct {
	w     io.Writer
	name  string
	total int
	pct   int
	on    bool
}

// newProgress returns a progress bar on w if w is a terminal, else a no-op.
func newProgress(w io.Writer) *progress {
	f, ok := w.(interface{ Fd() uintptr })
	if !ok || !(isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())) {
		return &progress{}
	}
	return &progress{w: w}
}

func (p *progress) start(file, sheet string, total int) {
	if p.w == nil {
		return
	}
	p.name, p.total, p.pct, p.on = filepath.Base(file), total, -1, true
	if sheet != "" {
		p.name += " [" + sheet + "]"
	}
	p.step(0)
}

func (p *progress) step(done int) {
	if !p.on {
		return
	}
	pct := 100
	if p.total > 0 {
		pct = done * 100 / p.total
	}
	if pct == p.pct {
		return
	}
	p.pct = pct
	const width = 30
	n := pct * width / 100
	fmt.Fprintf(p.w, "\r%-28s [%s%s] %d/%d rows", shorten(p.name, 28), strings.Repeat("#", n), strings.Repeat("-", width-n), done, p.total)
}

func (p *progress) finish() {
	if !p.on {
		return
	}
	p.pct = -1
	p.step(p.total)
	fmt.Fprintln(p.w)
	p.on = false
}

// shorten keeps the end of a long name, which is the file's own name.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return "…" + string(r[len(r)-n+1:])
}
