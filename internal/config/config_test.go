package config

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func load(t *testing.T, args []string, env map[string]string) (*Config, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	l := Register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return l.Load(func(k string) string { return env[k] })
}

func TestPrecedence(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "x.yaml")
	if err := os.WriteFile(file, []byte("addr: 127.0.0.1:9000\ndata_dir: /from/file\nlog_level: warn\nallowed_origins: [https://a.example, https://b.example]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		addr    string
		dataDir string
		level   string
	}{
		{"defaults", nil, nil, "127.0.0.1:8080", "xiaoer-data", "info"},
		{"file over defaults", []string{"--config", file}, nil, "127.0.0.1:9000", "/from/file", "warn"},
		{"env over file", []string{"--config", file}, map[string]string{"XIAOER_ADDR": ":7000"}, ":7000", "/from/file", "warn"},
		{"flag over env", []string{"--config", file, "--addr", ":6000"}, map[string]string{"XIAOER_ADDR": ":7000"}, ":6000", "/from/file", "warn"},
		{"config path from env", nil, map[string]string{"XIAOER_CONFIG": file, "XIAOER_LOG_LEVEL": "debug"}, "127.0.0.1:9000", "/from/file", "debug"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := load(t, tt.args, tt.env)
			if err != nil {
				t.Fatal(err)
			}
			if c.Addr != tt.addr || c.DataDir != tt.dataDir || c.LogLevel != tt.level {
				t.Errorf("got addr=%q data=%q level=%q, want %q %q %q", c.Addr, c.DataDir, c.LogLevel, tt.addr, tt.dataDir, tt.level)
			}
		})
	}
}

func TestFileLists(t *testing.T) {
	file := filepath.Join(t.TempDir(), "x.yaml")
	os.WriteFile(file, []byte("allowed_origins: [https://a.example, https://b.example/]\n"), 0o600)
	c, err := load(t, []string{"--config", file}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.AllowedOrigins) != 2 || c.AllowedOrigins[1] != "https://b.example" {
		t.Errorf("origins = %v", c.AllowedOrigins)
	}
}

func TestInvalid(t *testing.T) {
	file := filepath.Join(t.TempDir(), "x.yaml")
	os.WriteFile(file, []byte("adress: 1\n"), 0o600)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"bad dsn", []string{"--dsn", "mysql://x"}, "postgres://"},
		{"bad clock", []string{"--clock", "tomorrow"}, "RFC3339"},
		{"bad level", []string{"--log-level", "loud"}, "log-level"},
		{"unknown file key", []string{"--config", file}, "adress"},
		{"bad demo", []string{"--demo=maybe"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			l := Register(fs)
			if err := fs.Parse(tt.args); err != nil {
				return // the flag package rejected it already
			}
			_, err := l.Load(func(string) string { return "" })
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want mention of %q", err, tt.want)
			}
		})
	}
}

func TestBareBooleanFlag(t *testing.T) {
	c, err := load(t, []string{"--demo", "--addr", ":9999"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Demo || c.Addr != ":9999" {
		t.Errorf("demo=%v addr=%q", c.Demo, c.Addr)
	}
}

func TestClock(t *testing.T) {
	c, err := load(t, []string{"--clock", "2026-11-22T10:00:00+08:00"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC)
	if !c.Clock.Equal(want) {
		t.Errorf("clock = %v", c.Clock)
	}
}
