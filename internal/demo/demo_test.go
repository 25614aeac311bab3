package demo

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// anchorBundle loads the demo shop as of Anchor (nothing shifted).
func anchorBundle(t *testing.T) *shop.Bundle {
	t.Helper()
	b, err := Bundle(AnchorTime())
	if err != nil {
		t.Fatalf("Bundle: %v", err)
	}
	return b
}

// index holds lookups the reference checks share.
type index struct {
	products   map[string]*shop.Product
	skus       map[string]shop.SKU
	skuProduct map[string]string
	categories map[string]bool
	customers  map[string]*shop.Customer
	orders     map[string]*shop.Order
	promotions map[string]*shop.Promotion
	shipments  map[string][]*shop.Shipment // by order id
}

func buildIndex(t *testing.T, b *shop.Bundle) index {
	t.Helper()
	ix := index{
		products: map[string]*shop.Product{}, skus: map[string]shop.SKU{}, skuProduct: map[string]string{},
		categories: map[string]bool{}, customers: map[string]*shop.Customer{}, orders: map[string]*shop.Order{},
		promotions: map[string]*shop.Promotion{}, shipments: map[string][]*shop.Shipment{},
	}
	for i := range b.Products {
		p := &b.Products[i]
		if ix.products[p.ID] != nil {
			t.Errorf("duplicate product id %s", p.ID)
		}
		ix.products[p.ID] = p
		ix.categories[p.Category] = true
		for _, s := range p.SKUs {
			if _, dup := ix.skus[s.ID]; dup {
				t.Errorf("duplicate SKU id %s", s.ID)
			}
			ix.skus[s.ID] = s
			ix.skuProduct[s.ID] = p.ID
		}
	}
	for i := range b.Customers {
		c := &b.Customers[i]
		if ix.customers[c.ID] != nil {
			t.Errorf("duplicate customer id %s", c.ID)
		}
		ix.customers[c.ID] = c
	}
	for i := range b.Orders {
		o := &b.Orders[i]
		if ix.orders[o.ID] != nil {
			t.Errorf("duplicate order id %s", o.ID)
		}
		ix.orders[o.ID] = o
	}
	for i := range b.Promotions {
		ix.promotions[b.Promotions[i].ID] = &b.Promotions[i]
	}
	for i := range b.Shipments {
		s := &b.Shipments[i]
		ix.shipments[s.OrderID] = append(ix.shipments[s.OrderID], s)
	}
	return ix
}

func TestAnchorTimeIsTheAnchorConstant(t *testing.T) {
	want, err := time.Parse(time.RFC3339, Anchor)
	if err != nil {
		t.Fatal(err)
	}
	got := AnchorTime()
	if !got.Equal(want) {
		t.Fatalf("AnchorTime() = %v, want %v", got, want)
	}
	if got.Weekday() != time.Sunday {
		t.Errorf("Anchor is a %v, the data assumes a Sunday", got.Weekday())
	}
	if _, off := got.Zone(); off != 8*3600 {
		t.Errorf("AnchorTime offset %d, want +08:00", off)
	}
}

func TestCountsMeetTheBrief(t *testing.T) {
	b := anchorBundle(t)
	if b.Shop == nil || b.Shop.Name == "" || b.Policies == nil {
		t.Fatal("shop info and policies must be present")
	}
	for _, c := range []struct {
		what     string
		got, min int
	}{
		{"products", len(b.Products), 16},
		{"customers", len(b.Customers), 12},
		{"orders", len(b.Orders), 40},
		{"shipments", len(b.Shipments), 20},
		{"promotions", len(b.Promotions), 6},
		{"faqs", len(b.FAQs), 20},
		{"documents", len(b.Documents), 10},
		{"co-purchases", len(b.CoPurchases), 5},
	} {
		if c.got < c.min {
			t.Errorf("%s: %d, want at least %d", c.what, c.got, c.min)
		}
	}

	levels := map[string]int{}
	for _, c := range b.Customers {
		levels[c.MemberLevel]++
	}
	for _, l := range shop.MemberLevels {
		if levels[l] == 0 {
			t.Errorf("no customer of member level %s", l)
		}
	}

	statuses := map[shop.OrderStatus]int{}
	for _, o := range b.Orders {
		statuses[o.Status]++
	}
	for _, s := range []shop.OrderStatus{shop.StatusPendingPayment, shop.StatusToShip, shop.StatusShipped, shop.StatusInTransit,
		shop.StatusDelivered, shop.StatusRefunding, shop.StatusCompleted, shop.StatusCancelled} {
		if statuses[s] == 0 {
			t.Errorf("no order with status %s", s)
		}
	}

	kinds := map[string]int{}
	formats := map[string]int{}
	for _, d := range b.Documents {
		kinds[d.Kind]++
		formats[d.Format]++
	}
	for _, k := range []string{shop.DocProductPage, shop.DocSOP, shop.DocTranscript, shop.DocConversation, shop.DocNote} {
		if kinds[k] == 0 {
			t.Errorf("no document of kind %s", k)
		}
	}
	for _, f := range []string{"markdown", "text", "html"} {
		if formats[f] == 0 {
			t.Errorf("no document in format %s", f)
		}
	}
	for _, f := range b.FAQs {
		if len(f.Alternates) == 0 {
			t.Errorf("FAQ %s has no alternate phrasings", f.ID)
		}
	}
}

func TestReferencesResolve(t *testing.T) {
	b := anchorBundle(t)
	ix := buildIndex(t, b)

	for _, p := range b.Products {
		for _, r := range p.Related {
			if ix.products[r.ProductID] == nil || r.ProductID == p.ID {
				t.Errorf("product %s: related %s does not exist", p.ID, r.ProductID)
			}
			if !slices.Contains([]string{"complementary", "alternative", "upgrade"}, r.Kind) || r.Reason == "" {
				t.Errorf("product %s: relation to %s needs a known kind and a reason", p.ID, r.ProductID)
			}
		}
	}
	for _, c := range b.CoPurchases {
		if ix.products[c.ProductA] == nil || ix.products[c.ProductB] == nil || c.Count <= 0 {
			t.Errorf("co-purchase %s+%s: unknown product or no count", c.ProductA, c.ProductB)
		}
	}
	for _, o := range b.Orders {
		if ix.customers[o.CustomerID] == nil {
			t.Errorf("order %s: customer %s does not exist", o.ID, o.CustomerID)
		}
		if o.PromotionID != "" && ix.promotions[o.PromotionID] == nil {
			t.Errorf("order %s: promotion %s does not exist", o.ID, o.PromotionID)
		}
		for _, it := range o.Items {
			p := ix.products[it.ProductID]
			if p == nil {
				t.Errorf("order %s: product %s does not exist", o.ID, it.ProductID)
				continue
			}
			s, ok := ix.skus[it.SKUID]
			if !ok || ix.skuProduct[it.SKUID] != p.ID {
				t.Errorf("order %s: SKU %s is not a SKU of %s", o.ID, it.SKUID, p.ID)
				continue
			}
			if it.Color != s.Color || it.Size != s.Size || it.Name != p.Name {
				t.Errorf("order %s: item %s says %s/%s/%s, catalogue %s/%s/%s", o.ID, it.SKUID, it.Name, it.Color, it.Size, p.Name, s.Color, s.Size)
			}
			if it.Price != p.EffectivePrice(s) {
				t.Errorf("order %s: item %s price %v, catalogue %v", o.ID, it.SKUID, it.Price, p.EffectivePrice(s))
			}
		}
	}
	for _, s := range b.Shipments {
		if ix.orders[s.OrderID] == nil {
			t.Errorf("shipment %s: order %s does not exist", s.ID, s.OrderID)
		}
	}
	for _, p := range b.Promotions {
		for _, id := range p.ProductIDs {
			if ix.products[id] == nil {
				t.Errorf("promotion %s: product %s does not exist", p.ID, id)
			}
		}
		for _, c := range p.Categories {
			if !ix.categories[c] {
				t.Errorf("promotion %s: category %s is not in the catalogue", p.ID, c)
			}
		}
		for _, l := range p.MemberLevels {
			if !slices.Contains(shop.MemberLevels, l) {
				t.Errorf("promotion %s: unknown member level %s", p.ID, l)
			}
		}
	}
	for _, f := range b.FAQs {
		for _, id := range f.ProductIDs {
			if ix.products[id] == nil {
				t.Errorf("FAQ %s: product %s does not exist", f.ID, id)
			}
		}
	}
	for _, d := range b.Documents {
		for _, id := range d.ProductIDs {
			if ix.products[id] == nil {
				t.Errorf("document %s: product %s does not exist", d.ID, id)
			}
		}
	}
	pol := b.Policies
	for _, c := range pol.Returns.OpenedExcludedCategories {
		if !ix.categories[c] {
			t.Errorf("opened-excluded category %s is not in the catalogue", c)
		}
	}
	for _, w := range pol.Warranties {
		if !ix.categories[w.Category] {
			t.Errorf("warranty category %s is not in the catalogue", w.Category)
		}
	}
	for _, mb := range pol.MemberBenefits {
		if !slices.Contains(shop.MemberLevels, mb.Level) {
			t.Errorf("member benefit for unknown level %s", mb.Level)
		}
	}
}

func TestCatalogueIsSound(t *testing.T) {
	b := anchorBundle(t)
	sized := map[string]bool{"外套": true, "毛衣": true, "连衣裙": true, "衬衫": true, "裤子": true, "运动鞋": true, "靴子": true}
	lowStock, restock := 0, 0
	for _, p := range b.Products {
		if len(p.Aliases) < 2 || p.Price <= 0 || len(p.Attributes) < 4 || len(p.SKUs) == 0 {
			t.Errorf("product %s: needs aliases, a price, attributes and SKUs", p.ID)
		}
		if p.OriginalPrice != 0 && p.OriginalPrice <= p.Price {
			t.Errorf("product %s: original price %v not above price %v", p.ID, p.OriginalPrice, p.Price)
		}
		chart := map[string]bool{}
		for _, r := range p.SizeChart {
			chart[r.Size] = true
		}
		if sized[p.Category] && len(p.SizeChart) == 0 {
			t.Errorf("product %s (%s) has no size chart", p.ID, p.Category)
		}
		for _, s := range p.SKUs {
			if s.Color != "" && !strings.HasSuffix(s.Color, "色") {
				t.Errorf("SKU %s: colour %q is not canonical (ends in 色)", s.ID, s.Color)
			}
			if sized[p.Category] && !chart[s.Size] {
				t.Errorf("SKU %s: size %s missing from the size chart", s.ID, s.Size)
			}
			if s.Stock < 0 {
				t.Errorf("SKU %s: negative stock", s.ID)
			}
			if s.Stock > 0 && s.Stock <= 3 {
				lowStock++
			}
			if s.RestockDate != "" {
				d, err := time.ParseInLocation(time.DateOnly, s.RestockDate, shopZone())
				if err != nil {
					t.Errorf("SKU %s: restock date: %v", s.ID, err)
				} else if !d.After(AnchorTime()) {
					t.Errorf("SKU %s: restock date %s is not after the anchor", s.ID, s.RestockDate)
				}
				if s.Stock != 0 {
					t.Errorf("SKU %s: has a restock date but stock %d", s.ID, s.Stock)
				}
				restock++
			}
		}
		// Size rows must not overlap, or size advice is ambiguous.
		for i, r := range p.SizeChart {
			for _, q := range p.SizeChart[i+1:] {
				if r.HeightMax > 0 && q.HeightMin > 0 && q.HeightMin <= r.HeightMax && r.HeightMin <= q.HeightMax {
					t.Errorf("product %s: sizes %s and %s overlap in height", p.ID, r.Size, q.Size)
				}
			}
		}
	}
	if lowStock == 0 || restock == 0 {
		t.Errorf("want low-stock SKUs (%d) and out-of-stock SKUs with restock dates (%d)", lowStock, restock)
	}
	snkr := product(t, b, "P-SNKR-01")
	if s, ok := snkr.FindSKU("白色", "39"); !ok || s.Stock != 0 || s.RestockDate == "" {
		t.Errorf("the popular sneaker size 白色 39 should be out of stock with a restock date, got %+v", s)
	}
	if d := product(t, b, "P-DRESS-01"); !slices.Contains(d.Aliases, "红色连衣裙") || d.Attributes["颜色效果"] == "" {
		t.Error("the dress must be findable as 红色连衣裙 and describe its colour effect")
	}
	if !strings.Contains(product(t, b, "P-FRYER-02").Attributes["内胆涂层"], "耐刮") {
		t.Error("the new air fryer must say its coating is more scratch-resistant")
	}
}

func product(t *testing.T, b *shop.Bundle, id string) *shop.Product {
	t.Helper()
	for i := range b.Products {
		if b.Products[i].ID == id {
			return &b.Products[i]
		}
	}
	t.Fatalf("product %s missing", id)
	return nil
}

var (
	phoneRe   = regexp.MustCompile(`^1[3-9][0-9]{9}$`)
	last4Re   = regexp.MustCompile(`^[0-9]{4}$`)
	orderIDRe = regexp.MustCompile(`^[1-9][0-9]{17}$`)
	// Tracking number shapes by carrier, as the nlu taxonomy expects them.
	trackingRe = map[string]*regexp.Regexp{
		"顺丰":  regexp.MustCompile(`^SF[0-9]{13}$`),
		"圆通":  regexp.MustCompile(`^YT[0-9]{13}$`),
		"极兔":  regexp.MustCompile(`^JT[0-9]{13}$`),
		"中通":  regexp.MustCompile(`^7[0-9]{11,14}$`),
		"京东":  regexp.MustCompile(`^JDV[A-Z][0-9]{11}$`),
		"EMS": regexp.MustCompile(`^1[0-9]{12}$`),
	}
)

func TestIdentifiersAreWellFormed(t *testing.T) {
	b := anchorBundle(t)
	for _, c := range b.Customers {
		if !phoneRe.MatchString(c.Phone) {
			t.Errorf("customer %s: malformed phone %q", c.ID, c.Phone)
		}
		if !strings.HasSuffix(c.Phone, c.PhoneLast4) || !last4Re.MatchString(c.PhoneLast4) {
			t.Errorf("customer %s: phone_last4 %q does not match the phone", c.ID, c.PhoneLast4)
		}
	}
	for _, o := range b.Orders {
		if !orderIDRe.MatchString(o.ID) {
			t.Errorf("order id %q is not 18 digits", o.ID)
		}
		if !last4Re.MatchString(o.Address.PhoneLast4) || o.Address.Name == "" || o.Address.Detail == "" {
			t.Errorf("order %s: address needs a name, a detail and a 4-digit phone_last4", o.ID)
		}
	}
	seen := map[string]bool{}
	for _, s := range b.Shipments {
		re := trackingRe[s.Carrier]
		if re == nil {
			t.Errorf("shipment %s: unknown carrier %s", s.ID, s.Carrier)
		} else if !re.MatchString(s.TrackingNo) {
			t.Errorf("shipment %s: tracking number %s does not look like a %s number", s.ID, s.TrackingNo, s.Carrier)
		}
		if seen[s.TrackingNo] {
			t.Errorf("duplicate tracking number %s", s.TrackingNo)
		}
		seen[s.TrackingNo] = true
	}
}

// expectedDiscount recomputes an order's discount from its promotion.
func expectedDiscount(ix index, o shop.Order, p *shop.Promotion) shop.Money {
	var sub, eligible shop.Money
	for _, it := range o.Items {
		line := it.Price * shop.Money(it.Qty)
		sub += line
		if slices.Contains(p.Categories, ix.products[it.ProductID].Category) || slices.Contains(p.ProductIDs, it.ProductID) {
			eligible += line
		}
	}
	switch p.Type {
	case shop.PromoFullReduction:
		d := p.Reduction
		if p.Repeat {
			d = p.Reduction * (sub / p.Threshold)
		} else if sub < p.Threshold {
			d = 0
		}
		if p.MaxReduction > 0 && d > p.MaxReduction {
			d = p.MaxReduction
		}
		return d
	case shop.PromoDiscount:
		return shop.Money(math.Round(float64(eligible) * float64(100-p.DiscountPercent) / 100))
	case shop.PromoNewMember, shop.PromoCoupon:
		if sub >= p.Threshold {
			return p.Reduction
		}
		return 0
	}
	return 0
}

func TestOrderMoneyIsConsistent(t *testing.T) {
	b := anchorBundle(t)
	ix := buildIndex(t, b)
	ship := b.Policies.Shipping
	for _, o := range b.Orders {
		var sub shop.Money
		for _, it := range o.Items {
			if it.Qty <= 0 {
				t.Errorf("order %s: quantity %d", o.ID, it.Qty)
			}
			sub += it.Price * shop.Money(it.Qty)
		}
		if got := sub - o.Discount + o.ShippingFee; got != o.Total {
			t.Errorf("order %s: items %v − discount %v + shipping %v = %v, total says %v", o.ID, sub, o.Discount, o.ShippingFee, got, o.Total)
		}
		var want shop.Money
		if p := ix.promotions[o.PromotionID]; p != nil {
			want = expectedDiscount(ix, o, p)
			if !p.ActiveAt(o.CreatedAt) {
				t.Errorf("order %s: promotion %s was not running when the order was placed", o.ID, p.ID)
			}
		}
		if o.Discount != want {
			t.Errorf("order %s: discount %v, promotion %q gives %v", o.ID, o.Discount, o.PromotionID, want)
		}
		base := ship.Fee
		if slices.Contains(ship.RemoteRegions, o.Address.Province) {
			base = ship.RemoteFee
		} else if sub-o.Discount >= ship.FreeShippingThreshold {
			base = 0
		}
		if o.ShippingFee != base && o.ShippingFee != base+ship.SFSurcharge {
			t.Errorf("order %s: shipping fee %v, policy gives %v (or %v with 顺丰)", o.ID, o.ShippingFee, base, base+ship.SFSurcharge)
		}
		for _, it := range o.Items {
			if it.Opened && !slices.Contains(b.Policies.Returns.OpenedExcludedCategories, ix.products[it.ProductID].Category) {
				t.Errorf("order %s: item %s marked opened but its category has no opened rule", o.ID, it.SKUID)
			}
		}
	}
}

func TestOrderTimelinesAreConsistent(t *testing.T) {
	b := anchorBundle(t)
	ix := buildIndex(t, b)
	anchor := AnchorTime()
	etaMax := map[string]int{}
	for _, e := range b.Policies.Shipping.ETAs {
		for _, r := range e.Regions {
			etaMax[r] = e.MaxDays
		}
	}
	cutoff, err := time.Parse("15:04", b.Policies.Dispatch.CutoffTime)
	if err != nil {
		t.Fatalf("cutoff: %v", err)
	}
	for _, o := range b.Orders {
		has := func(p *time.Time) bool { return p != nil }
		want := map[shop.OrderStatus][5]bool{ // paid, shipped, delivered, completed, cancelled
			shop.StatusPendingPayment: {false, false, false, false, false},
			shop.StatusToShip:         {true, false, false, false, false},
			shop.StatusShipped:        {true, true, false, false, false},
			shop.StatusInTransit:      {true, true, false, false, false},
			shop.StatusDelivered:      {true, true, true, false, false},
			shop.StatusCompleted:      {true, true, true, true, false},
		}
		got := [5]bool{has(o.PaidAt), has(o.ShippedAt), has(o.DeliveredAt), has(o.CompletedAt), has(o.CancelledAt)}
		if w, ok := want[o.Status]; ok && got != w {
			t.Errorf("order %s (%s): timestamps present %v, want %v", o.ID, o.Status, got, w)
		}
		if o.Status == shop.StatusCancelled && (o.CancelledAt == nil || o.ShippedAt != nil) {
			t.Errorf("order %s: cancelled orders have cancelled_at and never shipped", o.ID)
		}
		if o.Status == shop.StatusRefunding && o.PaidAt == nil {
			t.Errorf("order %s: refunding but never paid", o.ID)
		}
		seq := []*time.Time{&o.CreatedAt, o.PaidAt, o.ShippedAt, o.DeliveredAt, o.CompletedAt}
		last := time.Time{}
		for _, p := range seq {
			if p == nil {
				continue
			}
			if p.Before(last) {
				t.Errorf("order %s: timestamps out of order", o.ID)
			}
			last = *p
		}
		for _, p := range append(seq, o.CancelledAt, &o.UpdatedAt) {
			if p != nil && p.After(anchor) {
				t.Errorf("order %s: timestamp %v after the anchor", o.ID, p)
			}
		}

		furniture := false
		for _, it := range o.Items {
			c := ix.products[it.ProductID].Category
			furniture = furniture || c == "沙发" || c == "床垫"
		}
		if o.PaidAt != nil && o.ShippedAt != nil && !furniture {
			if o.ShippedAt.Sub(*o.PaidAt) > time.Duration(b.Policies.Dispatch.PromiseHours)*time.Hour {
				t.Errorf("order %s: shipped later than the dispatch promise", o.ID)
			}
			p := o.PaidAt.In(shopZone())
			beforeCutoff := p.Hour()*60+p.Minute() < cutoff.Hour()*60+cutoff.Minute()
			// 双十一 orders fall under the big-sale dispatch note, not the cutoff.
			if beforeCutoff && o.PromotionID != "PROMO-1111" && o.ShippedAt.In(shopZone()).YearDay() != p.YearDay() {
				t.Errorf("order %s: paid before the cutoff but not shipped the same day", o.ID)
			}
		}
		if o.Status == shop.StatusToShip && anchor.Sub(*o.PaidAt) > 24*time.Hour {
			t.Errorf("order %s: waiting to ship for over a day, which the policy does not allow", o.ID)
		}
		if o.ShippedAt != nil && o.DeliveredAt != nil && !furniture {
			max := etaMax[o.Address.Province]
			if max == 0 {
				max = b.Policies.Shipping.DefaultETA.MaxDays
			}
			if o.DeliveredAt.Sub(*o.ShippedAt) > time.Duration(max+1)*24*time.Hour {
				t.Errorf("order %s: took longer than the ETA to %s", o.ID, o.Address.Province)
			}
		}

		ships := ix.shipments[o.ID]
		if o.Status.Dispatched() && len(ships) == 0 {
			t.Errorf("order %s (%s) has no shipment", o.ID, o.Status)
		}
		if !o.Status.Dispatched() && o.Status != shop.StatusRefunding && len(ships) > 0 {
			t.Errorf("order %s (%s) should have no shipment", o.ID, o.Status)
		}
		for _, s := range ships {
			switch o.Status {
			case shop.StatusDelivered, shop.StatusCompleted:
				if s.Status != shop.ShipDelivered {
					t.Errorf("order %s is %s but shipment %s is %s", o.ID, o.Status, s.ID, s.Status)
				}
			case shop.StatusShipped, shop.StatusInTransit:
				if s.Status == shop.ShipDelivered || s.Status == shop.ShipReturned {
					t.Errorf("order %s is %s but shipment %s is %s", o.ID, o.Status, s.ID, s.Status)
				}
			}
			if !s.ShippedAt.Equal(*o.ShippedAt) {
				t.Errorf("shipment %s shipped_at differs from its order's", s.ID)
			}
		}
	}
	for _, s := range b.Shipments {
		for i, e := range s.Events {
			if e.Description == "" || e.Time.After(anchor) || (i > 0 && e.Time.Before(s.Events[i-1].Time)) {
				t.Errorf("shipment %s: event %d empty, in the future or out of order", s.ID, i)
			}
			if s.ShippedAt != nil && e.Time.Before(*s.ShippedAt) {
				t.Errorf("shipment %s: event before shipping", s.ID)
			}
		}
		if latest, ok := s.LatestEvent(); ok {
			want := map[string]string{"picked_up": "in_transit", "in_transit": "in_transit", "damaged": "in_transit",
				"out_for_delivery": "out_for_delivery", "delivered": "delivered", "exception": "exception", "returned": "returned"}[latest.Status]
			if s.Status != want {
				t.Errorf("shipment %s: status %s but latest event is %s", s.ID, s.Status, latest.Status)
			}
		} else if s.Status != shop.ShipCreated {
			t.Errorf("shipment %s: no events but status %s", s.ID, s.Status)
		}
	}
}

// TestScenarioFixturesExist pins the cases bot scenarios rely on.
func TestScenarioFixturesExist(t *testing.T) {
	b := anchorBundle(t)
	anchor := AnchorTime()
	var stalled, exception, damaged, returned, noScan int
	for _, s := range b.Shipments {
		latest, ok := s.LatestEvent()
		switch {
		case !ok:
			noScan++
		case s.Status == shop.ShipInTransit && anchor.Sub(latest.Time) >= 4*24*time.Hour:
			stalled++
		case s.Status == shop.ShipException:
			exception++
		case s.Status == shop.ShipReturned:
			returned++
		}
		for _, e := range s.Events {
			if e.Status == "damaged" {
				damaged++
			}
		}
	}
	for what, n := range map[string]int{"stalled parcel": stalled, "delivery exception": exception, "damaged parcel": damaged,
		"returned parcel": returned, "shipped without scans": noScan} {
		if n == 0 {
			t.Errorf("no %s", what)
		}
	}

	yesterday := anchor.AddDate(0, 0, -1).Format(time.DateOnly)
	perDay := map[string]int{}
	opened, beyondWindow := 0, 0
	for _, o := range b.Orders {
		if o.CreatedAt.In(shopZone()).Format(time.DateOnly) == yesterday {
			perDay[o.CustomerID]++
		}
		for _, it := range o.Items {
			if it.Opened && o.DeliveredAt != nil {
				opened++
			}
		}
		if o.DeliveredAt != nil && anchor.Sub(*o.DeliveredAt) > 7*24*time.Hour {
			beyondWindow++
		}
	}
	twoYesterday := false
	for _, n := range perDay {
		twoYesterday = twoYesterday || n >= 2
	}
	if !twoYesterday {
		t.Error("no customer with two orders yesterday (the 我昨天买的那个 ambiguity)")
	}
	if opened == 0 || beyondWindow == 0 {
		t.Errorf("want a delivered opened skincare order (%d) and orders beyond the return window (%d)", opened, beyondWindow)
	}

	var expired, future, active int
	for _, p := range b.Promotions {
		switch {
		case !p.EndsAt.After(anchor):
			expired++
		case p.StartsAt.After(anchor):
			future++
		default:
			active++
		}
		if !p.EndsAt.After(p.StartsAt) {
			t.Errorf("promotion %s ends before it starts", p.ID)
		}
	}
	if expired == 0 || future == 0 || active < 4 {
		t.Errorf("promotions: %d expired, %d future, %d active; want at least 1, 1 and 4", expired, future, active)
	}

	remote := false
	for _, c := range b.Customers {
		remote = remote || slices.Contains(b.Policies.Shipping.RemoteRegions, c.Province)
	}
	if !remote {
		t.Error("no customer in a remote region")
	}
}

func TestDocumentsAreAttached(t *testing.T) {
	b := anchorBundle(t)
	ids := map[string]bool{}
	for _, d := range b.Documents {
		if ids[d.ID] {
			t.Errorf("duplicate document id %s", d.ID)
		}
		ids[d.ID] = true
		if d.Title == "" || d.Source == "" || len([]rune(d.Body)) < 800 {
			t.Errorf("document %s: needs a title, a source and a substantial body (%d runes)", d.ID, len([]rune(d.Body)))
		}
		switch d.Format {
		case "html":
			if !strings.Contains(d.Body, "<table") {
				t.Errorf("document %s: the HTML product page should carry a table", d.ID)
			}
		case "markdown":
			if !strings.Contains(d.Body, "\n## ") {
				t.Errorf("document %s: markdown without headings", d.ID)
			}
		case "text":
		default:
			t.Errorf("document %s: unknown format %q", d.ID, d.Format)
		}
	}
}

// TestShiftMovesEveryTimeByWholeDays checks that Bundle(now) is the anchor
// bundle with every time moved by the same number of calendar days.
func TestShiftMovesEveryTimeByWholeDays(t *testing.T) {
	base := anchorBundle(t)
	anchor := AnchorTime()
	cases := []struct {
		name string
		now  time.Time
		days int
	}{
		{"same morning", anchor, 0},
		{"same day just before midnight", time.Date(2026, 11, 22, 23, 59, 0, 0, shopZone()), 0},
		{"same day at 00:00", time.Date(2026, 11, 22, 0, 0, 0, 0, shopZone()), 0},
		{"next day in Shanghai though still the 22nd in UTC", time.Date(2026, 11, 22, 17, 30, 0, 0, time.UTC), 1},
		{"a week later", anchor.AddDate(0, 0, 7), 7},
		{"the day before", anchor.AddDate(0, 0, -1), -1},
		{"across a leap day", time.Date(2028, 3, 1, 9, 0, 0, 0, shopZone()), 465},
		{"a year earlier", anchor.AddDate(-1, 0, 0), -365},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := OffsetDays(c.now); got != c.days {
				t.Fatalf("OffsetDays = %d, want %d", got, c.days)
			}
			got, err := Bundle(c.now)
			if err != nil {
				t.Fatal(err)
			}
			want := time.Duration(c.days) * 24 * time.Hour
			a, g := collectTimes(base), collectTimes(got)
			if len(a) != len(g) || len(a) < 200 {
				t.Fatalf("collected %d and %d times", len(a), len(g))
			}
			for i := range a {
				if d := g[i].t.Sub(a[i].t); d != want {
					t.Fatalf("%s moved by %v, want %v", a[i].what, d, want)
				}
			}
			ra, rg := restockDates(base), restockDates(got)
			for id, d := range ra {
				if diff := rg[id].Sub(d); diff != want {
					t.Errorf("restock date of %s moved by %v, want %v", id, diff, want)
				}
			}
			// Everything that is not a time is untouched.
			if !reflect.DeepEqual(base.Policies, got.Policies) || !reflect.DeepEqual(base.FAQs[0].Answer, got.FAQs[0].Answer) {
				t.Error("shifting changed more than times")
			}
		})
	}
}

type namedTime struct {
	what string
	t    time.Time
}

// collectTimes lists every non-zero time in b in a stable order.
func collectTimes(b *shop.Bundle) []namedTime {
	var out []namedTime
	add := func(what string, p *time.Time) {
		if p != nil && !p.IsZero() {
			out = append(out, namedTime{what, *p})
		}
	}
	for _, p := range b.Products {
		add("product "+p.ID+" updated_at", &p.UpdatedAt)
	}
	for _, c := range b.Customers {
		add("customer "+c.ID+" created_at", &c.CreatedAt)
	}
	for _, o := range b.Orders {
		for i, p := range []*time.Time{&o.CreatedAt, o.PaidAt, o.ShippedAt, o.DeliveredAt, o.CompletedAt, o.CancelledAt, &o.UpdatedAt} {
			add(fmt.Sprintf("order %s time %d", o.ID, i), p)
		}
	}
	for _, s := range b.Shipments {
		add("shipment "+s.ID+" shipped_at", s.ShippedAt)
		add("shipment "+s.ID+" estimated_delivery", s.EstimatedDelivery)
		add("shipment "+s.ID+" updated_at", &s.UpdatedAt)
		for i := range s.Events {
			add(fmt.Sprintf("shipment %s event %d", s.ID, i), &s.Events[i].Time)
		}
	}
	for _, p := range b.Promotions {
		add("promotion "+p.ID+" starts_at", &p.StartsAt)
		add("promotion "+p.ID+" ends_at", &p.EndsAt)
	}
	for _, f := range b.FAQs {
		add("faq "+f.ID, &f.UpdatedAt)
	}
	for _, d := range b.Documents {
		add("document "+d.ID, &d.UpdatedAt)
	}
	return out
}

func restockDates(b *shop.Bundle) map[string]time.Time {
	out := map[string]time.Time{}
	for _, p := range b.Products {
		for _, s := range p.SKUs {
			if s.RestockDate != "" {
				d, _ := time.Parse(time.DateOnly, s.RestockDate)
				out[s.ID] = d
			}
		}
	}
	return out
}

// TestYesterdayStaysYesterday is the property the shift exists for.
func TestYesterdayStaysYesterday(t *testing.T) {
	for _, now := range []time.Time{
		time.Date(2027, 5, 3, 8, 0, 0, 0, shopZone()),
		time.Date(2026, 1, 15, 22, 0, 0, 0, shopZone()),
	} {
		b, err := Bundle(now)
		if err != nil {
			t.Fatal(err)
		}
		yesterday := now.AddDate(0, 0, -1).Format(time.DateOnly)
		n := 0
		for _, o := range b.Orders {
			if o.CreatedAt.In(shopZone()).Format(time.DateOnly) == yesterday {
				n++
			}
		}
		if n < 2 {
			t.Errorf("now %v: %d orders placed yesterday, want several", now, n)
		}
		active := 0
		for _, p := range b.Promotions {
			if p.ActiveAt(now) {
				active++
			}
		}
		if active < 4 {
			t.Errorf("now %v: %d promotions active, want the same as at the anchor", now, active)
		}
	}
}
