package shop

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Fit preferences for RecommendSize. The Chinese words customers use (and
// store in Customer.Preferences["fit"]) are accepted too.
const (
	FitRegular = ""       // as the chart says
	FitLoose   = "loose"  // 宽松: between sizes, take the larger
	FitFitted  = "fitted" // 修身: between sizes, take the smaller
)

// Confidence of a size recommendation.
const (
	SizeExact         = "exact"             // every known measurement falls in the recommended size
	SizeBetween       = "between_sizes"     // measurements point to neighbouring sizes
	SizeOutsideChart  = "outside_chart"     // a measurement is beyond the chart
	SizeNotApplicable = "not_applicable"    // the chart has no body ranges (shoes: measurements only)
	SizeNeedInput     = "need_measurements" // neither height nor weight given
)

// SizeAdvice is a size recommendation and the chart rows behind it.
type SizeAdvice struct {
	Size string
	// Confidence is one of the Size* constants.
	Confidence string
	// Alternative is the other size worth considering, if any.
	Alternative string
	// HeightSize and WeightSize are the sizes each measurement falls in
	// (the smaller on a shared boundary; "" when unknown, in a gap between
	// rows or outside the chart).
	HeightSize string
	WeightSize string
	// Reason cites the chart in Chinese:
	// "身高165cm在M码(160-165)范围,体重55kg在M码(50-57.5)范围,建议M码".
	Reason string
}

// normalizeFit maps 宽松/修身 and variants to the Fit constants.
func normalizeFit(fit string) string {
	switch strings.ToLower(strings.TrimSpace(fit)) {
	case FitLoose, "宽松", "偏大", "宽松款", "oversize", "oversized":
		return FitLoose
	case FitFitted, "修身", "偏小", "紧身", "slim":
		return FitFitted
	}
	return FitRegular
}

// sizePlacement is where one measurement falls in a chart.
type sizePlacement struct {
	known bool
	rows  []int // matching rows, chart order; two neighbours when in a gap
	exact bool  // inside a row's range (not in a gap)
	below bool  // under the smallest row
	above bool  // over the largest row
}

// placeInChart finds the rows whose range [lo(row), hi(row)] contains v.
// Rows without that measurement are skipped; a zero bound is open.
func placeInChart(chart []SizeRow, v float64, lo, hi func(SizeRow) float64) sizePlacement {
	if v <= 0 {
		return sizePlacement{}
	}
	pl := sizePlacement{known: true}
	first, last := -1, -1
	for i, r := range chart {
		if lo(r) == 0 && hi(r) == 0 {
			continue
		}
		if first < 0 {
			first = i
		}
		last = i
		if (lo(r) == 0 || v >= lo(r)) && (hi(r) == 0 || v <= hi(r)) {
			pl.rows = append(pl.rows, i)
		}
	}
	if first < 0 {
		return sizePlacement{} // the chart does not give this measurement
	}
	if len(pl.rows) > 0 {
		pl.exact = true
		return pl
	}
	switch {
	case lo(chart[first]) > 0 && v < lo(chart[first]):
		pl.below, pl.rows = true, []int{first}
	case hi(chart[last]) > 0 && v > hi(chart[last]):
		pl.above, pl.rows = true, []int{last}
	default:
		// In a gap between two rows: the last row ending below v and the next one.
		prev := -1
		for i, r := range chart {
			if lo(r) == 0 && hi(r) == 0 {
				continue
			}
			if hi(r) > 0 && hi(r) < v {
				prev = i
			} else if prev >= 0 {
				pl.rows = []int{prev, i}
				break
			}
		}
		if len(pl.rows) == 0 {
			pl.known = false
		}
	}
	return pl
}

func heightMin(r SizeRow) float64 { return r.HeightMin }
func heightMax(r SizeRow) float64 { return r.HeightMax }
func weightMin(r SizeRow) float64 { return r.WeightMin }
func weightMax(r SizeRow) float64 { return r.WeightMax }

// RecommendSize picks a size from a chart (rows smallest first, as charts
// are written) for a height in cm and a weight in kg; either may be 0 for
// unknown. When the measurements fall in one size the answer is exact; when
// they point to neighbouring sizes (or land on a shared boundary) the larger
// is recommended for a loose or regular fit and the smaller for a fitted
// one, with the other as Alternative; beyond the chart the nearest end is
// named and the shopper is told to check the measurements. A chart with no
// height or weight ranges (shoes) is not applicable.
func RecommendSize(chart []SizeRow, heightCM, weightKG float64, fit string) SizeAdvice {
	fit = normalizeFit(fit)
	h := placeInChart(chart, heightCM, heightMin, heightMax)
	w := placeInChart(chart, weightKG, weightMin, weightMax)
	hasRanges := false
	for _, r := range chart {
		if r.HeightMin+r.HeightMax+r.WeightMin+r.WeightMax > 0 {
			hasRanges = true
			break
		}
	}
	if !hasRanges {
		return SizeAdvice{Confidence: SizeNotApplicable,
			Reason: "该商品尺码表没有身高体重对应范围(如鞋码按脚长选择),请参考尺码表中的具体尺寸"}
	}
	if !h.known && !w.known {
		return SizeAdvice{Confidence: SizeNeedInput, Reason: "请提供身高和体重,以便按尺码表推荐尺码"}
	}

	var a SizeAdvice
	var facts []string
	if h.known {
		if h.exact {
			a.HeightSize = chart[h.rows[0]].Size
		}
		facts = append(facts, placementFact("身高", "cm", heightCM, chart, h, heightMin, heightMax))
	} else {
		facts = append(facts, "未提供身高")
	}
	if w.known {
		if w.exact {
			a.WeightSize = chart[w.rows[0]].Size
		}
		facts = append(facts, placementFact("体重", "kg", weightKG, chart, w, weightMin, weightMax))
	} else {
		facts = append(facts, "未提供体重")
	}

	if h.above || h.below || w.above || w.below {
		a.Confidence = SizeOutsideChart
		idx := firstRanged(chart)
		if h.above || w.above {
			idx = lastRanged(chart)
		}
		a.Size = chart[idx].Size
		facts = append(facts, fmt.Sprintf("超出尺码表范围,最接近的是%s码,建议参考具体尺寸或咨询客服", a.Size))
		a.Reason = strings.Join(facts, ",")
		return a
	}

	// Candidate rows: those every known measurement points to (its range,
	// a shared boundary, or the two rows around a gap).
	var cands []int
	switch {
	case h.known && w.known:
		cands = intersectRows(h.rows, w.rows)
	case h.known:
		cands = h.rows
	default:
		cands = w.rows
	}
	allExact := (!h.known || h.exact) && (!w.known || w.exact)
	a.Confidence = SizeBetween
	if allExact && len(cands) > 0 {
		a.Confidence = SizeExact
	}
	lo, hi := -1, -1
	switch {
	case len(cands) == 1:
		a.Size = chart[cands[0]].Size
		if fit == FitLoose && cands[0]+1 < len(chart) {
			a.Alternative = chart[cands[0]+1].Size
		}
	case len(cands) > 1:
		lo, hi = cands[0], cands[len(cands)-1]
	default:
		// The measurements disagree: take the nearest pair of rows between them.
		lo = min(slices.Max(h.rows), slices.Max(w.rows))
		hi = max(slices.Min(h.rows), slices.Min(w.rows))
	}
	if lo >= 0 && lo == hi {
		a.Size, lo = chart[lo].Size, -1
	}
	if lo >= 0 {
		a.Size, a.Alternative = pickBetween(chart, lo, hi, fit)
	}

	var b strings.Builder
	b.WriteString(strings.Join(facts, ","))
	if lo >= 0 {
		if len(cands) == 0 {
			// Each measurement points to its own size: say so once.
			fmt.Fprintf(&b, ",介于%s码和%s码之间", chart[lo].Size, chart[hi].Size)
		}
		b.WriteString(",")
		switch fit {
		case FitFitted:
			fmt.Fprintf(&b, "喜欢修身建议%s码", a.Size)
		case FitLoose:
			fmt.Fprintf(&b, "喜欢宽松建议%s码", a.Size)
		default:
			fmt.Fprintf(&b, "建议选大一码%s码", a.Size)
		}
		fmt.Fprintf(&b, ",也可考虑%s码", a.Alternative)
	} else {
		fmt.Fprintf(&b, ",建议%s码", a.Size)
		if a.Alternative != "" {
			fmt.Fprintf(&b, ",喜欢宽松也可选%s码", a.Alternative)
		}
	}
	a.Reason = b.String()
	return a
}

// pickBetween chooses between a smaller row lo and a larger row hi: the
// smaller for a fitted cut, the larger otherwise (a loose garment can still
// be worn, a tight one cannot).
func pickBetween(chart []SizeRow, lo, hi int, fit string) (size, alt string) {
	if fit == FitFitted {
		return chart[lo].Size, chart[hi].Size
	}
	return chart[hi].Size, chart[lo].Size
}

func firstRanged(chart []SizeRow) int {
	for i, r := range chart {
		if r.HeightMin+r.HeightMax+r.WeightMin+r.WeightMax > 0 {
			return i
		}
	}
	return 0
}

func lastRanged(chart []SizeRow) int {
	for i := len(chart) - 1; i >= 0; i-- {
		r := chart[i]
		if r.HeightMin+r.HeightMax+r.WeightMin+r.WeightMax > 0 {
			return i
		}
	}
	return len(chart) - 1
}

func intersectRows(a, b []int) []int {
	var out []int
	for _, x := range a {
		for _, y := range b {
			if x == y {
				out = append(out, x)
			}
		}
	}
	return out
}

// placementFact describes where a measurement falls, citing the rows:
// "身高165cm在M码(160-165)范围".
func placementFact(what, unit string, v float64, chart []SizeRow, pl sizePlacement, lo, hi func(SizeRow) float64) string {
	val := fmtNum(v) + unit
	r := chart[pl.rows[0]]
	switch {
	case pl.below:
		return fmt.Sprintf("%s%s低于最小的%s码(%s)", what, val, r.Size, fmtRange(lo(r), hi(r)))
	case pl.above:
		return fmt.Sprintf("%s%s高于最大的%s码(%s)", what, val, r.Size, fmtRange(lo(r), hi(r)))
	case !pl.exact:
		r2 := chart[pl.rows[1]]
		return fmt.Sprintf("%s%s介于%s码(%s)和%s码(%s)之间", what, val, r.Size, fmtRange(lo(r), hi(r)), r2.Size, fmtRange(lo(r2), hi(r2)))
	case len(pl.rows) > 1:
		parts := make([]string, len(pl.rows))
		for i, idx := range pl.rows {
			parts[i] = fmt.Sprintf("%s码(%s)", chart[idx].Size, fmtRange(lo(chart[idx]), hi(chart[idx])))
		}
		return fmt.Sprintf("%s%s在%s的交界", what, val, strings.Join(parts, "和"))
	}
	return fmt.Sprintf("%s%s在%s码(%s)范围", what, val, r.Size, fmtRange(lo(r), hi(r)))
}

func fmtRange(lo, hi float64) string {
	switch {
	case lo == 0:
		return "≤" + fmtNum(hi)
	case hi == 0:
		return "≥" + fmtNum(lo)
	}
	return fmtNum(lo) + "-" + fmtNum(hi)
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// LowStockThreshold: a SKU with this many or fewer left is "low stock" (库存紧张).
const LowStockThreshold = 5

// Availability outcomes.
const (
	StockInStock   = "in_stock"
	StockLow       = "low_stock"
	StockOut       = "out_of_stock"
	StockNoSuchSKU = "no_such_sku" // the product is not made in that colour/size
	StockOffShelf  = "off_shelf"
)

// Availability answers "黑色M码还有吗": the SKU's stock and, when it is out,
// what else is there.
type Availability struct {
	// Outcome is one of the Stock* constants.
	Outcome string
	// SKUs are the variants matching the colour and size asked for ("" matches any).
	SKUs []SKU
	// Stock is their total stock.
	Stock    int
	InStock  bool
	LowStock bool // 1 to LowStockThreshold left
	// RestockDate (YYYY-MM-DD) is the earliest expected restock of an
	// out-of-stock match, if the merchant gave one.
	RestockDate string
	// SameSizeOtherColors are in-stock SKUs of the asked size in other colours;
	// SameColorOtherSizes are in-stock SKUs of the asked colour in other sizes.
	// Both are filled only when the asked variant is out of stock.
	SameSizeOtherColors []SKU
	SameColorOtherSizes []SKU
	// Reason explains it in Chinese.
	Reason string
}

// SKUAvailability looks up a colour/size of a product. Colour and size
// match ignoring case, spaces and a trailing 码 ("m码" is M); "" matches any.
func SKUAvailability(p Product, color, size string) Availability {
	color, size = normalizeVariant(color), normalizeVariant(size)
	want := strings.TrimSpace(color + " " + size) // "黑色 M码", "黑色", "M码" or ""
	if size != "" {
		want += "码"
	}
	if p.Status == "off_shelf" {
		return Availability{Outcome: StockOffShelf, Reason: fmt.Sprintf("%s已下架,暂不销售", p.Name)}
	}
	var a Availability
	for _, s := range p.SKUs {
		if (color == "" || normalizeVariant(s.Color) == color) && (size == "" || normalizeVariant(s.Size) == size) {
			a.SKUs = append(a.SKUs, s)
			a.Stock += max(s.Stock, 0)
			if s.Stock <= 0 && s.RestockDate != "" && (a.RestockDate == "" || s.RestockDate < a.RestockDate) {
				a.RestockDate = s.RestockDate
			}
		}
	}
	if len(a.SKUs) == 0 {
		a.Outcome = StockNoSuchSKU
		a.Reason = fmt.Sprintf("%s没有%s这个款式", p.Name, cmp.Or(want, "可售"))
		a.fillAlternatives(p, color, size)
		if alts := a.alternativesText(); alts != "" {
			a.Reason += ";" + alts
		}
		return a
	}
	a.InStock = a.Stock > 0
	switch {
	case a.Stock > LowStockThreshold:
		a.Outcome = StockInStock
		a.Reason = fmt.Sprintf("%s%s有货", p.Name, want)
	case a.Stock > 0:
		a.Outcome, a.LowStock = StockLow, true
		a.Reason = fmt.Sprintf("%s%s仅剩%d件,库存紧张", p.Name, want, a.Stock)
	default:
		a.Outcome = StockOut
		a.Reason = fmt.Sprintf("%s%s暂时缺货", p.Name, want)
		if a.RestockDate != "" {
			a.Reason += fmt.Sprintf(",预计%s补货", a.RestockDate)
		}
		a.fillAlternatives(p, color, size)
		if alts := a.alternativesText(); alts != "" {
			a.Reason += ";" + alts
		}
	}
	return a
}

func (a *Availability) fillAlternatives(p Product, color, size string) {
	for _, s := range p.SKUs {
		if s.Stock <= 0 {
			continue
		}
		c, z := normalizeVariant(s.Color), normalizeVariant(s.Size)
		if size != "" && z == size && c != color {
			a.SameSizeOtherColors = append(a.SameSizeOtherColors, s)
		}
		if color != "" && c == color && z != size {
			a.SameColorOtherSizes = append(a.SameColorOtherSizes, s)
		}
	}
}

func (a *Availability) alternativesText() string {
	var parts []string
	if len(a.SameSizeOtherColors) > 0 {
		names := make([]string, len(a.SameSizeOtherColors))
		for i, s := range a.SameSizeOtherColors {
			names[i] = fmt.Sprintf("%s(%d件)", s.Color, s.Stock)
		}
		parts = append(parts, "同尺码有货的颜色:"+strings.Join(names, "、"))
	}
	if len(a.SameColorOtherSizes) > 0 {
		names := make([]string, len(a.SameColorOtherSizes))
		for i, s := range a.SameColorOtherSizes {
			names[i] = fmt.Sprintf("%s码(%d件)", s.Size, s.Stock)
		}
		parts = append(parts, "同颜色有货的尺码:"+strings.Join(names, "、"))
	}
	return strings.Join(parts, ";")
}

// normalizeVariant canonicalises a colour or size for matching.
// SameVariant reports whether two colour or size values name the same
// variant, as SKUAvailability matches them ("m码" and "M", "39码" and "39").
func SameVariant(a, b string) bool { return normalizeVariant(a) == normalizeVariant(b) }

func normalizeVariant(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "码")
	return strings.ToUpper(strings.TrimSpace(s))
}
