package store

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

func TestPhoneLast4(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"13812345678", "5678"},
		{"+86 138-1234-5678", "5678"},
		{"123", ""},
		{"", ""},
	} {
		if got := PhoneLast4(tc.in); got != tc.want {
			t.Errorf("PhoneLast4(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestStorableCustomer(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   shop.Customer
		want shop.Customer
	}{
		{"last4 derived from the phone", shop.Customer{ID: "C1", Phone: "13812345678", PhoneHash: "h"},
			shop.Customer{ID: "C1", PhoneLast4: "5678", PhoneHash: "h"}},
		{"given last4 wins", shop.Customer{ID: "C1", Phone: "13812345678", PhoneLast4: "0000"},
			shop.Customer{ID: "C1", PhoneLast4: "0000"}},
		{"no phone at all", shop.Customer{ID: "C1"}, shop.Customer{ID: "C1"}},
	} {
		got := StorableCustomer(tc.in)
		if got.ID != tc.want.ID || got.Phone != "" || got.PhoneLast4 != tc.want.PhoneLast4 || got.PhoneHash != tc.want.PhoneHash {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestAddUnanswered(t *testing.T) {
	t0 := time.Date(2025, 11, 11, 0, 0, 0, 999, time.FixedZone("CST", 8*3600))
	var u shop.Unanswered
	for i := range 30 {
		u = AddUnanswered(u, fmt.Sprintf("问法%d", i%7), "key", fmt.Sprintf("c%d", i), t0.Add(time.Duration(i)*time.Second))
	}
	if u.Count != 30 || u.Question != "问法0" || u.Normalized != "key" || u.Status != "open" {
		t.Errorf("got %+v", u)
	}
	if want := []string{"问法0", "问法1", "问法2", "问法3", "问法4"}; !slices.Equal(u.Examples, want) {
		t.Errorf("examples %v, want %v", u.Examples, want)
	}
	if n := len(u.ConversationIDs); n != MaxUnansweredConversations || u.ConversationIDs[n-1] != "c29" || u.ConversationIDs[0] != "c10" {
		t.Errorf("conversation ids %v, want the last %d (c10..c29)", u.ConversationIDs, MaxUnansweredConversations)
	}
	if !u.FirstSeen.Equal(Timestamp(t0)) || u.FirstSeen.Location() != time.UTC || !u.LastSeen.Equal(Timestamp(t0.Add(29*time.Second))) {
		t.Errorf("first/last seen %v %v", u.FirstSeen, u.LastSeen)
	}
	u = AddUnanswered(u, "问法0", "key", "c15", t0)
	if u.ConversationIDs[len(u.ConversationIDs)-1] != "c15" || len(u.ConversationIDs) != MaxUnansweredConversations {
		t.Errorf("a repeated conversation should move to the end, not be duplicated: %v", u.ConversationIDs)
	}
}

func TestCheckBundle(t *testing.T) {
	for _, tc := range []struct {
		name     string
		b        *shop.Bundle
		ok       bool
		conflict bool
	}{
		{"empty bundle", &shop.Bundle{}, true, false},
		{"distinct ids", &shop.Bundle{Orders: []shop.Order{{ID: "a"}, {ID: "b"}}}, true, false},
		{"same id in two sections is fine", &shop.Bundle{Orders: []shop.Order{{ID: "a"}}, Shipments: []shop.Shipment{{ID: "a"}}}, true, false},
		{"same SKU id in two products is fine", &shop.Bundle{Products: []shop.Product{
			{ID: "p1", SKUs: []shop.SKU{{ID: "s"}}}, {ID: "p2", SKUs: []shop.SKU{{ID: "s"}}}}}, true, false},
		{"duplicate order", &shop.Bundle{Orders: []shop.Order{{ID: "a"}, {ID: "a"}}}, false, true},
		{"duplicate SKU in a product", &shop.Bundle{Products: []shop.Product{{ID: "p1", SKUs: []shop.SKU{{ID: "s"}, {ID: "s"}}}}}, false, true},
		{"duplicate co-purchase pair", &shop.Bundle{CoPurchases: []shop.CoPurchase{{ProductA: "a", ProductB: "b"}, {ProductA: "a", ProductB: "b", Count: 2}}}, false, true},
		{"missing id", &shop.Bundle{FAQs: []shop.FAQ{{Question: "?"}}}, false, false},
		{"nil bundle", nil, false, false},
	} {
		err := CheckBundle(tc.b)
		if (err == nil) != tc.ok || errors.Is(err, ErrConflict) != tc.conflict {
			t.Errorf("%s: CheckBundle = %v", tc.name, err)
		}
	}
}
