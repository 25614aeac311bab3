package auth

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestConversationToken(t *testing.T) {
	s := NewSigner("secret-one")
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	tok := s.IssueConversationToken(ConversationClaims{ConversationID: "c_1", CustomerID: "u1", Expires: now.Add(time.Hour).Unix()})

	c, err := s.VerifyConversationToken(tok, now)
	if err != nil || c.ConversationID != "c_1" || c.CustomerID != "u1" {
		t.Fatalf("verify = %+v, %v", c, err)
	}
	body, sig, _ := strings.Cut(tok, ".")
	forgedBody := s.IssueConversationToken(ConversationClaims{ConversationID: "c_2"})
	fb, _, _ := strings.Cut(forgedBody, ".")
	tests := []struct {
		name  string
		token string
		now   time.Time
	}{
		// An attacker swaps the claims to another conversation but keeps the signature.
		{"claims swapped", fb + "." + sig, now},
		{"signature from another secret", NewSigner("other").IssueConversationToken(ConversationClaims{ConversationID: "c_1"}), now},
		{"expired", tok, now.Add(2 * time.Hour)},
		{"truncated", body, now},
		{"garbage", "a.b", now},
		{"empty", "", now},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.VerifyConversationToken(tt.token, tt.now); err != ErrBadToken {
				t.Errorf("err = %v, want ErrBadToken", err)
			}
		})
	}
}

func TestIdentity(t *testing.T) {
	s := NewSigner("shop-secret")
	sig := IdentitySignature("shop-secret", "C1001")
	if !s.VerifyIdentity("C1001", sig) {
		t.Fatal("valid signature rejected")
	}
	if !s.VerifyIdentity("C1001", strings.ToUpper(sig)) {
		t.Error("hex case should not matter")
	}
	// A shopper who knows their own signature tries to become another customer.
	if s.VerifyIdentity("C1002", sig) {
		t.Error("signature accepted for another customer")
	}
	if s.VerifyIdentity("C1001", "") || s.VerifyIdentity("", sig) {
		t.Error("empty accepted")
	}
}

func TestWebhook(t *testing.T) {
	s := NewSigner("hook")
	now := time.Unix(1_800_000_000, 0)
	body := []byte(`{"orders":[]}`)
	ts := now.Unix()
	sig := SignWebhook("hook", ts, body)
	if err := s.VerifyWebhook(strconv.FormatInt(ts, 10), sig, body, now); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, ts, sig string
		body          []byte
		want          string
	}{
		{"tampered body", strconv.FormatInt(ts, 10), sig, []byte(`{"orders":[1]}`), "does not match"},
		{"replayed later", strconv.FormatInt(ts-3600, 10), SignWebhook("hook", ts-3600, body), body, "away from"},
		{"bad timestamp", "yesterday", sig, body, "unix time"},
		{"wrong secret", strconv.FormatInt(ts, 10), SignWebhook("other", ts, body), body, "does not match"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.VerifyWebhook(tt.ts, tt.sig, tt.body, now)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestKeyEqual(t *testing.T) {
	if KeyEqual("", "") {
		t.Error("empty configured key must never match")
	}
	if !KeyEqual("k", "k") || KeyEqual("k", "K") {
		t.Error("compare broken")
	}
}
