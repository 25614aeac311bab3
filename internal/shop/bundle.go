package shop

// Info describes the shop itself.
type Info struct {
	Name         string `json:"name"`
	Description  string `json:"description,omitempty"`
	Timezone     string `json:"timezone,omitempty"`      // IANA name, default Asia/Shanghai
	ServiceHours string `json:"service_hours,omitempty"` // human agents, e.g. 09:00-23:00
	BotName      string `json:"bot_name,omitempty"`      // default 小二
}

// Bundle is everything a shop is, in one document: the JSON import format
// (docs/bundle.md) and the unit the store imports in one transaction. Every
// section is optional, so a partial bundle (only orders, say) is an update.
type Bundle struct {
	Shop        *Info          `json:"shop,omitempty"`
	Policies    *Policies      `json:"policies,omitempty"`
	Products    []Product      `json:"products,omitempty"`
	CoPurchases []CoPurchase   `json:"co_purchases,omitempty"`
	Customers   []Customer     `json:"customers,omitempty"`
	Orders      []Order        `json:"orders,omitempty"`
	Shipments   []Shipment     `json:"shipments,omitempty"`
	Promotions  []Promotion    `json:"promotions,omitempty"`
	FAQs        []FAQ          `json:"faqs,omitempty"`
	Documents   []KnowledgeDoc `json:"documents,omitempty"`
}

// ImportStats counts what an import wrote, by section.
type ImportStats struct {
	Products    int  `json:"products"`
	SKUs        int  `json:"skus"`
	CoPurchases int  `json:"co_purchases"`
	Customers   int  `json:"customers"`
	Orders      int  `json:"orders"`
	Shipments   int  `json:"shipments"`
	Promotions  int  `json:"promotions"`
	FAQs        int  `json:"faqs"`
	Documents   int  `json:"documents"`
	Policies    bool `json:"policies"`
	Shop        bool `json:"shop"`
}
