package console

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xiaoer-cs/xiaoer/internal/httpapi"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/team"
)

// copilotResponse is what the copilot offers for the conversation's last
// shopper message: drafted replies (the agent edits before sending),
// knowledge passages and matching canned responses.
type copilotResponse struct {
	Question    string            `json:"question"`
	Suggestions []Suggestion      `json:"suggestions"`
	Snippets    []Snippet         `json:"snippets"`
	Canned      []team.Canned     `json:"canned"`
	Resolutions map[string]string `json:"resolutions"`
}

// askForHuman matches messages that only ask for a person; the copilot
// looks past them to the shopper's actual question.
var askForHuman = regexp.MustCompile(`^\s*(转|找|要|接)?(人工|真人|客服)(客服)?\s*[!!。.]*\s*$|^我要(投诉|人工)`)

func lastCustomerText(msgs []chat.Message) string {
	fallback := ""
	for i := len(msgs) - 1; i >= 0; i-- {
		m := msgs[i]
		if m.Role != chat.RoleCustomer || m.Text == "[图片]" {
			continue
		}
		if askForHuman.MatchString(m.Text) {
			if fallback == "" {
				fallback = m.Text
			}
			continue
		}
		return m.Text
	}
	return fallback
}

func (c *Console) copilot(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	conv, err := c.d.Store.Conversation(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	msgs, err := c.d.Store.Messages(ctx, conv.ID, 0, 0)
	if err != nil {
		return err
	}
	q := lastCustomerText(msgs)
	res := copilotResponse{Question: q, Suggestions: []Suggestion{}, Snippets: []Snippet{}, Canned: []team.Canned{}, Resolutions: ResolutionCodes}
	if c.d.Knowledge != nil && q != "" {
		sn, err := c.d.Knowledge.Search(ctx, q, conv.ProductID, 3)
		if err != nil {
			c.d.Log.Warn("copilot knowledge search", "err", err)
		}
		res.Snippets = append(res.Snippets, sn...)
	}
	if c.d.Suggester != nil {
		ss, err := c.d.Suggester.Suggest(ctx, conv, msgs)
		if err != nil {
			c.d.Log.Warn("copilot suggester", "err", err)
		}
		res.Suggestions = append(res.Suggestions, ss...)
	}
	res.Suggestions = append(res.Suggestions, c.templateSuggestions(ctx, conv, msgs, res.Snippets)...)
	res.Suggestions = dedupe(res.Suggestions, 4)
	canned, err := c.d.Store.CannedResponses(ctx)
	if err != nil {
		return err
	}
	for _, k := range canned {
		if q != "" && (strings.Contains(q, strings.TrimPrefix(k.Shortcut, "/")) || strings.Contains(q, k.Title)) {
			res.Canned = append(res.Canned, k)
		}
	}
	httpapi.WriteJSON(w, http.StatusOK, res)
	return nil
}

// templateSuggestions drafts replies without the bot: an opening adapted to
// the shopper's mood and name, the best knowledge passage, and the bot's own
// last answer for the agent to confirm.
func (c *Console) templateSuggestions(ctx context.Context, conv chat.Conversation, msgs []chat.Message, snippets []Snippet) []Suggestion {
	name := "亲"
	if conv.CustomerID != "" {
		if cu, err := c.d.Store.Customer(ctx, conv.CustomerID); err == nil && cu.Nickname != "" {
			name = cu.Nickname
		}
	}
	p := packetOf(conv, msgs)
	emotion := ""
	if len(p.Emotions) > 0 {
		emotion = p.Emotions[len(p.Emotions)-1]
	}
	var out []Suggestion
	switch emotion {
	case "angry", "disappointed":
		out = append(out, Suggestion{Source: "template:apology",
			Text: name + ",非常抱歉给您带来不好的体验!我是人工客服,已经看过您和机器人的对话,现在马上为您处理。"})
	case "anxious":
		out = append(out, Suggestion{Source: "template:reassure",
			Text: name + ",您别着急,我是人工客服,已经了解您的情况,这就帮您加急处理。"})
	default:
		out = append(out, Suggestion{Source: "template:greeting",
			Text: name + ",您好!我是人工客服,已经看过您之前的咨询,请问还有什么可以帮您?"})
	}
	for _, s := range snippets {
		if t := strings.TrimSpace(s.Text); t != "" {
			out = append(out, Suggestion{Source: "knowledge:" + s.DocID, Text: "关于您的问题:" + truncateRunes(t, 160)})
			break
		}
	}
	for i := len(msgs) - 1; i >= 0; i-- {
		m := msgs[i]
		if m.Role == chat.RoleBot && !strings.Contains(m.Text, "转接") && !strings.Contains(m.Text, "出了点问题") {
			out = append(out, Suggestion{Source: "bot:last_answer", Text: m.Text})
			break
		}
	}
	return out
}

func dedupe(ss []Suggestion, n int) []Suggestion {
	var out []Suggestion
	for _, s := range ss {
		if strings.TrimSpace(s.Text) == "" || slices.ContainsFunc(out, func(o Suggestion) bool { return o.Text == s.Text }) {
			continue
		}
		out = append(out, s)
		if len(out) == n {
			break
		}
	}
	if out == nil {
		out = []Suggestion{}
	}
	return out
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// ResponderSuggester drafts a reply by asking a bot what it would answer to
// the shopper's last message, so the copilot uses the same skills and
// knowledge base as the bot. The responder must be side-effect free (no
// cases created, no questions logged): the app builds a bot with read-only
// dependencies for this.
func ResponderSuggester(r chat.Responder) Suggester { return responderSuggester{r} }

type responderSuggester struct{ r chat.Responder }

func (s responderSuggester) Suggest(ctx context.Context, conv chat.Conversation, history []chat.Message) ([]Suggestion, error) {
	last := -1
	for i := len(history) - 1; i >= 0; i-- {
		if history[i].Role == chat.RoleCustomer && history[i].Text != "[图片]" && !askForHuman.MatchString(history[i].Text) {
			last = i
			break
		}
	}
	if last < 0 {
		return nil, nil
	}
	var before []chat.Message
	for _, m := range history[:last+1] {
		if m.Role != chat.RoleNote {
			before = append(before, m)
		}
	}
	resp, err := s.r.Respond(ctx, conv, history[last], before)
	if err != nil {
		return nil, err
	}
	var out []Suggestion
	for _, rep := range resp.Replies {
		var lines []string
		for _, l := range strings.Split(rep.Text, "\n") {
			// The bot's own handoff phrases make no sense from a person.
			if strings.Contains(l, "转接") || strings.Contains(l, "人工客服") {
				continue
			}
			lines = append(lines, l)
		}
		if t := strings.TrimSpace(strings.Join(lines, "\n")); t != "" {
			out = append(out, Suggestion{Text: t, Source: "bot:skills"})
		}
	}
	return out, nil
}
