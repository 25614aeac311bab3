package shop

import "time"

// Member levels, lowest to highest.
const (
	LevelRegular = "regular" // 普通会员
	LevelSilver  = "silver"  // 银卡会员
	LevelGold    = "gold"    // 金卡会员
	LevelDiamond = "diamond" // 钻石会员
)

// MemberLevels lists the valid member levels, lowest first.
var MemberLevels = []string{LevelRegular, LevelSilver, LevelGold, LevelDiamond}

// MemberLevelLabel returns the Chinese label of a member level.
func MemberLevelLabel(level string) string {
	switch level {
	case LevelSilver:
		return "银卡会员"
	case LevelGold:
		return "金卡会员"
	case LevelDiamond:
		return "钻石会员"
	case LevelRegular, "":
		return "普通会员"
	}
	return level
}

// Customer is a shopper known to the shop.
//
// The full phone number is accepted on import (Phone) but never stored: the
// store keeps only PhoneLast4, which is what identity checks and displays use,
// and PhoneHash, a keyed hash for exact matching.
type Customer struct {
	ID          string `json:"id"`
	Nickname    string `json:"nickname"`
	MemberLevel string `json:"member_level,omitempty"`
	Province    string `json:"province,omitempty"`
	City        string `json:"city,omitempty"`
	// Preferences: skin_type (dry/oily/combination/sensitive/normal/acne),
	// style (通勤/休闲/运动 ...), fit (宽松/修身), sizes (上衣 M) ...
	Preferences map[string]string `json:"preferences,omitempty"`
	Tags        []string          `json:"tags,omitempty"`
	Phone       string            `json:"phone,omitempty"` // input only; cleared before storage
	PhoneLast4  string            `json:"phone_last4,omitempty"`
	PhoneHash   string            `json:"-"`
	Points      int               `json:"points,omitempty"`
	CreatedAt   time.Time         `json:"created_at,omitempty"`
}
