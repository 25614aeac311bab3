package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// Skill is one capability of the bot with typed, JSON-schema-described
// parameters and a structured result, so that an LLM layer can call exactly
// what the dialogue layer calls.
type Skill struct {
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Parameters  json.RawMessage `json:"parameters"`
	run         func(ctx context.Context, c Call) (Result, error)
}

// Call is one skill invocation: who asks, in which dialogue state, with which arguments.
type Call struct {
	// State is the conversation's dialogue state (product/order in focus).
	State State
	// CustomerID is the verified customer; empty for an anonymous visitor,
	// who then sees no order data.
	CustomerID     string
	ConversationID string
	// Args are the skill's parameters as JSON (see Skill.Parameters).
	Args json.RawMessage
}

// Result is what a skill found, rendered and structured.
type Result struct {
	Skill string `json:"skill"`
	// Data is the skill's typed result (StockResult, SizeResult ...).
	Data any `json:"data"`
	// Text is the reply sentence built from Data.
	Text         string   `json:"text"`
	Cards        []Card   `json:"cards,omitempty"`
	QuickReplies []string `json:"quick_replies,omitempty"`
	// Handled is false when the skill could not answer (missing data, not found).
	Handled bool `json:"handled"`
	// Handoff names why a human must take over; empty when the bot may go on.
	Handoff string `json:"handoff,omitempty"`
	// Pending is the question the skill asked the shopper.
	Pending *Pending `json:"pending,omitempty"`
	// ProductID and OrderID are the product and order the result is about.
	ProductID string `json:"product_id,omitempty"`
	OrderID   string `json:"order_id,omitempty"`
	// CustomerID is set when the skill verified an anonymous visitor.
	CustomerID string `json:"customer_id,omitempty"`
}

// Card is a structured element of a reply the widget renders.
type Card struct {
	// Type is product, order, tracking, case or plan.
	Type     string   `json:"type"`
	ID       string   `json:"id,omitempty"`
	Title    string   `json:"title"`
	Subtitle string   `json:"subtitle,omitempty"`
	Price    string   `json:"price,omitempty"` // yuan
	Status   string   `json:"status,omitempty"`
	Lines    []string `json:"lines,omitempty"`
}

// Skills lists the bot's skills.
func (b *Bot) Skills() []Skill { return append([]Skill(nil), b.skills...) }

// Run runs the skill for a call.
func (s Skill) Run(ctx context.Context, c Call) (Result, error) {
	if s.run == nil {
		return Result{}, fmt.Errorf("skill %s has no implementation", s.Name)
	}
	return s.run(ctx, c)
}

// skill wraps a typed skill function.
func skill[P any](b *Bot, name, desc, schema string, fn func(t *turn, p P) (Result, error)) Skill {
	return Skill{
		Name: name, Description: desc, Parameters: json.RawMessage(schema),
		run: func(ctx context.Context, c Call) (Result, error) {
			var p P
			if len(c.Args) > 0 {
				if err := json.Unmarshal(c.Args, &p); err != nil {
					return Result{}, fmt.Errorf("skill %s: bad arguments: %w", name, err)
				}
			}
			if !b.ready() {
				return Result{}, errMissingDeps
			}
			r, err := fn(b.newTurn(ctx, c), p)
			r.Skill = name
			return r, err
		},
	}
}

func (b *Bot) buildSkills() []Skill {
	return []Skill{
		skill(b, "check_stock", "Exact stock of a product's colour/size variants; when out of stock, other colours in that size, other sizes and the restock date.", schemaStock, (*turn).checkStock),
		skill(b, "size_advice", "Recommend a size from the size chart, the shopper's height (cm), weight (kg) and fit preference, with the reason.", schemaSize, (*turn).sizeAdvice),
		skill(b, "product_question", "Answer a question about a product from its attributes first, then the knowledge base; says plainly when the data does not state it.", schemaProductQ, (*turn).productQuestion),
		skill(b, "order_status", "Status and logistics of one of the verified shopper's orders: latest tracking event, ETA, stalls and exceptions.", schemaOrder, (*turn).orderStatus),
		skill(b, "shipping_info", "Dispatch time computed against the current time (cutoff), delivery ETA and shipping fee by region.", schemaShipping, (*turn).shippingInfo),
		skill(b, "return_check", "Whether an order line can be returned or exchanged, with the reason, steps and who pays the freight.", schemaReturn, (*turn).returnCheck),
		skill(b, "after_sales", "Handle a complaint (defect, damage, wrong/missing item, reaction): identify the order, ask for a photo when required, propose a plan within the bot's limits and open a case.", schemaAfterSales, (*turn).afterSales),
		skill(b, "promotions", "Current real promotions for a product or amount, the best combination and the resulting price; never an invented discount.", schemaPromo, (*turn).promotions),
		skill(b, "recommend", "Recommend products from a need, the product in focus, co-purchases and the shopper's profile.", schemaRecommend, (*turn).recommend),
		skill(b, "shop_policy", "Quote a service policy: invoices, warranty, price protection, membership benefits, payment/instalments.", schemaPolicy, (*turn).shopPolicy),
		skill(b, "order_service", "Address change, cancellation, urging dispatch or invoices for one of the verified shopper's orders.", schemaOrderService, (*turn).orderService),
	}
}

// newTurn builds the per-request context for a direct skill call.
func (b *Bot) newTurn(ctx context.Context, c Call) *turn {
	st := c.State
	t := &turn{b: b, ctx: ctx, now: b.d.Clock.Now().In(b.d.Location), st: &st, convID: c.ConversationID, customerID: c.CustomerID}
	return t
}

// turn is everything one request needs, loaded lazily and at most once.
type turn struct {
	b          *Bot
	ctx        context.Context
	now        time.Time
	st         *State
	convID     string
	customerID string // verified customer ("" = anonymous)
	pageID     string // the page the chat was opened from

	cust     *shop.Customer
	custErr  error
	custDone bool

	pol     *shop.Policies
	prods   []shop.Product
	promos  []shop.Promotion
	orders  []shop.Order
	ordDone bool
	info    *shop.Info
}

func (t *turn) loc() *time.Location { return t.b.d.Location }

func (t *turn) customer() *shop.Customer {
	if t.custDone {
		return t.cust
	}
	t.custDone = true
	if t.customerID == "" || t.b.d.Customers == nil {
		return nil
	}
	c, err := t.b.d.Customers.Customer(t.ctx, t.customerID)
	if err != nil {
		if !notFound(err) {
			t.b.d.Log.Warn("load customer", "err", err)
		}
		return nil
	}
	t.cust = &c
	return t.cust
}

func (t *turn) policies() (shop.Policies, error) {
	if t.pol != nil {
		return *t.pol, nil
	}
	p, err := t.b.d.Shop.Policies(t.ctx)
	if err != nil && !notFound(err) {
		return shop.Policies{}, fmt.Errorf("load policies: %w", err)
	}
	t.pol = &p
	return p, nil
}

func (t *turn) shopInfo() shop.Info {
	if t.info != nil {
		return *t.info
	}
	i, err := t.b.d.Shop.ShopInfo(t.ctx)
	if err != nil && !notFound(err) {
		t.b.d.Log.Warn("load shop info", "err", err)
	}
	t.info = &i
	return i
}

func (t *turn) products() ([]shop.Product, error) {
	if t.prods != nil {
		return t.prods, nil
	}
	ps, err := t.b.d.Catalog.Products(t.ctx)
	if err != nil && !notFound(err) {
		return nil, fmt.Errorf("load products: %w", err)
	}
	if ps == nil {
		ps = []shop.Product{}
	}
	t.prods = ps
	return ps, nil
}

func (t *turn) product(id string) (*shop.Product, error) {
	if id == "" {
		return nil, nil
	}
	ps, err := t.products()
	if err != nil {
		return nil, err
	}
	for i := range ps {
		if ps[i].ID == id {
			return &ps[i], nil
		}
	}
	return nil, nil
}

func (t *turn) promotionList() ([]shop.Promotion, error) {
	if t.promos != nil {
		return t.promos, nil
	}
	ps, err := t.b.d.Shop.Promotions(t.ctx)
	if err != nil && !notFound(err) {
		return nil, fmt.Errorf("load promotions: %w", err)
	}
	if ps == nil {
		ps = []shop.Promotion{}
	}
	t.promos = ps
	return ps, nil
}

// myOrders are the verified customer's orders, newest first; none when anonymous.
func (t *turn) myOrders() ([]shop.Order, error) {
	if t.ordDone {
		return t.orders, nil
	}
	t.ordDone = true
	if t.customerID == "" {
		return nil, nil
	}
	os, err := t.b.d.Orders.OrdersByCustomer(t.ctx, t.customerID)
	if err != nil && !notFound(err) {
		return nil, fmt.Errorf("load orders: %w", err)
	}
	t.orders = os
	return os, nil
}

// ownOrder returns the order only if it belongs to the verified customer.
// Anyone else's order, or an unknown number, is reported as not found alike,
// so that a guess reveals nothing.
func (t *turn) ownOrder(id string) (*shop.Order, error) {
	if id == "" || t.customerID == "" {
		return nil, nil
	}
	o, err := t.b.d.Orders.Order(t.ctx, id)
	if err != nil {
		if notFound(err) {
			return nil, nil
		}
		return nil, fmt.Errorf("load order: %w", err)
	}
	if o.CustomerID != t.customerID {
		t.b.d.Log.Info("order of another customer asked", "conversation", t.convID)
		return nil, nil
	}
	return &o, nil
}
