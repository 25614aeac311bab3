package nlu

import (
	"strconv"
	"strings"
)

var cnDigits = map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

func isCNNumeral(r rune) bool {
	_, ok := cnDigits[r]
	return ok || r == '十' || r == '百' || r == '千' || r == '万'
}

// parseNumber reads an Arabic (with optional decimal part) or Chinese numeral starting at
// rs[i]. It returns the value, the index after it and whether a number was found.
// Colloquial forms are understood: 一百二 = 120, 两千五 = 2500.
func parseNumber(rs []rune, i int) (float64, int, bool) {
	if i >= len(rs) {
		return 0, i, false
	}
	if isDigit(rs[i]) {
		j := i
		for j < len(rs) && isDigit(rs[j]) {
			j++
		}
		if j+1 < len(rs) && rs[j] == '.' && isDigit(rs[j+1]) {
			j++
			for j < len(rs) && isDigit(rs[j]) {
				j++
			}
		}
		v, err := strconv.ParseFloat(string(rs[i:j]), 64)
		if err != nil {
			return 0, i, false
		}
		if j-i <= 4 {
			v, j = arabicWithUnit(rs, v, j)
		}
		return v, j, true
	}
	return parseCNNumber(rs, i)
}

// arabicWithUnit reads the Chinese unit after a short Arabic number, as shoppers write
// amounts: 3百 = 300, 1.5万 = 15000, 3百5 = 350, 1千2 = 1200. 千 before 克 or 米 is a unit of
// measure (2千克), not a thousand.
func arabicWithUnit(rs []rune, v float64, j int) (float64, int) {
	if j >= len(rs) {
		return v, j
	}
	unit := 0.0
	switch rs[j] {
	case '百':
		unit = 100
	case '千':
		unit = 1000
	case '万':
		unit = 10000
	default:
		return v, j
	}
	if unit == 1000 && j+1 < len(rs) && (rs[j+1] == '克' || rs[j+1] == '米' || rs[j+1] == '瓦') {
		return v, j
	}
	v *= unit
	j++
	// 1千2百 = 1200: a smaller unit after the first one.
	if j+1 < len(rs) && isDigit(rs[j]) && (j+2 >= len(rs) || !isDigit(rs[j+2])) {
		if w, e := arabicWithUnit(rs, float64(rs[j]-'0'), j+1); e > j+1 && w < unit {
			return v + w, e
		}
	}
	// A single trailing digit is the next lower unit: 3百5 = 350, 1万2 = 12000.
	if j < len(rs) {
		d, ok := -1, false
		if isDigit(rs[j]) {
			d, ok = int(rs[j]-'0'), true
		} else if c, isCN := cnDigits[rs[j]]; isCN && rs[j] != '两' {
			d, ok = c, true
		}
		next := j + 1
		if ok && d > 0 && (next >= len(rs) || !isDigit(rs[next]) && !isCNNumeral(rs[next]) && rs[next] != '.') {
			v += float64(d) * unit / 10
			j = next
		}
	}
	return v, j
}

// parseCNNumber parses a Chinese numeral below 100,000,000.
func parseCNNumber(rs []rune, i int) (float64, int, bool) {
	if r := rs[i]; r == '百' || r == '千' || r == '万' {
		return 0, i, false
	}
	j := i
	total, section, digit := 0, 0, -1
	lastUnit := 0
	for j < len(rs) {
		r := rs[j]
		if d, ok := cnDigits[r]; ok {
			if digit >= 0 && d != 0 && digit != 0 { // 一二 is not a number
				break
			}
			digit = d
			j++
			continue
		}
		unit := 0
		switch r {
		case '十':
			unit = 10
		case '百':
			unit = 100
		case '千':
			unit = 1000
		case '万':
			unit = 10000
		}
		if unit == 0 {
			break
		}
		if unit == 10000 {
			if digit > 0 {
				section += digit
			}
			total += section * 10000
			section, digit, lastUnit = 0, -1, 10000
			j++
			continue
		}
		if digit < 0 {
			if unit != 10 {
				break
			}
			digit = 1 // 十五 = 15
		}
		section += digit * unit
		digit, lastUnit = -1, unit
		j++
	}
	if j == i {
		return 0, i, false
	}
	if digit > 0 {
		// A trailing digit right after a unit is the next lower unit: 一百二 = 120.
		if lastUnit >= 100 && lastUnit < 10000 && j >= 2 && rs[j-2] != '零' && !isDigit(rs[j-2]) {
			section += digit * lastUnit / 10
		} else {
			section += digit
		}
	}
	return float64(total + section), j, true
}

// formatNumber prints a value without a trailing ".0".
func formatNumber(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
