// Package config reads Xiaoer's settings from flags, XIAOER_* environment
// variables and an optional YAML file, in that order of precedence, and
// validates them once.
package config

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Config is the validated configuration of one xiaoer process.
type Config struct {
	// Addr is the HTTP listen address.
	Addr string
	// DataDir holds the SQLite database, generated secrets and uploads.
	DataDir string
	// DSN selects the database: empty means SQLite in DataDir; a
	// postgres:// or postgresql:// URL selects PostgreSQL.
	DSN string
	// Demo loads the built-in demo shop on start.
	Demo bool
	// ShopSecret signs widget identities, conversation tokens and webhooks.
	// Generated and kept in DataDir when not given.
	ShopSecret string
	// AdminKey authorises the admin REST API. Generated when not given.
	AdminKey string
	// Clock, if set, is the moment the process pretends it is at start
	// (RFC3339); time then advances normally.
	Clock time.Time
	// PublicURL is the externally visible base URL, used in printed links.
	PublicURL string
	// AllowedOrigins for browser requests and event streams; empty allows same origin only.
	AllowedOrigins []string
	// MerchantDir holds merchant lexicons and extra intents for the understanding engine.
	MerchantDir string
	LogLevel    string
	LogFormat   string // text or json
	// LLM settings (optional OpenAI-compatible layer).
	LLMBaseURL string
	LLMAPIKey  string
	LLMModel   string
}

// setting describes one configuration key in all three sources.
type setting struct {
	name  string // flag name; env is XIAOER_ + upper snake; file key is snake
	usage string
	def   string
	set   func(c *Config, v string) error
	// boolean flags may be given without a value (--demo).
	boolean bool
}

// stringValue is a flag.Value holding the raw text; boolean ones accept a bare --flag.
type stringValue struct {
	v       string
	boolean bool
}

func (s *stringValue) String() string     { return s.v }
func (s *stringValue) Set(v string) error { s.v = v; return nil }
func (s *stringValue) IsBoolFlag() bool   { return s.boolean }

func settings() []setting {
	str := func(p func(c *Config) *string) func(*Config, string) error {
		return func(c *Config, v string) error { *p(c) = v; return nil }
	}
	return []setting{
		{"addr", "HTTP listen address", "127.0.0.1:8080", str(func(c *Config) *string { return &c.Addr }), false},
		{"data-dir", "data directory (SQLite database, secrets, uploads)", "xiaoer-data", str(func(c *Config) *string { return &c.DataDir }), false},
		{"dsn", "database: empty for SQLite in the data dir, or postgres://user@host/db", "", str(func(c *Config) *string { return &c.DSN }), false},
		{"demo", "load the built-in demo shop", "false", func(c *Config, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("demo: %q is not true/false", v)
			}
			c.Demo = b
			return nil
		}, true},
		{"shop-secret", "secret for widget identity, tokens and webhooks (generated if empty)", "", str(func(c *Config) *string { return &c.ShopSecret }), false},
		{"admin-key", "admin API key (generated if empty)", "", str(func(c *Config) *string { return &c.AdminKey }), false},
		{"clock", "pretend the process starts at this time (RFC3339, e.g. 2026-11-22T10:00:00+08:00)", "", func(c *Config, v string) error {
			if v == "" {
				c.Clock = time.Time{}
				return nil
			}
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return fmt.Errorf("clock: %q is not an RFC3339 time such as 2026-11-22T10:00:00+08:00", v)
			}
			c.Clock = t
			return nil
		}, false},
		{"public-url", "externally visible base URL (default http://ADDR)", "", str(func(c *Config) *string { return &c.PublicURL }), false},
		{"allowed-origins", "comma-separated origins allowed to embed the widget", "", func(c *Config, v string) error {
			c.AllowedOrigins = nil
			for _, o := range strings.Split(v, ",") {
				if o = strings.TrimSpace(o); o != "" {
					c.AllowedOrigins = append(c.AllowedOrigins, strings.TrimRight(o, "/"))
				}
			}
			return nil
		}, false},
		{"merchant-dir", "directory with merchant lexicons and extra intents", "", str(func(c *Config) *string { return &c.MerchantDir }), false},
		{"log-level", "debug, info, warn or error", "info", str(func(c *Config) *string { return &c.LogLevel }), false},
		{"log-format", "text or json", "text", str(func(c *Config) *string { return &c.LogFormat }), false},
		{"llm-base-url", "OpenAI-compatible API base URL (optional)", "", str(func(c *Config) *string { return &c.LLMBaseURL }), false},
		{"llm-api-key", "API key for the LLM endpoint", "", str(func(c *Config) *string { return &c.LLMAPIKey }), false},
		{"llm-model", "model name for the LLM endpoint", "", str(func(c *Config) *string { return &c.LLMModel }), false},
	}
}

// EnvName returns the environment variable for a flag name: data-dir → XIAOER_DATA_DIR.
func EnvName(flagName string) string {
	return "XIAOER_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// Loader binds the settings to a FlagSet and resolves them after parsing.
type Loader struct {
	fs     *flag.FlagSet
	values map[string]*string
	config *string
}

// Register adds every setting (and --config) to fs. Call Load after fs.Parse.
func Register(fs *flag.FlagSet) *Loader {
	l := &Loader{fs: fs, values: map[string]*string{}}
	for _, s := range settings() {
		v := &stringValue{v: s.def, boolean: s.boolean}
		fs.Var(v, s.name, s.usage+" (env "+EnvName(s.name)+")")
		l.values[s.name] = &v.v
	}
	l.config = fs.String("config", "", "optional YAML config file (env XIAOER_CONFIG)")
	return l
}

// Load resolves the configuration: flags given on the command line win, then
// XIAOER_* environment variables, then the config file, then defaults.
func (l *Loader) Load(getenv func(string) string) (*Config, error) {
	explicit := map[string]bool{}
	l.fs.Visit(func(f *flag.Flag) { explicit[f.Name] = true })

	path := *l.config
	if !explicit["config"] {
		if v := getenv("XIAOER_CONFIG"); v != "" {
			path = v
		}
	}
	file := map[string]string{}
	if path != "" {
		var err error
		if file, err = readFile(path); err != nil {
			return nil, err
		}
	}
	c := &Config{}
	for _, s := range settings() {
		v := s.def
		if fv, ok := file[strings.ReplaceAll(s.name, "-", "_")]; ok {
			v = fv
		}
		if ev, ok := lookup(getenv, EnvName(s.name)); ok {
			v = ev
		}
		if explicit[s.name] {
			v = *l.values[s.name]
		}
		if err := s.set(c, v); err != nil {
			return nil, fmt.Errorf("config: %w", err)
		}
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return c, nil
}

func lookup(getenv func(string) string, name string) (string, bool) {
	v := getenv(name)
	return v, v != ""
}

// readFile reads a flat YAML map of snake_case keys (data_dir: /var/lib/xiaoer).
func readFile(path string) (map[string]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config file: %w", err)
	}
	raw := map[string]any{}
	if err := yaml.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("config file %s: %w", path, err)
	}
	known := map[string]bool{}
	for _, s := range settings() {
		known[strings.ReplaceAll(s.name, "-", "_")] = true
	}
	out := map[string]string{}
	var unknown []string
	for k, v := range raw {
		if !known[k] {
			unknown = append(unknown, k)
			continue
		}
		switch t := v.(type) {
		case []any:
			parts := make([]string, len(t))
			for i, p := range t {
				parts[i] = fmt.Sprint(p)
			}
			out[k] = strings.Join(parts, ",")
		case time.Time:
			out[k] = t.Format(time.RFC3339)
		default:
			out[k] = fmt.Sprint(v)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, fmt.Errorf("config file %s: unknown key(s) %s (keys are flag names with _ instead of -, e.g. data_dir)", path, strings.Join(unknown, ", "))
	}
	return out, nil
}

func (c *Config) validate() error {
	var errs []error
	if c.Addr == "" {
		errs = append(errs, errors.New("addr must not be empty"))
	}
	if c.DataDir == "" {
		errs = append(errs, errors.New("data-dir must not be empty"))
	}
	if c.DSN != "" && !c.Postgres() {
		errs = append(errs, fmt.Errorf("dsn must start with postgres:// or postgresql:// (leave it empty for the embedded SQLite)"))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("log-level %q: use debug, info, warn or error", c.LogLevel))
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		errs = append(errs, fmt.Errorf("log-format %q: use text or json", c.LogFormat))
	}
	if len(errs) > 0 {
		return fmt.Errorf("config: %w", errors.Join(errs...))
	}
	return nil
}

// Postgres reports whether the DSN selects PostgreSQL.
func (c *Config) Postgres() bool {
	return strings.HasPrefix(c.DSN, "postgres://") || strings.HasPrefix(c.DSN, "postgresql://")
}

// SQLitePath is the embedded database file.
func (c *Config) SQLitePath() string { return filepath.Join(c.DataDir, "xiaoer.db") }

// BaseURL is PublicURL or derived from Addr.
func (c *Config) BaseURL() string {
	if c.PublicURL != "" {
		return strings.TrimRight(c.PublicURL, "/")
	}
	host := c.Addr
	if strings.HasPrefix(host, ":") {
		host = "127.0.0.1" + host
	}
	return "http://" + host
}
