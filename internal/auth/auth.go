// Package auth signs and verifies what proves identity in Xiaoer:
// conversation tokens given to shoppers, the merchant-signed customer
// identity in the widget, admin API keys and webhook signatures.
//
// Everything is HMAC-SHA256 with keys derived from the shop secret, so one
// secret can be rotated to invalidate all of them.
package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrBadToken is returned for any token that is malformed, forged or expired.
// Callers map it to 401 without saying which.
var ErrBadToken = errors.New("invalid or expired token")

// Signer holds the shop secret.
type Signer struct {
	secret []byte
}

// NewSigner returns a signer for the shop secret.
func NewSigner(secret string) *Signer { return &Signer{secret: []byte(secret)} }

// key derives a purpose-specific key so a signature for one use can never be
// replayed as another (a webhook signature is not a token).
func (s *Signer) key(purpose string) []byte {
	m := hmac.New(sha256.New, s.secret)
	m.Write([]byte("xiaoer/" + purpose))
	return m.Sum(nil)
}

func mac(key []byte, parts ...string) []byte {
	m := hmac.New(sha256.New, key)
	for i, p := range parts {
		if i > 0 {
			m.Write([]byte{0})
		}
		m.Write([]byte(p))
	}
	return m.Sum(nil)
}

// ConversationClaims is what a conversation token grants: access to exactly
// one conversation, as the customer it was opened for (if verified).
type ConversationClaims struct {
	ConversationID string `json:"c"`
	CustomerID     string `json:"u,omitempty"`
	Expires        int64  `json:"e"`
}

// IssueConversationToken signs claims for a conversation.
func (s *Signer) IssueConversationToken(c ConversationClaims) string {
	body, _ := json.Marshal(c)
	b := base64.RawURLEncoding.EncodeToString(body)
	sig := base64.RawURLEncoding.EncodeToString(mac(s.key("conversation"), b))
	return b + "." + sig
}

// VerifyConversationToken checks the signature and expiry.
func (s *Signer) VerifyConversationToken(token string, now time.Time) (ConversationClaims, error) {
	b, sig, ok := strings.Cut(token, ".")
	if !ok || len(token) > 4096 {
		return ConversationClaims{}, ErrBadToken
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, mac(s.key("conversation"), b)) {
		return ConversationClaims{}, ErrBadToken
	}
	body, err := base64.RawURLEncoding.DecodeString(b)
	if err != nil {
		return ConversationClaims{}, ErrBadToken
	}
	var c ConversationClaims
	if err := json.Unmarshal(body, &c); err != nil || c.ConversationID == "" {
		return ConversationClaims{}, ErrBadToken
	}
	if c.Expires != 0 && now.Unix() > c.Expires {
		return ConversationClaims{}, ErrBadToken
	}
	return c, nil
}

// IdentitySignature is what the merchant's backend computes to vouch for a
// logged-in shopper: hex(HMAC-SHA256(shop secret, customer id)). The widget
// passes it along; Xiaoer never trusts a bare customer id from a browser.
func IdentitySignature(secret, customerID string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(customerID))
	return hex.EncodeToString(m.Sum(nil))
}

// VerifyIdentity checks a widget identity signature.
func (s *Signer) VerifyIdentity(customerID, signature string) bool {
	if customerID == "" || signature == "" {
		return false
	}
	want := IdentitySignature(string(s.secret), customerID)
	return subtle.ConstantTimeCompare([]byte(strings.ToLower(signature)), []byte(want)) == 1
}

// WebhookSkew is how far a webhook timestamp may be from now; it bounds replays.
const WebhookSkew = 5 * time.Minute

// SignWebhook returns the X-Xiaoer-Signature value for a body sent at ts:
// "sha256=" + hex(HMAC-SHA256(shop secret, ts + "." + body)).
func SignWebhook(secret string, ts int64, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(ts, 10)))
	m.Write([]byte("."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// VerifyWebhook checks a webhook's timestamp header and signature.
func (s *Signer) VerifyWebhook(tsHeader, sigHeader string, body []byte, now time.Time) error {
	ts, err := strconv.ParseInt(tsHeader, 10, 64)
	if err != nil {
		return fmt.Errorf("X-Xiaoer-Timestamp %q is not a unix time in seconds", tsHeader)
	}
	if d := now.Sub(time.Unix(ts, 0)); d > WebhookSkew || d < -WebhookSkew {
		return fmt.Errorf("X-Xiaoer-Timestamp is %s away from the server time (at most %s allowed)", d.Round(time.Second), WebhookSkew)
	}
	want := SignWebhook(string(s.secret), ts, body)
	if subtle.ConstantTimeCompare([]byte(strings.ToLower(sigHeader)), []byte(want)) != 1 {
		return errors.New("X-Xiaoer-Signature does not match the body (sign timestamp + \".\" + body with HMAC-SHA256 and the shop secret)")
	}
	return nil
}

// KeyEqual compares an API key in constant time.
func KeyEqual(given, want string) bool {
	if want == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(given), []byte(want)) == 1
}
