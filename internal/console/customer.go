package console

import (
	"cmp"
	"errors"
	"net/http"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/httpapi"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/store"
)

// orderView is an order with its parcels' latest tracking.
type orderView struct {
	shop.Order
	StatusLabel string         `json:"status_label"`
	Shipments   []shipmentView `json:"shipments"`
}

type shipmentView struct {
	Carrier    string     `json:"carrier"`
	TrackingNo string     `json:"tracking_no"`
	Status     string     `json:"status"`
	Latest     string     `json:"latest,omitempty"`
	LatestAt   *time.Time `json:"latest_at,omitempty"`
}

type pastConversation struct {
	ID        string    `json:"id"`
	Status    string    `json:"status"`
	Summary   string    `json:"summary,omitempty"`
	CSAT      int       `json:"csat,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// customer360 is the agent's view of a customer: profile, member level,
// orders with tracking, past conversations and open after-sales cases. The
// phone number is never shown, only its last four digits.
type customer360 struct {
	Customer      shop.Customer      `json:"customer"`
	MemberLabel   string             `json:"member_label"`
	Orders        []orderView        `json:"orders"`
	Conversations []pastConversation `json:"conversations"`
	OpenCases     []caseView         `json:"open_cases"`
}

// caseView is an open case with the labels the console shows.
type caseView struct {
	shop.Case
	KindLabel   string `json:"kind_label"`
	StatusLabel string `json:"status_label"`
}

// caseStatuses are the Chinese labels of the case statuses an agent sees.
var caseStatuses = map[string]string{
	shop.CaseOpen: "处理中", shop.CaseAwaitingPhoto: "等顾客发照片", shop.CaseProposed: "方案待顾客确认",
	shop.CaseAccepted: "顾客已接受方案", shop.CaseEscalated: "已转专员",
}

func (c *Console) customer360(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	cu, err := c.d.Store.Customer(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	cu.Phone, cu.PhoneHash = "", ""
	res := customer360{Customer: cu, MemberLabel: shop.MemberLevelLabel(cu.MemberLevel),
		Orders: []orderView{}, Conversations: []pastConversation{}, OpenCases: []caseView{}}
	orders, err := c.d.Store.OrdersByCustomer(ctx, cu.ID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	for i, o := range orders {
		if i == 10 {
			break
		}
		ov := orderView{Order: o, StatusLabel: o.Status.Label(), Shipments: []shipmentView{}}
		ships, err := c.d.Store.ShipmentsByOrder(ctx, o.ID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		for _, s := range ships {
			sv := shipmentView{Carrier: s.Carrier, TrackingNo: s.TrackingNo, Status: s.Status}
			if ev, ok := s.LatestEvent(); ok {
				t := ev.Time
				sv.Latest, sv.LatestAt = ev.Location+" "+ev.Description, &t
			}
			ov.Shipments = append(ov.Shipments, sv)
		}
		res.Orders = append(res.Orders, ov)
	}
	convs, err := c.d.Store.Conversations(ctx, chat.ConversationFilter{CustomerID: cu.ID, Limit: 20})
	if err != nil {
		return err
	}
	for _, cv := range convs {
		res.Conversations = append(res.Conversations, pastConversation{ID: cv.ID, Status: cv.Status, Summary: cv.Summary, CSAT: cv.CSAT, CreatedAt: cv.CreatedAt})
	}
	cases, err := c.d.Store.Cases(ctx, cu.ID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	for _, k := range cases {
		if k.Status != shop.CaseResolved && k.Status != shop.CaseClosed {
			res.OpenCases = append(res.OpenCases, caseView{Case: k, KindLabel: cmp.Or(caseKinds[k.Kind], k.Kind),
				StatusLabel: cmp.Or(caseStatuses[k.Status], k.Status)})
		}
	}
	httpapi.WriteJSON(w, http.StatusOK, res)
	return nil
}
