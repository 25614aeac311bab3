package kb

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"gopkg.in/yaml.v3"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// ParseMeta qualifies a file being ingested. Zero fields are inferred.
type ParseMeta struct {
	// ID of the resulting document (default: derived from the file name,
	// so re-adding the same file replaces it). For FAQ sheets it is the
	// prefix of the entries' ids.
	ID string `json:"id,omitempty"`
	// Title of the document (default: first heading, HTML <title>, or the
	// file name).
	Title string `json:"title,omitempty"`
	// Kind is a shop.Doc* kind (default: inferred from the name and format).
	Kind string `json:"kind,omitempty"`
	// ProductIDs the document is about (default: none, or the front matter's).
	ProductIDs []string `json:"product_ids,omitempty"`
	// Source recorded on the document (default: the file name).
	Source string `json:"source,omitempty"`
	// UpdatedAt recorded on the document and entries (default: zero; the
	// Service sets its clock's time).
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// ErrUnsupportedFormat is returned by Parse for files it cannot read.
var ErrUnsupportedFormat = errors.New("unsupported knowledge file format")

// MaxFileSize bounds the files Parse accepts.
const MaxFileSize = 32 << 20

// Parse reads one knowledge file and returns the documents and FAQ entries
// it holds. The format comes from the name's extension:
//
//   - .md, .markdown: a document; optional YAML front matter (id, title,
//     kind, product_ids, source) between "---" lines.
//   - .txt, .text: a document (transcripts and conversation logs included:
//     timestamps are dropped, "问：/答：" and "顾客：" lines start units).
//   - .srt, .vtt: a live-stream transcript.
//   - .html, .htm: a page; markup is stripped, headings and tables kept.
//   - .csv, .tsv, .xlsx: a FAQ sheet with a header row naming the question
//     and answer columns (问题/question, 答案/answer; optional 相似问法/
//     alternates, 商品/product_ids, 标签/tags, id).
//   - .json: a FAQ list ([{question, answer, ...}] or {"faqs": [...]}), a
//     document list ({"documents": [...]}), or both.
func Parse(name string, data []byte, meta ParseMeta) ([]shop.KnowledgeDoc, []shop.FAQ, error) {
	if len(data) > MaxFileSize {
		return nil, nil, fmt.Errorf("parse %s: file is %d bytes, over the %d MB limit", name, len(data), MaxFileSize>>20)
	}
	ext := strings.ToLower(path.Ext(filepath.ToSlash(name)))
	switch ext {
	case ".csv", ".tsv", ".xlsx", ".json":
		if ext != ".json" && !utf8.Valid(data) && ext != ".xlsx" {
			return nil, nil, fmt.Errorf("parse %s: not UTF-8 text; save the sheet as UTF-8 CSV or XLSX", name)
		}
		return parseSheet(name, ext, data, meta)
	case ".md", ".markdown", ".txt", ".text", ".srt", ".vtt", ".html", ".htm":
	default:
		return nil, nil, fmt.Errorf("parse %s: %w %q (use .md, .txt, .html, .srt, .vtt, .csv, .tsv, .xlsx or .json)", name, ErrUnsupportedFormat, ext)
	}
	if !utf8.Valid(data) {
		return nil, nil, fmt.Errorf("parse %s: not UTF-8 text; re-save the file as UTF-8", name)
	}
	body := strings.TrimPrefix(string(data), "\ufeff")
	d := shop.KnowledgeDoc{
		ID: meta.ID, Title: meta.Title, Kind: meta.Kind, Source: meta.Source,
		ProductIDs: slices.Clone(meta.ProductIDs), UpdatedAt: meta.UpdatedAt,
	}
	base := path.Base(filepath.ToSlash(name))
	if d.Source == "" {
		d.Source = base
	}
	switch ext {
	case ".md", ".markdown":
		d.Format = "markdown"
		fm, rest, err := splitFrontMatter(body)
		if err != nil {
			return nil, nil, fmt.Errorf("parse %s: front matter: %w", name, err)
		}
		body = rest
		fillFromFrontMatter(&d, fm)
		if d.Title == "" {
			for _, b := range markdownBlocks(body) {
				if b.kind == blockHeading {
					d.Title = b.text
					break
				}
			}
		}
	case ".html", ".htm":
		d.Format = "html"
		if d.Title == "" {
			blocks, title := htmlBlocks(body)
			d.Title = title
			if d.Title == "" {
				for _, b := range blocks {
					if b.kind == blockHeading {
						d.Title = b.text
						break
					}
				}
			}
		}
		if d.Kind == "" {
			d.Kind = shop.DocProductPage
		}
	case ".srt", ".vtt":
		d.Format = "text"
		if d.Kind == "" {
			d.Kind = shop.DocTranscript
		}
	default:
		d.Format = "text"
	}
	stem := strings.TrimSuffix(base, path.Ext(base))
	if d.Title == "" {
		d.Title = stem
	}
	if d.ID == "" {
		d.ID = "doc-" + slug(stem)
	}
	if d.Kind == "" {
		d.Kind = inferKind(stem, body)
	}
	d.Body = body
	if strings.TrimSpace(body) == "" {
		return nil, nil, fmt.Errorf("parse %s: the file has no text", name)
	}
	return []shop.KnowledgeDoc{d}, nil, nil
}

// inferKind guesses a document's kind from its name and content.
func inferKind(stem, body string) string {
	s := strings.ToLower(stem)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(s, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("直播", "transcript", "live", "口播"):
		return shop.DocTranscript
	case has("对话", "会话", "conversation", "chat", "话术"):
		return shop.DocConversation
	case has("faq", "问答", "常见问题"):
		return shop.DocFAQ
	case has("sop", "流程", "规范", "policy", "政策", "规则", "须知"):
		return shop.DocSOP
	case has("详情", "product", "商品"):
		return shop.DocProductPage
	}
	if len(unitLabel.FindAllStringIndex(body, 3)) >= 2 && strings.Contains(body, "客服") {
		return shop.DocConversation
	}
	return shop.DocNote
}

var slugRe = regexp.MustCompile(`[^\p{Han}\p{L}\p{N}]+`)

// slug makes a stable id fragment from a file name: letters, digits and Han
// characters, lower case, '-' between runs.
func slug(s string) string {
	s = strings.Trim(slugRe.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if s == "" {
		s = "untitled"
	}
	if len(s) > 80 {
		s = strings.TrimRight(runePrefixBytes(s, 80), "-")
	}
	return s
}

// runePrefixBytes returns the longest prefix of s of at most n bytes that
// ends on a rune boundary.
func runePrefixBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

type frontMatter struct {
	ID         string   `yaml:"id"`
	Title      string   `yaml:"title"`
	Kind       string   `yaml:"kind"`
	Source     string   `yaml:"source"`
	ProductIDs []string `yaml:"product_ids"`
}

// splitFrontMatter separates a leading YAML block fenced by "---" lines.
func splitFrontMatter(s string) (frontMatter, string, error) {
	var fm frontMatter
	if !strings.HasPrefix(s, "---\n") && !strings.HasPrefix(s, "---\r\n") {
		return fm, s, nil
	}
	rest := s[strings.IndexByte(s, '\n')+1:]
	end := -1
	for off := 0; off < len(rest); {
		nl := strings.IndexByte(rest[off:], '\n')
		line := rest[off:]
		if nl >= 0 {
			line = rest[off : off+nl]
		}
		if strings.TrimRight(line, "\r ") == "---" {
			end = off
			break
		}
		if nl < 0 {
			break
		}
		off += nl + 1
	}
	if end < 0 {
		return fm, s, nil // a thematic break, not front matter
	}
	if err := yaml.Unmarshal([]byte(rest[:end]), &fm); err != nil {
		return fm, s, err
	}
	after := rest[end:]
	if i := strings.IndexByte(after, '\n'); i >= 0 {
		after = after[i+1:]
	} else {
		after = ""
	}
	return fm, after, nil
}

func fillFromFrontMatter(d *shop.KnowledgeDoc, fm frontMatter) {
	if d.ID == "" {
		d.ID = fm.ID
	}
	if d.Title == "" {
		d.Title = fm.Title
	}
	if d.Kind == "" {
		d.Kind = fm.Kind
	}
	if fm.Source != "" && d.Source == "" {
		d.Source = fm.Source
	}
	if len(d.ProductIDs) == 0 {
		d.ProductIDs = fm.ProductIDs
	}
}

// Column names recognised in FAQ sheets (compared after normalising case,
// width and spaces).
var sheetColumns = map[string][]string{
	"id":         {"id", "编号", "faq_id"},
	"question":   {"question", "问题", "问", "q", "标准问题", "标准问", "问法"},
	"answer":     {"answer", "答案", "回答", "答", "a", "回复", "标准答案"},
	"alternates": {"alternates", "相似问法", "相似问题", "其他问法", "扩展问法", "同义问法", "similar"},
	"products":   {"product_ids", "product_id", "products", "product", "商品", "商品id", "适用商品"},
	"tags":       {"tags", "tag", "标签", "分类"},
}

// listSep splits list cells ("a|b", "a；b", one per line).
var listSep = regexp.MustCompile(`\s*[|｜;；\n]\s*`)

func parseSheet(name, ext string, data []byte, meta ParseMeta) ([]shop.KnowledgeDoc, []shop.FAQ, error) {
	base := path.Base(filepath.ToSlash(name))
	prefix := meta.ID
	if prefix == "" {
		prefix = "faq-" + slug(strings.TrimSuffix(base, path.Ext(base)))
	}
	var rows [][]string
	switch ext {
	case ".json":
		return parseJSONKnowledge(name, data, meta, prefix)
	case ".csv", ".tsv":
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
		if ext == ".tsv" {
			r.Comma = '\t'
		}
		r.FieldsPerRecord = -1
		r.LazyQuotes = true
		var err error
		rows, err = r.ReadAll()
		if err != nil {
			return nil, nil, fmt.Errorf("parse %s: %w", name, err)
		}
	case ".xlsx":
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			return nil, nil, fmt.Errorf("parse %s: not a readable XLSX workbook: %w", name, err)
		}
		defer f.Close()
		sheets := f.GetSheetList()
		if len(sheets) == 0 {
			return nil, nil, fmt.Errorf("parse %s: the workbook has no sheets", name)
		}
		rows, err = f.GetRows(sheets[0])
		if err != nil {
			return nil, nil, fmt.Errorf("parse %s: sheet %q: %w", name, sheets[0], err)
		}
	}
	faqs, err := faqsFromRows(rows, prefix, meta)
	if err != nil {
		return nil, nil, fmt.Errorf("parse %s: %w", name, err)
	}
	return nil, faqs, nil
}

// faqsFromRows reads FAQ entries from a sheet. The first row is a header if
// it names a question and an answer column; otherwise the first two columns
// are question and answer. Entry ids are the id column or prefix-NNN by row,
// so re-importing an edited sheet updates entries in place.
func faqsFromRows(rows [][]string, prefix string, meta ParseMeta) ([]shop.FAQ, error) {
	if len(rows) == 0 {
		return nil, errors.New("the sheet is empty")
	}
	col := map[string]int{"question": 0, "answer": 1}
	start := 0
	header := map[string]int{}
	for i, h := range rows[0] {
		h = strings.ReplaceAll(normalizeText(strings.TrimSpace(h)), " ", "")
		for field, names := range sheetColumns {
			if _, dup := header[field]; !dup && slices.Contains(names, h) {
				header[field] = i
			}
		}
	}
	if _, q := header["question"]; q {
		if _, a := header["answer"]; !a {
			return nil, errors.New("the header names a question column but no answer column (答案/answer)")
		}
		col, start = header, 1
	}
	cell := func(row []string, field string) string {
		i, ok := col[field]
		if !ok || i >= len(row) {
			return ""
		}
		return strings.TrimSpace(row[i])
	}
	list := func(s string) []string {
		var out []string
		for _, p := range listSep.Split(s, -1) {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	var out []shop.FAQ
	seen := map[string]int{}
	for n, row := range rows[start:] {
		q, a := cell(row, "question"), cell(row, "answer")
		if q == "" && a == "" {
			continue
		}
		line := n + start + 1
		if q == "" || a == "" {
			return nil, fmt.Errorf("row %d: a FAQ needs both a question and an answer", line)
		}
		f := shop.FAQ{
			ID: cell(row, "id"), Question: q, Answer: a, Alternates: list(cell(row, "alternates")),
			ProductIDs: list(cell(row, "products")), Tags: list(cell(row, "tags")), UpdatedAt: meta.UpdatedAt,
		}
		if f.ID == "" {
			f.ID = fmt.Sprintf("%s-%03d", prefix, line)
		}
		if len(f.ProductIDs) == 0 {
			f.ProductIDs = slices.Clone(meta.ProductIDs)
		}
		if prev, dup := seen[f.ID]; dup {
			return nil, fmt.Errorf("row %d: id %q already used on row %d", line, f.ID, prev)
		}
		seen[f.ID] = line
		out = append(out, f)
	}
	if len(out) == 0 {
		return nil, errors.New("the sheet has no question/answer rows")
	}
	return out, nil
}

// parseJSONKnowledge reads FAQ and document lists from JSON.
func parseJSONKnowledge(name string, data []byte, meta ParseMeta, prefix string) ([]shop.KnowledgeDoc, []shop.FAQ, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	var faqs []shop.FAQ
	var docs []shop.KnowledgeDoc
	trimmed := bytes.TrimSpace(data)
	switch {
	case len(trimmed) > 0 && trimmed[0] == '[':
		if err := json.Unmarshal(trimmed, &faqs); err != nil {
			return nil, nil, fmt.Errorf("parse %s: expected a list of {question, answer}: %w", name, err)
		}
	default:
		var v struct {
			FAQs      []shop.FAQ          `json:"faqs"`
			Documents []shop.KnowledgeDoc `json:"documents"`
		}
		if err := json.Unmarshal(trimmed, &v); err != nil {
			return nil, nil, fmt.Errorf("parse %s: expected {\"faqs\": [...], \"documents\": [...]}: %w", name, err)
		}
		faqs, docs = v.FAQs, v.Documents
	}
	if len(faqs) == 0 && len(docs) == 0 {
		return nil, nil, fmt.Errorf("parse %s: no FAQ entries or documents found", name)
	}
	for i := range faqs {
		f := &faqs[i]
		if strings.TrimSpace(f.Question) == "" || strings.TrimSpace(f.Answer) == "" {
			return nil, nil, fmt.Errorf("parse %s: FAQ %d: needs both a question and an answer", name, i+1)
		}
		if f.ID == "" {
			f.ID = fmt.Sprintf("%s-%03d", prefix, i+1)
		}
		if len(f.ProductIDs) == 0 {
			f.ProductIDs = slices.Clone(meta.ProductIDs)
		}
		if f.UpdatedAt.IsZero() {
			f.UpdatedAt = meta.UpdatedAt
		}
	}
	for i := range docs {
		d := &docs[i]
		if strings.TrimSpace(d.ID) == "" || strings.TrimSpace(d.Body) == "" {
			return nil, nil, fmt.Errorf("parse %s: document %d: needs an id and a body", name, i+1)
		}
		if d.Format == "" {
			d.Format = "markdown"
		}
		if d.Kind == "" {
			d.Kind = shop.DocNote
		}
		if d.Title == "" {
			d.Title = d.ID
		}
		if d.UpdatedAt.IsZero() {
			d.UpdatedAt = meta.UpdatedAt
		}
	}
	return docs, faqs, nil
}
