package shop

// Policies are the shop's rules as data. The bot computes answers from them
// (dispatch cutoffs, return eligibility, compensation caps) and never states a
// rule that is not here.
type Policies struct {
	Dispatch        DispatchPolicy        `json:"dispatch"`
	Shipping        ShippingPolicy        `json:"shipping"`
	Returns         ReturnPolicy          `json:"returns"`
	QualityReturns  QualityPolicy         `json:"quality_returns"`
	Warranties      []Warranty            `json:"warranties,omitempty"`
	PriceProtection PriceProtectionPolicy `json:"price_protection"`
	Invoice         InvoicePolicy         `json:"invoice"`
	MemberBenefits  []MemberBenefit       `json:"member_benefits,omitempty"`
	BotLimits       BotLimits             `json:"bot_limits"`
}

// DispatchPolicy says when orders leave the warehouse.
type DispatchPolicy struct {
	// CutoffTime (HH:MM, shop time zone): paid before it ships the same day.
	CutoffTime string `json:"cutoff_time"`
	// PromiseHours is the latest dispatch after payment (e.g. 48).
	PromiseHours int `json:"promise_hours"`
	// ShipsOnWeekends: whether the warehouse works on Saturday and Sunday.
	ShipsOnWeekends bool `json:"ships_on_weekends"`
	// Holidays (YYYY-MM-DD) when nothing ships.
	Holidays []string `json:"holidays,omitempty"`
	// PresaleNote describes presale items (e.g. 预售款付款后15天内发货).
	Notes string `json:"notes,omitempty"`
}

// ShippingPolicy covers carriers, fees and transit times.
type ShippingPolicy struct {
	DefaultCarrier string   `json:"default_carrier"`
	Carriers       []string `json:"carriers,omitempty"` // carriers the shop can use on request
	// SFSurcharge is the extra fee for 顺丰 on request (0 = not offered unless default).
	SFSurcharge           Money       `json:"sf_surcharge,omitempty"`
	Fee                   Money       `json:"fee"`                     // standard fee below the threshold
	FreeShippingThreshold Money       `json:"free_shipping_threshold"` // 0 = always free
	RemoteRegions         []string    `json:"remote_regions,omitempty"`
	RemoteFee             Money       `json:"remote_fee,omitempty"` // fee to remote regions, never free
	ETAs                  []RegionETA `json:"etas,omitempty"`
	DefaultETA            RegionETA   `json:"default_eta"`
}

// RegionETA is the transit time after dispatch to a set of regions.
type RegionETA struct {
	Regions []string `json:"regions,omitempty"` // provinces or cities (short names)
	MinDays int      `json:"min_days"`
	MaxDays int      `json:"max_days"`
}

// ReturnPolicy is the no-reason (七天无理由) return and exchange rule.
type ReturnPolicy struct {
	NoReasonDays int      `json:"no_reason_days"` // days after delivery
	ExchangeDays int      `json:"exchange_days"`
	Conditions   []string `json:"conditions,omitempty"` // 吊牌完好, 未洗涤, 不影响二次销售
	// ExcludedCategories cannot be returned without reason at all (e.g. 内衣).
	ExcludedCategories []string `json:"excluded_categories,omitempty"`
	// OpenedExcludedCategories cannot be returned once opened (e.g. 面霜, 洗发水).
	OpenedExcludedCategories []string `json:"opened_excluded_categories,omitempty"`
	// CustomerPaysFreight: who pays the return postage for no-reason returns.
	CustomerPaysFreight bool `json:"customer_pays_freight"`
	// FreightInsurance: orders include 运费险 that refunds return postage.
	FreightInsurance bool     `json:"freight_insurance"`
	RefundDays       int      `json:"refund_days"` // refund after the warehouse receives the return
	Steps            []string `json:"steps,omitempty"`
}

// QualityPolicy covers returns for defects, damage, wrong or missing items.
type QualityPolicy struct {
	Days            int      `json:"days"` // days after delivery to claim
	PhotoRequired   bool     `json:"photo_required"`
	ShopPaysFreight bool     `json:"shop_pays_freight"`
	Options         []string `json:"options,omitempty"` // replace, refund, repair, partial_refund
	Steps           []string `json:"steps,omitempty"`
}

// Warranty is the repair warranty for a category.
type Warranty struct {
	Category string `json:"category"`
	Months   int    `json:"months"`
	Coverage string `json:"coverage"`
	Process  string `json:"process,omitempty"`
}

// PriceProtectionPolicy: refunds the difference if the price drops soon after purchase.
type PriceProtectionPolicy struct {
	Days       int    `json:"days"` // 0 = no price protection
	Conditions string `json:"conditions,omitempty"`
}

// InvoicePolicy says which invoices the shop issues.
type InvoicePolicy struct {
	Types []string `json:"types,omitempty"` // 电子普通发票, 增值税专用发票
	Notes string   `json:"notes,omitempty"`
}

// MemberBenefit lists what a member level gets.
type MemberBenefit struct {
	Level              string   `json:"level"`
	Benefits           []string `json:"benefits"`
	FreeReturnShipping bool     `json:"free_return_shipping,omitempty"`
	ExtendedReturnDays int      `json:"extended_return_days,omitempty"` // added to NoReasonDays
	PointsPerYuan      float64  `json:"points_per_yuan,omitempty"`
	DiscountPercent    int      `json:"discount_percent,omitempty"` // e.g. 95 = 95折 on full-price items
}

// BotLimits bound what the bot may grant on its own. Anything beyond goes to a human.
type BotLimits struct {
	MaxCompensation Money `json:"max_compensation"` // per case, e.g. 20 yuan
	MaxCoupon       Money `json:"max_coupon"`
	MaxAutoRefund   Money `json:"max_auto_refund"` // refunds above need a human
	// AlwaysHumanIntents are intents the bot never handles alone.
	AlwaysHumanIntents []string `json:"always_human_intents,omitempty"`
	// MaxBotTurnsUnresolved: after this many turns in a row the bot could not
	// handle, it hands over (default 2).
	MaxBotTurnsUnresolved int `json:"max_bot_turns_unresolved,omitempty"`
}

// Benefit returns the member benefit for a level, if configured.
func (p *Policies) Benefit(level string) (MemberBenefit, bool) {
	for _, b := range p.MemberBenefits {
		if b.Level == level {
			return b, true
		}
	}
	return MemberBenefit{}, false
}
