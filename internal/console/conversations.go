package console

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/xiaoer-cs/xiaoer/internal/httpapi"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/store"
	"github.com/xiaoer-cs/xiaoer/internal/team"
)

// mayAct says whether agent a may act on conv: their own, an unassigned
// one waiting in the queue, or any (supervisors and admins).
func mayAct(a team.Agent, conv chat.Conversation) bool {
	return conv.AgentID == a.ID || team.AtLeast(a.Role, team.RoleSupervisor) ||
		conv.AgentID == "" && conv.Status != chat.StatusHuman
}

func (c *Console) publish(conv chat.Conversation) {
	conv.State = nil
	c.d.Chat.Hub().Publish(chat.Event{Type: chat.EventConversation, ConversationID: conv.ID, Conversation: &conv})
}

// system posts a message the shopper sees as a notice, with a payload the
// widget reads (event: agent_joined, handback, closed).
func (c *Console) system(ctx context.Context, convID, text string, payload map[string]any) error {
	b, _ := json.Marshal(payload)
	_, err := c.d.Chat.PostAs(ctx, convID, chat.RoleSystem, "system", text, b)
	return err
}

// assign gives a conversation to an agent, tells the shopper a person has
// joined and publishes the change.
func (c *Console) assign(ctx context.Context, convID string, a team.Agent, how string) error {
	changed := false
	conv, err := c.d.Chat.Modify(ctx, convID, func(conv *chat.Conversation) error {
		if conv.Status == chat.StatusClosed {
			return chat.ErrClosed
		}
		if conv.AgentID == a.ID && conv.Status == chat.StatusHuman {
			return chat.ErrNoChange
		}
		conv.AgentID, conv.Status, changed = a.ID, chat.StatusHuman, true
		return nil
	})
	if err != nil || !changed {
		return err
	}
	c.d.Log.Info("conversation assigned", "conversation", convID, "agent", a.ID, "how", how)
	if err := c.system(ctx, convID, "人工客服「"+a.Name+"」已接入,很高兴为您服务", map[string]any{"event": "agent_joined", "agent_name": a.Name}); err != nil {
		return err
	}
	c.publish(conv)
	return nil
}

// conversationView is everything the console shows about one conversation.
type conversationView struct {
	QueueItem
	Messages []chat.Message `json:"messages"`
	CanAct   bool           `json:"can_act"`
}

func (c *Console) conversation(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	conv, err := c.d.Store.Conversation(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	names, _, err := c.agentNames(ctx)
	if err != nil {
		return err
	}
	it, err := c.item(ctx, conv, c.d.Clock.Now(), names)
	if err != nil {
		return err
	}
	msgs, err := c.d.Store.Messages(ctx, conv.ID, 0, 0)
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, conversationView{QueueItem: it, Messages: msgs, CanAct: mayAct(me(r), conv)})
	return nil
}

// actable loads a conversation the caller may act on.
func (c *Console) actable(r *http.Request) (chat.Conversation, error) {
	conv, err := c.d.Store.Conversation(r.Context(), r.PathValue("id"))
	if err != nil {
		return conv, err
	}
	if !mayAct(me(r), conv) {
		return conv, errNotYours
	}
	return conv, nil
}

// actableOpen is actable for actions that need the conversation still open.
func (c *Console) actableOpen(r *http.Request) (chat.Conversation, error) {
	conv, err := c.actable(r)
	if err != nil {
		return conv, err
	}
	if conv.Status == chat.StatusClosed {
		return conv, chat.ErrClosed
	}
	return conv, nil
}

type textRequest struct {
	Text string `json:"text"`
}

// reply sends an agent's message to the shopper, taking the conversation
// first if it is still waiting in the queue.
func (c *Console) reply(w http.ResponseWriter, r *http.Request) error {
	var req textRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	conv, err := c.actableOpen(r)
	if err != nil {
		return err
	}
	a := me(r)
	if conv.AgentID == "" {
		if err := c.assign(r.Context(), conv.ID, a, "reply"); err != nil {
			return err
		}
	}
	if len([]rune(req.Text)) > chat.MaxMessageRunes {
		return errStatus(400, "invalid", "回复最多 %d 字", chat.MaxMessageRunes)
	}
	payload, _ := json.Marshal(map[string]string{"agent_name": a.Name})
	m, err := c.d.Chat.PostAs(r.Context(), conv.ID, chat.RoleAgent, a.ID, req.Text, payload)
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusCreated, map[string]any{"message": m})
	return nil
}

// note adds an internal note: stored with the conversation, never shown to
// the shopper (the conversation API and event stream filter role "note").
func (c *Console) note(w http.ResponseWriter, r *http.Request) error {
	var req textRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	conv, err := c.d.Store.Conversation(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	a := me(r)
	payload, _ := json.Marshal(map[string]string{"agent_name": a.Name})
	m, err := c.d.Chat.PostAs(r.Context(), conv.ID, chat.RoleNote, a.ID, req.Text, payload)
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusCreated, map[string]any{"message": m})
	return nil
}

func (c *Console) pick(w http.ResponseWriter, r *http.Request) error {
	conv, err := c.actable(r)
	if err != nil {
		return err
	}
	a := me(r)
	if conv.AgentID != "" && conv.AgentID != a.ID && !team.AtLeast(a.Role, team.RoleSupervisor) {
		return errNotYours
	}
	if err := c.assign(r.Context(), conv.ID, a, "pick"); err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]bool{"ok": true})
	return nil
}

type transferRequest struct {
	AgentID string `json:"agent_id"`
	Note    string `json:"note"`
}

// transfer hands a conversation to another agent, with an optional note.
func (c *Console) transfer(w http.ResponseWriter, r *http.Request) error {
	var req transferRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	conv, err := c.actable(r)
	if err != nil {
		return err
	}
	to, err := c.d.Store.Agent(r.Context(), req.AgentID)
	if errors.Is(err, store.ErrNotFound) || err == nil && to.Disabled {
		return errStatus(400, "invalid", "目标客服不存在或已停用 (no such agent)")
	}
	if err != nil {
		return err
	}
	a := me(r)
	text := "会话由「" + a.Name + "」转给「" + to.Name + "」"
	if n := strings.TrimSpace(req.Note); n != "" {
		text += ":" + n
	}
	payload, _ := json.Marshal(map[string]string{"agent_name": a.Name, "event": "transfer"})
	if _, err := c.d.Chat.PostAs(r.Context(), conv.ID, chat.RoleNote, a.ID, text, payload); err != nil {
		return err
	}
	if err := c.assign(r.Context(), conv.ID, to, "transfer"); err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]bool{"ok": true})
	return nil
}

// handback returns the conversation to the bot.
func (c *Console) handback(w http.ResponseWriter, r *http.Request) error {
	conv, err := c.actable(r)
	if err != nil {
		return err
	}
	conv, err = c.d.Chat.Modify(r.Context(), conv.ID, func(conv *chat.Conversation) error {
		if conv.Status == chat.StatusClosed {
			return chat.ErrClosed
		}
		conv.Status, conv.AgentID = chat.StatusBot, ""
		return nil
	})
	if err != nil {
		return err
	}
	if err := c.system(r.Context(), conv.ID, "已为您转回智能客服小二,有需要随时叫我~", map[string]any{"event": "handback"}); err != nil {
		return err
	}
	c.publish(conv)
	httpapi.WriteJSON(w, http.StatusOK, map[string]bool{"ok": true})
	return nil
}

// ResolutionCodes are the outcomes an agent closes a conversation with.
var ResolutionCodes = map[string]string{
	"answered":    "已解答",
	"order_fixed": "订单问题已处理",
	"aftersales":  "已建售后单",
	"compensated": "已补偿",
	"sale":        "促成下单",
	"no_response": "顾客无回应",
	"invalid":     "无效咨询",
	"escalated":   "已升级处理",
}

var resolutionRe = regexp.MustCompile(`^[a-z_]{1,30}$`)

type closeRequest struct {
	Resolution string `json:"resolution"`
}

// closeConversation ends the conversation with a resolution code and asks
// the shopper for a rating.
func (c *Console) closeConversation(w http.ResponseWriter, r *http.Request) error {
	var req closeRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if _, ok := ResolutionCodes[req.Resolution]; !ok || !resolutionRe.MatchString(req.Resolution) {
		return errStatus(400, "invalid", "resolution must be one of the resolution codes")
	}
	conv, err := c.actable(r)
	if err != nil {
		return err
	}
	conv, err = c.d.Chat.Modify(r.Context(), conv.ID, func(conv *chat.Conversation) error {
		if conv.Status == chat.StatusClosed {
			return chat.ErrClosed
		}
		conv.Status = chat.StatusClosed
		conv.Tags = slices.DeleteFunc(conv.Tags, func(t string) bool { return strings.HasPrefix(t, "resolution:") })
		conv.Tags = append(conv.Tags, "resolution:"+req.Resolution)
		if conv.AgentID == "" {
			conv.AgentID = me(r).ID
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := c.system(r.Context(), conv.ID, "本次会话已结束,感谢您的耐心。请为我们的服务打个分吧~", map[string]any{"event": "closed", "csat_request": true}); err != nil {
		return err
	}
	c.publish(conv)
	httpapi.WriteJSON(w, http.StatusOK, map[string]bool{"ok": true})
	return nil
}
