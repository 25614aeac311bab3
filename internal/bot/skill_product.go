package bot

import (
	"fmt"
	"slices"
	"strings"

	"github.com/xiaoer-cs/xiaoer/internal/nlu"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

const schemaStock = `{"type":"object","properties":{
"product_id":{"type":"string","description":"catalogue product id"},
"color":{"type":"string","description":"colour as sold, e.g. 黑色; empty for any"},
"size":{"type":"string","description":"size as sold, e.g. M or 39; empty for any"}},
"required":["product_id"]}`

// StockParams asks for a product's stock, optionally of one colour/size.
type StockParams struct {
	ProductID string `json:"product_id"`
	Color     string `json:"color,omitempty"`
	Size      string `json:"size,omitempty"`
}

// VariantStock is one SKU's stock.
type VariantStock struct {
	SKUID       string `json:"sku_id"`
	Color       string `json:"color,omitempty"`
	Size        string `json:"size,omitempty"`
	Stock       int    `json:"stock"`
	RestockDate string `json:"restock_date,omitempty"`
}

// StockResult is the exact stock of the variants asked about, and the
// alternatives when they are out.
type StockResult struct {
	ProductID   string `json:"product_id"`
	ProductName string `json:"product_name"`
	Color       string `json:"color,omitempty"`
	Size        string `json:"size,omitempty"`
	// Outcome is in_stock, low_stock, out_of_stock, no_such_sku or off_shelf.
	Outcome             string         `json:"outcome"`
	Stock               int            `json:"stock"`
	Variants            []VariantStock `json:"variants"`
	RestockDate         string         `json:"restock_date,omitempty"`
	SameSizeOtherColors []VariantStock `json:"same_size_other_colors,omitempty"`
	SameColorOtherSizes []VariantStock `json:"same_color_other_sizes,omitempty"`
}

func variants(skus []shop.SKU) []VariantStock {
	out := make([]VariantStock, 0, len(skus))
	for _, s := range skus {
		out = append(out, VariantStock{SKUID: s.ID, Color: s.Color, Size: s.Size, Stock: max(s.Stock, 0), RestockDate: s.RestockDate})
	}
	return out
}

func variantLabel(color, size string) string {
	switch {
	case color != "" && size != "" && isApparelSize(size):
		return color + size + "码"
	case size != "" && isApparelSize(size):
		return size + "码"
	default:
		return color + size
	}
}

// isApparelSize tells letter and shoe sizes (shown with 码) from specs like 50ml.
func isApparelSize(s string) bool {
	switch strings.ToUpper(s) {
	case "XS", "S", "M", "L", "XL", "XXL", "XXXL":
		return true
	}
	if len(s) == 2 && s[0] >= '3' && s[0] <= '4' && s[1] >= '0' && s[1] <= '9' {
		return true
	}
	return false
}

func (t *turn) checkStock(p StockParams) (Result, error) {
	prod, err := t.product(p.ProductID)
	if err != nil {
		return Result{}, err
	}
	if prod == nil {
		return t.askProduct("stock_availability"), nil
	}
	a := shop.SKUAvailability(*prod, p.Color, p.Size)
	res := StockResult{
		ProductID: prod.ID, ProductName: prod.Name, Color: p.Color, Size: p.Size,
		Outcome: a.Outcome, Stock: a.Stock, Variants: variants(a.SKUs), RestockDate: a.RestockDate,
		SameSizeOtherColors: variants(a.SameSizeOtherColors), SameColorOtherSizes: variants(a.SameColorOtherSizes),
	}
	r := Result{Data: res, Handled: true, ProductID: prod.ID}
	want := variantLabel(p.Color, p.Size)
	var b strings.Builder
	switch a.Outcome {
	case shop.StockOffShelf:
		fmt.Fprintf(&b, "「%s」目前已下架,暂时买不到了。", prod.Name)
	case shop.StockNoSuchSKU:
		if shades := shadesOf(prod, p.Color); len(shades) > 1 && !slices.Contains(shades, p.Color) {
			// "有蓝色的吗" of jeans in 浅蓝色 and 深蓝色: both are blue.
			fmt.Fprintf(&b, "「%s」的%s有%s:", prod.Name, p.Color, strings.Join(shades, "、"))
			var skus []shop.SKU
			for _, s := range inStock(prod.SKUs) {
				if slices.Contains(shades, s.Color) && (p.Size == "" || shop.SameVariant(s.Size, p.Size)) {
					skus = append(skus, s)
				}
			}
			if len(skus) > 0 {
				b.WriteString("有货的是" + listVariants(skus, 8) + "。")
			} else {
				b.WriteString("目前都没有货。")
			}
			break
		}
		noSuchVariant(&b, prod, p.Color, p.Size)
	case shop.StockInStock, shop.StockLow:
		if want == "" {
			fmt.Fprintf(&b, "「%s」有货:%s。", prod.Name, listVariants(inStock(prod.SKUs), 12))
			if outs := outOfStock(prod.SKUs); len(outs) > 0 {
				b.WriteString("暂时缺货:" + listOut(outs) + "。")
			}
		} else if outs := outOfStock(a.SKUs); len(outs) > 0 {
			// "有S码吗" of a dress whose red S is sold out and black S is
			// not: the total would hide that the red one is gone.
			fmt.Fprintf(&b, "「%s」%s有货的是%s;%s暂时缺货。", prod.Name, want, listVariants(inStock(a.SKUs), 12), listOut(outs))
		} else if a.LowStock {
			fmt.Fprintf(&b, "「%s」%s有货,仅剩%d件,喜欢的话建议尽快下单。", prod.Name, want, a.Stock)
		} else {
			fmt.Fprintf(&b, "「%s」%s有货,库存%d件。", prod.Name, want, a.Stock)
		}
		r.QuickReplies = []string{"什么时候发货", "有什么优惠"}
	case shop.StockOut:
		if want == "" {
			want = "全部款式"
		}
		fmt.Fprintf(&b, "「%s」%s暂时缺货", prod.Name, want)
		if a.RestockDate != "" {
			fmt.Fprintf(&b, ",预计%s补货", cnDay(a.RestockDate))
		} else {
			b.WriteString(",补货时间暂未确定")
		}
		b.WriteString("。")
		if len(a.SameSizeOtherColors) > 0 {
			fmt.Fprintf(&b, "同尺码有货的颜色:%s。", listVariants(a.SameSizeOtherColors, 6))
			r.QuickReplies = append(r.QuickReplies, variantLabel(a.SameSizeOtherColors[0].Color, a.SameSizeOtherColors[0].Size))
		}
		if len(a.SameColorOtherSizes) > 0 {
			fmt.Fprintf(&b, "同颜色有货的尺码:%s。", listVariants(a.SameColorOtherSizes, 6))
		}
		if len(a.SameSizeOtherColors) == 0 && len(a.SameColorOtherSizes) == 0 {
			if others := inStock(prod.SKUs); len(others) > 0 {
				fmt.Fprintf(&b, "目前有货的是:%s。", listVariants(others, 8))
			}
		}
	}
	r.Text = b.String()
	r.Cards = []Card{productCard(prod)}
	return r, nil
}

// noSuchVariant says that a colour or size does not exist and what there is
// instead: a colour the product does not come in gets the colours it does,
// and the stock of those of the same family (咖啡色 → 驼色, both browns); a
// size gets the sizes. A combination of a colour and a size that exist apart
// gets the variants in stock.
func noSuchVariant(b *strings.Builder, prod *shop.Product, color, size string) {
	var colors, sizes []string
	for _, s := range prod.SKUs {
		if s.Color != "" && !slices.Contains(colors, s.Color) {
			colors = append(colors, s.Color)
		}
		if s.Size != "" && !slices.Contains(sizes, s.Size) {
			sizes = append(sizes, s.Size)
		}
	}
	sizeOK := size == "" || slices.ContainsFunc(sizes, func(s string) bool { return shop.SameVariant(s, size) })
	switch {
	case color != "" && len(colors) > 0 && !slices.Contains(colors, color):
		fmt.Fprintf(b, "「%s」没有%s。颜色有%s", prod.Name, color, strings.Join(colors, "、"))
		fam := colorFamily(color)
		var near []string
		for _, c := range colors {
			if fam != "" && colorFamily(c) == fam {
				near = append(near, c)
			}
		}
		if len(near) == 0 {
			b.WriteString("。")
		} else {
			fmt.Fprintf(b, ";相近的是%s(同属%s系)。", strings.Join(near, "、"), fam)
		}
		if !sizeOK {
			fmt.Fprintf(b, "也没有%s,尺码有%s。", variantLabel("", size), strings.Join(sizes, "、"))
		}
		for _, c := range near {
			var skus []shop.SKU
			for _, s := range inStock(prod.SKUs) {
				if s.Color == c && (size == "" || !sizeOK || shop.SameVariant(s.Size, size)) {
					skus = append(skus, s)
				}
			}
			switch {
			case len(skus) == 0 && sizeOK && size != "":
				fmt.Fprintf(b, "%s暂时缺货。", variantLabel(c, size))
			case len(skus) == 0:
				fmt.Fprintf(b, "%s暂时缺货。", c)
			case sizeOK && size != "":
				fmt.Fprintf(b, "%s有货,库存%d件。", variantLabel(c, skus[0].Size), skus[0].Stock)
			default:
				var parts []string
				for _, s := range skus {
					parts = append(parts, fmt.Sprintf("%s(%d件)", orDefault(variantLabel("", s.Size), "现货"), s.Stock))
				}
				fmt.Fprintf(b, "%s有货:%s。", c, strings.Join(parts, "、"))
			}
		}
	case !sizeOK && len(sizes) > 0:
		fmt.Fprintf(b, "「%s」没有%s。尺码有%s。", prod.Name, variantLabel("", size), strings.Join(sizes, "、"))
		if color != "" {
			var skus []shop.SKU
			for _, s := range inStock(prod.SKUs) {
				if s.Color == color {
					skus = append(skus, s)
				}
			}
			if len(skus) > 0 {
				b.WriteString(color + "有货的是" + listVariants(skus, 8) + "。")
			}
		}
	default:
		fmt.Fprintf(b, "「%s」没有%s这个款式。", prod.Name, variantLabel(color, size))
		b.WriteString("在售的有:" + listVariants(inStock(prod.SKUs), 8) + "。")
	}
}

// colorFamilies group colour names by the colour they are a shade of, most
// specific stems first (米白 is a white, 米色 a beige; 粉红 a pink).
var colorFamilies = []struct {
	name  string
	stems []string
}{
	{"白色", []string{"米白", "奶白", "象牙", "乳白"}},
	{"米色", []string{"米色", "杏", "燕麦", "奶茶", "米黄"}},
	{"棕色", []string{"棕", "咖", "驼", "卡其", "焦糖", "巧克力", "摩卡", "褐"}},
	{"粉色", []string{"粉"}},
	{"白色", []string{"白"}},
	{"灰色", []string{"灰", "银"}},
	{"黑色", []string{"黑"}},
	{"红色", []string{"红"}},
	{"蓝色", []string{"蓝", "藏青", "海军"}},
	{"绿色", []string{"绿"}},
	{"黄色", []string{"黄"}},
	{"紫色", []string{"紫"}},
}

// colorFamily names the colour c is a shade of, or "" when none is known.
func colorFamily(c string) string {
	for _, f := range colorFamilies {
		if containsAny(c, f.stems) {
			return f.name
		}
	}
	return ""
}

func inStock(skus []shop.SKU) []shop.SKU {
	var out []shop.SKU
	for _, s := range skus {
		if s.Stock > 0 {
			out = append(out, s)
		}
	}
	return out
}

func outOfStock(skus []shop.SKU) []shop.SKU {
	var out []shop.SKU
	for _, s := range skus {
		if s.Stock <= 0 {
			out = append(out, s)
		}
	}
	return out
}

// listVariants lists the SKUs with their stock, the first limit of them
// followed by "等N款" when there are more ("…、白色42码(14件)等8款").
func listVariants(skus []shop.SKU, limit int) string {
	var parts []string
	for i, s := range skus {
		if i == limit {
			break
		}
		label := variantLabel(s.Color, s.Size)
		if label == "" {
			label = "现货"
		}
		parts = append(parts, fmt.Sprintf("%s(%d件)", label, s.Stock))
	}
	out := strings.Join(parts, "、")
	if len(skus) > limit {
		out += fmt.Sprintf("等%d款", len(skus))
	}
	return out
}

func listOut(skus []shop.SKU) string {
	var parts []string
	for _, s := range skus {
		p := variantLabel(s.Color, s.Size)
		if s.RestockDate != "" {
			p += "(预计" + cnDay(s.RestockDate) + "补货)"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "、")
}

func productCard(p *shop.Product) Card {
	c := Card{Type: "product", ID: p.ID, Title: p.Name, Price: p.Price.String(), Subtitle: p.Category}
	if p.Status == "off_shelf" {
		c.Status = "已下架"
	} else if p.TotalStock() > 0 {
		c.Status = "有货"
	} else {
		c.Status = "缺货"
	}
	return c
}

// askProduct asks which product the shopper means.
func (t *turn) askProduct(intent string) Result {
	return Result{
		Text:    "请问您问的是哪一款商品呢?可以发一下商品名称或链接~",
		Pending: &Pending{Kind: "product", Intent: intent},
		Handled: true,
	}
}

const schemaSize = `{"type":"object","properties":{
"product_id":{"type":"string"},
"height":{"type":"number","description":"height in cm"},
"weight":{"type":"number","description":"weight in kg"},
"fit":{"type":"string","enum":["","loose","regular","fitted"],"description":"fit preference"}},
"required":["product_id"]}`

// SizeParams asks for a size recommendation.
type SizeParams struct {
	ProductID string  `json:"product_id"`
	Height    float64 `json:"height,omitempty"`
	Weight    float64 `json:"weight,omitempty"`
	Fit       string  `json:"fit,omitempty"`
	// FootLength (mm) and UsualSize (平时穿40) size shoes from their chart.
	FootLength float64 `json:"foot_length,omitempty"`
	UsualSize  string  `json:"usual_size,omitempty"`
	// Notes are the shopper's words about their feet or body (脚宽), matched
	// against the product's sizing note.
	Notes string `json:"notes,omitempty"`
}

// SizeResult is a size recommendation with its reason and the stock of that size.
type SizeResult struct {
	ProductID   string `json:"product_id"`
	Size        string `json:"size,omitempty"`
	Alternative string `json:"alternative,omitempty"`
	// Confidence: exact, between_sizes, outside_chart, not_applicable, need_measurements.
	Confidence string `json:"confidence"`
	Reason     string `json:"reason"`
	// SizeTip is the product's own sizing note (尺码建议), if any.
	SizeTip string `json:"size_tip,omitempty"`
	// InStockColors lists colours in stock in the recommended size.
	InStockColors []VariantStock `json:"in_stock_colors,omitempty"`
}

func (t *turn) sizeAdvice(p SizeParams) (Result, error) {
	prod, err := t.product(p.ProductID)
	if err != nil {
		return Result{}, err
	}
	if prod == nil {
		return t.askProduct("size_advice"), nil
	}
	res := SizeResult{ProductID: prod.ID, SizeTip: attr(prod, "尺码建议")}
	r := Result{Data: &res, ProductID: prod.ID, Handled: true}
	adv := shop.RecommendSize(prod.SizeChart, p.Height, p.Weight, p.Fit)
	res.Size, res.Alternative, res.Confidence, res.Reason = adv.Size, adv.Alternative, adv.Confidence, adv.Reason
	switch {
	case len(prod.SizeChart) == 0 && res.SizeTip == "":
		res.Confidence = shop.SizeNotApplicable
		r.Text = fmt.Sprintf("「%s」没有尺码表,规格有:%s。", prod.Name, listVariants(prod.SKUs, 8))
		return r, nil
	case adv.Confidence == shop.SizeNotApplicable && (p.FootLength > 0 || p.UsualSize != ""):
		if size, why := shoeSize(prod, res.SizeTip, p.FootLength, p.UsualSize, p.Notes); size != "" {
			res.Size, res.Reason, res.Confidence = size, why, shop.SizeExact
			var b strings.Builder
			fmt.Fprintf(&b, "「%s」建议选%s码:%s。", prod.Name, size, why)
			a := shop.SKUAvailability(*prod, "", size)
			res.InStockColors = variants(inStock(a.SKUs))
			if len(res.InStockColors) > 0 {
				fmt.Fprintf(&b, "%s码目前有货:%s。", size, listVariants(inStock(a.SKUs), 6))
			} else if len(a.SKUs) > 0 {
				fmt.Fprintf(&b, "不过%s码目前缺货", size)
				if a.RestockDate != "" {
					fmt.Fprintf(&b, ",预计%s补货", cnDay(a.RestockDate))
				}
				if others := variants(inStock(a.SameSizeOtherColors)); len(others) > 0 {
					fmt.Fprintf(&b, ";同尺码有货的颜色:%s", listVariants(inStock(a.SameSizeOtherColors), 4))
				}
				b.WriteString("。")
			}
			r.Text = b.String()
			return r, nil
		}
		fallthrough
	case adv.Confidence == shop.SizeNotApplicable:
		if res.SizeTip != "" {
			r.Text = fmt.Sprintf("「%s」的尺码建议:%s。", prod.Name, strings.TrimSuffix(res.SizeTip, "。"))
		} else {
			r.Text = fmt.Sprintf("「%s」按平时穿的尺码选即可,尺码表里没有身高体重对照。", prod.Name)
		}
		return r, nil
	case adv.Confidence == shop.SizeNeedInput:
		r.Text = fmt.Sprintf("方便告诉我您的身高和体重吗?比如“165cm 52kg”,我按「%s」的尺码表帮您选~", prod.Name)
		r.Pending = &Pending{Kind: "body", Intent: "size_advice"}
		r.QuickReplies = []string{"160cm 50kg", "165cm 55kg", "170cm 60kg"}
		return r, nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "「%s」建议选%s码", prod.Name, adv.Size)
	if adv.Alternative != "" {
		fmt.Fprintf(&b, "(也可以考虑%s码)", adv.Alternative)
	}
	b.WriteString(":" + strings.TrimSuffix(adv.Reason, "。") + "。")
	if v := attr(prod, "版型"); v != "" {
		fmt.Fprintf(&b, "版型是%s。", strings.TrimSuffix(v, "。"))
	}
	if adv.Confidence == shop.SizeOutsideChart {
		b.WriteString("您的数据超出了尺码表范围,建议对照平铺尺寸再确认一下。")
	}
	if adv.Size != "" {
		a := shop.SKUAvailability(*prod, "", adv.Size)
		res.InStockColors = variants(inStock(a.SKUs))
		if len(res.InStockColors) > 0 {
			fmt.Fprintf(&b, "%s码目前有货:%s。", adv.Size, listVariants(inStock(a.SKUs), 6))
		} else if len(a.SKUs) > 0 {
			fmt.Fprintf(&b, "不过%s码目前缺货", adv.Size)
			if a.RestockDate != "" {
				fmt.Fprintf(&b, ",预计%s补货", cnDay(a.RestockDate))
			}
			b.WriteString("。")
		}
	}
	r.Text = b.String()
	return r, nil
}

// attr returns a product attribute by exact key.
func attr(p *shop.Product, key string) string {
	if p == nil || p.Attributes == nil {
		return ""
	}
	return strings.TrimSpace(p.Attributes[key])
}

const schemaProductQ = `{"type":"object","properties":{
"product_id":{"type":"string"},
"question":{"type":"string","description":"the shopper's question"},
"skin_type":{"type":"string","description":"dry, oily, combination, sensitive, normal or acne"}},
"required":["question"]}`

// ProductQuestionParams is a question about a product.
type ProductQuestionParams struct {
	ProductID string `json:"product_id,omitempty"`
	Question  string `json:"question"`
	SkinType  string `json:"skin_type,omitempty"`
	Color     string `json:"color,omitempty"`
}

// ProductAnswer is the grounded answer to a product question.
type ProductAnswer struct {
	ProductID string `json:"product_id,omitempty"`
	// Facts are the attribute key → value pairs quoted.
	Facts []Fact `json:"facts,omitempty"`
	// Source: attributes, knowledge, or "" when nothing states it.
	Source     string  `json:"source,omitempty"`
	Knowledge  string  `json:"knowledge,omitempty"`
	Confidence float64 `json:"confidence,omitempty"`
	// Aspect is what was asked about, e.g. 是否起球.
	Aspect string `json:"aspect,omitempty"`
}

// Fact is one product attribute.
type Fact struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// aspectKeys maps words of a question to attribute keys that answer it,
// in the order they are tried. Keys are the merchant's free text, so each
// aspect lists the usual spellings.
var aspectKeys = []struct {
	words []string
	keys  []string
}{
	{[]string{"缩水", "缩"}, []string{"是否缩水"}},
	{[]string{"起球", "球"}, []string{"是否起球"}},
	{[]string{"掉色", "褪色", "染色"}, []string{"是否掉色"}},
	{[]string{"起皱", "皱"}, []string{"是否起皱", "工艺"}},
	{[]string{"透"}, []string{"是否透"}},
	{[]string{"扎"}, []string{"是否扎人"}},
	{[]string{"开胶"}, []string{"是否开胶"}},
	{[]string{"机洗", "洗", "清洗", "清洁", "保养", "打理"}, []string{"洗涤方式", "清洗", "护理", "是否可拆洗"}},
	{[]string{"显胖", "显瘦", "显黑", "显白", "颜色", "色差", "黄皮", "气色"}, []string{"颜色效果", "版型"}},
	{[]string{"面料", "材质", "材料", "什么料", "成分", "羊毛", "棉", "含量"}, []string{"面料", "成分", "主要成分", "鞋面", "里料", "内里", "填充"}},
	{[]string{"孕妇", "孕期", "哺乳"}, []string{"孕妇可用"}},
	{[]string{"敏感", "肤质", "干皮", "油皮", "混油", "痘", "皮肤"}, []string{"适合肤质", "敏感肌", "不适合"}},
	{[]string{"头皮", "发质", "头发"}, []string{"适合发质", "适合", "功效"}},
	{[]string{"香精", "酒精", "香味"}, []string{"是否含香精酒精"}},
	{[]string{"硅油"}, []string{"是否含硅油"}},
	{[]string{"保暖", "厚", "薄", "冷", "零下", "温度"}, []string{"厚度", "保暖", "内里"}},
	{[]string{"版型", "修身", "宽松", "偏大", "偏小", "大码", "小码"}, []string{"版型", "尺码建议"}},
	{[]string{"多长", "长度", "衣长", "裙长", "裤长"}, []string{"衣长", "裙长", "裤长", "筒高"}},
	{[]string{"弹力", "弹性"}, []string{"弹力"}},
	{[]string{"容量", "多大", "几升", "多少毫升"}, []string{"容量"}},
	{[]string{"尺寸", "多宽", "多高"}, []string{"尺寸"}},
	{[]string{"重", "重量"}, []string{"重量", "单只重量", "单耳重量"}},
	{[]string{"续航", "电池", "用多久", "撑多久", "能撑", "待机", "用多长时间", "充几次", "能充"}, []string{"续航", "可充手机次数", "输入"}},
	{[]string{"降噪"}, []string{"降噪"}},
	{[]string{"防水"}, []string{"防水"}},
	{[]string{"飞机", "登机"}, []string{"能否带上飞机"}},
	{[]string{"保质期", "过期"}, []string{"保质期"}},
	{[]string{"怎么用", "用法", "使用方法", "用量"}, []string{"使用方法", "使用周期"}},
	{[]string{"产地", "哪里产", "哪产", "哪里生产", "国产"}, []string{"产地"}},
	{[]string{"跟高", "鞋跟"}, []string{"跟高"}},
	{[]string{"保修"}, []string{"保修"}},
	{[]string{"功率", "费电"}, []string{"功率"}},
	{[]string{"噪音", "吵"}, []string{"噪音"}},
	{[]string{"涂层", "钢丝球", "刮花", "耐刮", "内胆"}, []string{"内胆涂层"}},
	{[]string{"口袋"}, []string{"是否有口袋"}},
	{[]string{"安装", "送货上门", "上楼"}, []string{"配送安装", "入户要求"}},
	{[]string{"电梯", "楼梯", "进门", "搬进", "放得下", "放下", "进得去"}, []string{"入户要求"}},
	{[]string{"软硬", "软", "硬"}, []string{"软硬度"}},
	{[]string{"领"}, []string{"领型"}},
}

// askedDimension names the dimension an asking word asks for, for a
// product that has no attribute of the aspect's usual keys.
var askedDimension = map[string]string{"多长": "长度", "多宽": "宽度", "多高": "高度", "多大": "大小"}

var skinLabels = map[string]string{"dry": "干皮", "oily": "油皮", "combination": "混合皮", "sensitive": "敏感肌", "normal": "中性皮肤", "acne": "痘痘肌"}

func (t *turn) productQuestion(p ProductQuestionParams) (Result, error) {
	prod, err := t.product(p.ProductID)
	if err != nil {
		return Result{}, err
	}
	ans := ProductAnswer{}
	r := Result{Data: &ans}
	q := p.Question
	if prod != nil {
		ans.ProductID = prod.ID
		r.ProductID = prod.ID
		facts, aspect := matchFacts(prod, q)
		if part, word := partAsked(q, prod); part != "" && !slices.ContainsFunc(facts, func(f Fact) bool { return strings.Contains(f.Key+f.Value, part) }) {
			// "纽扣是什么材质": the coat's fabric does not answer it.
			if name, ok := askedDimension[word]; ok {
				word = name // "鞋带多长" → 鞋带的长度
			}
			facts, aspect = nil, part+"的"+word
		}
		if p.SkinType != "" {
			for _, k := range []string{"适合肤质", "敏感肌", "不适合"} {
				if v := attr(prod, k); v != "" && !hasFact(facts, k) {
					facts = append(facts, Fact{k, v})
				}
			}
		}
		if p.Color != "" && !hasFact(facts, "颜色效果") && (strings.Contains(q, "显") || strings.Contains(q, "颜色")) {
			if v := attr(prod, "颜色效果"); v != "" {
				facts = append(facts, Fact{"颜色效果", v})
			}
		}
		ans.Aspect = aspect
		if len(facts) > 0 {
			if ka, ok := t.sharperKnowledge(q, prod.ID, facts); ok {
				// "楼梯转角要多宽": 尺寸 is about the size asked, the guide about the stairs.
				ans.Source, ans.Knowledge, ans.Confidence = "knowledge", ka.Text, ka.Confidence
				r.Text, r.Handled = ka.Text, true
				return r, nil
			}
			ans.Facts, ans.Source = facts, "attributes"
			var b strings.Builder
			fmt.Fprintf(&b, "「%s」", prod.Name)
			for i, f := range facts {
				if i > 0 {
					b.WriteString(";")
				}
				fmt.Fprintf(&b, "%s:%s", f.Key, strings.TrimSuffix(f.Value, "。"))
			}
			b.WriteString("。")
			if p.SkinType != "" {
				if slices.Contains(prod.Tags, "敏感肌可用") && p.SkinType == "sensitive" {
					b.WriteString("商品标注为敏感肌可用。")
				}
			}
			r.Text, r.Handled = b.String(), true
			return r, nil
		}
	}
	if ka, ok := t.knowledge(q, p.ProductID); ok {
		ans.Source, ans.Knowledge, ans.Confidence = "knowledge", ka.Text, ka.Confidence
		r.Text, r.Handled = ka.Text, true
		return r, nil
	}
	if prod == nil {
		if _, aspect := matchFacts(&shop.Product{}, q); aspect != "" {
			return t.askProduct("product_attribute"), nil
		}
		return Result{Data: &ans}, nil
	}
	what := ans.Aspect
	if what == "" {
		what = "这一点"
	}
	r.Text = fmt.Sprintf("「%s」的商品资料里没有写明%s,我不想随便回答误导您,已经记录下来请同事确认;需要的话也可以为您转人工。", prod.Name, what)
	ss := t.suggestions(q, prod.ID)
	if len(ss) > 0 {
		r.Text += "您也可以看看是不是想问下面这些。"
	}
	r.Handled = false
	r.QuickReplies = []string{"转人工"}
	offerSuggestions(&r, ss)
	return r, nil
}

// partAsked finds a component the question asks an aspect of ("纽扣是什么材质",
// "拉链的颜色"): the two characters before a linking word (的, 是什么 …)
// right before the aspect word, when they share no character (but a noun
// suffix such as 子) with the product's name, aliases or category and are not
// a generic word for the product itself ("衣服", "这款"). Without a linking word the characters
// before an aspect word are as often a verb or adverb ("开着降噪",
// "容易刮花") as a component, so nothing is taken. It returns the
// component and the aspect word.
func partAsked(q string, p *shop.Product) (part, word string) {
	self := p.Name + p.Category + strings.Join(p.Aliases, "")
	for _, a := range aspectKeys {
		for _, w := range a.words {
			i := strings.Index(q, w)
			if i <= 0 {
				continue
			}
			before, linked := q[:i], false
			for trimmed := true; trimmed; {
				trimmed = false
				for _, l := range partLinks {
					if rest, ok := strings.CutSuffix(before, l); ok {
						before, trimmed, linked = rest, true, true
						break // start again with the longest links: "用的" before "的"
					}
				}
			}
			r := []rune(before)
			if !linked || len(r) < 2 || !isHan(r[len(r)-1]) || !isHan(r[len(r)-2]) {
				continue
			}
			cand := string(r[len(r)-2:])
			if strings.ContainsAny(cand, functionChars) || strings.ContainsAny(strings.TrimRight(cand, nounSuffixes), self) || slices.Contains(productSelfWords, cand) {
				continue
			}
			return cand, w
		}
	}
	return "", ""
}

// nounSuffixes end many nouns without naming anything ("扣子", "呢子"), so a
// component sharing only them with the product's name is still another thing.
const nounSuffixes = "子儿头"

// partLinks join a component to the aspect asked of it, longest first.
var partLinks = []string{"是什么", "用什么", "用的", "是啥", "哪种", "什么", "是", "的", "啥"}

// productSelfWords name the product itself, not a component of it.
var productSelfWords = []string{"衣服", "东西", "商品", "宝贝", "产品", "款式", "整体", "本身", "整件", "这款", "那款", "新款", "老款", "质量"}

func hasFact(fs []Fact, k string) bool {
	return slices.ContainsFunc(fs, func(f Fact) bool { return f.Key == k })
}

// matchFacts finds the attributes a question asks about; aspect names what
// was asked even when the product does not state it.
func matchFacts(p *shop.Product, q string) ([]Fact, string) {
	var facts, conditions []Fact
	aspect := ""
	asked := false
	for _, a := range aspectKeys {
		hit := ""
		for _, w := range a.words {
			if strings.Contains(q, w) {
				hit = w
				break
			}
		}
		if hit == "" {
			continue
		}
		asks := isAsking(hit)
		if asked && !asks {
			// Another aspect is what is asked ("开着降噪能撑多久"): this one
			// is a condition, used only if the asked aspect has no fact.
			for _, k := range a.keys {
				if v := attr(p, k); v != "" && !hasFact(conditions, k) {
					conditions = append(conditions, Fact{k, v})
					break
				}
			}
			continue
		}
		if asks && !asked {
			asked, conditions, facts, aspect = true, facts, nil, ""
		}
		if aspect == "" {
			aspect = strings.TrimPrefix(a.keys[0], "是否")
			if name, ok := askedDimension[hit]; ok && !slices.ContainsFunc(a.keys, func(k string) bool { return attr(p, k) != "" }) {
				// "多长" of a sofa is not its 衣长.
				aspect = name
			}
		}
		for _, k := range a.keys {
			if v := attr(p, k); v != "" && !hasFact(facts, k) {
				facts = append(facts, Fact{k, v})
				break
			}
		}
		if len(facts) >= 2 {
			break
		}
	}
	if len(facts) == 0 && len(conditions) > 0 {
		// "包装有多长,电梯能放下吗" on a sofa: no length attribute, but the
		// entry requirements answer the question.
		facts = conditions[:min(len(conditions), 2)]
	}
	if len(facts) == 0 {
		// A key quoted in the question ("保修多久" → 保修) answers it directly.
		for k, v := range p.Attributes {
			kk := strings.TrimPrefix(k, "是否")
			if len([]rune(kk)) >= 2 && strings.Contains(q, kk) {
				facts = append(facts, Fact{k, v})
			}
		}
		slices.SortFunc(facts, func(a, b Fact) int { return strings.Compare(a.Key, b.Key) })
	}
	return facts, aspect
}

// sharpKnowledgeConfidence is the least confidence at which a passage
// about the product is preferred to attributes that miss the question.
const sharpKnowledgeConfidence = 0.45

// sharperKnowledge looks, sentence by sentence of the question, for a
// confident knowledge passage about the product that covers a word of the
// question ("楼梯") the matched attributes do not: the attribute then
// answers the aspect word (多宽 → 尺寸) but not the specific question.
func (t *turn) sharperKnowledge(q, productID string, facts []Fact) (KnowledgeAnswer, bool) {
	var best KnowledgeAnswer
	found := false
	for _, part := range questionParts(q) {
		ka, ok := t.knowledge(part, productID)
		if !ok || ka.Confidence < sharpKnowledgeConfidence || ka.Confidence <= best.Confidence {
			continue
		}
		if !slices.ContainsFunc(t.productsNamed(ka.Text+ka.Source), func(p *shop.Product) bool { return p.ID == productID }) {
			continue
		}
		inFacts := func(w string) bool {
			return slices.ContainsFunc(facts, func(f Fact) bool { return strings.Contains(f.Key+f.Value, w) })
		}
		covers := false
		for _, w := range t.b.d.Understander.Analyze(part, nlu.Context{Now: t.now}).Tokens {
			// A word of the question's own subject: not a product's name
			// ("新款", "毛衣"), not a filler ("到底"), not what the attributes say.
			r := []rune(w)
			if len(r) < 2 || !isHan(r[0]) || strings.ContainsAny(w, functionChars) || slices.Contains(fillerWords, w) || catalogueWord(t, w) {
				continue
			}
			if strings.Contains(ka.Text, w) && !inFacts(w) {
				covers = true
				break
			}
		}
		if covers || asksFee(part) && statesFee(ka.Text) && !slices.ContainsFunc(facts, func(f Fact) bool { return statesFee(f.Value) }) {
			// "没电梯要加钱吗": the attributes name the lift, only the
			// passage says what carrying the goods up costs.
			best, found = ka, true
		}
	}
	return best, found
}

// feeWords ask whether something costs extra.
var feeWords = []string{"加钱", "收费", "收钱", "要钱", "费用", "多少钱", "另收", "额外", "付费", "花钱"}

// asksFee reports whether a question asks about a charge.
func asksFee(q string) bool { return containsAny(q, feeWords) }

// statesFee reports whether a text states a charge or that there is none.
func statesFee(s string) bool { return containsAny(s, []string{"费", "元", "收取"}) }

// functionChars are particles and question words, never half of a subject word.
const functionChars = "和的了吗呢是有在得么什怎哪多少几个这那跟与或也都就还能会要把被给对不没吧啊呀"

// fillerWords are two-character words that carry no subject.
var fillerWords = []string{"到底", "一下", "可以", "还是", "是否", "请问", "现在", "一直", "时候", "东西", "这样", "那样", "怎样", "如何", "区别"}

// catalogueWord reports whether a word is part of any product's name,
// alias or category.
func catalogueWord(t *turn, w string) bool {
	ps, _ := t.products()
	for _, p := range ps {
		if strings.Contains(p.Name+" "+p.Category+" "+strings.Join(p.Aliases, " "), w) {
			return true
		}
	}
	return false
}

// questionParts are the sentences of a question, then the whole of it.
func questionParts(q string) []string {
	parts := strings.FieldsFunc(q, func(r rune) bool { return strings.ContainsRune(",，。?？!！;；", r) })
	if len(parts) > 1 {
		parts = append(parts, q)
	}
	return parts
}

// hanBigrams are the two-character Chinese words of a text.
func hanBigrams(s string) []string {
	r := []rune(s)
	var out []string
	for i := 0; i+1 < len(r); i++ {
		if isHan(r[i]) && isHan(r[i+1]) {
			out = append(out, string(r[i:i+2]))
		}
	}
	return out
}

// isAsking reports whether an aspect word is itself the question (多久, 多宽,
// 几升): next to it, other aspect words only set the conditions.
func isAsking(word string) bool {
	return strings.Contains(word, "多") || strings.Contains(word, "几")
}

// knowledge asks the knowledge base, if there is one.
func (t *turn) knowledge(q, productID string) (KnowledgeAnswer, bool) {
	if t.b.d.Knowledge == nil || strings.TrimSpace(q) == "" {
		return KnowledgeAnswer{}, false
	}
	ka, ok := t.b.d.Knowledge.Answer(t.ctx, q, productID)
	if !ok || strings.TrimSpace(ka.Text) == "" {
		return KnowledgeAnswer{}, false
	}
	if !t.passageAbout(ka, productID) {
		return KnowledgeAnswer{}, false
	}
	return ka, true
}

// fromKnowledge is the knowledge base's answer to q as a handled result, or
// an unhandled one (which the dialogue logs as unanswered) when it has none.
func (t *turn) fromKnowledge(q, productID string) Result {
	if ka, ok := t.knowledge(q, productID); ok {
		return Result{Handled: true, Text: ka.Text, Data: ka}
	}
	return Result{}
}

// minKnowledgeConfidence is the least confidence at which a passage that
// names no product at all is quoted.
const minKnowledgeConfidence = 0.3

// passageAbout reports whether a knowledge passage may answer a question
// about the product in focus: a passage naming catalogue products must name
// that product or one of its category (the passage text decides; its source
// title only when the text names none), and a passage naming none must be
// confident enough. Without a product in focus only the confidence counts.
func (t *turn) passageAbout(ka KnowledgeAnswer, productID string) bool {
	focus, _ := t.product(productID)
	named := t.productsNamed(ka.Text)
	if len(named) == 0 {
		named = t.productsNamed(ka.Source)
	}
	if len(named) == 0 || focus == nil {
		return ka.Confidence >= minKnowledgeConfidence || focus != nil && len(named) > 0
	}
	for _, p := range named {
		if p.ID == focus.ID || p.Category == focus.Category {
			return true
		}
	}
	return false
}

// productsNamed lists the catalogue products a text names by name, alias or
// category word (two characters or more).
func (t *turn) productsNamed(s string) []*shop.Product {
	if s == "" {
		return nil
	}
	ps, _ := t.products()
	var out []*shop.Product
	for i := range ps {
		p := &ps[i]
		words := append([]string{p.Name, p.Category}, p.Aliases...)
		for _, w := range words {
			if len([]rune(w)) >= 2 && strings.Contains(s, w) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}
