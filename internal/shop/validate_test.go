package shop

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func validBundle() *Bundle {
	created := time.Date(2025, 11, 11, 20, 15, 0, 0, time.FixedZone("CST", 8*3600))
	paid := created.Add(time.Minute)
	return &Bundle{
		Shop: &Info{Name: "暖冬服饰", Timezone: "Asia/Shanghai", ServiceHours: "09:00-23:00"},
		Policies: &Policies{
			Dispatch: DispatchPolicy{CutoffTime: "16:00", PromiseHours: 48, Holidays: []string{"2026-02-17"}},
			Shipping: ShippingPolicy{DefaultCarrier: "中通", Fee: Yuan(8), FreeShippingThreshold: Yuan(99),
				DefaultETA: RegionETA{MinDays: 2, MaxDays: 4}},
			Returns:        ReturnPolicy{NoReasonDays: 7, ExchangeDays: 15},
			MemberBenefits: []MemberBenefit{{Level: "金卡会员", Benefits: []string{"包邮"}, DiscountPercent: 95}},
		},
		Products: []Product{{
			ID: "P-COAT-01", Name: "羊毛大衣", Category: "外套", Price: Yuan(599),
			SKUs: []SKU{
				{ID: "P-COAT-01-BLK-S", Color: "黑色", Size: "S", Stock: 3},
				{ID: "P-COAT-01-BLK-L", Color: "黑色", Size: "L", Stock: 0, RestockDate: "2025-12-01"},
			},
			SizeChart: []SizeRow{{Size: "S", HeightMin: 155, HeightMax: 162, WeightMin: 42, WeightMax: 50}},
		}, {
			ID: "P-SCARF-01", Name: "围巾", Price: Yuan(99),
			SKUs:    []SKU{{ID: "P-SCARF-01-RED", Stock: 10}},
			Related: []Relation{{ProductID: "P-COAT-01", Kind: "搭配"}},
		}},
		CoPurchases: []CoPurchase{{ProductA: "P-COAT-01", ProductB: "P-SCARF-01", Count: 12}},
		Customers:   []Customer{{ID: "C1", Nickname: "小鹿", MemberLevel: "金卡", Phone: "+86 138-0013-8000"}},
		Orders: []Order{{
			ID: "2609001", CustomerID: "C1", Status: "已发货", Total: Yuan(599),
			Items:     []OrderItem{{ProductID: "P-COAT-01", SKUID: "P-COAT-01-BLK-S", Qty: 1, Price: Yuan(599)}},
			CreatedAt: created, PaidAt: &paid,
		}},
		Shipments: []Shipment{{
			ID: "S1", OrderID: "2609001", Carrier: "中通", TrackingNo: "ZT100", Status: "运输中",
			Events: []TrackingEvent{{Time: paid, Description: "已揽收", Status: "已揽收"}},
		}},
		Promotions: []Promotion{{ID: "PR1", Name: "满300减30", Type: "满减", Threshold: Yuan(300), Reduction: Yuan(30),
			MemberLevels: []string{"gold"}, StartsAt: created, EndsAt: created.Add(72 * time.Hour)}},
		FAQs:      []FAQ{{ID: "F1", Question: "起球吗", Answer: "不起球", ProductIDs: []string{"P-COAT-01"}}},
		Documents: []KnowledgeDoc{{ID: "D1", Title: "售后SOP", Kind: "sop", Format: "md", Body: "..."}},
	}
}

func TestValidateAcceptsAndNormalises(t *testing.T) {
	b := validBundle()
	if err := b.Validate(); err != nil {
		t.Fatalf("valid bundle rejected: %v", err)
	}
	checks := []struct{ name, got, want string }{
		{"order status label", string(b.Orders[0].Status), "shipped"},
		{"member level short label", b.Customers[0].MemberLevel, "gold"},
		{"benefit level label", b.Policies.MemberBenefits[0].Level, "gold"},
		{"phone digits", b.Customers[0].Phone, "13800138000"},
		{"shipment status", b.Shipments[0].Status, "in_transit"},
		{"event status", b.Shipments[0].Events[0].Status, "picked_up"},
		{"promotion type", b.Promotions[0].Type, "full_reduction"},
		{"doc format", b.Documents[0].Format, "markdown"},
		{"relation kind", b.Products[1].Related[0].Kind, "complementary"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
	// Validating again is a no-op: normalised values stay valid.
	if err := b.Validate(); err != nil {
		t.Fatalf("second validation: %v", err)
	}
}

func TestValidateRejects(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(b *Bundle)
		want   []string // substrings of one error, in order: section, field, problem
	}{
		{"unknown SKU in an order names product and SKU", func(b *Bundle) {
			b.Orders[0].Items[0].SKUID = "P-COAT-01-BLK-M"
		}, []string{`orders[0] (id 2609001): items[0].sku_id: SKU "P-COAT-01-BLK-M" does not exist in product P-COAT-01`}},
		{"missing product id", func(b *Bundle) { b.Products[0].ID = " " }, []string{"products[0]", "id: product id is required"}},
		{"missing product name", func(b *Bundle) { b.Products[0].Name = "" }, []string{"products[0] (id P-COAT-01): name: product name is required"}},
		{"duplicate product ids", func(b *Bundle) { b.Products[1].ID = "P-COAT-01" }, []string{"products[1]", "duplicate id", "products[0]"}},
		{"duplicate SKU within a product", func(b *Bundle) { b.Products[0].SKUs[1].ID = "P-COAT-01-BLK-S" }, []string{"skus[1].id", "duplicate SKU id"}},
		{"SKU id shared by two products", func(b *Bundle) { b.Products[1].SKUs[0].ID = "P-COAT-01-BLK-S" }, []string{"products[1]", "also used by product P-COAT-01"}},
		{"negative price", func(b *Bundle) { b.Products[0].Price = -100 }, []string{"price", "negative"}},
		{"negative stock", func(b *Bundle) { b.Products[0].SKUs[0].Stock = -1 }, []string{"skus[0].stock", "negative"}},
		{"bad restock date", func(b *Bundle) { b.Products[0].SKUs[1].RestockDate = "12/01/2025" }, []string{"skus[1].restock_date", "YYYY-MM-DD"}},
		{"size chart min above max", func(b *Bundle) { b.Products[0].SizeChart[0].HeightMin = 170 }, []string{"size_chart[0].height_min", "swap"}},
		{"size chart weight in jin", func(b *Bundle) { b.Products[0].SizeChart[0].WeightMax = 320 }, []string{"size_chart[0].weight_max", "kg"}},
		{"unknown relation kind", func(b *Bundle) { b.Products[1].Related[0].Kind = "sibling" }, []string{"related[0].kind", "unknown relation kind"}},
		{"related product missing", func(b *Bundle) { b.Products[1].Related[0].ProductID = "P-NONE" }, []string{"related[0].product_id", `product "P-NONE" does not exist`}},
		{"co-purchase of unknown product", func(b *Bundle) { b.CoPurchases[0].ProductB = "X" }, []string{"co_purchases[0]", "product_b"}},
		{"customer without nickname", func(b *Bundle) { b.Customers[0].Nickname = "" }, []string{"customers[0] (id C1): nickname"}},
		{"landline is not a mobile", func(b *Bundle) { b.Customers[0].Phone = "010-12345678" }, []string{"customers[0]", "phone", "11-digit"}},
		{"unknown member level", func(b *Bundle) { b.Customers[0].MemberLevel = "platinum" }, []string{"member_level", "unknown member level", "gold (金卡会员)"}},
		{"unknown order status", func(b *Bundle) { b.Orders[0].Status = "发货中" }, []string{"orders[0]", "status", "已发货"}},
		{"missing order status", func(b *Bundle) { b.Orders[0].Status = "" }, []string{"orders[0]", "status: order status is required"}},
		{"unknown customer", func(b *Bundle) { b.Orders[0].CustomerID = "C9" }, []string{"customer_id", `customer "C9" does not exist`}},
		{"zero quantity", func(b *Bundle) { b.Orders[0].Items[0].Qty = 0 }, []string{"items[0].qty", "at least 1"}},
		{"order without items", func(b *Bundle) { b.Orders[0].Items = nil }, []string{"orders[0]", "items", "at least one item"}},
		{"order without time", func(b *Bundle) { b.Orders[0].CreatedAt = time.Time{} }, []string{"created_at", "required"}},
		{"paid before created", func(b *Bundle) {
			p := b.Orders[0].CreatedAt.Add(-time.Hour)
			b.Orders[0].PaidAt = &p
		}, []string{"paid_at", "before the order was created"}},
		{"shipment of unknown order", func(b *Bundle) { b.Shipments[0].OrderID = "X" }, []string{"shipments[0] (id S1): order_id", `order "X" does not exist`}},
		{"unknown shipment status", func(b *Bundle) { b.Shipments[0].Status = "lost" }, []string{"shipments[0]", "status", "unknown shipment status"}},
		{"unknown event status", func(b *Bundle) { b.Shipments[0].Events[0].Status = "teleported" }, []string{"events[0].status"}},
		{"event without time", func(b *Bundle) { b.Shipments[0].Events[0].Time = time.Time{} }, []string{"events[0].time", "required"}},
		{"unknown promotion type", func(b *Bundle) { b.Promotions[0].Type = "bogo" }, []string{"promotions[0]", "type", "full_reduction (满减)"}},
		{"promotion ends before it starts", func(b *Bundle) { b.Promotions[0].EndsAt = b.Promotions[0].StartsAt }, []string{"ends_at", "not after"}},
		{"FAQ without answer", func(b *Bundle) { b.FAQs[0].Answer = "" }, []string{"faqs[0] (id F1): answer"}},
		{"unknown doc kind", func(b *Bundle) { b.Documents[0].Kind = "poem" }, []string{"documents[0]", "kind", "unknown document kind"}},
		{"unknown doc format", func(b *Bundle) { b.Documents[0].Format = "pdf" }, []string{"documents[0]", "format"}},
		{"cutoff not HH:MM", func(b *Bundle) { b.Policies.Dispatch.CutoffTime = "4pm" }, []string{"policies: dispatch.cutoff_time", "HH:MM"}},
		{"negative return days", func(b *Bundle) { b.Policies.Returns.NoReasonDays = -7 }, []string{"policies: returns.no_reason_days", "negative"}},
		{"eta min above max", func(b *Bundle) { b.Policies.Shipping.DefaultETA.MinDays = 9 }, []string{"shipping.default_eta", "swap"}},
		{"bad holiday", func(b *Bundle) { b.Policies.Dispatch.Holidays[0] = "春节" }, []string{"dispatch.holidays[0]", "YYYY-MM-DD"}},
		{"shop without name", func(b *Bundle) { b.Shop.Name = "" }, []string{"shop: name"}},
		{"bad service hours", func(b *Bundle) { b.Shop.ServiceHours = "9-23" }, []string{"shop: service_hours", "HH:MM-HH:MM"}},
		{"bad time zone", func(b *Bundle) { b.Shop.Timezone = "Asia/Shangai" }, []string{"timezone", "IANA"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := validBundle()
			tt.mutate(b)
			err := b.Validate()
			var verrs ValidationErrors
			if !errors.As(err, &verrs) {
				t.Fatalf("want ValidationErrors, got %v", err)
			}
			for _, e := range verrs {
				if containsInOrder(e.Error(), tt.want) {
					return
				}
			}
			t.Errorf("no error matches %q; got:\n%v", tt.want, err)
		})
	}
}

func containsInOrder(s string, parts []string) bool {
	for _, p := range parts {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return true
}

func TestValidateAgainstKnownIDs(t *testing.T) {
	created := time.Date(2025, 11, 11, 20, 0, 0, 0, time.UTC)
	ordersOnly := func(sku string) *Bundle {
		return &Bundle{Orders: []Order{{
			ID: "O2", CustomerID: "C-OLD", Status: "to_ship", CreatedAt: created,
			Items: []OrderItem{{ProductID: "P-OLD", SKUID: sku, Qty: 2, Price: Yuan(10)}},
		}}}
	}
	known := KnownIDs{
		Products:  map[string]map[string]bool{"P-OLD": {"P-OLD-M": true}},
		Customers: map[string]bool{"C-OLD": true},
	}
	tests := []struct {
		name    string
		b       *Bundle
		known   KnownIDs
		wantErr string
	}{
		{"references to stored records resolve", ordersOnly("P-OLD-M"), known, ""},
		{"unknown SKU of a stored product", ordersOnly("P-OLD-XL"), known, `SKU "P-OLD-XL" does not exist in product P-OLD`},
		{"without the store nothing resolves", ordersOnly("P-OLD-M"), KnownIDs{}, `customer "C-OLD" does not exist`},
		{"a product in the bundle replaces stored SKUs", func() *Bundle {
			b := ordersOnly("P-OLD-M")
			b.Products = []Product{{ID: "P-OLD", Name: "旧款", SKUs: []SKU{{ID: "P-OLD-L"}}}}
			return b
		}(), known, `SKU "P-OLD-M" does not exist in product P-OLD`},
		{"shipment of a stored order", &Bundle{Shipments: []Shipment{{ID: "S", OrderID: "O-OLD", Carrier: "顺丰", TrackingNo: "SF1", Status: "created"}}},
			KnownIDs{Orders: map[string]bool{"O-OLD": true}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.b.ValidateAgainst(tt.known)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("got %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"13800138000", "13800138000", true},
		{"+86 138 0013 8000", "13800138000", true},
		{"86-138-0013-8000", "13800138000", true},
		{"12800138000", "", false},
		{"1380013800", "", false},
		{"010-12345678", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := NormalizePhone(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFieldErrorFormat(t *testing.T) {
	e := FieldError{Section: "orders", Index: 3, ID: "2609", Field: "items[0].sku_id", Problem: "bad"}
	if got, want := e.Error(), "orders[3] (id 2609): items[0].sku_id: bad"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	e = FieldError{Section: "policies", Index: -1, Field: "dispatch.cutoff_time", Problem: "bad"}
	if got, want := e.Error(), "policies: dispatch.cutoff_time: bad"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
