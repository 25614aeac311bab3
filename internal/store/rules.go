package store

import (
	"fmt"
	"slices"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// Rules both engines apply before writing, kept here so that SQLite and
// PostgreSQL cannot drift apart on them.

// MaxUnansweredExamples is how many distinct raw phrasings an unanswered
// entry keeps: enough for a merchant to see how shoppers ask, small enough
// to show in one table cell.
const MaxUnansweredExamples = 5

// MaxUnansweredConversations is how many distinct conversation ids an
// unanswered entry keeps (the most recent ones), so that a question asked
// ten thousand times does not grow one row without bound.
const MaxUnansweredConversations = 20

// StorableCustomer returns c as it may be persisted: the full phone number
// is dropped, after deriving PhoneLast4 from it when that is empty.
// PhoneHash is kept as given (the importer computes it with the shop's key).
func StorableCustomer(c shop.Customer) shop.Customer {
	if c.PhoneLast4 == "" {
		c.PhoneLast4 = PhoneLast4(c.Phone)
	}
	c.Phone = ""
	return c
}

// PhoneLast4 returns the last four digits of a phone number, ignoring
// spaces, dashes and a +86 prefix; "" if it has fewer than four digits.
func PhoneLast4(phone string) string {
	digits := make([]byte, 0, len(phone))
	for i := 0; i < len(phone); i++ {
		if c := phone[i]; c >= '0' && c <= '9' {
			digits = append(digits, c)
		}
	}
	if len(digits) < 4 {
		return ""
	}
	return string(digits[len(digits)-4:])
}

// Timestamp is how the store keeps a time: in UTC, at microsecond precision
// (PostgreSQL's), so both engines return exactly the same value. The zero
// time stays zero.
func Timestamp(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Microsecond)
}

// AddUnanswered folds one more occurrence of a question into entry u, which
// is the zero value for a question seen for the first time. The first
// phrasing stays the representative question; up to MaxUnansweredExamples
// distinct phrasings and the MaxUnansweredConversations most recent distinct
// conversation ids are kept. The status is left alone: a merchant's
// "dismissed" is not undone by the question coming back.
func AddUnanswered(u shop.Unanswered, question, normalized, conversationID string, at time.Time) shop.Unanswered {
	at = Timestamp(at)
	if u.Count == 0 {
		u.Question = question
		u.Normalized = normalized
		u.Status = "open"
		u.FirstSeen = at
		u.LastSeen = at
	}
	u.Count++
	if at.Before(u.FirstSeen) {
		u.FirstSeen = at
	}
	if at.After(u.LastSeen) {
		u.LastSeen = at
	}
	if question != "" && len(u.Examples) < MaxUnansweredExamples && !slices.Contains(u.Examples, question) {
		u.Examples = append(u.Examples, question)
	}
	if conversationID != "" {
		u.ConversationIDs = slices.DeleteFunc(u.ConversationIDs, func(id string) bool { return id == conversationID })
		u.ConversationIDs = append(u.ConversationIDs, conversationID)
		if n := len(u.ConversationIDs); n > MaxUnansweredConversations {
			u.ConversationIDs = u.ConversationIDs[n-MaxUnansweredConversations:]
		}
	}
	return u
}

// CheckBundle rejects a bundle that no engine could import faithfully: a
// record without an id, or the same id twice in one section (which of the two
// should win?). It runs before any write, so the error names the culprit
// instead of a constraint.
func CheckBundle(b *shop.Bundle) error {
	if b == nil {
		return fmt.Errorf("bundle is nil")
	}
	type section struct {
		name string
		ids  []string
	}
	ids := func(n int, id func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = id(i)
		}
		return out
	}
	sections := []section{
		{"product", ids(len(b.Products), func(i int) string { return b.Products[i].ID })},
		{"customer", ids(len(b.Customers), func(i int) string { return b.Customers[i].ID })},
		{"order", ids(len(b.Orders), func(i int) string { return b.Orders[i].ID })},
		{"shipment", ids(len(b.Shipments), func(i int) string { return b.Shipments[i].ID })},
		{"promotion", ids(len(b.Promotions), func(i int) string { return b.Promotions[i].ID })},
		{"faq", ids(len(b.FAQs), func(i int) string { return b.FAQs[i].ID })},
		{"document", ids(len(b.Documents), func(i int) string { return b.Documents[i].ID })},
	}
	for _, p := range b.Products {
		sections = append(sections, section{"sku of product " + p.ID, ids(len(p.SKUs), func(i int) string { return p.SKUs[i].ID })})
	}
	for _, s := range sections {
		seen := make(map[string]bool, len(s.ids))
		for i, id := range s.ids {
			if id == "" {
				return fmt.Errorf("%s #%d has no id", s.name, i+1)
			}
			if seen[id] {
				return fmt.Errorf("%s %q appears twice in the bundle: %w", s.name, id, ErrConflict)
			}
			seen[id] = true
		}
	}
	seenPair := make(map[[2]string]bool, len(b.CoPurchases))
	for _, c := range b.CoPurchases {
		k := [2]string{c.ProductA, c.ProductB}
		if seenPair[k] {
			return fmt.Errorf("co-purchase %s+%s appears twice in the bundle: %w", c.ProductA, c.ProductB, ErrConflict)
		}
		seenPair[k] = true
	}
	return nil
}
