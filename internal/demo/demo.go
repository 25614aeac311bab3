// Package demo embeds the demo shop, 小二优选生活馆: the bundle a newcomer sees
// with `xiaoer serve --demo`, and the fixture of the project's own tests (bot
// scenarios, knowledge-base evaluation).
//
// The data is written relative to a fixed moment, Anchor. Bundle moves every
// timestamp by the whole number of days between Anchor and the given clock, so
// an order placed "yesterday" in the data is yesterday's order on any date,
// and a promotion running at Anchor is running now.
//
// shop.json holds everything but the long documents; docs/ holds the
// knowledge documents as plain files, listed in docs/manifest.json.
package demo

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// Anchor is the moment the demo data is written against: a Sunday morning,
// eleven days after 双十一. "Yesterday" in the data is 2026-11-21.
const Anchor = "2026-11-22T10:00:00+08:00"

// shopZone returns the shop's time zone. China has used UTC+8 without
// daylight saving since 1991, so a fixed zone is exact and needs no tzdata.
func shopZone() *time.Location { return time.FixedZone("CST", 8*60*60) }

//go:embed shop.json docs
var files embed.FS

// AnchorTime returns Anchor as a time in the shop's time zone. (A test
// checks that it equals the parsed constant.)
func AnchorTime() time.Time {
	return time.Date(2026, time.November, 22, 10, 0, 0, 0, shopZone())
}

// OffsetDays returns the number of calendar days, in the shop's time zone,
// from Anchor to now: the shift Bundle applies to every timestamp.
func OffsetDays(now time.Time) int {
	a := AnchorTime()
	n := now.In(shopZone())
	ad := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	nd := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
	return int(nd.Sub(ad) / (24 * time.Hour))
}

// docEntry is one line of docs/manifest.json.
type docEntry struct {
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	Kind       string    `json:"kind"`
	Format     string    `json:"format"`
	ProductIDs []string  `json:"product_ids,omitempty"`
	File       string    `json:"file"`
	UpdatedAt  time.Time `json:"updated_at,omitempty"`
}

// Bundle parses the embedded demo shop and its documents and shifts every
// timestamp by OffsetDays(now). With now on Anchor's date nothing moves.
// Each call returns a fresh bundle the caller may modify.
//
// Shifted: orders' and shipments' times, tracking events, promotions'
// windows, SKUs' restock dates, customers' creation and the updated_at of
// products, FAQs and documents. Not shifted: policy holidays, which are
// calendar facts.
func Bundle(now time.Time) (*shop.Bundle, error) {
	raw, err := files.ReadFile("shop.json")
	if err != nil {
		return nil, fmt.Errorf("demo: read shop.json: %w", err)
	}
	var b shop.Bundle
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("demo: parse shop.json: %w", err)
	}
	docs, err := documents()
	if err != nil {
		return nil, err
	}
	b.Documents = docs
	if err := shift(&b, OffsetDays(now)); err != nil {
		return nil, err
	}
	return &b, nil
}

// documents reads docs/manifest.json and the files it lists.
func documents() ([]shop.KnowledgeDoc, error) {
	raw, err := files.ReadFile("docs/manifest.json")
	if err != nil {
		return nil, fmt.Errorf("demo: read docs/manifest.json: %w", err)
	}
	var entries []docEntry
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&entries); err != nil {
		return nil, fmt.Errorf("demo: parse docs/manifest.json: %w", err)
	}
	docs := make([]shop.KnowledgeDoc, 0, len(entries))
	for _, e := range entries {
		body, err := files.ReadFile(path.Join("docs", e.File))
		if err != nil {
			return nil, fmt.Errorf("demo: document %s: %w", e.ID, err)
		}
		docs = append(docs, shop.KnowledgeDoc{
			ID:         e.ID,
			Title:      e.Title,
			Kind:       e.Kind,
			Format:     e.Format,
			Source:     e.File,
			ProductIDs: e.ProductIDs,
			Body:       string(body),
			UpdatedAt:  e.UpdatedAt,
		})
	}
	return docs, nil
}

// shift moves every timestamp of b by days calendar days.
func shift(b *shop.Bundle, days int) error {
	if days == 0 {
		return nil
	}
	at := func(t *time.Time) {
		if t != nil && !t.IsZero() {
			*t = t.AddDate(0, 0, days)
		}
	}
	for i := range b.Products {
		p := &b.Products[i]
		at(&p.UpdatedAt)
		for j := range p.SKUs {
			s := &p.SKUs[j]
			if s.RestockDate == "" {
				continue
			}
			d, err := time.Parse(time.DateOnly, s.RestockDate)
			if err != nil {
				return fmt.Errorf("demo: SKU %s restock_date %q: %w", s.ID, s.RestockDate, err)
			}
			s.RestockDate = d.AddDate(0, 0, days).Format(time.DateOnly)
		}
	}
	for i := range b.Customers {
		at(&b.Customers[i].CreatedAt)
	}
	for i := range b.Orders {
		o := &b.Orders[i]
		for _, t := range []*time.Time{&o.CreatedAt, o.PaidAt, o.ShippedAt, o.DeliveredAt, o.CompletedAt, o.CancelledAt, &o.UpdatedAt} {
			at(t)
		}
	}
	for i := range b.Shipments {
		s := &b.Shipments[i]
		at(s.ShippedAt)
		at(s.EstimatedDelivery)
		at(&s.UpdatedAt)
		for j := range s.Events {
			at(&s.Events[j].Time)
		}
	}
	for i := range b.Promotions {
		at(&b.Promotions[i].StartsAt)
		at(&b.Promotions[i].EndsAt)
	}
	for i := range b.FAQs {
		at(&b.FAQs[i].UpdatedAt)
	}
	for i := range b.Documents {
		at(&b.Documents[i].UpdatedAt)
	}
	return nil
}
