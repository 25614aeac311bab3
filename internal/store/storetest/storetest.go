// Package storetest is the contract test suite every store engine must pass.
// An engine's test calls Run with a function that opens a fresh, empty
// store; the same tests then run against SQLite and PostgreSQL, so the two
// cannot drift apart.
package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/store"
)

// Opener opens a fresh, empty store for one test and arranges (with
// t.Cleanup) for it to be closed and removed afterwards.
type Opener func(t *testing.T) store.Store

// Run runs the whole contract suite, each test on its own fresh store.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, open Opener)
	}{
		{"import then export round-trips the bundle", testRoundTrip},
		{"importing the same bundle twice changes nothing", testImportTwice},
		{"a re-import replaces SKUs, order items and tracking events", testReplaceChildren},
		{"a partial bundle updates only its own sections", testPartialBundle},
		{"a failing import writes nothing", testImportAtomic},
		{"full phone numbers are never stored", testPhoneNeverStored},
		{"missing records are ErrNotFound", testNotFound},
		{"times come back as the same instant in UTC", testTimes},
		{"shop info and policies", testShopInfo},
		{"products, stock and co-purchases", testCatalog},
		{"orders of a customer are newest first", testOrdersByCustomer},
		{"shipments by order, tracking number and status", testShipments},
		{"FAQs and documents upsert and delete", testKnowledge},
		{"unanswered questions aggregate by normalized form", testUnanswered},
		{"conversations create, update and filter", testConversations},
		{"messages get ids and seqs, client ids make posting idempotent", testMessages},
		{"Messages pages by afterSeq and limit", testMessagePaging},
		{"concurrent appends keep seqs unique and gapless", testConcurrentAppends},
		{"concurrent retries of one client message store it once", testConcurrentRetries},
		{"a bot turn's replies and conversation update are stored together", testAppendReplies},
		{"a bot turn that fails stores nothing", testAppendRepliesAtomic},
		{"concurrent bot turns and appends keep seqs unique and gapless", testConcurrentRepliesAndAppends},
		{"cases are listed newest first", testCases},
		{"agents: logins are unique and case-insensitive", testAgents},
		{"console sessions: expired ones are dropped, an agent can be logged out everywhere", testSessions},
		{"canned responses: shortcuts are unique", testCanned},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open) })
	}
}

func mustImport(t *testing.T, s store.Store, b *shop.Bundle) shop.ImportStats {
	t.Helper()
	st, err := s.ImportBundle(t.Context(), b)
	if err != nil {
		t.Fatalf("ImportBundle: %v", err)
	}
	return st
}

func mustExport(t *testing.T, s store.Store) *shop.Bundle {
	t.Helper()
	b, err := s.Export(t.Context())
	if err != nil {
		t.Fatalf("Export: %v", err)
	}
	return b
}

func testRoundTrip(t *testing.T, open Opener) {
	s := open(t)
	st := mustImport(t, s, fixture())
	assertEqual(t, "import stats", st, shop.ImportStats{
		Products: 3, SKUs: 6, CoPurchases: 2, Customers: 3, Orders: 3, Shipments: 3,
		Promotions: 2, FAQs: 2, Documents: 2, Policies: true, Shop: true,
	})
	assertEqual(t, "export", mustExport(t, s), expectedExport(fixture()))
}

func testImportTwice(t *testing.T, open Opener) {
	s := open(t)
	first := mustImport(t, s, fixture())
	once := mustExport(t, s)
	second := mustImport(t, s, fixture())
	assertEqual(t, "stats of the second import", second, first)
	assertEqual(t, "export after the second import", mustExport(t, s), once)
}

func testReplaceChildren(t *testing.T, open Opener) {
	s := open(t)
	mustImport(t, s, fixture())

	b := fixture()
	b.Products[0].SKUs = []shop.SKU{{ID: "P001-BK-L", Color: "黑色", Size: "L", Stock: 2}}
	b.Orders[0].Items = b.Orders[0].Items[1:]
	b.Shipments[0].Events = nil
	b.Shipments[0].Status = shop.ShipReturned
	mustImport(t, s, &shop.Bundle{Products: b.Products[:1], Orders: b.Orders[:1], Shipments: b.Shipments[:1]})

	assertEqual(t, "export", mustExport(t, s), expectedExport(b))
}

func testPartialBundle(t *testing.T, open Opener) {
	s := open(t)
	mustImport(t, s, fixture())

	b := fixture()
	b.Orders[1].Status = shop.StatusShipped
	b.Orders = append(b.Orders, shop.Order{ID: "O1004", CustomerID: "C003", Status: shop.StatusPendingPayment,
		Total: 100, Items: []shop.OrderItem{{ProductID: "P003", Qty: 1, Price: 100}}, CreatedAt: at("2025-11-12 08:00:00")})
	st := mustImport(t, s, &shop.Bundle{Orders: b.Orders[1:]})
	assertEqual(t, "stats", st, shop.ImportStats{Orders: 3})

	assertEqual(t, "export", mustExport(t, s), expectedExport(b))
}

func testImportAtomic(t *testing.T, open Opener) {
	tests := []struct {
		name   string
		break_ func(b *shop.Bundle)
		is     error // the error must wrap this, if set
	}{
		{"second order has an item with quantity 0", func(b *shop.Bundle) { b.Orders[1].Items[0].Qty = 0 }, nil},
		{"second order belongs to an unknown customer", func(b *shop.Bundle) { b.Orders[1].CustomerID = "C404" }, nil},
		{"last shipment is of an unknown order", func(b *shop.Bundle) { b.Shipments[2].OrderID = "O404" }, nil},
		{"two shipments share a tracking number", func(b *shop.Bundle) { b.Shipments[1].TrackingNo = b.Shipments[0].TrackingNo }, nil},
		{"a SKU has negative stock", func(b *shop.Bundle) { b.Products[2].SKUs[1].Stock = -1 }, nil},
		{"the same order id twice", func(b *shop.Bundle) { b.Orders[2].ID = b.Orders[1].ID }, store.ErrConflict},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, preloaded := range []bool{false, true} {
				t.Run(fmt.Sprintf("preloaded=%v", preloaded), func(t *testing.T) {
					s := open(t)
					want := &shop.Bundle{}
					if preloaded {
						// A smaller shop is already there: a failed import must
						// not touch it either.
						base := fixture()
						base.Products = base.Products[:1]
						base.Orders = base.Orders[:1]
						base.Shipments = base.Shipments[:1]
						base.Customers = base.Customers[:1]
						mustImport(t, s, base)
						want = mustExport(t, s)
					}
					b := fixture()
					b.Shop.Name = "改过的名字"
					b.Products[0].SKUs[0].Stock = 99
					b.Orders[0].Items = b.Orders[0].Items[:1]
					tc.break_(b)
					_, err := s.ImportBundle(t.Context(), b)
					if err == nil {
						t.Fatal("ImportBundle succeeded, want an error")
					}
					t.Logf("rejected as expected: %v", err)
					if tc.is != nil && !errors.Is(err, tc.is) {
						t.Errorf("error %v does not wrap %v", err, tc.is)
					}
					assertEqual(t, "export after the failed import", mustExport(t, s), want)
				})
			}
		})
	}
}

func testPhoneNeverStored(t *testing.T, open Opener) {
	s := open(t)
	b := fixture()
	b.Customers[0].Phone = "+86 139-1111-1234" // last4 given: kept as given
	mustImport(t, s, b)

	cs, err := s.Customers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	c2, err := s.Customer(t.Context(), "C002")
	if err != nil {
		t.Fatal(err)
	}
	cs = append(cs, c2)
	cs = append(cs, mustExport(t, s).Customers...)
	for _, c := range cs {
		if c.Phone != "" {
			t.Errorf("customer %s: Phone = %q, want it never stored", c.ID, c.Phone)
		}
	}
	if c2.PhoneLast4 != "5678" || c2.PhoneHash != "h:c002" {
		t.Errorf("C002: PhoneLast4 %q PhoneHash %q, want 5678 (derived) and h:c002 (as given)", c2.PhoneLast4, c2.PhoneHash)
	}
	c1, err := s.Customer(t.Context(), "C001")
	if err != nil {
		t.Fatal(err)
	}
	if c1.PhoneLast4 != "1234" {
		t.Errorf("C001: PhoneLast4 %q, want the given 1234", c1.PhoneLast4)
	}
}

func testNotFound(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	discard := func(_ any, err error) error { return err }
	tests := []struct {
		name string
		call func() error
	}{
		{"shop info before any import", func() error { return discard(s.ShopInfo(ctx)) }},
		{"policies before any import", func() error { return discard(s.Policies(ctx)) }},
		{"Product", func() error { return discard(s.Product(ctx, "P404")) }},
		{"SetStock of an unknown SKU", func() error { return s.SetStock(ctx, "P001", "nope", 1) }},
		{"SetStock of an unknown product", func() error { return s.SetStock(ctx, "P404", "P001-BK-S", 1) }},
		{"Customer", func() error { return discard(s.Customer(ctx, "C404")) }},
		{"Order", func() error { return discard(s.Order(ctx, "O404")) }},
		{"ShipmentByTracking", func() error { return discard(s.ShipmentByTracking(ctx, "NOPE")) }},
		{"ShipmentByTracking with an empty number", func() error { return discard(s.ShipmentByTracking(ctx, "")) }},
		{"Document", func() error { return discard(s.Document(ctx, "D404")) }},
		{"DeleteDocument", func() error { return s.DeleteDocument(ctx, "D404") }},
		{"DeleteFAQ", func() error { return s.DeleteFAQ(ctx, "F404") }},
		{"UnansweredByID", func() error { return discard(s.UnansweredByID(ctx, 404)) }},
		{"ResolveUnanswered", func() error { return s.ResolveUnanswered(ctx, 404, "dismissed", "") }},
		{"Conversation", func() error { return discard(s.Conversation(ctx, "conv-404")) }},
		{"UpdateConversation", func() error {
			return s.UpdateConversation(ctx, chat.Conversation{ID: "conv-404", Status: chat.StatusBot})
		}},
		{"AppendMessage to an unknown conversation", func() error {
			_, _, err := s.AppendMessage(ctx, chat.Message{ConversationID: "conv-404", Role: chat.RoleCustomer, Text: "在吗"})
			return err
		}},
		{"Case", func() error { return discard(s.Case(ctx, "K404")) }},
		{"UpdateCase", func() error { return s.UpdateCase(ctx, shop.Case{ID: "K404", Status: shop.CaseClosed}) }},
	}
	for i, tc := range tests {
		if i == 2 {
			b := fixture()
			b.Shop, b.Policies = nil, nil
			mustImport(t, s, b)
		}
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if !errors.Is(err, store.ErrNotFound) {
				t.Errorf("error = %v, want one wrapping store.ErrNotFound", err)
			}
		})
	}
}

func testTimes(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	// Nanoseconds below a microsecond are dropped by both engines.
	local := time.Date(2025, 11, 11, 0, 0, 1, 123456789, cst)
	wantT := time.Date(2025, 11, 10, 16, 0, 1, 123456000, time.UTC)
	b := fixture()
	b.Orders[0].CreatedAt = local
	b.Orders[0].PaidAt = &local
	mustImport(t, s, b)
	o, err := s.Order(ctx, b.Orders[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string]time.Time{"CreatedAt": o.CreatedAt, "PaidAt": *o.PaidAt} {
		if !got.Equal(wantT) || got.Location() != time.UTC {
			t.Errorf("%s = %v, want %v in UTC", name, got, wantT)
		}
	}
	if o.CompletedAt != nil {
		t.Errorf("CompletedAt = %v, want nil (never set)", o.CompletedAt)
	}

	c := chat.Conversation{ID: "conv-t", Channel: chat.ChannelWidget, Status: chat.StatusBot, CreatedAt: local, UpdatedAt: local}
	if err := s.CreateConversation(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, err := s.Conversation(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.CreatedAt.Equal(wantT) || got.CreatedAt.Location() != time.UTC {
		t.Errorf("conversation CreatedAt = %v, want %v in UTC", got.CreatedAt, wantT)
	}
	m, _, err := s.AppendMessage(ctx, chat.Message{ConversationID: c.ID, Role: chat.RoleCustomer, Text: "hi", CreatedAt: local})
	if err != nil {
		t.Fatal(err)
	}
	ms, err := s.Messages(ctx, c.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !m.CreatedAt.Equal(wantT) || len(ms) != 1 || !ms[0].CreatedAt.Equal(wantT) {
		t.Errorf("message CreatedAt: returned %v, stored %v, want %v", m.CreatedAt, ms, wantT)
	}
}

func testShopInfo(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	mustImport(t, s, fixture())
	info, err := s.ShopInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "shop info", info, *fixture().Shop)
	pol, err := s.Policies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "policies", pol, *fixture().Policies)

	// A bundle without those sections leaves them alone; one with them replaces them.
	mustImport(t, s, &shop.Bundle{FAQs: fixture().FAQs})
	if info, _ := s.ShopInfo(ctx); info.Name != "暖冬小铺" {
		t.Errorf("shop name after a FAQ-only import = %q", info.Name)
	}
	mustImport(t, s, &shop.Bundle{Shop: &shop.Info{Name: "新店名"}})
	if info, _ := s.ShopInfo(ctx); info != (shop.Info{Name: "新店名"}) {
		t.Errorf("shop info after re-import = %+v", info)
	}
}

func testCatalog(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	mustImport(t, s, fixture())
	want := expectedExport(fixture())

	p, err := s.Product(ctx, "P001")
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "product P001", p, want.Products[0])
	ps, err := s.Products(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "products", ps, want.Products)

	if err := s.SetStock(ctx, "P001", "P001-BK-M", 7); err != nil {
		t.Fatal(err)
	}
	p, _ = s.Product(ctx, "P001")
	want.Products[0].SKUs[1].Stock = 7
	assertEqual(t, "product P001 after SetStock", p, want.Products[0])
	if err := s.SetStock(ctx, "P001", "P001-BK-M", -1); err == nil {
		t.Error("SetStock(-1) succeeded, want an error")
	}
	if err := s.SetStock(ctx, "P002", "P001-BK-M", 1); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetStock of another product's SKU: %v, want ErrNotFound", err)
	}

	cp, err := s.CoPurchases(ctx, "P001")
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "co-purchases of P001 (most frequent first)", cp, []shop.CoPurchase{
		{ProductA: "P001", ProductB: "P003", Count: 42}, {ProductA: "P002", ProductB: "P001", Count: 7},
	})
	cp, err = s.CoPurchases(ctx, "P404")
	if err != nil || len(cp) != 0 {
		t.Errorf("co-purchases of an unknown product = %v, %v; want none", cp, err)
	}
}

func testOrdersByCustomer(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	mustImport(t, s, fixture())
	want := expectedExport(fixture())

	got, err := s.OrdersByCustomer(ctx, "C001")
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "orders of C001", got, []shop.Order{want.Orders[1], want.Orders[0]})
	o, err := s.Order(ctx, "O1001")
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "order O1001", o, want.Orders[0])
	all, err := s.Orders(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "all orders", all, want.Orders)
	got, err = s.OrdersByCustomer(ctx, "C003")
	if err != nil || len(got) != 0 {
		t.Errorf("orders of a customer without orders = %v, %v; want none", got, err)
	}
}

func testShipments(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	mustImport(t, s, fixture())
	want := expectedExport(fixture()).Shipments

	got, err := s.ShipmentsByOrder(ctx, "O1001")
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "shipments of O1001", got, want[:2])
	sh, err := s.ShipmentByTracking(ctx, "SF1000002")
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "shipment SF1000002", sh, want[1])

	tests := []struct {
		statuses []string
		want     []shop.Shipment
	}{
		{nil, want},
		{[]string{shop.ShipException}, want[1:2]},
		{[]string{shop.ShipDelivered, shop.ShipCreated}, []shop.Shipment{want[0], want[2]}},
		{[]string{shop.ShipOutForDelivery}, nil},
	}
	for _, tc := range tests {
		got, err := s.ShipmentsByStatus(ctx, tc.statuses...)
		if err != nil {
			t.Fatal(err)
		}
		assertEqual(t, fmt.Sprintf("ShipmentsByStatus(%v)", tc.statuses), got, tc.want)
	}
}

func testKnowledge(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	mustImport(t, s, fixture())
	want := expectedExport(fixture())

	faqs, err := s.FAQs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "faqs", faqs, want.FAQs)
	changed := shop.FAQ{ID: "F1", Question: "几点前下单当天发", Answer: "16点", UpdatedAt: at("2025-11-01 09:00:00")}
	added := shop.FAQ{ID: "F0", Question: "开发票吗", Answer: "可以", Tags: []string{"发票"}}
	for _, f := range []shop.FAQ{changed, added} {
		if err := s.UpsertFAQ(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteFAQ(ctx, "F2"); err != nil {
		t.Fatal(err)
	}
	faqs, _ = s.FAQs(ctx)
	assertEqual(t, "faqs after upserts and delete", faqs, norm([]shop.FAQ{added, changed}))

	d, err := s.Document(ctx, "D1")
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "document D1", d, want.Documents[0])
	nd := shop.KnowledgeDoc{ID: "D3", Title: "直播讲解", Kind: shop.DocTranscript, Format: "text", Body: "这款大衣……"}
	if err := s.UpsertDocument(ctx, nd); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteDocument(ctx, "D1"); err != nil {
		t.Fatal(err)
	}
	docs, err := s.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "documents after upsert and delete", docs, []shop.KnowledgeDoc{want.Documents[1], nd})
}

func testUnanswered(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	t0 := at("2025-11-11 10:00:00")
	asks := []struct{ q, conv string }{
		{"能开专票吗", "c1"}, {"能开专票吗?", "c2"}, {"可以开专票吗", "c1"}, {"专票能开不", ""},
		{"专票可以吗", "c3"}, {"专票能开么", "c3"}, {"专票开不开", "c4"}, {"能开专票吗", "c1"},
	}
	var u shop.Unanswered
	for i, a := range asks {
		var err error
		u, err = s.RecordUnanswered(ctx, a.q, "开 专票", a.conv, t0.Add(time.Duration(i)*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.RecordUnanswered(ctx, "退货地址在哪", "退货 地址", "c9", t0); err != nil {
		t.Fatal(err)
	}
	want := shop.Unanswered{
		ID: u.ID, Question: "能开专票吗", Normalized: "开 专票", Count: len(asks),
		Examples:        []string{"能开专票吗", "能开专票吗?", "可以开专票吗", "专票能开不", "专票可以吗"},
		ConversationIDs: []string{"c2", "c3", "c4", "c1"},
		Status:          "open", FirstSeen: store.Timestamp(t0), LastSeen: store.Timestamp(t0.Add(7 * time.Minute)),
	}
	assertEqual(t, "entry returned by the last RecordUnanswered", u, want)
	got, err := s.UnansweredByID(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "stored entry", got, want)

	list, err := s.UnansweredList(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != u.ID || list[1].Count != 1 {
		t.Fatalf("UnansweredList(\"\") = %+v, want the 8-count entry then the 1-count one", list)
	}
	if err := s.ResolveUnanswered(ctx, u.ID, "taught", "faq:F9"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		status string
		want   []int64
	}{
		{"open", []int64{list[1].ID}},
		{"taught", []int64{u.ID}},
		{"dismissed", nil},
		{"", []int64{u.ID, list[1].ID}},
	} {
		l, err := s.UnansweredList(ctx, tc.status)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, e := range l {
			ids = append(ids, e.ID)
		}
		assertEqual(t, fmt.Sprintf("UnansweredList(%q) ids", tc.status), ids, tc.want)
	}
	got, _ = s.UnansweredByID(ctx, u.ID)
	if got.Status != "taught" || got.Resolution != "faq:F9" {
		t.Errorf("after ResolveUnanswered: status %q resolution %q", got.Status, got.Resolution)
	}
	// An occurrence earlier than all others moves FirstSeen back and keeps the status.
	got, err = s.RecordUnanswered(ctx, "能开专票吗", "开 专票", "c1", t0.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if !got.FirstSeen.Equal(t0.Add(-time.Hour)) || !got.LastSeen.Equal(want.LastSeen) || got.Status != "taught" || got.Count != 9 {
		t.Errorf("after a late-arriving occurrence: %+v", got)
	}
}

func testConversations(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	t0 := at("2025-11-11 00:00:00")
	convs := []chat.Conversation{
		{ID: "conv-1", CustomerID: "C001", Channel: chat.ChannelWidget, ProductID: "P001", Status: chat.StatusBot,
			Tags: []string{"尺码"}, CreatedAt: t0, UpdatedAt: t0.Add(3 * time.Minute),
			State: []byte(`{"intent": "size_advice",  "turns":2}`)},
		{ID: "conv-2", VisitorID: "v-9", Channel: chat.ChannelWidget, Status: chat.StatusWaiting,
			CreatedAt: t0, UpdatedAt: t0.Add(2 * time.Minute)},
		{ID: "conv-3", CustomerID: "C001", Channel: chat.ChannelAPI, Status: chat.StatusHuman, AgentID: "agent-a",
			CreatedAt: t0, UpdatedAt: t0.Add(1 * time.Minute)},
	}
	for _, c := range convs {
		if err := s.CreateConversation(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateConversation(ctx, convs[0]); !errors.Is(err, store.ErrConflict) {
		t.Errorf("creating conv-1 again: %v, want ErrConflict", err)
	}
	got, err := s.Conversation(ctx, "conv-1")
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "conv-1", got, norm(convs[0]))
	if string(got.State) != string(convs[0].State) {
		t.Errorf("State = %s, want the exact bytes %s", got.State, convs[0].State)
	}

	upd := convs[1]
	upd.Status, upd.AgentID, upd.Summary, upd.CSAT = chat.StatusHuman, "agent-a", "问物流", 5
	upd.CustomerID, upd.ProductID, upd.Tags = "C002", "P002", []string{"物流", "催单"}
	upd.State, upd.UpdatedAt = []byte(`{"step":3}`), t0.Add(10*time.Minute)
	upd.Channel, upd.VisitorID, upd.CreatedAt = "ignored", "ignored", t0.Add(time.Hour) // not mutable
	if err := s.UpdateConversation(ctx, upd); err != nil {
		t.Fatal(err)
	}
	want2 := upd
	want2.Channel, want2.VisitorID, want2.CreatedAt = convs[1].Channel, convs[1].VisitorID, convs[1].CreatedAt
	got, _ = s.Conversation(ctx, "conv-2")
	assertEqual(t, "conv-2 after update", got, norm(want2))

	ids := func(cs []chat.Conversation) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	tests := []struct {
		f    chat.ConversationFilter
		want []string
	}{
		{chat.ConversationFilter{}, []string{"conv-2", "conv-1", "conv-3"}}, // most recently updated first
		{chat.ConversationFilter{Limit: 2}, []string{"conv-2", "conv-1"}},
		{chat.ConversationFilter{Status: chat.StatusHuman}, []string{"conv-2", "conv-3"}},
		{chat.ConversationFilter{Status: chat.StatusBot}, []string{"conv-1"}},
		{chat.ConversationFilter{CustomerID: "C001"}, []string{"conv-1", "conv-3"}},
		{chat.ConversationFilter{AgentID: "agent-a", Status: chat.StatusHuman, Limit: 1}, []string{"conv-2"}},
		{chat.ConversationFilter{Status: chat.StatusClosed}, nil},
	}
	for _, tc := range tests {
		got, err := s.Conversations(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		assertEqual(t, fmt.Sprintf("Conversations(%+v)", tc.f), ids(got), tc.want)
	}
}

func testMessages(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	t0 := at("2025-11-11 00:00:00")
	for _, id := range []string{"conv-a", "conv-b"} {
		if err := s.CreateConversation(ctx, chat.Conversation{ID: id, Channel: chat.ChannelWidget, Status: chat.StatusBot}); err != nil {
			t.Fatal(err)
		}
	}
	payload := []byte(`{"cards": [ {"product_id":"P001"} ], "intent":"stock_availability"}`)
	steps := []struct {
		name        string
		msg         chat.Message
		wantSeq     int64
		wantCreated bool
		wantSameAs  int // index of an earlier step whose message must come back, or -1
	}{
		{"first message gets seq 1 and an id",
			chat.Message{ConversationID: "conv-a", ClientMsgID: "cm-1", Role: chat.RoleCustomer, Text: "黑色M码还有吗", CreatedAt: t0}, 1, true, -1},
		{"bot reply with a payload gets seq 2",
			chat.Message{ConversationID: "conv-a", Role: chat.RoleBot, Author: "小二", Text: "还有 12 件", Payload: payload, CreatedAt: t0.Add(time.Second)}, 2, true, -1},
		{"a retry with the same client id returns the stored message",
			chat.Message{ConversationID: "conv-a", ClientMsgID: "cm-1", Role: chat.RoleCustomer, Text: "黑色M码还有吗(重发)", CreatedAt: t0.Add(time.Minute)}, 1, false, 0},
		{"the same client id in another conversation is a new message",
			chat.Message{ConversationID: "conv-b", ClientMsgID: "cm-1", Role: chat.RoleCustomer, Text: "在吗"}, 1, true, -1},
		{"a given id is kept",
			chat.Message{ID: "m-fixed", ConversationID: "conv-a", Role: chat.RoleNote, Author: "agent-a", Text: "老客,优先处理"}, 3, true, -1},
		{"messages without client id are never deduplicated",
			chat.Message{ConversationID: "conv-a", Role: chat.RoleBot, Author: "小二", Text: "还有 12 件"}, 4, true, -1},
	}
	var stored []chat.Message
	for i, st := range steps {
		m, created, err := s.AppendMessage(ctx, st.msg)
		if err != nil {
			t.Fatalf("step %d (%s): %v", i, st.name, err)
		}
		stored = append(stored, m)
		if m.Seq != st.wantSeq || created != st.wantCreated {
			t.Errorf("%s: seq %d created %v, want %d %v", st.name, m.Seq, created, st.wantSeq, st.wantCreated)
		}
		if m.ID == "" {
			t.Errorf("%s: no id assigned", st.name)
		}
		if st.msg.ID != "" && m.ID != st.msg.ID {
			t.Errorf("%s: id %q, want the given %q", st.name, m.ID, st.msg.ID)
		}
		if st.wantSameAs >= 0 {
			assertEqual(t, st.name, m, stored[st.wantSameAs])
		}
	}
	if stored[0].ID == stored[1].ID || stored[0].ID == stored[3].ID {
		t.Errorf("ids are not unique: %q %q %q", stored[0].ID, stored[1].ID, stored[3].ID)
	}
	got, err := s.Messages(ctx, "conv-a", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "messages of conv-a", got, norm([]chat.Message{stored[0], stored[1], stored[4], stored[5]}))
	if string(got[1].Payload) != string(payload) {
		t.Errorf("payload = %s, want the exact bytes %s", got[1].Payload, payload)
	}
	if got, _ := s.Messages(ctx, "conv-404", 0, 0); len(got) != 0 {
		t.Errorf("messages of an unknown conversation = %v, want none", got)
	}
}

func testMessagePaging(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	if err := s.CreateConversation(ctx, chat.Conversation{ID: "conv-p", Channel: chat.ChannelAPI, Status: chat.StatusBot}); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		if _, _, err := s.AppendMessage(ctx, chat.Message{ConversationID: "conv-p", Role: chat.RoleCustomer, Text: fmt.Sprint(i + 1)}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		after int64
		limit int
		want  []int64
	}{
		{0, 0, []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
		{0, 3, []int64{1, 2, 3}},
		{7, 0, []int64{8, 9, 10}},
		{7, 2, []int64{8, 9}},
		{9, 5, []int64{10}},
		{10, 0, nil},
		{99, 1, nil},
	}
	for _, tc := range tests {
		ms, err := s.Messages(ctx, "conv-p", tc.after, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		var seqs []int64
		for _, m := range ms {
			seqs = append(seqs, m.Seq)
			if m.Text != fmt.Sprint(m.Seq) {
				t.Errorf("message seq %d has text %q", m.Seq, m.Text)
			}
		}
		assertEqual(t, fmt.Sprintf("Messages(after %d, limit %d) seqs", tc.after, tc.limit), seqs, tc.want)
	}
}

func testCases(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	t0 := at("2025-11-12 10:00:00")
	cases := []shop.Case{
		{ID: "K1", CustomerID: "C001", OrderID: "O1001", ConversationID: "conv-1", Kind: shop.CaseDamaged,
			Status: shop.CaseAwaitingPhoto, Summary: "大衣纽扣掉了", CreatedAt: t0, UpdatedAt: t0},
		{ID: "K2", CustomerID: "C002", Kind: shop.CaseAddress, Status: shop.CaseOpen, CreatedAt: t0.Add(time.Hour), UpdatedAt: t0.Add(time.Hour)},
		{ID: "K3", CustomerID: "C001", OrderID: "O1002", Kind: shop.CaseReaction, Status: shop.CaseEscalated,
			Summary: "用后泛红", Photos: []string{"a.jpg"}, CreatedAt: t0.Add(2 * time.Hour), UpdatedAt: t0.Add(2 * time.Hour)},
	}
	for _, c := range cases {
		if err := s.CreateCase(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateCase(ctx, cases[0]); !errors.Is(err, store.ErrConflict) {
		t.Errorf("creating K1 again: %v, want ErrConflict", err)
	}
	upd := cases[0]
	upd.Status, upd.Resolution, upd.Compensation = shop.CaseResolved, "compensation", shop.Yuan(15)
	upd.Photos, upd.Notes, upd.UpdatedAt = []string{"p1.jpg", "p2.jpg"}, "已补偿", t0.Add(3*time.Hour)
	upd.CreatedAt = t0.Add(99 * time.Hour) // creation time is not mutable
	if err := s.UpdateCase(ctx, upd); err != nil {
		t.Fatal(err)
	}
	upd.CreatedAt = cases[0].CreatedAt
	got, err := s.Case(ctx, "K1")
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "K1 after update", got, norm(upd))

	ids := func(cs []shop.Case) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	for _, tc := range []struct {
		customer string
		want     []string
	}{
		{"C001", []string{"K3", "K1"}},
		{"", []string{"K3", "K2", "K1"}},
		{"C404", nil},
	} {
		cs, err := s.Cases(ctx, tc.customer)
		if err != nil {
			t.Fatal(err)
		}
		assertEqual(t, fmt.Sprintf("Cases(%q)", tc.customer), ids(cs), tc.want)
	}
}
