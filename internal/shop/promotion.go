package shop

import "time"

// Promotion types.
const (
	PromoFullReduction = "full_reduction" // 满减: spend Threshold, save Reduction
	PromoDiscount      = "discount"       // 折扣: DiscountPercent off scoped items
	PromoGift          = "gift"           // 赠品: Gift with purchase over Threshold
	PromoInstallment   = "installment"    // 免息分期: Installments periods interest-free over Threshold
	PromoCoupon        = "coupon"         // 优惠券: claimable coupon worth Reduction over Threshold
	PromoNewMember     = "new_member"     // 新人券: first order only
)

// Promotion is a real, current or scheduled shop activity. The bot only ever
// quotes these; it never invents a discount.
type Promotion struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Type        string `json:"type"`
	Description string `json:"description,omitempty"`
	Threshold   Money  `json:"threshold,omitempty"`
	Reduction   Money  `json:"reduction,omitempty"`
	// Repeat: 满减 applies per multiple of Threshold (每满300减30).
	Repeat          bool   `json:"repeat,omitempty"`
	MaxReduction    Money  `json:"max_reduction,omitempty"`
	DiscountPercent int    `json:"discount_percent,omitempty"` // 85 = 85折
	Gift            string `json:"gift,omitempty"`
	Installments    int    `json:"installments,omitempty"`
	Code            string `json:"code,omitempty"` // coupon code, if any
	// Scope: empty means the whole shop.
	ProductIDs       []string  `json:"product_ids,omitempty"`
	Categories       []string  `json:"categories,omitempty"`
	MemberLevels     []string  `json:"member_levels,omitempty"` // eligible levels; empty = all
	NewCustomersOnly bool      `json:"new_customers_only,omitempty"`
	Stackable        bool      `json:"stackable,omitempty"` // may combine with other promotions
	StartsAt         time.Time `json:"starts_at"`
	EndsAt           time.Time `json:"ends_at"`
}

// ActiveAt reports whether the promotion runs at t.
func (p *Promotion) ActiveAt(t time.Time) bool {
	return !t.Before(p.StartsAt) && t.Before(p.EndsAt)
}
