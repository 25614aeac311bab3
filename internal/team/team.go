// Package team is the shop's people behind the bot: agents with their roles,
// their console sessions and the canned responses they share. It holds types
// and rules only; storage lives in internal/store and HTTP in internal/console.
package team

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Roles, from least to most powerful.
const (
	// RoleAgent answers the conversations assigned to them.
	RoleAgent = "agent"
	// RoleSupervisor also acts on any conversation, manages canned responses,
	// knowledge documents and the unanswered-questions list.
	RoleSupervisor = "supervisor"
	// RoleAdmin also manages agents and the bot's boundaries.
	RoleAdmin = "admin"
)

// Roles lists the valid roles, least powerful first.
var Roles = []string{RoleAgent, RoleSupervisor, RoleAdmin}

func rank(role string) int {
	for i, r := range Roles {
		if r == role {
			return i + 1
		}
	}
	return 0
}

// ValidRole reports whether role is one of Roles.
func ValidRole(role string) bool { return rank(role) > 0 }

// AtLeast reports whether role grants at least what min grants. An unknown
// role grants nothing.
func AtLeast(role, min string) bool {
	r := rank(role)
	return r > 0 && r >= rank(min)
}

// DefaultMaxChats is how many conversations an agent handles at once unless
// set otherwise; auto-assignment skips agents at their limit.
const DefaultMaxChats = 5

// Agent is a person who logs into the console.
type Agent struct {
	ID    string `json:"id"`
	Login string `json:"login"`
	Name  string `json:"name"`
	Role  string `json:"role"`
	// PasswordHash is a bcrypt hash; never serialised.
	PasswordHash string `json:"-"`
	// MaxChats bounds concurrent conversations for auto-assignment (0 = DefaultMaxChats).
	MaxChats  int       `json:"max_chats"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Capacity is the agent's concurrent-conversation limit.
func (a Agent) Capacity() int {
	if a.MaxChats <= 0 {
		return DefaultMaxChats
	}
	return a.MaxChats
}

// Session is a logged-in console session. The store keeps only a hash of the
// cookie's token, so a database leak does not hand out live sessions.
type Session struct {
	TokenHash string    `json:"-"`
	AgentID   string    `json:"agent_id"`
	CSRF      string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// Canned is a canned response an agent inserts by its shortcut ("/退货").
type Canned struct {
	ID        string    `json:"id"`
	Shortcut  string    `json:"shortcut"`
	Title     string    `json:"title"`
	Text      string    `json:"text"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ErrInvalid marks input the caller must fix.
var ErrInvalid = errors.New("invalid")

var loginRe = regexp.MustCompile(`^[a-zA-Z0-9._-]{2,40}$`)

// ValidateAgent checks an agent's fields (not the password).
func ValidateAgent(a Agent) error {
	switch {
	case !loginRe.MatchString(a.Login):
		return fmt.Errorf("%w: login must be 2-40 letters, digits, '.', '_' or '-'", ErrInvalid)
	case strings.TrimSpace(a.Name) == "" || utf8.RuneCountInString(a.Name) > 40:
		return fmt.Errorf("%w: name must be 1-40 characters", ErrInvalid)
	case !ValidRole(a.Role):
		return fmt.Errorf("%w: role must be one of %s", ErrInvalid, strings.Join(Roles, ", "))
	case a.MaxChats < 0 || a.MaxChats > 50:
		return fmt.Errorf("%w: max_chats must be between 0 and 50", ErrInvalid)
	}
	return nil
}

// ValidatePassword enforces a minimum password strength.
func ValidatePassword(p string) error {
	if n := utf8.RuneCountInString(p); n < 8 || len(p) > 72 {
		// bcrypt reads at most 72 bytes; longer would silently be truncated.
		return fmt.Errorf("%w: password must be 8-72 bytes long", ErrInvalid)
	}
	return nil
}

var shortcutRe = regexp.MustCompile(`^/[\p{Han}a-zA-Z0-9_-]{1,20}$`)

// ValidateCanned checks a canned response.
func ValidateCanned(c Canned) error {
	switch {
	case !shortcutRe.MatchString(c.Shortcut):
		return fmt.Errorf("%w: shortcut must start with / followed by 1-20 letters, digits or Chinese characters", ErrInvalid)
	case strings.TrimSpace(c.Title) == "" || utf8.RuneCountInString(c.Title) > 40:
		return fmt.Errorf("%w: title must be 1-40 characters", ErrInvalid)
	case strings.TrimSpace(c.Text) == "" || utf8.RuneCountInString(c.Text) > 2000:
		return fmt.Errorf("%w: text must be 1-2000 characters", ErrInvalid)
	}
	return nil
}
