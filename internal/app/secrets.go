package app

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// secrets are generated once per data directory when not configured, so a
// newcomer's demo is secure by default and restarts keep tokens valid.
type secrets struct {
	ShopSecret string `json:"shop_secret"`
	AdminKey   string `json:"admin_key"`
}

func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// loadSecrets fills the missing secrets from DataDir/secrets.json, creating
// the file (mode 0600) with fresh random values the first time.
func loadSecrets(dataDir, shopSecret, adminKey string) (secrets, bool, error) {
	s := secrets{ShopSecret: shopSecret, AdminKey: adminKey}
	if s.ShopSecret != "" && s.AdminKey != "" {
		return s, false, nil
	}
	path := filepath.Join(dataDir, "secrets.json")
	var stored secrets
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		if err := json.Unmarshal(b, &stored); err != nil {
			return s, false, fmt.Errorf("read %s: %w (delete it to generate new secrets)", path, err)
		}
	case errors.Is(err, os.ErrNotExist):
	default:
		return s, false, fmt.Errorf("read secrets: %w", err)
	}
	generated := false
	if stored.ShopSecret == "" {
		if stored.ShopSecret, err = randomHex(32); err != nil {
			return s, false, err
		}
		generated = true
	}
	if stored.AdminKey == "" {
		k, err := randomHex(24)
		if err != nil {
			return s, false, err
		}
		stored.AdminKey = "xek_" + k
		generated = true
	}
	if generated {
		if err := os.MkdirAll(dataDir, 0o700); err != nil {
			return s, false, fmt.Errorf("create data dir: %w", err)
		}
		out, _ := json.MarshalIndent(stored, "", "  ")
		if err := os.WriteFile(path, out, 0o600); err != nil {
			return s, false, fmt.Errorf("write secrets: %w", err)
		}
	}
	if s.ShopSecret == "" {
		s.ShopSecret = stored.ShopSecret
	}
	if s.AdminKey == "" {
		s.AdminKey = stored.AdminKey
	}
	return s, generated, nil
}
