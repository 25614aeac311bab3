package kb

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// blockKind is the structural role of a block of text.
type blockKind int

const (
	blockText    blockKind = iota // a paragraph, list item, table row or line
	blockHeading                  // a heading; level says how deep
	blockBreak                    // a paragraph gap: a soft chunk boundary
	blockUnit                     // starts a self-contained unit (a Q/A pair, a conversation turn): a hard boundary
)

// block is one structural piece of a document, the input of the chunker.
type block struct {
	kind  blockKind
	level int
	text  string
}

// chunkPiece is one chunk as produced by the chunker, before indexing.
type chunkPiece struct {
	heading string // heading path, "退换货流程 > 运费"
	// titled: the path starts with the document's own title line (see
	// titleHeading), which names the document, not a section of it.
	titled bool
	text   string
}

// Chunk sizes in runes. A chunk is one or more blocks under the same heading;
// the target keeps a chunk to a passage a shopper can read in a chat bubble
// or two, the maximum bounds one long paragraph (split at sentences).
const (
	defaultChunkRunes = 300
	maxChunkFactor    = 2  // a single sentence longer than factor*target is cut hard
	minSoftRunes      = 80 // a paragraph gap ends a chunk only once it has this much text
)

// chunkBlocks groups blocks into chunks by structure: a heading always starts
// a new chunk, a unit marker (Q/A pair, conversation turn) starts one when the
// current chunk has text, a paragraph gap ends one when it is long enough,
// and text is packed up to target runes. Paragraphs longer than target are
// split at sentence ends.
func chunkBlocks(blocks []block, target int) []chunkPiece {
	if target <= 0 {
		target = defaultChunkRunes
	}
	var (
		out      []chunkPiece
		headings []string // by level, 1-based: headings[level-1]
		cur      []string
		curRunes int
	)
	titled := titleHeading(blocks)
	path := func() string {
		var parts []string
		for _, h := range headings {
			if h != "" {
				parts = append(parts, h)
			}
		}
		return strings.Join(parts, " > ")
	}
	flush := func() {
		if curRunes > 0 {
			out = append(out, chunkPiece{heading: path(), titled: titled, text: strings.Join(cur, "\n")})
		}
		cur, curRunes = cur[:0:0], 0
	}
	add := func(s string) {
		n := utf8.RuneCountInString(s)
		if curRunes > 0 && curRunes+n > target {
			flush()
		}
		cur = append(cur, s)
		curRunes += n
	}
	for _, b := range blocks {
		switch b.kind {
		case blockHeading:
			flush()
			lvl := max(1, min(b.level, 6))
			for len(headings) < lvl {
				headings = append(headings, "")
			}
			headings = headings[:lvl]
			headings[lvl-1] = b.text
		case blockBreak:
			if curRunes >= minSoftRunes {
				flush()
			}
		case blockUnit:
			flush()
		case blockText:
			t := strings.TrimSpace(b.text)
			if t == "" {
				continue
			}
			if utf8.RuneCountInString(t) <= target {
				add(t)
				continue
			}
			for _, s := range splitLong(t, target) {
				add(s)
			}
		}
	}
	flush()
	return out
}

// titleHeading reports whether a document opens with a heading that no later
// heading ranks with or above: its title line (Markdown's "# 标题", an HTML
// page's h1), which every chunk's heading path then starts with. A plain-text
// page's first line is text, so there a heading of its own ("一、降噪耳机")
// is a section, as is each of several top-level Markdown headings.
func titleHeading(blocks []block) bool {
	top := -1
	for _, b := range blocks {
		switch {
		case b.kind == blockBreak:
			continue
		case top < 0 && b.kind != blockHeading:
			return false
		case top < 0:
			top = b.level
		case b.kind == blockHeading && b.level <= top:
			return false
		}
	}
	return top >= 0
}

// splitLong splits a paragraph longer than target runes into pieces of at
// most target runes, at sentence ends where possible.
func splitLong(t string, target int) []string {
	var out []string
	var b strings.Builder
	n := 0
	for _, s := range splitSentences(t) {
		sn := utf8.RuneCountInString(s)
		if n > 0 && n+sn > target {
			out = append(out, b.String())
			b.Reset()
			n = 0
		}
		for sn > target*maxChunkFactor/2 && sn > target { // one huge sentence: cut hard
			cut := runePrefix(s, target)
			out = append(out, cut)
			s = s[len(cut):]
			sn = utf8.RuneCountInString(s)
		}
		b.WriteString(s)
		n += sn
	}
	if n > 0 {
		out = append(out, b.String())
	}
	return out
}

// runePrefix returns the first n runes of s.
func runePrefix(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// splitSentences splits text after sentence-ending punctuation (Chinese and
// Western) and newlines, keeping the punctuation with its sentence.
func splitSentences(t string) []string {
	var out []string
	start := 0
	for i, r := range t {
		if i < start { // consumed as a closing mark of the previous sentence
			continue
		}
		end := false
		switch r {
		case '。', '！', '？', '；', '!', '?', ';', '\n', '…':
			end = true
		case '.':
			// A period ends a sentence unless it sits inside a number (3.5L).
			end = i+1 >= len(t) || t[i+1] == ' ' || t[i+1] == '\n'
		}
		if end {
			j := i + utf8.RuneLen(r)
			// keep closing quotes/brackets with the sentence
			for j < len(t) {
				r2, size := utf8.DecodeRuneInString(t[j:])
				if r2 != '”' && r2 != '」' && r2 != '）' && r2 != ')' && r2 != '"' && r2 != '！' && r2 != '？' && r2 != '。' {
					break
				}
				j += size
			}
			if s := strings.TrimSpace(t[start:j]); s != "" {
				out = append(out, s)
			}
			start = j
		}
	}
	if start < len(t) {
		if s := strings.TrimSpace(t[start:]); s != "" {
			out = append(out, s)
		}
	}
	return out
}

var (
	mdHeading   = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	mdListItem  = regexp.MustCompile(`^\s*(?:[-*+]|\d+[.)、])\s+`)
	mdTableSep  = regexp.MustCompile(`^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$`)
	mdEmphasis  = regexp.MustCompile(`(\*\*|__|\x60)`)
	mdLink      = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	timestampRe = regexp.MustCompile(`^\s*[\[【(（]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\]】)）]?\s*`)
	srtTiming   = regexp.MustCompile(`^\s*\d{1,2}:\d{2}(:\d{2})?[.,]\d+\s*-->\s*`)
	unitLabel   = regexp.MustCompile(`^\s*(?:Q\s*\d*\s*[:：.、]|问\s*\d*\s*[:：]|问题\s*\d*\s*[:：]|顾客\s*[:：]|买家\s*[:：]|客户\s*[:：]|用户\s*[:：]|粉丝\s*[:：]|观众\s*[:：])`)
)

// markdownBlocks turns Markdown into blocks: ATX headings, paragraphs (soft
// wrapped lines joined), list items, tables (rows rendered as text), fenced
// code as text. Emphasis and link markup is stripped.
func markdownBlocks(src string) []block {
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	var out []block
	var para []string
	flushPara := func() {
		if len(para) > 0 {
			out = append(out, block{kind: blockText, text: joinLines(para)})
			para = para[:0]
		}
	}
	for i := 0; i < len(lines); i++ {
		line := strings.TrimRight(lines[i], " \t")
		trim := strings.TrimSpace(line)
		switch {
		case trim == "":
			flushPara()
			out = append(out, block{kind: blockBreak})
		case strings.HasPrefix(trim, "```") || strings.HasPrefix(trim, "~~~"):
			flushPara()
			fence := trim[:3]
			for i++; i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), fence); i++ {
				if t := strings.TrimSpace(lines[i]); t != "" {
					out = append(out, block{kind: blockText, text: t})
				}
			}
		case mdHeading.MatchString(trim):
			flushPara()
			m := mdHeading.FindStringSubmatch(trim)
			out = append(out, block{kind: blockHeading, level: len(m[1]), text: cleanInline(m[2])})
		case strings.HasPrefix(trim, "|") || (strings.Contains(trim, "|") && i+1 < len(lines) && mdTableSep.MatchString(lines[i+1])):
			flushPara()
			var rows [][]string
			for ; i < len(lines) && strings.Contains(lines[i], "|"); i++ {
				if mdTableSep.MatchString(lines[i]) {
					continue
				}
				rows = append(rows, splitTableRow(lines[i]))
			}
			i--
			out = append(out, tableBlocks(rows, true)...)
		case mdListItem.MatchString(line):
			flushPara()
			para = append(para, cleanInline(mdListItem.ReplaceAllString(line, "")))
			flushPara()
		case strings.HasPrefix(trim, ">"):
			para = append(para, cleanInline(strings.TrimSpace(strings.TrimLeft(trim, ">"))))
		case trim == "---" || trim == "***" || trim == "___":
			flushPara()
			out = append(out, block{kind: blockBreak})
		default:
			if unitLabel.MatchString(trim) {
				flushPara()
				out = append(out, block{kind: blockUnit})
				out = append(out, block{kind: blockText, text: cleanInline(trim)})
				continue
			}
			para = append(para, cleanInline(trim))
		}
	}
	flushPara()
	return out
}

// textBlocks turns plain text, transcripts, subtitles and conversation logs
// into blocks: one block per line, blank lines as soft breaks, Q/A and
// customer-turn labels as unit starts, heading lines (textHeading) as
// headings; timestamps and subtitle cue numbers and timings are dropped.
func textBlocks(src string) []block {
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	var out []block
	var styles []headingStyle // in order of first use: a style's level is its position + 1
	for i, line := range lines {
		t := strings.TrimSpace(line)
		if i == 0 && strings.HasPrefix(t, "WEBVTT") {
			continue
		}
		if srtTiming.MatchString(t) {
			continue
		}
		if isDigits(t) && i+1 < len(lines) && srtTiming.MatchString(lines[i+1]) {
			continue
		}
		t = strings.TrimSpace(timestampRe.ReplaceAllString(t, ""))
		if t == "" {
			out = append(out, block{kind: blockBreak})
			continue
		}
		if unitLabel.MatchString(t) {
			out = append(out, block{kind: blockUnit})
		} else if style, text := textHeading(t); style != noHeading {
			lvl := slices.Index(styles, style) + 1
			if lvl == 0 {
				styles = append(styles, style)
				lvl = len(styles)
			}
			out = append(out, block{kind: blockHeading, level: lvl, text: text})
			continue
		}
		out = append(out, block{kind: blockText, text: t})
	}
	return out
}

// headingStyle is a way plain text marks a heading line.
type headingStyle int

const (
	noHeading      headingStyle = iota
	numeralHeading              // 一、退货条件
	parenHeading                // （一）运费
	bracketHeading              // 【使用方法】
	colonHeading                // 常见问题：
)

var (
	numeralHeadingRe = regexp.MustCompile(`^[一二三四五六七八九十]{1,3}[、．.]\s*\S`)
	parenHeadingRe   = regexp.MustCompile(`^[（(][一二三四五六七八九十]{1,3}[）)]\s*\S`)
	bracketHeadingRe = regexp.MustCompile(`^【([^】]{1,30})】$`)
)

// Heading lines are short: a longer line is a numbered paragraph.
const (
	maxHeadingRunes      = 40
	maxColonHeadingRunes = 16
)

// textHeading reports whether a line of plain text is a heading, and how it
// is marked; text is the heading as shown (without the brackets or the final
// colon). Product pages and guides pasted as plain text mark their sections
// with Chinese numerals (一、 （一）), square brackets (【售后说明】) or a
// short label ending in a colon on a line of its own (常见问题：); without
// those a page about two products is one run of paragraphs, and a passage
// about one of them carries neither the product's name in its heading nor a
// heading to suggest it by. A line ending a sentence (。！？；) is text.
// Styles get levels in the order a document first uses them, so "一、" under
// "【…】" nests, and "常见问题：" under "一、" is its subsection.
func textHeading(line string) (headingStyle, string) {
	n := utf8.RuneCountInString(line)
	if n > maxHeadingRunes {
		return noHeading, ""
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	if strings.ContainsRune("。！？；!?;，,", last) {
		return noHeading, ""
	}
	switch {
	case numeralHeadingRe.MatchString(line):
		return numeralHeading, line
	case parenHeadingRe.MatchString(line):
		return parenHeading, line
	case bracketHeadingRe.MatchString(line):
		return bracketHeading, strings.TrimSpace(bracketHeadingRe.FindStringSubmatch(line)[1])
	case (last == '：' || last == ':') && n <= maxColonHeadingRunes && n > 1 &&
		!strings.ContainsAny(line[:len(line)-utf8.RuneLen(last)], "：:，,。；;！？!?"):
		return colonHeading, strings.TrimSpace(strings.TrimRight(line, "：:"))
	}
	return noHeading, ""
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// joinLines joins soft-wrapped lines: Chinese lines join without a space,
// Latin ones with one.
func joinLines(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			prev, _ := utf8.DecodeLastRuneInString(lines[i-1])
			next, _ := utf8.DecodeRuneInString(l)
			if prev < utf8.RuneSelf && next < utf8.RuneSelf {
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

// cleanInline strips Markdown emphasis, code ticks and link targets.
func cleanInline(s string) string {
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdEmphasis.ReplaceAllString(s, "")
	return strings.TrimSpace(s)
}

func splitTableRow(line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(line, "|")
	line = strings.TrimSuffix(line, "|")
	cells := strings.Split(line, "|")
	for i := range cells {
		cells[i] = cleanInline(cells[i])
	}
	return cells
}

// tableBlocks renders a table as text, one block per row. With a header row
// each data row reads "列名：值，列名：值" so a row is a self-contained
// passage ("涂层：陶瓷不粘涂层，耐磨：..."); without one cells are joined by
// " | ".
func tableBlocks(rows [][]string, firstIsHeader bool) []block {
	if len(rows) == 0 {
		return nil
	}
	var out []block
	out = append(out, block{kind: blockBreak})
	header := []string(nil)
	if firstIsHeader && len(rows) > 1 {
		header, rows = rows[0], rows[1:]
	}
	if isKeyValueTable(rows) {
		// Spec tables ("容量 | 5L") read best as "容量：5L"; their header is
		// usually generic ("项目 | 参数") and dropped.
		for _, row := range rows {
			k, v := strings.TrimSpace(row[0]), strings.TrimSpace(row[1])
			switch {
			case k != "" && v != "":
				out = append(out, block{kind: blockText, text: k + "：" + v})
			case k+v != "":
				out = append(out, block{kind: blockText, text: k + v})
			}
		}
		return append(out, block{kind: blockBreak})
	}
	for _, row := range rows {
		var parts []string
		for j, c := range row {
			c = strings.TrimSpace(c)
			if c == "" {
				continue
			}
			if j < len(header) && strings.TrimSpace(header[j]) != "" {
				parts = append(parts, strings.TrimSpace(header[j])+"："+c)
			} else {
				parts = append(parts, c)
			}
		}
		if len(parts) == 0 {
			continue
		}
		sep := " | "
		if header != nil {
			sep = "，"
		}
		out = append(out, block{kind: blockText, text: strings.Join(parts, sep)})
	}
	out = append(out, block{kind: blockBreak})
	return out
}

// isKeyValueTable reports whether every row has exactly two cells.
func isKeyValueTable(rows [][]string) bool {
	if len(rows) == 0 {
		return false
	}
	for _, r := range rows {
		if len(r) != 2 {
			return false
		}
	}
	return true
}
