package bot

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

var (
	footMMRe = regexp.MustCompile(`([12][0-9]{2})\s*(mm|毫米)`)
	footCMRe = regexp.MustCompile(`(?:脚长)?\s*([12][0-9](?:\.[0-9])?)\s*(cm|厘米|公分)`)
	rangeRe  = regexp.MustCompile(`([0-9]+(?:\.[0-9]+)?)\s*[–\-~～至到]\s*([0-9]+(?:\.[0-9]+)?)`)
	numRe    = regexp.MustCompile(`[0-9]+(?:\.[0-9]+)?`)
)

// footInput reads a foot length in mm ("脚长245mm", "24.5cm") and the
// shopper's usual shoe size ("平时穿40") from a message.
func footInput(text string, e ents) (mm float64, usual string) {
	if m := footMMRe.FindStringSubmatch(text); m != nil {
		mm, _ = strconv.ParseFloat(m[1], 64)
	} else if m := footCMRe.FindStringSubmatch(text); m != nil && strings.Contains(text, "脚") {
		cm, _ := strconv.ParseFloat(m[1], 64)
		mm = cm * 10
	}
	if s := e.val("size"); s != "" {
		if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 30 && f <= 50 {
			usual = s
		}
	}
	return mm, usual
}

// shoeSize picks a shoe size from the chart's foot lengths and the
// product's own sizing note: the chart row whose 脚长 range holds the foot
// length, or the usual size rounded up when the note says there are no half
// sizes, one size up when the shopper names a condition the note asks to
// size up for ("脚宽或脚背高建议选大一码"). size is "" when nothing applies.
func shoeSize(p *shop.Product, tip string, footMM float64, usual, notes string) (size, why string) {
	var reasons []string
	if footMM > 0 {
		best, bestDist := "", math.MaxFloat64
		for _, row := range p.SizeChart {
			for k, v := range row.Measurements {
				if !strings.Contains(k, "脚长") {
					continue
				}
				if m := rangeRe.FindStringSubmatch(v); m != nil {
					lo, _ := strconv.ParseFloat(m[1], 64)
					hi, _ := strconv.ParseFloat(m[2], 64)
					if footMM >= lo && footMM <= hi {
						best, bestDist = row.Size, 0
						reasons = []string{fmt.Sprintf("尺码表里%s码对应%s%s,您的脚长%gmm在范围内", row.Size, k, v, footMM)}
					}
				} else if n := numRe.FindString(v); n != "" && bestDist > 0 {
					f, _ := strconv.ParseFloat(n, 64)
					if d := math.Abs(f - footMM); d < bestDist {
						best, bestDist = row.Size, d
						reasons = []string{fmt.Sprintf("尺码表里%s码%s%s,最接近您的脚长%gmm", row.Size, k, v, footMM)}
					}
				}
			}
		}
		size = best
	}
	if size == "" && usual != "" {
		f, _ := strconv.ParseFloat(usual, 64)
		if f != math.Trunc(f) && strings.Contains(tip, "无半码") {
			size = strconv.Itoa(int(math.Ceil(f)))
			reasons = append(reasons, fmt.Sprintf("本款没有半码,平时穿%s建议选大半码", usual))
		} else {
			n := int(f)
			size = strconv.Itoa(n)
			switch {
			case strings.Contains(tip, "偏大") && hasSize(p, strconv.Itoa(n-1)):
				size = strconv.Itoa(n - 1)
				reasons = append(reasons, "商品尺码建议:"+tip)
				return size, strings.Join(reasons, ";")
			case strings.Contains(tip, "偏小") && hasSize(p, strconv.Itoa(n+1)):
				size = strconv.Itoa(n + 1)
				reasons = append(reasons, "商品尺码建议:"+tip)
				return size, strings.Join(reasons, ";")
			case strings.HasPrefix(tip, "正码"):
				reasons = append(reasons, fmt.Sprintf("本款正码,按平时穿的%s码选", size))
			}
		}
	}
	if size == "" {
		return "", ""
	}
	notes = plainFeet(notes)
	for _, clause := range strings.FieldsFunc(tip, func(r rune) bool { return strings.ContainsRune("；;，,。", r) }) {
		if !strings.Contains(clause, "大一码") {
			continue
		}
		cond, _, _ := strings.Cut(clause, "建议")
		for _, c := range strings.Split(cond, "或") {
			if c = strings.TrimSpace(c); c != "" && strings.Contains(notes, c) {
				if n, err := strconv.Atoi(size); err == nil && hasSize(p, strconv.Itoa(n+1)) {
					size = strconv.Itoa(n + 1)
					reasons = append(reasons, "商品尺码建议:"+strings.TrimSpace(clause))
				}
				break
			}
		}
	}
	return size, strings.Join(reasons, ";")
}

// degreeFeetRe is a description of feet with a word of degree between the
// foot and the adjective: "脚有点宽", "脚背比较高".
var degreeFeetRe = regexp.MustCompile(`(脚背|脚面|脚)(?:有点儿?|有些|比较|偏|很|挺|蛮|特别|超级?|太|稍微|略)(宽|高|肥|胖|窄|瘦)`)

// plainFeet drops the words of degree from descriptions of feet, so that
// "脚有点宽" meets a sizing note's "脚宽".
func plainFeet(s string) string {
	return degreeFeetRe.ReplaceAllString(s, "$1$2")
}

func hasSize(p *shop.Product, size string) bool {
	for _, s := range p.SKUs {
		if s.Size == size {
			return true
		}
	}
	for _, r := range p.SizeChart {
		if r.Size == size {
			return true
		}
	}
	return false
}
