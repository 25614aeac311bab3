package shop

import "time"

// Product is one item the shop sells. Variants (colour × size) are SKUs, each
// with its own stock, so the bot can answer "黑色M码还有吗" exactly.
type Product struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Aliases  []string `json:"aliases,omitempty"` // how shoppers call it: 大衣, 羊毛外套
	Category string   `json:"category"`          // canonical category word: 外套, 鞋, 面霜, 洗发水 ...
	Brand    string   `json:"brand,omitempty"`
	Price    Money    `json:"price"`
	// OriginalPrice is the list price before the current shop price, if shown.
	OriginalPrice Money  `json:"original_price,omitempty"`
	Description   string `json:"description,omitempty"`
	// Attributes are facts the bot may quote: 面料, 成分, 适合肤质, 容量, 续航,
	// 尺寸, 洗涤方式, 版型, 是否起球 ... Keys are free text chosen by the merchant.
	Attributes map[string]string `json:"attributes,omitempty"`
	SizeChart  []SizeRow         `json:"size_chart,omitempty"`
	SKUs       []SKU             `json:"skus"`
	Related    []Relation        `json:"related,omitempty"`
	Tags       []string          `json:"tags,omitempty"` // e.g. 保暖, 通勤, 敏感肌可用
	// Status is "on_sale" (default) or "off_shelf"; off-shelf products are never recommended.
	Status    string    `json:"status,omitempty"`
	UpdatedAt time.Time `json:"updated_at,omitempty"`
}

// SizeRow maps a body range to a size. Ranges are inclusive; a zero bound is open.
// Height is in cm, weight in kg (the importer converts 斤).
type SizeRow struct {
	Size      string  `json:"size"`
	HeightMin float64 `json:"height_min,omitempty"`
	HeightMax float64 `json:"height_max,omitempty"`
	WeightMin float64 `json:"weight_min,omitempty"`
	WeightMax float64 `json:"weight_max,omitempty"`
	// Measurements are garment measurements for the size: 胸围 96, 衣长 68 ...
	Measurements map[string]string `json:"measurements,omitempty"`
}

// SKU is one purchasable variant with its own stock.
type SKU struct {
	ID    string `json:"id"`
	Color string `json:"color,omitempty"`
	Size  string `json:"size,omitempty"`
	Stock int    `json:"stock"`
	// Price overrides the product price when set.
	Price Money `json:"price,omitempty"`
	// RestockDate (YYYY-MM-DD) is when an out-of-stock SKU is expected back.
	RestockDate string `json:"restock_date,omitempty"`
}

// Relation links a product to another one for cross-sell.
type Relation struct {
	ProductID string `json:"product_id"`
	// Kind is complementary (goes with it), alternative (instead of it) or upgrade.
	Kind   string `json:"kind"`
	Reason string `json:"reason,omitempty"` // shown to the shopper: 同系列护发素,洗后更顺滑
}

// CoPurchase counts how often two products were bought together.
type CoPurchase struct {
	ProductA string `json:"product_a"`
	ProductB string `json:"product_b"`
	Count    int    `json:"count"`
}

// EffectivePrice is the SKU price if set, else the product price.
func (p *Product) EffectivePrice(s SKU) Money {
	if s.Price > 0 {
		return s.Price
	}
	return p.Price
}

// FindSKU returns the SKU with the given colour and size ("" matches any).
func (p *Product) FindSKU(color, size string) (SKU, bool) {
	for _, s := range p.SKUs {
		if (color == "" || s.Color == color) && (size == "" || s.Size == size) {
			return s, true
		}
	}
	return SKU{}, false
}

// TotalStock sums the stock of all SKUs.
func (p *Product) TotalStock() int {
	n := 0
	for _, s := range p.SKUs {
		n += s.Stock
	}
	return n
}
