package importer

import (
	"fmt"
	"strconv"
	"strings"
)

// DefaultMaxErrors is how many problems an import collects before it stops
// reading: enough to fix a batch at once, few enough to read.
const DefaultMaxErrors = 20

// Problem is one thing wrong with the input, located as precisely as the
// format allows: file, sheet and spreadsheet row and column header for
// CSV/XLSX; file, line (and column for syntax errors) and field path for JSON.
type Problem struct {
	File    string // path as given on the command line
	Sheet   string // XLSX sheet name
	Row     int    // 1-based spreadsheet row (CSV/XLSX), 0 if not applicable
	Line    int    // 1-based line (JSON), 0 if not applicable
	Col     int    // 1-based column in characters (JSON syntax errors)
	Record  string // which record: "order 2609" or "orders[3] (id 2609)"
	Field   string // column header (sheets) or field path (JSON)
	Message string // what is wrong and how to fix it
}

// Error renders the problem on one line, e.g.
// `orders.csv row 7, column "数量" (order 2609): "两" is not a whole number — write digits, e.g. 2`.
func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Sheet != "" {
		fmt.Fprintf(&b, " sheet %q", p.Sheet)
	}
	if p.Row > 0 {
		b.WriteString(" row " + strconv.Itoa(p.Row))
		if p.Field != "" {
			fmt.Fprintf(&b, ", column %q", p.Field)
		}
		if p.Record != "" {
			b.WriteString(" (" + p.Record + ")")
		}
		b.WriteString(": ")
		b.WriteString(p.Message)
		return b.String()
	}
	if p.Line > 0 {
		b.WriteString(" line " + strconv.Itoa(p.Line))
		if p.Col > 0 {
			b.WriteString(":" + strconv.Itoa(p.Col))
		}
	}
	b.WriteString(": ")
	if p.Record != "" {
		b.WriteString(p.Record + ": ")
	}
	if p.Field != "" {
		b.WriteString(p.Field + ": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Errors is the list of problems that rejected an import. Nothing was
// written when an import returns it.
type Errors struct {
	Problems []Problem
	// Truncated is true when reading stopped at the error limit, so more
	// problems may follow once these are fixed.
	Truncated bool
}

// Error lists the problems, one per line.
func (e *Errors) Error() string {
	var b strings.Builder
	if len(e.Problems) == 1 && !e.Truncated {
		return e.Problems[0].Error()
	}
	fmt.Fprintf(&b, "%d problems", len(e.Problems))
	if e.Truncated {
		b.WriteString(" (stopped there; fix these and run again to see the rest)")
	}
	b.WriteString(":")
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.Error())
	}
	return b.String()
}

// collector gathers problems up to a limit.
type collector struct {
	max       int
	problems  []Problem
	truncated bool
}

func newCollector(max int) *collector {
	if max <= 0 {
		max = DefaultMaxErrors
	}
	return &collector{max: max}
}

// add records a problem; it returns false once the limit is reached.
func (c *collector) add(p Problem) bool {
	if len(c.problems) >= c.max {
		c.truncated = true
		return false
	}
	c.problems = append(c.problems, p)
	return true
}

// full reports whether reading should stop.
func (c *collector) full() bool { return len(c.problems) >= c.max }

func (c *collector) err() error {
	if len(c.problems) == 0 {
		return nil
	}
	return &Errors{Problems: c.problems, Truncated: c.truncated}
}
