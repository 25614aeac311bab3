package migrate

import (
	"testing"
	"testing/fstest"
)

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"m/0002_add_index.sql": {Data: []byte("CREATE INDEX i ON t (a);")},
		"m/0001_init.sql":      {Data: []byte("CREATE TABLE t (a INT);")},
		"m/README.md":          {Data: []byte("not a migration")},
	}
	got, err := Load(fsys, "m")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Version != 1 || got[0].Name != "init" || got[1].Version != 2 || got[1].Name != "add_index" {
		t.Fatalf("Load = %+v, want 0001_init then 0002_add_index", got)
	}
	for name, fsys := range map[string]fstest.MapFS{
		"no number":     {"m/init.sql": {}},
		"no name":       {"m/0001.sql": {}},
		"same version":  {"m/0001_a.sql": {}, "m/001_b.sql": {}},
		"no migrations": {"m/README.md": {}},
	} {
		if _, err := Load(fsys, "m"); err == nil {
			t.Errorf("%s: Load succeeded, want an error", name)
		}
	}
}
