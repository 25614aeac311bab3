package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/xiaoer-cs/xiaoer/internal/store"
	"github.com/xiaoer-cs/xiaoer/internal/team"
)

const agentCols = `id, login, name, role, password_hash, max_chats, disabled, created_at, updated_at`

func scanAgent(sc interface{ Scan(...any) error }) (team.Agent, error) {
	var a team.Agent
	var disabled int
	var created, updated nullTime
	err := sc.Scan(&a.ID, &a.Login, &a.Name, &a.Role, &a.PasswordHash, &a.MaxChats, &disabled, &created, &updated)
	a.Disabled, a.CreatedAt, a.UpdatedAt = disabled == 1, created.t, updated.t
	return a, err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// CreateAgent adds an agent; store.ErrConflict if the id or login is taken.
func (s *Store) CreateAgent(ctx context.Context, a team.Agent) error {
	if a.ID == "" {
		return fmt.Errorf("create agent: empty id")
	}
	_, err := s.write.ExecContext(ctx, `INSERT INTO agents (`+agentCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, strings.ToLower(a.Login), a.Name, a.Role, a.PasswordHash, a.MaxChats, boolInt(a.Disabled),
		formatTime(a.CreatedAt), formatTime(a.UpdatedAt))
	if isUniqueViolation(err) {
		return fmt.Errorf("create agent %q: %w", a.Login, store.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("create agent %q: %w", a.Login, err)
	}
	return nil
}

// UpdateAgent overwrites name, role, password hash, max chats, disabled and updated_at.
func (s *Store) UpdateAgent(ctx context.Context, a team.Agent) error {
	res, err := s.write.ExecContext(ctx, `UPDATE agents SET name = ?, role = ?, password_hash = ?, max_chats = ?,
		disabled = ?, updated_at = ? WHERE id = ?`, a.Name, a.Role, a.PasswordHash, a.MaxChats, boolInt(a.Disabled),
		formatTime(a.UpdatedAt), a.ID)
	if err != nil {
		return fmt.Errorf("update agent %q: %w", a.ID, err)
	}
	return mustAffect(res, "agent", a.ID)
}

// Agent returns one agent by id.
func (s *Store) Agent(ctx context.Context, id string) (team.Agent, error) {
	a, err := scanAgent(s.read.QueryRowContext(ctx, `SELECT `+agentCols+` FROM agents WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return team.Agent{}, notFound("agent", id)
	}
	if err != nil {
		return team.Agent{}, fmt.Errorf("agent %q: %w", id, err)
	}
	return a, nil
}

// AgentByLogin returns one agent by login (case-insensitive).
func (s *Store) AgentByLogin(ctx context.Context, login string) (team.Agent, error) {
	a, err := scanAgent(s.read.QueryRowContext(ctx, `SELECT `+agentCols+` FROM agents WHERE login = ?`, strings.ToLower(login)))
	if errors.Is(err, sql.ErrNoRows) {
		return team.Agent{}, notFound("agent", login)
	}
	if err != nil {
		return team.Agent{}, fmt.Errorf("agent %q: %w", login, err)
	}
	return a, nil
}

// Agents lists all agents by login.
func (s *Store) Agents(ctx context.Context) ([]team.Agent, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+agentCols+` FROM agents ORDER BY login`)
	if err != nil {
		return nil, fmt.Errorf("agents: %w", err)
	}
	var out []team.Agent
	for rows.Next() {
		a, err := scanAgent(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("agents: %w", err)
		}
		out = append(out, a)
	}
	if err := closeRows(rows); err != nil {
		return nil, fmt.Errorf("agents: %w", err)
	}
	return out, nil
}

// CreateSession stores a console session and drops those expired before it was created.
func (s *Store) CreateSession(ctx context.Context, ss team.Session) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM agent_sessions WHERE expires_at < ?`, formatTime(ss.CreatedAt)); err != nil {
			return fmt.Errorf("expire sessions: %w", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO agent_sessions (token_hash, agent_id, csrf, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?)`, ss.TokenHash, ss.AgentID, ss.CSRF, formatTime(ss.CreatedAt), formatTime(ss.ExpiresAt))
		if isUniqueViolation(err) {
			return fmt.Errorf("create session: %w", store.ErrConflict)
		}
		if err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		return nil
	})
}

// Session returns a session by its token hash.
func (s *Store) Session(ctx context.Context, tokenHash string) (team.Session, error) {
	var ss team.Session
	var created, expires nullTime
	err := s.read.QueryRowContext(ctx, `SELECT token_hash, agent_id, csrf, created_at, expires_at FROM agent_sessions
		WHERE token_hash = ?`, tokenHash).Scan(&ss.TokenHash, &ss.AgentID, &ss.CSRF, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return team.Session{}, notFound("session", "…")
	}
	if err != nil {
		return team.Session{}, fmt.Errorf("session: %w", err)
	}
	ss.CreatedAt, ss.ExpiresAt = created.t, expires.t
	return ss, nil
}

// DeleteSession ends one session; store.ErrNotFound if there is none.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	res, err := s.write.ExecContext(ctx, `DELETE FROM agent_sessions WHERE token_hash = ?`, tokenHash)
	if err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return mustAffect(res, "session", "…")
}

// DeleteAgentSessions ends all sessions of an agent.
func (s *Store) DeleteAgentSessions(ctx context.Context, agentID string) error {
	if _, err := s.write.ExecContext(ctx, `DELETE FROM agent_sessions WHERE agent_id = ?`, agentID); err != nil {
		return fmt.Errorf("delete sessions of agent %q: %w", agentID, err)
	}
	return nil
}

// CannedResponses lists canned responses by shortcut.
func (s *Store) CannedResponses(ctx context.Context) ([]team.Canned, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, shortcut, title, text, updated_at FROM canned_responses ORDER BY shortcut`)
	if err != nil {
		return nil, fmt.Errorf("canned responses: %w", err)
	}
	var out []team.Canned
	for rows.Next() {
		var c team.Canned
		var updated nullTime
		if err := rows.Scan(&c.ID, &c.Shortcut, &c.Title, &c.Text, &updated); err != nil {
			rows.Close()
			return nil, fmt.Errorf("canned responses: %w", err)
		}
		c.UpdatedAt = updated.t
		out = append(out, c)
	}
	if err := closeRows(rows); err != nil {
		return nil, fmt.Errorf("canned responses: %w", err)
	}
	return out, nil
}

// UpsertCanned writes a canned response by id; store.ErrConflict if another
// one has the shortcut.
func (s *Store) UpsertCanned(ctx context.Context, c team.Canned) error {
	if c.ID == "" {
		return fmt.Errorf("upsert canned response: empty id")
	}
	_, err := s.write.ExecContext(ctx, `INSERT INTO canned_responses (id, shortcut, title, text, updated_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET shortcut = excluded.shortcut, title = excluded.title,
		text = excluded.text, updated_at = excluded.updated_at`, c.ID, c.Shortcut, c.Title, c.Text, formatTime(c.UpdatedAt))
	if isUniqueViolation(err) {
		return fmt.Errorf("canned response %q: %w", c.Shortcut, store.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("upsert canned response %q: %w", c.ID, err)
	}
	return nil
}

// DeleteCanned removes a canned response; store.ErrNotFound if absent.
func (s *Store) DeleteCanned(ctx context.Context, id string) error {
	res, err := s.write.ExecContext(ctx, `DELETE FROM canned_responses WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete canned response %q: %w", id, err)
	}
	return mustAffect(res, "canned response", id)
}
