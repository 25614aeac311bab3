package console

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xiaoer-cs/xiaoer/internal/httpapi"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/team"
)

func (c *Console) listCanned(w http.ResponseWriter, r *http.Request) error {
	cs, err := c.d.Store.CannedResponses(r.Context())
	if err != nil {
		return err
	}
	if cs == nil {
		cs = []team.Canned{}
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"canned": cs})
	return nil
}

func (c *Console) saveCanned(w http.ResponseWriter, r *http.Request) error {
	var k team.Canned
	if err := decode(r, &k); err != nil {
		return err
	}
	if k.ID == "" {
		k.ID = chat.NewID("cr")
	}
	if err := team.ValidateCanned(k); err != nil {
		return err
	}
	k.UpdatedAt = c.d.Clock.Now()
	if err := c.d.Store.UpsertCanned(r.Context(), k); err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, k)
	return nil
}

func (c *Console) deleteCanned(w http.ResponseWriter, r *http.Request) error {
	if err := c.d.Store.DeleteCanned(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]bool{"ok": true})
	return nil
}

// agentView is an agent with their live state (supervisors see everyone's).
type agentView struct {
	team.Agent
	Online bool `json:"online"`
	Load   int  `json:"load"`
}

// listAgents lists agents; every agent needs the list to transfer.
func (c *Console) listAgents(w http.ResponseWriter, r *http.Request) error {
	as, err := c.d.Store.Agents(r.Context())
	if err != nil {
		return err
	}
	out := []agentView{}
	for _, a := range as {
		n, err := c.load(r.Context(), a.ID)
		if err != nil {
			return err
		}
		out = append(out, agentView{Agent: a, Online: c.presence.isOnline(a.ID), Load: n})
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"agents": out})
	return nil
}

type agentRequest struct {
	Login    string `json:"login"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	Password string `json:"password"`
	MaxChats int    `json:"max_chats"`
	Disabled bool   `json:"disabled"`
}

func (c *Console) createAgent(w http.ResponseWriter, r *http.Request) error {
	var req agentRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	now := c.d.Clock.Now()
	a := team.Agent{ID: chat.NewID("ag"), Login: strings.TrimSpace(req.Login), Name: strings.TrimSpace(req.Name), Role: req.Role,
		MaxChats: req.MaxChats, CreatedAt: now, UpdatedAt: now}
	if err := team.ValidateAgent(a); err != nil {
		return err
	}
	h, err := HashPassword(req.Password, c.d.BcryptCost)
	if err != nil {
		return err
	}
	a.PasswordHash = h
	if err := c.d.Store.CreateAgent(r.Context(), a); err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusCreated, a)
	return nil
}

// updateAgent changes an agent's name, role, capacity, status or password.
// An admin cannot demote or disable themselves (the shop would be locked out).
func (c *Console) updateAgent(w http.ResponseWriter, r *http.Request) error {
	var req agentRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	a, err := c.d.Store.Agent(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if a.ID == me(r).ID && (req.Role != team.RoleAdmin || req.Disabled) {
		return errStatus(400, "invalid", "您不能降低自己的角色或停用自己 (you cannot demote or disable yourself)")
	}
	a.Name, a.Role, a.MaxChats, a.Disabled = strings.TrimSpace(req.Name), req.Role, req.MaxChats, req.Disabled
	a.UpdatedAt = c.d.Clock.Now()
	if err := team.ValidateAgent(a); err != nil {
		return err
	}
	logout := a.Disabled
	if req.Password != "" {
		if a.PasswordHash, err = HashPassword(req.Password, c.d.BcryptCost); err != nil {
			return err
		}
		logout = true
	}
	if err := c.d.Store.UpdateAgent(r.Context(), a); err != nil {
		return err
	}
	if logout {
		if err := c.d.Store.DeleteAgentSessions(r.Context(), a.ID); err != nil {
			return err
		}
	}
	httpapi.WriteJSON(w, http.StatusOK, a)
	return nil
}

func (c *Console) getBoundaries(w http.ResponseWriter, r *http.Request) error {
	p, err := c.d.Store.Policies(r.Context())
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"bot_limits": p.BotLimits, "editable": c.d.Boundaries != nil})
	return nil
}

// putBoundaries sets what the bot may do alone: intents that always go to a
// person and the compensation, coupon and refund caps.
func (c *Console) putBoundaries(w http.ResponseWriter, r *http.Request) error {
	if c.d.Boundaries == nil {
		return errStatus(http.StatusNotImplemented, "unavailable", "editing the bot's boundaries is not available in this build")
	}
	var l shop.BotLimits
	if err := decode(r, &l); err != nil {
		return err
	}
	if l.MaxCompensation < 0 || l.MaxCoupon < 0 || l.MaxAutoRefund < 0 || l.MaxBotTurnsUnresolved < 0 || l.MaxBotTurnsUnresolved > 10 {
		return errStatus(400, "invalid", "caps must not be negative; max_bot_turns_unresolved is 0-10")
	}
	if err := c.d.Boundaries.SetBotLimits(r.Context(), l); err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"bot_limits": l})
	return nil
}

// knowledge adapts a handler of the knowledge pages, which need the
// knowledge admin, to the plain handler shape.
func (c *Console) knowledge(h func(ka KnowledgeAdmin, w http.ResponseWriter, r *http.Request) error) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if c.d.KnowledgeAdmin == nil {
			return errStatus(http.StatusNotImplemented, "unavailable", "the knowledge base is not available in this build")
		}
		return h(c.d.KnowledgeAdmin, w, r)
	}
}

func (c *Console) listDocs(ka KnowledgeAdmin, w http.ResponseWriter, r *http.Request) error {
	ds, err := ka.Documents(r.Context())
	if err != nil {
		return err
	}
	for i := range ds {
		ds[i].Body = truncateRunes(ds[i].Body, 300)
	}
	if ds == nil {
		ds = []shop.KnowledgeDoc{}
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"documents": ds})
	return nil
}

func (c *Console) putDoc(ka KnowledgeAdmin, w http.ResponseWriter, r *http.Request) error {
	var d shop.KnowledgeDoc
	if err := decode(r, &d); err != nil {
		return err
	}
	if strings.TrimSpace(d.Title) == "" || strings.TrimSpace(d.Body) == "" {
		return errStatus(400, "invalid", "title and body are required")
	}
	if d.ID == "" {
		d.ID = chat.NewID("doc")
	}
	if d.Format == "" {
		d.Format = "text"
	}
	if d.Kind == "" {
		d.Kind = shop.DocNote
	}
	d.UpdatedAt = c.d.Clock.Now()
	if err := ka.PutDocument(r.Context(), d); err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, d)
	return nil
}

func (c *Console) deleteDoc(ka KnowledgeAdmin, w http.ResponseWriter, r *http.Request) error {
	if err := ka.DeleteDocument(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]bool{"ok": true})
	return nil
}

func (c *Console) listUnanswered(ka KnowledgeAdmin, w http.ResponseWriter, r *http.Request) error {
	us, err := ka.Unanswered(r.Context(), r.URL.Query().Get("status"))
	if err != nil {
		return err
	}
	out := make([]unansweredEntry, len(us))
	var open []shop.Unanswered
	var at []int
	for i, u := range us {
		out[i].Unanswered = u
		// The documents to offer for "add to a document": only for the
		// first open entries, which an admin works through first, to keep
		// the list fast.
		if len(open) < maxRelatedEntries && u.Status == "open" {
			open, at = append(open, u), append(at, i)
		}
	}
	if len(open) > 0 {
		rel, err := ka.Related(r.Context(), open, 3)
		if err != nil {
			return err
		}
		for j, i := range at {
			if j < len(rel) {
				out[i].Related = rel[j]
			}
		}
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"unanswered": out})
	return nil
}

// unansweredEntry is an unanswered question with the documents its answer
// most likely belongs in.
type unansweredEntry struct {
	shop.Unanswered
	Related []DocRef `json:"related,omitempty"`
}

// maxRelatedEntries is how many entries of the unanswered list get related
// documents.
const maxRelatedEntries = 100

type teachRequest struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
	// DocumentID adds the answer to that document as a section; empty
	// creates an FAQ.
	DocumentID string `json:"document_id,omitempty"`
}

func (c *Console) teach(ka KnowledgeAdmin, w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errStatus(400, "invalid", "id must be a number")
	}
	var req teachRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if strings.TrimSpace(req.Answer) == "" {
		return errStatus(400, "invalid", "answer is required")
	}
	if err := ka.Teach(r.Context(), id, strings.TrimSpace(req.Question), strings.TrimSpace(req.Answer), strings.TrimSpace(req.DocumentID)); err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]bool{"ok": true})
	return nil
}

func (c *Console) dismiss(ka KnowledgeAdmin, w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errStatus(400, "invalid", "id must be a number")
	}
	if err := ka.Dismiss(r.Context(), id); err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]bool{"ok": true})
	return nil
}

func (c *Console) listFAQs(ka KnowledgeAdmin, w http.ResponseWriter, r *http.Request) error {
	fs, err := ka.FAQs(r.Context())
	if err != nil {
		return err
	}
	if fs == nil {
		fs = []shop.FAQ{}
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"faqs": fs})
	return nil
}

func (c *Console) deleteFAQ(ka KnowledgeAdmin, w http.ResponseWriter, r *http.Request) error {
	if err := ka.DeleteFAQ(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]bool{"ok": true})
	return nil
}

// maxKnowledgeFile bounds an uploaded knowledge file (before base64).
const maxKnowledgeFile = 16 << 20

type knowledgeFileRequest struct {
	// Name is the file's name; its extension selects the parser.
	Name string `json:"name"`
	// ContentBase64 is the file's bytes (XLSX is binary, so every file is
	// sent the same way).
	ContentBase64 string   `json:"content_base64"`
	ProductIDs    []string `json:"product_ids,omitempty"`
}

// addKnowledgeFile ingests an uploaded file through the same pipeline as
// `xiaoer kb add`: re-uploading a file replaces what it added before.
func (c *Console) addKnowledgeFile(ka KnowledgeAdmin, w http.ResponseWriter, r *http.Request) error {
	var req knowledgeFileRequest
	if err := decodeLimit(r, &req, maxKnowledgeFile*4/3+4096); err != nil {
		return err
	}
	name := strings.TrimSpace(req.Name)
	if name == "" || req.ContentBase64 == "" {
		return errStatus(400, "invalid", "name (with an extension such as .md, .html, .csv or .xlsx) and content_base64 are required")
	}
	data, err := base64.StdEncoding.DecodeString(req.ContentBase64)
	if err != nil {
		return errStatus(400, "invalid", "content_base64 of %s is not base64: %v", name, err)
	}
	if len(data) == 0 {
		return errStatus(400, "invalid", "%s is empty", name)
	}
	res, err := ka.AddFile(r.Context(), name, data, cleanIDs(req.ProductIDs))
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, res)
	return nil
}

func cleanIDs(ids []string) []string {
	var out []string
	for _, id := range ids {
		if id = strings.TrimSpace(id); id != "" {
			out = append(out, id)
		}
	}
	return out
}

// tryKnowledge shows what the knowledge base answers to a question and the
// passages it weighed, without logging the question as unanswered.
func (c *Console) tryKnowledge(ka KnowledgeAdmin, w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		return errStatus(400, "invalid", "query parameter q (the question to try) is required")
	}
	if utf8.RuneCountInString(q) > maxTrialRunes {
		return errStatus(400, "invalid", "the question is longer than %d characters", maxTrialRunes)
	}
	tr, err := ka.Try(r.Context(), q, strings.TrimSpace(r.URL.Query().Get("product_id")))
	if err != nil {
		return err
	}
	if tr.Passages == nil {
		tr.Passages = []TrialPassage{}
	}
	httpapi.WriteJSON(w, http.StatusOK, tr)
	return nil
}

// maxTrialRunes bounds a trial question, like a shopper's message.
const maxTrialRunes = 500
