// Package postgres is the production store engine, on PostgreSQL through
// pgx/v5 and its connection pool.
//
// Extra query parameters in the DSN that pgx does not know are sent to the
// server as run-time parameters, so "...?search_path=shop_a" keeps a shop's
// tables in its own schema (the contract tests use this to isolate runs).
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/xiaoer-cs/xiaoer/internal/store"
	"github.com/xiaoer-cs/xiaoer/internal/store/migrate"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Store is the PostgreSQL engine of store.Store.
type Store struct {
	pool *pgxpool.Pool
}

var _ store.Store = (*Store)(nil)

// Open connects to the database at dsn (a postgres:// URL or key=value
// string), applies the schema migrations and returns the store.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// The DSN may hold a password: do not echo it.
		return nil, fmt.Errorf("open postgres: parse DSN: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres %s/%s: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Database, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres %s/%s: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Database, err)
	}
	s := &Store{pool: pool}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres %s/%s: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Database, err)
	}
	return s, nil
}

// Close closes the connection pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// Engine returns "postgres".
func (s *Store) Engine() string { return "postgres" }

// migrate applies the embedded migrations not yet recorded in
// schema_migrations, each in its own transaction. An advisory lock keyed by
// the current schema serialises servers starting at the same time.
func (s *Store) migrate(ctx context.Context) error {
	migs, err := migrate.Load(migrationFS, "migrations")
	if err != nil {
		return err
	}
	for _, m := range migs {
		err := s.inTx(ctx, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('xiaoer migrations ' || current_schema()))`); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
				version    INTEGER PRIMARY KEY,
				name       TEXT NOT NULL,
				applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
			)`); err != nil {
				return err
			}
			var done bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)`, m.Version).Scan(&done); err != nil {
				return err
			}
			if done {
				return nil
			}
			// No arguments: pgx uses the simple protocol, which runs a
			// multi-statement script.
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name)
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
		}
	}
	return nil
}

// inTx runs fn in a transaction, committing if fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.pool, fn)
}

// querier is what the pool and a transaction have in common.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// isUniqueViolation reports whether err is a unique or primary-key violation.
func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// notFound wraps store.ErrNotFound with what was looked for.
func notFound(what, id string) error {
	return fmt.Errorf("%s %q: %w", what, id, store.ErrNotFound)
}

// mustAffect turns "no row changed" into store.ErrNotFound.
func mustAffect(tag pgconn.CommandTag, what, id string) error {
	if tag.RowsAffected() == 0 {
		return notFound(what, id)
	}
	return nil
}
