package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/xiaoer-cs/xiaoer/internal/store"
	"github.com/xiaoer-cs/xiaoer/internal/team"
)

const agentCols = `id, login, name, role, password_hash, max_chats, disabled, created_at, updated_at`

func scanAgent(row pgx.Row) (team.Agent, error) {
	var a team.Agent
	var created, updated *time.Time
	err := row.Scan(&a.ID, &a.Login, &a.Name, &a.Role, &a.PasswordHash, &a.MaxChats, &a.Disabled, &created, &updated)
	a.CreatedAt, a.UpdatedAt = val(created), val(updated)
	return a, err
}

// CreateAgent adds an agent; store.ErrConflict if the id or login is taken.
func (s *Store) CreateAgent(ctx context.Context, a team.Agent) error {
	if a.ID == "" {
		return fmt.Errorf("create agent: empty id")
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO agents (`+agentCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		a.ID, strings.ToLower(a.Login), a.Name, a.Role, a.PasswordHash, a.MaxChats, a.Disabled, ts(a.CreatedAt), ts(a.UpdatedAt))
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
	tag, err := s.pool.Exec(ctx, `UPDATE agents SET name = $1, role = $2, password_hash = $3, max_chats = $4,
		disabled = $5, updated_at = $6 WHERE id = $7`, a.Name, a.Role, a.PasswordHash, a.MaxChats, a.Disabled, ts(a.UpdatedAt), a.ID)
	if err != nil {
		return fmt.Errorf("update agent %q: %w", a.ID, err)
	}
	return mustAffect(tag, "agent", a.ID)
}

// Agent returns one agent by id.
func (s *Store) Agent(ctx context.Context, id string) (team.Agent, error) {
	a, err := scanAgent(s.pool.QueryRow(ctx, `SELECT `+agentCols+` FROM agents WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return team.Agent{}, notFound("agent", id)
	}
	if err != nil {
		return team.Agent{}, fmt.Errorf("agent %q: %w", id, err)
	}
	return a, nil
}

// AgentByLogin returns one agent by login (case-insensitive).
func (s *Store) AgentByLogin(ctx context.Context, login string) (team.Agent, error) {
	a, err := scanAgent(s.pool.QueryRow(ctx, `SELECT `+agentCols+` FROM agents WHERE login = $1`, strings.ToLower(login)))
	if errors.Is(err, pgx.ErrNoRows) {
		return team.Agent{}, notFound("agent", login)
	}
	if err != nil {
		return team.Agent{}, fmt.Errorf("agent %q: %w", login, err)
	}
	return a, nil
}

// Agents lists all agents by login.
func (s *Store) Agents(ctx context.Context) ([]team.Agent, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+agentCols+` FROM agents ORDER BY login`)
	if err != nil {
		return nil, fmt.Errorf("agents: %w", err)
	}
	out, err := collect(rows, func(r pgx.CollectableRow) (team.Agent, error) { return scanAgent(r) })
	if err != nil {
		return nil, fmt.Errorf("agents: %w", err)
	}
	return out, nil
}

// CreateSession stores a console session and drops those expired before it was created.
func (s *Store) CreateSession(ctx context.Context, ss team.Session) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM agent_sessions WHERE expires_at < $1`, ts(ss.CreatedAt)); err != nil {
			return fmt.Errorf("expire sessions: %w", err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO agent_sessions (token_hash, agent_id, csrf, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5)`, ss.TokenHash, ss.AgentID, ss.CSRF, ts(ss.CreatedAt), ts(ss.ExpiresAt))
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
	var created, expires *time.Time
	err := s.pool.QueryRow(ctx, `SELECT token_hash, agent_id, csrf, created_at, expires_at FROM agent_sessions
		WHERE token_hash = $1`, tokenHash).Scan(&ss.TokenHash, &ss.AgentID, &ss.CSRF, &created, &expires)
	if errors.Is(err, pgx.ErrNoRows) {
		return team.Session{}, notFound("session", "…")
	}
	if err != nil {
		return team.Session{}, fmt.Errorf("session: %w", err)
	}
	ss.CreatedAt, ss.ExpiresAt = val(created), val(expires)
	return ss, nil
}

// DeleteSession ends one session; store.ErrNotFound if there is none.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM agent_sessions WHERE token_hash = $1`, tokenHash)
	if err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return mustAffect(tag, "session", "…")
}

// DeleteAgentSessions ends all sessions of an agent.
func (s *Store) DeleteAgentSessions(ctx context.Context, agentID string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM agent_sessions WHERE agent_id = $1`, agentID); err != nil {
		return fmt.Errorf("delete sessions of agent %q: %w", agentID, err)
	}
	return nil
}

// CannedResponses lists canned responses by shortcut.
func (s *Store) CannedResponses(ctx context.Context) ([]team.Canned, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, shortcut, title, text, updated_at FROM canned_responses ORDER BY shortcut COLLATE "C"`)
	if err != nil {
		return nil, fmt.Errorf("canned responses: %w", err)
	}
	out, err := collect(rows, func(r pgx.CollectableRow) (team.Canned, error) {
		var c team.Canned
		var updated *time.Time
		err := r.Scan(&c.ID, &c.Shortcut, &c.Title, &c.Text, &updated)
		c.UpdatedAt = val(updated)
		return c, err
	})
	if err != nil {
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
	_, err := s.pool.Exec(ctx, `INSERT INTO canned_responses (id, shortcut, title, text, updated_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO UPDATE SET shortcut = excluded.shortcut, title = excluded.title,
		text = excluded.text, updated_at = excluded.updated_at`, c.ID, c.Shortcut, c.Title, c.Text, ts(c.UpdatedAt))
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
	tag, err := s.pool.Exec(ctx, `DELETE FROM canned_responses WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("delete canned response %q: %w", id, err)
	}
	return mustAffect(tag, "canned response", id)
}
