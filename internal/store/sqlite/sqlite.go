// Package sqlite is the embedded store engine: one file, pure Go
// (modernc.org/sqlite), no server. It is the default for a single shop.
//
// Writes go through one connection and reads through a pool. SQLite allows
// one writer at a time anyway; funnelling every write through a single
// connection makes writers queue in Go (database/sql's pool) instead of
// spinning on SQLITE_BUSY, while WAL lets the readers carry on alongside.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	sqlite3 "modernc.org/sqlite"
	sqlite3lib "modernc.org/sqlite/lib"

	"github.com/xiaoer-cs/xiaoer/internal/store"
	"github.com/xiaoer-cs/xiaoer/internal/store/migrate"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Store is the SQLite engine of store.Store.
type Store struct {
	write *sql.DB // exactly one connection: every write transaction
	read  *sql.DB // a pool of query-only connections (the write DB itself for :memory:)

	appendStmts appendStmts // prepared on write
}

var _ store.Store = (*Store)(nil)

// writerPragmas are applied to the writer connection when it is opened.
var writerPragmas = []string{
	// Wait up to 5s for a lock held by another process (a backup, the sqlite3
	// CLI) instead of failing at once with SQLITE_BUSY. Within this process
	// writers never contend: there is one writer connection.
	"busy_timeout(5000)",
	// Write-ahead log: readers do not block the writer and the writer does not
	// block readers, which is what lets chat reads continue during a burst of
	// message writes. Persistent in the file once set.
	"journal_mode(WAL)",
	// In WAL mode NORMAL fsyncs at checkpoints, not at every commit: a power
	// cut can lose the last few commits but never corrupts the database. That
	// trade is what makes ~1000 small transactions per second cheap.
	"synchronous(NORMAL)",
	// SQLite ignores REFERENCES clauses unless asked, per connection. We rely
	// on them (SKUs belong to products, orders to customers, ...).
	"foreign_keys(1)",
	// Temporary b-trees (sorts, DISTINCT) in memory rather than temp files.
	"temp_store(MEMORY)",
}

// readerPragmas are applied to every pooled reader connection.
var readerPragmas = []string{
	// A reader can still meet a lock briefly (e.g. while the WAL is being
	// reset after a checkpoint); wait instead of failing.
	"busy_timeout(5000)",
	// Same reason as the writer: enforced keys on every connection, so that a
	// mistaken write through a reader would still be checked.
	"foreign_keys(1)",
	// Readers must never write: a write through the pool would bypass the
	// single-writer queue and could meet SQLITE_BUSY. This makes it an error.
	"query_only(1)",
	// As for the writer: sorts for Export and listings stay in memory.
	"temp_store(MEMORY)",
}

// Open opens (creating if needed) the SQLite database at path, applies the
// schema migrations and returns the store. path ":memory:" gives a private
// in-memory database (for tests and demos), which uses one connection for
// reads and writes since each in-memory connection would be its own database.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, fmt.Errorf("open sqlite: empty path (use a file path or :memory:)")
	}
	memory := path == ":memory:"
	if !memory {
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("open sqlite: create directory for %s: %w", path, err)
			}
		}
	}

	// _txlock=immediate: BEGIN IMMEDIATE takes the write lock up front, so a
	// transaction never fails half-way when upgrading from read to write.
	write, err := sql.Open("sqlite", dsn(path, writerPragmas, "immediate"))
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0) // an in-memory database lives as long as its connection
	s := &Store{write: write, read: write}

	if err := s.migrate(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	if s.appendStmts, err = prepareAppend(ctx, write); err != nil {
		s.appendStmts.close()
		write.Close()
		return nil, fmt.Errorf("open sqlite %s: prepare statements: %w", path, err)
	}
	if memory {
		return s, nil
	}

	read, err := sql.Open("sqlite", dsn(path, readerPragmas, ""))
	if err != nil {
		s.appendStmts.close()
		write.Close()
		return nil, fmt.Errorf("open sqlite %s for reading: %w", path, err)
	}
	n := max(4, runtime.NumCPU())
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	read.SetConnMaxIdleTime(5 * time.Minute)
	if err := read.PingContext(ctx); err != nil {
		s.appendStmts.close()
		write.Close()
		read.Close()
		return nil, fmt.Errorf("open sqlite %s for reading: %w", path, err)
	}
	s.read = read
	return s, nil
}

func dsn(path string, pragmas []string, txlock string) string {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	if txlock != "" {
		q.Set("_txlock", txlock)
	}
	if path == ":memory:" {
		return ":memory:?" + q.Encode()
	}
	// A "file:" name is an SQLite URI: characters that would end the path
	// must be percent-encoded.
	return "file:" + uriPath.Replace(path) + "?" + q.Encode()
}

var uriPath = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

// Close closes both connection pools.
func (s *Store) Close() error {
	errs := []error{s.appendStmts.close()}
	if s.read != s.write {
		errs = append(errs, s.read.Close())
	}
	errs = append(errs, s.write.Close())
	return errors.Join(errs...)
}

// Engine returns "sqlite".
func (s *Store) Engine() string { return "sqlite" }

// migrate applies the embedded migrations not yet recorded in
// schema_migrations, each in its own transaction.
func (s *Store) migrate(ctx context.Context) error {
	migs, err := migrate.Load(migrationFS, "migrations")
	if err != nil {
		return err
	}
	if _, err := s.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	for _, m := range migs {
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.Version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				m.Version, m.Name, formatTime(time.Now()))
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
		}
	}
	return nil
}

// inTx runs fn in a write transaction on the writer connection, committing
// if fn returns nil and rolling back otherwise.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// querier is what *sql.DB and *sql.Tx have in common, so that reads can run
// on the pool or inside a transaction (Export's snapshot).
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// isUniqueViolation reports whether err is a primary-key or unique
// constraint failure.
func isUniqueViolation(err error) bool {
	var se *sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3lib.SQLITE_CONSTRAINT_PRIMARYKEY, sqlite3lib.SQLITE_CONSTRAINT_UNIQUE:
			return true
		}
	}
	return false
}

// notFound wraps store.ErrNotFound with what was looked for.
func notFound(what, id string) error {
	return fmt.Errorf("%s %q: %w", what, id, store.ErrNotFound)
}
