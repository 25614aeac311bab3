package server

import (
	"context"
	"errors"
	"io"
	"net/http"

	"github.com/xiaoer-cs/xiaoer/internal/httpapi"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/store"
)

type analyzeRequest struct {
	Text string `json:"text"`
}

func (s *Server) analyze(w http.ResponseWriter, r *http.Request) error {
	if s.Analyzer == nil {
		return errStatus(http.StatusNotImplemented, "unavailable", "the understanding engine is not loaded")
	}
	var req analyzeRequest
	if err := decode(r, maxBody, &req); err != nil {
		return err
	}
	if req.Text == "" {
		return errStatus(400, "invalid", "text is empty")
	}
	a, err := s.Analyzer.AnalyzeJSON(req.Text, s.Clock.Now())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(a)
	return err
}

// pushBundle lets a shop system sync data: the same bundle format as
// `xiaoer import`, validated, all-or-nothing.
func (s *Server) pushBundle(w http.ResponseWriter, r *http.Request) error {
	var b shop.Bundle
	if err := decode(r, maxBundleBody, &b); err != nil {
		return err
	}
	return s.importBundle(r.Context(), w, &b)
}

func (s *Server) importBundle(ctx context.Context, w http.ResponseWriter, b *shop.Bundle) error {
	if s.Importer == nil {
		return errStatus(http.StatusNotImplemented, "unavailable", "import is not available")
	}
	stats, err := s.Importer.ImportBundle(ctx, b)
	if err != nil {
		var ve shop.ValidationErrors
		if errors.As(err, &ve) {
			httpapi.WriteJSON(w, http.StatusUnprocessableEntity, map[string]any{"error": map[string]any{
				"code": "validation", "message": "the bundle was rejected; nothing was written", "problems": ve}})
			return nil
		}
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"imported": stats})
	return nil
}

func (s *Server) listProducts(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.Store.Products(r.Context())
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"products": ps})
	return nil
}

func (s *Server) getProduct(w http.ResponseWriter, r *http.Request) error {
	p, err := s.Store.Product(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, p)
	return nil
}

type stockRequest struct {
	Stock *int `json:"stock"`
}

func (s *Server) setStock(w http.ResponseWriter, r *http.Request) error {
	var req stockRequest
	if err := decode(r, maxBody, &req); err != nil {
		return err
	}
	if req.Stock == nil || *req.Stock < 0 {
		return errStatus(400, "invalid", "stock must be a non-negative integer")
	}
	if err := s.Store.SetStock(r.Context(), r.PathValue("id"), r.PathValue("sku"), *req.Stock); err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"product_id": r.PathValue("id"), "sku_id": r.PathValue("sku"), "stock": *req.Stock})
	return nil
}

func (s *Server) getCustomer(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Store.Customer(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	c.Phone = ""
	httpapi.WriteJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) customerOrders(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if _, err := s.Store.Customer(r.Context(), id); err != nil {
		return err
	}
	os, err := s.Store.OrdersByCustomer(r.Context(), id)
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"orders": os})
	return nil
}

func (s *Server) getOrder(w http.ResponseWriter, r *http.Request) error {
	o, err := s.Store.Order(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	ships, err := s.Store.ShipmentsByOrder(r.Context(), o.ID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"order": o, "shipments": ships})
	return nil
}

func (s *Server) listConversations(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r, "limit", 100)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	cs, err := s.Store.Conversations(r.Context(), chat.ConversationFilter{
		Status: q.Get("status"), CustomerID: q.Get("customer_id"), AgentID: q.Get("agent_id"), Limit: limit,
	})
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"conversations": cs})
	return nil
}

func (s *Server) getPolicies(w http.ResponseWriter, r *http.Request) error {
	p, err := s.Store.Policies(r.Context())
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) listPromotions(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.Store.Promotions(r.Context())
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"promotions": ps})
	return nil
}

// webhookOrders accepts order and shipment updates from the shop system,
// signed with the shop secret (see docs/api.md). The body is a partial bundle.
func (s *Server) webhookOrders(w http.ResponseWriter, r *http.Request) error {
	body, err := s.verifiedBody(r)
	if err != nil {
		return err
	}
	var b struct {
		Orders    []shop.Order    `json:"orders"`
		Shipments []shop.Shipment `json:"shipments"`
	}
	if err := decodeBytes(body, &b); err != nil {
		return err
	}
	if len(b.Orders) == 0 && len(b.Shipments) == 0 {
		return errStatus(400, "invalid", "the webhook body has no orders and no shipments")
	}
	return s.importBundle(r.Context(), w, &shop.Bundle{Orders: b.Orders, Shipments: b.Shipments})
}

type stockUpdate struct {
	ProductID string `json:"product_id"`
	SKUID     string `json:"sku_id"`
	Stock     int    `json:"stock"`
}

// webhookStock sets SKU stock levels; each update is applied in order.
func (s *Server) webhookStock(w http.ResponseWriter, r *http.Request) error {
	body, err := s.verifiedBody(r)
	if err != nil {
		return err
	}
	var b struct {
		Updates []stockUpdate `json:"updates"`
	}
	if err := decodeBytes(body, &b); err != nil {
		return err
	}
	for i, u := range b.Updates {
		if u.Stock < 0 {
			return errStatus(400, "invalid", "updates[%d].stock must not be negative", i)
		}
	}
	for i, u := range b.Updates {
		if err := s.Store.SetStock(r.Context(), u.ProductID, u.SKUID, u.Stock); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return errStatus(404, "not_found", "updates[%d]: SKU %q of product %q does not exist", i, u.SKUID, u.ProductID)
			}
			return err
		}
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]int{"updated": len(b.Updates)})
	return nil
}

func (s *Server) verifiedBody(r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBundleBody+1))
	if err != nil {
		return nil, errStatus(400, "invalid", "could not read the body")
	}
	if len(body) > maxBundleBody {
		return nil, errStatus(http.StatusRequestEntityTooLarge, "too_large", "webhook body is larger than 64 MiB")
	}
	if err := s.Signer.VerifyWebhook(r.Header.Get("X-Xiaoer-Timestamp"), r.Header.Get("X-Xiaoer-Signature"), body, s.Clock.Now()); err != nil {
		return nil, errStatus(http.StatusUnauthorized, "signature", "webhook rejected: %v", err)
	}
	return body, nil
}
