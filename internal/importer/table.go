package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// table is one CSV file or XLSX sheet: a header row and data rows, each
// numbered as a spreadsheet shows it.
type table struct {
	file, sheet string
	header      []string
	headerRow   int
	rows        []tableRow
}

type tableRow struct {
	n     int // 1-based spreadsheet row
	cells []string
}

// cell returns the row's cell i, or "" past its end.
func (r tableRow) cell(i int) string {
	if i < len(r.cells) {
		return strings.TrimSpace(r.cells[i])
	}
	return ""
}

func (r tableRow) empty() bool {
	for _, c := range r.cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// decodeText returns the file's text as UTF-8: a UTF-8 BOM is dropped, and a
// file that is not valid UTF-8 is taken as GB18030 (a superset of GBK and
// GB2312), which is what Excel on a Chinese Windows saves as "CSV".
func decodeText(data []byte) (string, error) {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return "", errors.New("the file is UTF-16 (Excel \"Unicode text\"); save it as \"CSV UTF-8\" instead")
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if utf8.Valid(data) {
		return string(data), nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || !utf8.Valid(out) {
		return "", errors.New("the file is neither UTF-8 nor GBK text; save it as \"CSV UTF-8\"")
	}
	return string(out), nil
}

// readCSV parses a CSV file. Row numbers are those a spreadsheet shows:
// blank lines count as rows, line breaks inside quoted cells do not.
func readCSV(file string, data []byte, c *collector) *table {
	text, err := decodeText(data)
	if err != nil {
		c.add(Problem{File: file, Message: err.Error()})
		return nil
	}
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	first, _, _ := strings.Cut(text, "\n")
	if strings.Count(first, "\t") > strings.Count(first, ",") {
		r.Comma = '\t' // "Text (tab delimited)" saved with a .csv name
	}
	t := &table{file: file}
	extra := 0 // line breaks inside quoted cells so far
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				c.add(Problem{File: file, Row: pe.StartLine - extra, Message: fmt.Sprintf("broken CSV at line %d, column %d: %v — check the quotes in this row", pe.Line, pe.Column, pe.Err)})
			} else {
				c.add(Problem{File: file, Message: err.Error()})
			}
			return nil
		}
		line, _ := r.FieldPos(0)
		row := tableRow{n: line - extra, cells: rec}
		for _, f := range rec {
			extra += strings.Count(f, "\n")
		}
		if t.header == nil {
			if row.empty() {
				continue
			}
			t.header, t.headerRow = rec, row.n
			continue
		}
		t.rows = append(t.rows, row)
	}
	if t.header == nil {
		return nil // an empty file imports nothing
	}
	return t
}

// readXLSX returns one table per non-empty sheet. Cells are read raw, so
// numbers keep their precision and dates arrive as Excel serial numbers,
// which the field parsers understand.
func readXLSX(file string, r io.Reader, c *collector) []*table {
	f, err := excelize.OpenReader(r)
	if err != nil {
		c.add(Problem{File: file, Message: fmt.Sprintf("cannot open as an Excel workbook (.xlsx): %v — save it from Excel as .xlsx", err)})
		return nil
	}
	defer f.Close()
	var tables []*table
	for _, sheet := range f.GetSheetList() {
		if skipSheet(sheet) {
			continue
		}
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			c.add(Problem{File: file, Sheet: sheet, Message: fmt.Sprintf("cannot read the sheet: %v", err)})
			continue
		}
		t := &table{file: file, sheet: sheet}
		for i, cells := range rows {
			row := tableRow{n: i + 1, cells: cells}
			if t.header == nil {
				if row.empty() {
					continue
				}
				t.header, t.headerRow = cells, row.n
				continue
			}
			t.rows = append(t.rows, row)
		}
		if t.header != nil {
			tables = append(tables, t)
		}
	}
	return tables
}

// skipSheet reports sheets that hold instructions for people, not data.
func skipSheet(name string) bool {
	switch normHeader(name) {
	case "说明", "填写说明", "使用说明", "readme", "instructions", "notes", "备注":
		return true
	}
	return false
}
