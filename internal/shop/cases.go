package shop

import "time"

// After-sales case kinds.
const (
	CaseQuality  = "quality"          // defect
	CaseDamaged  = "damaged"          // damaged in transit
	CaseWrong    = "wrong_item"       // wrong item/size/colour
	CaseMissing  = "missing_item"     // item missing
	CaseReaction = "adverse_reaction" // allergy / bad reaction
	CaseReturn   = "return"
	CaseExchange = "exchange"
	CaseAddress  = "address_change"
	CaseCancel   = "cancel"
	// CaseLogistics is a parcel the shop chases with the carrier: stalled,
	// held, returned or failed on the way.
	CaseLogistics = "logistics"
)

// After-sales case statuses.
const (
	CaseOpen          = "open"
	CaseAwaitingPhoto = "awaiting_photo"
	CaseProposed      = "proposed"  // bot proposed a plan, waiting for the shopper
	CaseAccepted      = "accepted"  // shopper accepted the plan
	CaseEscalated     = "escalated" // beyond the bot's limits: a human decides
	CaseResolved      = "resolved"
	CaseClosed        = "closed"
)

// Case is an after-sales case: what happened, the plan, and its state.
type Case struct {
	ID             string `json:"id"`
	ConversationID string `json:"conversation_id,omitempty"`
	CustomerID     string `json:"customer_id"`
	OrderID        string `json:"order_id,omitempty"`
	Kind           string `json:"kind"`
	Status         string `json:"status"`
	Summary        string `json:"summary"`
	// Resolution: replace, refund, partial_refund, repair, compensation, return, exchange.
	Resolution   string    `json:"resolution,omitempty"`
	Compensation Money     `json:"compensation,omitempty"`
	RefundAmount Money     `json:"refund_amount,omitempty"`
	Photos       []string  `json:"photos,omitempty"`
	Notes        string    `json:"notes,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}
