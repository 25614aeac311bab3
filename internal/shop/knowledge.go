package shop

import "time"

// Knowledge document kinds.
const (
	DocProductPage  = "product_page"
	DocSOP          = "sop"
	DocFAQ          = "faq"
	DocConversation = "conversation" // an exemplary past conversation
	DocTranscript   = "transcript"   // live-stream explanation
	DocNote         = "note"
)

// KnowledgeDoc is a document the merchant feeds the bot. Indexing and
// retrieval live in the kb package; this is the stored form.
type KnowledgeDoc struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Kind  string `json:"kind"`
	// Format of Body: markdown, text or html.
	Format     string    `json:"format"`
	Source     string    `json:"source,omitempty"` // file name or URL it came from
	ProductIDs []string  `json:"product_ids,omitempty"`
	Body       string    `json:"body"`
	UpdatedAt  time.Time `json:"updated_at,omitempty"`
}

// FAQ is one question/answer pair.
type FAQ struct {
	ID         string    `json:"id"`
	Question   string    `json:"question"`
	Alternates []string  `json:"alternates,omitempty"` // other phrasings
	Answer     string    `json:"answer"`
	ProductIDs []string  `json:"product_ids,omitempty"`
	Tags       []string  `json:"tags,omitempty"`
	UpdatedAt  time.Time `json:"updated_at,omitempty"`
}

// Unanswered is a question the bot could not answer well, aggregated by its
// normalised form so merchants see what to teach first.
type Unanswered struct {
	ID              int64     `json:"id"`
	Question        string    `json:"question"`   // a representative phrasing
	Normalized      string    `json:"normalized"` // aggregation key
	Count           int       `json:"count"`
	Examples        []string  `json:"examples,omitempty"` // up to a handful of raw phrasings
	ConversationIDs []string  `json:"conversation_ids,omitempty"`
	Status          string    `json:"status"`               // open, taught, dismissed
	Resolution      string    `json:"resolution,omitempty"` // e.g. faq:FAQ-123
	FirstSeen       time.Time `json:"first_seen"`
	LastSeen        time.Time `json:"last_seen"`
}
