package server

import (
	"encoding/base64"
	"net/http"
	"strconv"

	"github.com/xiaoer-cs/xiaoer/internal/httpapi"

	"github.com/xiaoer-cs/xiaoer/internal/kb"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

func (s *Server) kbRoutes() {
	if s.KB == nil {
		return
	}
	m := s.mux
	m.HandleFunc("GET /api/v1/admin/kb/documents", s.handle(s.admin(s.kbDocuments)))
	m.HandleFunc("POST /api/v1/admin/kb/documents", s.handle(s.admin(s.kbAddFile)))
	m.HandleFunc("GET /api/v1/admin/kb/documents/{id}", s.handle(s.admin(s.kbDocument)))
	m.HandleFunc("PUT /api/v1/admin/kb/documents/{id}", s.handle(s.admin(s.kbPutDocument)))
	m.HandleFunc("DELETE /api/v1/admin/kb/documents/{id}", s.handle(s.admin(s.kbDeleteDocument)))
	m.HandleFunc("GET /api/v1/admin/kb/faqs", s.handle(s.admin(s.kbFAQs)))
	m.HandleFunc("PUT /api/v1/admin/kb/faqs/{id}", s.handle(s.admin(s.kbPutFAQ)))
	m.HandleFunc("DELETE /api/v1/admin/kb/faqs/{id}", s.handle(s.admin(s.kbDeleteFAQ)))
	m.HandleFunc("GET /api/v1/admin/kb/search", s.handle(s.admin(s.kbSearch)))
	m.HandleFunc("GET /api/v1/admin/kb/unanswered", s.handle(s.admin(s.kbUnanswered)))
	m.HandleFunc("POST /api/v1/admin/kb/unanswered/{id}/teach", s.handle(s.admin(s.kbTeach)))
	m.HandleFunc("POST /api/v1/admin/kb/unanswered/{id}/dismiss", s.handle(s.admin(s.kbDismiss)))
}

func (s *Server) kbDocuments(w http.ResponseWriter, r *http.Request) error {
	ds, err := s.Store.Documents(r.Context())
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"documents": ds})
	return nil
}

func (s *Server) kbDocument(w http.ResponseWriter, r *http.Request) error {
	d, err := s.Store.Document(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, d)
	return nil
}

type addFileRequest struct {
	// Name is the file name; its extension selects the parser (.md, .txt, .html, .csv, .xlsx, .json, .srt).
	Name string `json:"name"`
	// Content is a text file's content; ContentBase64 any file's bytes
	// (an XLSX sheet is binary and cannot travel as a JSON string).
	Content       string `json:"content,omitempty"`
	ContentBase64 string `json:"content_base64,omitempty"`
	kb.ParseMeta
}

// kbAddFile ingests a file's content through the same pipeline as `xiaoer kb add`.
func (s *Server) kbAddFile(w http.ResponseWriter, r *http.Request) error {
	var req addFileRequest
	if err := decode(r, maxBundleBody, &req); err != nil {
		return err
	}
	if req.Name == "" || (req.Content == "") == (req.ContentBase64 == "") {
		return errStatus(400, "invalid", "name (with an extension such as .md) and exactly one of content (text) or content_base64 (any file, e.g. .xlsx) are required")
	}
	data := []byte(req.Content)
	if req.ContentBase64 != "" {
		var err error
		if data, err = base64.StdEncoding.DecodeString(req.ContentBase64); err != nil {
			return errStatus(400, "invalid", "content_base64 of %s is not base64: %v", req.Name, err)
		}
	}
	res, err := s.KB.AddFile(r.Context(), req.Name, data, req.ParseMeta)
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, res)
	return nil
}

func (s *Server) kbPutDocument(w http.ResponseWriter, r *http.Request) error {
	var d shop.KnowledgeDoc
	if err := decode(r, maxBundleBody, &d); err != nil {
		return err
	}
	if d.ID != "" && d.ID != r.PathValue("id") {
		return errStatus(400, "invalid", "the id in the body (%q) differs from the URL", d.ID)
	}
	d.ID = r.PathValue("id")
	if err := s.KB.PutDocument(r.Context(), d); err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]string{"id": d.ID})
	return nil
}

func (s *Server) kbDeleteDocument(w http.ResponseWriter, r *http.Request) error {
	if err := s.KB.DeleteDocument(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) kbFAQs(w http.ResponseWriter, r *http.Request) error {
	fs, err := s.Store.FAQs(r.Context())
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"faqs": fs})
	return nil
}

func (s *Server) kbPutFAQ(w http.ResponseWriter, r *http.Request) error {
	var f shop.FAQ
	if err := decode(r, maxBody, &f); err != nil {
		return err
	}
	if f.ID != "" && f.ID != r.PathValue("id") {
		return errStatus(400, "invalid", "the id in the body (%q) differs from the URL", f.ID)
	}
	f.ID = r.PathValue("id")
	if err := s.KB.PutFAQ(r.Context(), f); err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]string{"id": f.ID})
	return nil
}

func (s *Server) kbDeleteFAQ(w http.ResponseWriter, r *http.Request) error {
	if err := s.KB.DeleteFAQ(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// kbSearch returns ranked passages with explained scores and the answer the bot would give.
func (s *Server) kbSearch(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query().Get("q")
	if q == "" {
		return errStatus(400, "invalid", "query parameter q is required")
	}
	k, err := intParam(r, "k", 5)
	if err != nil {
		return err
	}
	if k == 0 {
		k = 5 // as when k is absent
	}
	k = min(k, 50)
	// One search serves the listing and the answer (whose suggestions need
	// the first kb.SuggestCandidates hits).
	query := kb.Query{ProductID: r.URL.Query().Get("product_id"), K: max(k, kb.SuggestCandidates), Suggest: true}
	hits, err := s.KB.Search(r.Context(), q, query)
	if err != nil {
		return err
	}
	ans := s.KB.Index().AnswerHits(q, hits, query)
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"hits": hits[:min(len(hits), k)], "answer": ans})
	return nil
}

func (s *Server) kbUnanswered(w http.ResponseWriter, r *http.Request) error {
	list, err := s.KB.Unanswered(r.Context(), r.URL.Query().Get("status"))
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"unanswered": list})
	return nil
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, errStatus(400, "invalid", "unanswered id %q must be a number", r.PathValue("id"))
	}
	return id, nil
}

// kbTeach turns an unanswered question into a FAQ entry or a document section.
func (s *Server) kbTeach(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req kb.TeachRequest
	if err := decode(r, maxBody, &req); err != nil {
		return err
	}
	res, err := s.KB.Teach(r.Context(), id, req)
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, res)
	return nil
}

func (s *Server) kbDismiss(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.KB.Dismiss(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
