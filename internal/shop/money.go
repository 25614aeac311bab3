package shop

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Money is an amount in fen (1/100 yuan). Prices are kept as integers so that
// 满减 arithmetic and compensation caps are exact; in JSON it reads and writes
// yuan, because that is what merchants type ("price": 299 or "299.00").
type Money int64

// Yuan builds a Money from whole yuan.
func Yuan(y int64) Money { return Money(y * 100) }

// ParseMoney parses a yuan amount such as "299", "89.9", "¥89.90" or "1,299.00".
func ParseMoney(s string) (Money, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimPrefix(t, "¥")
	t = strings.TrimPrefix(t, "￥")
	t = strings.TrimSuffix(t, "元")
	t = strings.ReplaceAll(t, ",", "")
	if t == "" {
		return 0, fmt.Errorf("empty amount")
	}
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimPrefix(t, "-")
	whole, frac, hasFrac := strings.Cut(t, ".")
	if whole == "" {
		whole = "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w < 0 {
		return 0, fmt.Errorf("%q is not an amount in yuan (expected e.g. 299 or 89.90)", s)
	}
	var f int64
	if hasFrac {
		if len(frac) == 0 || len(frac) > 2 {
			return 0, fmt.Errorf("%q: at most two decimals (fen) are allowed", s)
		}
		if len(frac) == 1 {
			frac += "0"
		}
		f, err = strconv.ParseInt(frac, 10, 64)
		if err != nil || f < 0 {
			return 0, fmt.Errorf("%q is not an amount in yuan", s)
		}
	}
	m := Money(w*100 + f)
	if neg {
		m = -m
	}
	return m, nil
}

// String renders the amount in yuan without trailing zero decimals: 299, 89.9, 0.05.
func (m Money) String() string {
	neg := m < 0
	if neg {
		m = -m
	}
	s := strconv.FormatInt(int64(m)/100, 10)
	if f := int64(m) % 100; f != 0 {
		if f%10 == 0 {
			s += "." + strconv.FormatInt(f/10, 10)
		} else {
			s += fmt.Sprintf(".%02d", f)
		}
	}
	if neg {
		s = "-" + s
	}
	return s
}

// MarshalJSON writes yuan as a JSON number.
func (m Money) MarshalJSON() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalJSON accepts a JSON number or string in yuan.
func (m *Money) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return nil
	}
	var s string
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	} else {
		s = string(b)
	}
	v, err := ParseMoney(s)
	if err != nil {
		return err
	}
	*m = v
	return nil
}
