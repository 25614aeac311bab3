package kb

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlBlocks turns an HTML page (a product detail page, typically) into
// blocks: markup is stripped, h1–h6 become headings, tables become one text
// block per row, block elements become paragraphs, scripts and styles are
// dropped. It also returns the page <title>.
func htmlBlocks(src string) (blocks []block, title string) {
	root, err := html.Parse(strings.NewReader(src))
	if err != nil { // html.Parse only fails on reader errors
		return textBlocks(src), ""
	}
	w := &htmlWalker{}
	w.walk(root, 0)
	w.flush()
	return w.out, strings.TrimSpace(w.title)
}

type htmlWalker struct {
	out   []block
	buf   strings.Builder
	title string
}

func (w *htmlWalker) flush() {
	t := collapseSpace(w.buf.String())
	w.buf.Reset()
	if t != "" {
		w.out = append(w.out, block{kind: blockText, text: t})
	}
}

// maxHTMLDepth bounds recursion on hostile, deeply nested input.
const maxHTMLDepth = 512

func (w *htmlWalker) walk(n *html.Node, depth int) {
	if depth > maxHTMLDepth {
		return
	}
	switch n.Type {
	case html.TextNode:
		w.buf.WriteString(n.Data)
		return
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Iframe, atom.Object:
			return
		case atom.Title:
			w.title = nodeText(n, 0)
			return
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			w.flush()
			if t := collapseSpace(nodeText(n, 0)); t != "" {
				w.out = append(w.out, block{kind: blockHeading, level: int(n.Data[1] - '0'), text: t})
			}
			return
		case atom.Table:
			w.flush()
			w.out = append(w.out, tableBlocks(tableRows(n), tableHasHeader(n))...)
			return
		case atom.Br:
			w.flush()
			return
		case atom.Img:
			// Product pages are mostly images; their alt text is all we can read.
			for _, a := range n.Attr {
				if a.Key == "alt" && strings.TrimSpace(a.Val) != "" {
					w.buf.WriteString(" " + a.Val + " ")
				}
			}
			return
		}
	}
	isBlock := n.Type == html.ElementNode && blockElements[n.DataAtom]
	if isBlock {
		w.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c, depth+1)
	}
	if isBlock {
		w.flush()
		if n.DataAtom == atom.P || n.DataAtom == atom.Section || n.DataAtom == atom.Ul || n.DataAtom == atom.Ol {
			w.out = append(w.out, block{kind: blockBreak})
		}
	}
}

var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Section: true,
	atom.Article: true, atom.Header: true, atom.Footer: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Blockquote: true, atom.Pre: true, atom.Tr: true, atom.Figure: true, atom.Figcaption: true,
	atom.Main: true, atom.Aside: true, atom.Nav: true, atom.Hr: true, atom.Body: true,
}

// tableRows returns the cell texts of a table's rows (nested tables are
// flattened into their cell's text).
func tableRows(t *html.Node) [][]string {
	var rows [][]string
	var visit func(n *html.Node, depth int)
	visit = func(n *html.Node, depth int) {
		if depth > maxHTMLDepth {
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Tr {
			var row []string
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
					row = append(row, collapseSpace(nodeText(c, 0)))
				}
			}
			if len(row) > 0 {
				rows = append(rows, row)
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c, depth+1)
		}
	}
	visit(t, 0)
	return rows
}

// tableHasHeader reports whether the table's first row is a header (a thead,
// or a first row of th cells). Two-column key/value tables with th in the
// first column are read row by row instead.
func tableHasHeader(t *html.Node) bool {
	var first *html.Node
	var find func(n *html.Node, depth int) bool
	find = func(n *html.Node, depth int) bool {
		if depth > maxHTMLDepth {
			return false
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Thead {
			return true
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Tr {
			if first == nil {
				first = n
			}
			return false
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if find(c, depth+1) {
				return true
			}
			if first != nil {
				break
			}
		}
		return false
	}
	if find(t, 0) {
		return true
	}
	if first == nil {
		return false
	}
	cells, ths := 0, 0
	for c := first.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
			cells++
			if c.DataAtom == atom.Th {
				ths++
			}
		}
	}
	return cells > 0 && ths == cells
}

// nodeText returns the text content of n, with block children separated by
// spaces.
func nodeText(n *html.Node, depth int) string {
	var b strings.Builder
	var visit func(n *html.Node, depth int)
	visit = func(n *html.Node, depth int) {
		if depth > maxHTMLDepth {
			return
		}
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				return
			case atom.Br:
				b.WriteByte(' ')
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c, depth+1)
		}
		if n.Type == html.ElementNode && blockElements[n.DataAtom] {
			b.WriteByte(' ')
		}
	}
	visit(n, depth)
	return b.String()
}

// collapseSpace trims and collapses runs of white space (including the
// ideographic space) into one ASCII space, dropping spaces between Han
// characters, which HTML source indentation introduces.
func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	var prev rune
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u3000' || r == '\u00a0' || r == '\f' {
			space = true
			continue
		}
		if space && b.Len() > 0 && !(isHan(prev) || isHan(r) || isCJKPunct(prev) || isCJKPunct(r)) {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

func isCJKPunct(r rune) bool {
	return r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef
}
