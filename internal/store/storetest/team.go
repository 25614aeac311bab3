package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/store"
	"github.com/xiaoer-cs/xiaoer/internal/team"
)

func testAgents(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	now := at("2026-05-01 10:00:00").UTC()
	a := team.Agent{ID: "ag-1", Login: "XiaoMei", Name: "小美", Role: team.RoleAgent, PasswordHash: "$2a$hash", MaxChats: 3, CreatedAt: now, UpdatedAt: now}
	if err := s.CreateAgent(ctx, a); err != nil {
		t.Fatalf("CreateAgent: %v", err)
	}
	// Logins are case-insensitive: a second "xiaomei" is a conflict.
	dup := a
	dup.ID, dup.Login = "ag-2", "xiaomei"
	if err := s.CreateAgent(ctx, dup); !errors.Is(err, store.ErrConflict) {
		t.Errorf("duplicate login: err = %v, want ErrConflict", err)
	}
	got, err := s.AgentByLogin(ctx, "XIAOMEI")
	if err != nil {
		t.Fatalf("AgentByLogin: %v", err)
	}
	want := a
	want.Login = "xiaomei"
	assertEqual(t, "agent by login", got, want)

	a.Role, a.Disabled, a.Name, a.PasswordHash, a.UpdatedAt = team.RoleSupervisor, true, "小美主管", "$2a$new", now.Add(time.Hour)
	if err := s.UpdateAgent(ctx, a); err != nil {
		t.Fatalf("UpdateAgent: %v", err)
	}
	got, err = s.Agent(ctx, "ag-1")
	if err != nil {
		t.Fatal(err)
	}
	want = a
	want.Login = "xiaomei"
	assertEqual(t, "updated agent", got, want)

	b := team.Agent{ID: "ag-0", Login: "admin", Name: "管理员", Role: team.RoleAdmin, PasswordHash: "h", CreatedAt: now, UpdatedAt: now}
	if err := s.CreateAgent(ctx, b); err != nil {
		t.Fatal(err)
	}
	all, err := s.Agents(ctx)
	if err != nil || len(all) != 2 || all[0].Login != "admin" || all[1].Login != "xiaomei" {
		t.Errorf("Agents = %+v, %v; want admin, xiaomei", all, err)
	}
	if _, err := s.Agent(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing agent: %v", err)
	}
	if err := s.UpdateAgent(ctx, team.Agent{ID: "nobody", Role: team.RoleAgent}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("update missing agent: %v", err)
	}
}

func testSessions(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	now := at("2026-05-01 10:00:00").UTC()
	for _, id := range []string{"ag-1", "ag-2"} {
		if err := s.CreateAgent(ctx, team.Agent{ID: id, Login: id, Name: id, Role: team.RoleAgent, PasswordHash: "h", CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	old := team.Session{TokenHash: "old", AgentID: "ag-1", CSRF: "c0", CreatedAt: now.Add(-24 * time.Hour), ExpiresAt: now.Add(-time.Hour)}
	s1 := team.Session{TokenHash: "h1", AgentID: "ag-1", CSRF: "c1", CreatedAt: now, ExpiresAt: now.Add(12 * time.Hour)}
	s2 := team.Session{TokenHash: "h2", AgentID: "ag-1", CSRF: "c2", CreatedAt: now, ExpiresAt: now.Add(12 * time.Hour)}
	s3 := team.Session{TokenHash: "h3", AgentID: "ag-2", CSRF: "c3", CreatedAt: now, ExpiresAt: now.Add(12 * time.Hour)}
	for _, ss := range []team.Session{old, s1, s2, s3} {
		if err := s.CreateSession(ctx, ss); err != nil {
			t.Fatalf("CreateSession %s: %v", ss.TokenHash, err)
		}
	}
	got, err := s.Session(ctx, "h1")
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "session", got, s1)
	// Creating a session drops the ones that had already expired.
	if _, err := s.Session(ctx, "old"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("expired session still stored: %v", err)
	}
	if err := s.DeleteSession(ctx, "h1"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSession(ctx, "h1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	if err := s.DeleteAgentSessions(ctx, "ag-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, "h2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("agent's other session survived: %v", err)
	}
	if _, err := s.Session(ctx, "h3"); err != nil {
		t.Errorf("another agent's session was ended: %v", err)
	}
}

func testCanned(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	now := at("2026-05-01 10:00:00").UTC()
	a := team.Canned{ID: "cr-1", Shortcut: "/退货", Title: "退货流程", Text: "亲,7天无理由退货……", UpdatedAt: now}
	b := team.Canned{ID: "cr-2", Shortcut: "/hi", Title: "问候", Text: "您好!", UpdatedAt: now}
	for _, c := range []team.Canned{a, b} {
		if err := s.UpsertCanned(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	clash := b
	clash.ID = "cr-3"
	if err := s.UpsertCanned(ctx, clash); !errors.Is(err, store.ErrConflict) {
		t.Errorf("same shortcut: %v, want ErrConflict", err)
	}
	a.Text = "新的退货说明"
	if err := s.UpsertCanned(ctx, a); err != nil {
		t.Fatal(err)
	}
	all, err := s.CannedResponses(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "canned", all, []team.Canned{b, a})
	if err := s.DeleteCanned(ctx, "cr-2"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteCanned(ctx, "cr-2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
}
