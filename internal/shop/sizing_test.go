package shop

import (
	"slices"
	"strings"
	"testing"
)

func TestRecommendSize(t *testing.T) {
	chart := []SizeRow{
		{Size: "S", HeightMin: 150, HeightMax: 160, WeightMin: 42, WeightMax: 50},
		{Size: "M", HeightMin: 160, HeightMax: 165, WeightMin: 50, WeightMax: 57.5},
		{Size: "L", HeightMin: 166, HeightMax: 172, WeightMin: 58, WeightMax: 65},
		{Size: "XL", HeightMin: 173, HeightMax: 180, WeightMin: 66, WeightMax: 75},
	}
	shoes := []SizeRow{
		{Size: "38", Measurements: map[string]string{"脚长": "240mm"}},
		{Size: "39", Measurements: map[string]string{"脚长": "245mm"}},
	}
	heightOnly := []SizeRow{{Size: "M", HeightMax: 165}, {Size: "L", HeightMin: 166}}

	tests := []struct {
		name       string
		chart      []SizeRow
		h, w       float64
		fit        string
		size       string
		confidence string
		alt        string
		reasonHas  []string
	}{
		{"165cm 55kg in chart M", chart, 165, 55, "", "M", SizeExact, "",
			[]string{"身高165cm在M码(160-165)范围,体重55kg在M码(50-57.5)范围,建议M码"}},
		{"loose fit in one size suggests the next up as alternative", chart, 162, 53, "宽松", "M", SizeExact, "L",
			[]string{"喜欢宽松也可选L码"}},
		{"height on the S/M boundary with M weight is M", chart, 160, 55, "", "M", SizeExact, "", []string{"建议M码"}},
		{"height on the S/M boundary alone picks the larger", chart, 160, 0, "", "M", SizeExact, "S", []string{"S码(150-160)和M码(160-165)的交界", "未提供体重"}},
		{"height on the S/M boundary alone, fitted, picks the smaller", chart, 160, 0, "fitted", "S", SizeExact, "M", nil},
		{"tall and light is between sizes, regular fit takes the larger", chart, 170, 54, "", "L", SizeBetween, "M",
			[]string{"身高170cm在L码(166-172)范围", "体重54kg在M码(50-57.5)范围", "介于M码和L码之间", "建议选大一码L码"}},
		{"between sizes, loose fit takes the larger", chart, 170, 54, "loose", "L", SizeBetween, "M", []string{"喜欢宽松建议L码"}},
		{"between sizes, fitted takes the smaller", chart, 170, 54, "修身", "M", SizeBetween, "L", []string{"喜欢修身建议M码"}},
		{"weight in the gap between M and L", chart, 0, 57.8, "", "L", SizeBetween, "M", []string{"未提供身高", "介于M码(50-57.5)和L码(58-65)之间"}},
		{"only weight known and inside a row", chart, 0, 60, "", "L", SizeExact, "", []string{"未提供身高", "体重60kg在L码(58-65)范围"}},
		{"taller than the chart is outside it", chart, 188, 70, "", "XL", SizeOutsideChart, "", []string{"高于最大的XL码(173-180)", "超出尺码表范围"}},
		{"lighter than the chart is outside it", chart, 155, 38, "", "S", SizeOutsideChart, "", []string{"低于最小的S码(42-50)"}},
		{"no measurements asks for them", chart, 0, 0, "", "", SizeNeedInput, "", []string{"请提供身高和体重"}},
		{"shoe chart is not applicable", shoes, 165, 55, "", "", SizeNotApplicable, "", []string{"鞋码"}},
		{"empty chart is not applicable", nil, 165, 55, "", "", SizeNotApplicable, "", nil},
		{"open-ended rows match beyond their one bound", heightOnly, 190, 80, "", "L", SizeExact, "", []string{"身高190cm在L码(≥166)范围", "未提供体重"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := RecommendSize(tt.chart, tt.h, tt.w, tt.fit)
			if a.Size != tt.size || a.Confidence != tt.confidence || a.Alternative != tt.alt {
				t.Errorf("got %s/%s alt %q, want %s/%s alt %q (%s)", a.Size, a.Confidence, a.Alternative, tt.size, tt.confidence, tt.alt, a.Reason)
			}
			for _, s := range tt.reasonHas {
				if !strings.Contains(a.Reason, s) {
					t.Errorf("reason %q lacks %q", a.Reason, s)
				}
			}
		})
	}
}

func TestRecommendSizeReportsEachMeasurementsSize(t *testing.T) {
	chart := []SizeRow{
		{Size: "M", HeightMin: 160, HeightMax: 165, WeightMin: 50, WeightMax: 57.5},
		{Size: "L", HeightMin: 166, HeightMax: 172, WeightMin: 58, WeightMax: 65},
	}
	a := RecommendSize(chart, 170, 54, "")
	if a.HeightSize != "L" || a.WeightSize != "M" {
		t.Errorf("height→%q weight→%q, want L and M", a.HeightSize, a.WeightSize)
	}
	a = RecommendSize(chart, 165.5, 0, "")
	if a.HeightSize != "" || a.WeightSize != "" {
		t.Errorf("a gap or unknown measurement names no size: height→%q weight→%q", a.HeightSize, a.WeightSize)
	}
}

func TestSKUAvailability(t *testing.T) {
	coat := Product{ID: "P1", Name: "羊毛大衣", SKUs: []SKU{
		{ID: "BLK-S", Color: "黑色", Size: "S", Stock: 12},
		{ID: "BLK-M", Color: "黑色", Size: "M", Stock: 0, RestockDate: "2025-12-01"},
		{ID: "BLK-L", Color: "黑色", Size: "L", Stock: 4},
		{ID: "GRY-M", Color: "灰色", Size: "M", Stock: 7},
		{ID: "CAM-M", Color: "驼色", Size: "M", Stock: 0},
		{ID: "CAM-L", Color: "驼色", Size: "L", Stock: 5},
	}}
	offShelf := coat
	offShelf.Status = "off_shelf"

	tests := []struct {
		name        string
		p           Product
		color, size string
		outcome     string
		stock       int
		low         bool
		restock     string
		otherColors []string
		otherSizes  []string
		reasonHas   []string
	}{
		{"black S in stock", coat, "黑色", "S", StockInStock, 12, false, "", nil, nil, []string{"有货"}},
		{"black L has 4 left and is low stock", coat, "黑色", "L", StockLow, 4, true, "", nil, nil, []string{"仅剩4件"}},
		{"exactly 5 left is low stock", coat, "驼色", "L", StockLow, 5, true, "", nil, nil, nil},
		{"out of stock in M suggests grey M and other black sizes", coat, "黑色", "M", StockOut, 0, false, "2025-12-01",
			[]string{"GRY-M"}, []string{"BLK-S", "BLK-L"}, []string{"暂时缺货", "预计2025-12-01补货", "灰色(7件)", "S码(12件)"}},
		{"size written as m码 matches M", coat, "黑色", "m码", StockOut, 0, false, "2025-12-01", []string{"GRY-M"}, []string{"BLK-S", "BLK-L"}, nil},
		{"colour only sums its sizes", coat, "黑色", "", StockInStock, 16, false, "2025-12-01", nil, nil, nil},
		{"a colour the product is not made in", coat, "红色", "M", StockNoSuchSKU, 0, false, "", []string{"GRY-M"}, nil, []string{"没有红色 M码"}},
		{"off-shelf product is not sold", offShelf, "黑色", "S", StockOffShelf, 0, false, "", nil, nil, []string{"已下架"}},
	}
	ids := func(skus []SKU) []string {
		var out []string
		for _, s := range skus {
			out = append(out, s.ID)
		}
		return out
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := SKUAvailability(tt.p, tt.color, tt.size)
			if a.Outcome != tt.outcome || a.Stock != tt.stock || a.LowStock != tt.low || a.RestockDate != tt.restock {
				t.Errorf("got %s stock=%d low=%v restock=%q, want %s %d %v %q (%s)",
					a.Outcome, a.Stock, a.LowStock, a.RestockDate, tt.outcome, tt.stock, tt.low, tt.restock, a.Reason)
			}
			if a.InStock != (tt.stock > 0) {
				t.Errorf("InStock = %v with stock %d", a.InStock, tt.stock)
			}
			if got := ids(a.SameSizeOtherColors); !slices.Equal(got, tt.otherColors) {
				t.Errorf("same size other colours = %v, want %v", got, tt.otherColors)
			}
			if got := ids(a.SameColorOtherSizes); !slices.Equal(got, tt.otherSizes) {
				t.Errorf("same colour other sizes = %v, want %v", got, tt.otherSizes)
			}
			for _, s := range tt.reasonHas {
				if !strings.Contains(a.Reason, s) {
					t.Errorf("reason %q lacks %q", a.Reason, s)
				}
			}
		})
	}
}
