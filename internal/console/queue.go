package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/httpapi"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/store"
	"github.com/xiaoer-cs/xiaoer/internal/team"
)

// Packet is the handoff packet as the console shows it: what the bot
// recorded at handoff (see RecordHandoffs), or what can be rebuilt from the
// conversation when no packet was recorded.
type Packet struct {
	Reason   string   `json:"reason,omitempty"`
	Summary  string   `json:"summary"`
	Intents  []string `json:"intents"`
	Emotions []string `json:"emotion_trajectory"`
	// Raw is the bot's full packet (orders, customer, what the bot said).
	Raw json.RawMessage `json:"raw,omitempty"`
}

var emotionRe = regexp.MustCompile(`情绪[::]\s*([a-z]+)`)

// packetOf finds the latest recorded handoff packet among the messages, or
// rebuilds a minimal one from the conversation's summary and tags.
func packetOf(conv chat.Conversation, msgs []chat.Message) Packet {
	for i := len(msgs) - 1; i >= 0; i-- {
		m := msgs[i]
		if m.Role != chat.RoleNote || len(m.Payload) == 0 {
			continue
		}
		var hn HandoffNote
		if json.Unmarshal(m.Payload, &hn) != nil || len(hn.Handoff) == 0 {
			continue
		}
		var p Packet
		if json.Unmarshal(hn.Handoff, &p) == nil {
			p.Raw = hn.Handoff
			if p.Summary == "" {
				p.Summary = conv.Summary
			}
			return p
		}
	}
	p := Packet{Summary: conv.Summary, Intents: []string{}, Emotions: []string{}}
	for _, t := range conv.Tags {
		if in, ok := strings.CutPrefix(t, "intent:"); ok {
			p.Intents = append(p.Intents, in)
		}
	}
	if m := emotionRe.FindStringSubmatch(conv.Summary); m != nil {
		p.Emotions = append(p.Emotions, m[1])
	}
	return p
}

// Urgency is why a conversation is where it is in the queue.
type Urgency struct {
	Score   int      `json:"score"`
	Reasons []string `json:"reasons"`
}

// urgencyOf scores a waiting conversation: an angry or escalating shopper,
// a long wait, a valuable customer and a hot sales lead all move it up.
// The weights are a starting point a merchant can reason about: a furious
// shopper (40) outranks a ten-minute wait (20), which outranks a gold member (20
// vs 10 minutes is a tie, broken by the earlier handoff).
func urgencyOf(conv chat.Conversation, p Packet, cust *shop.Customer, now time.Time) Urgency {
	var u Urgency
	add := func(n int, why string) {
		u.Score += n
		u.Reasons = append(u.Reasons, why)
	}
	emotion := ""
	if len(p.Emotions) > 0 {
		emotion = p.Emotions[len(p.Emotions)-1]
	}
	switch emotion {
	case "angry":
		add(40, "情绪激动")
	case "disappointed":
		add(25, "失望")
	case "anxious":
		add(20, "着急")
	}
	if p.Reason == "escalation_threat" || strings.Contains(conv.Summary, "投诉") {
		add(30, "投诉/差评风险")
	}
	if wait := now.Sub(conv.UpdatedAt); wait > 0 {
		mins := int(wait.Minutes())
		if mins > 0 {
			add(min(2*mins, 40), fmt.Sprintf("已等待%d分钟", mins))
		}
	}
	if cust != nil {
		switch cust.MemberLevel {
		case shop.LevelDiamond:
			add(30, "钻石会员")
		case shop.LevelGold:
			add(20, "金卡会员")
		case shop.LevelSilver:
			add(10, "银卡会员")
		}
	}
	if slices.Contains(conv.Tags, "hot_lead") {
		add(15, "高购买意向")
	}
	if u.Reasons == nil {
		u.Reasons = []string{}
	}
	return u
}

// QueueItem is one conversation in a console list.
type QueueItem struct {
	Conversation chat.Conversation `json:"conversation"`
	Customer     string            `json:"customer"` // nickname or "访客"
	MemberLevel  string            `json:"member_level,omitempty"`
	Packet       Packet            `json:"packet"`
	Urgency      Urgency           `json:"urgency"`
	AgentName    string            `json:"agent_name,omitempty"`
}

func (c *Console) item(ctx context.Context, conv chat.Conversation, now time.Time, names map[string]string) (QueueItem, error) {
	msgs, err := c.d.Store.Messages(ctx, conv.ID, 0, 0)
	if err != nil {
		return QueueItem{}, err
	}
	conv.State = nil
	it := QueueItem{Conversation: conv, Customer: "访客", Packet: packetOf(conv, msgs), AgentName: names[conv.AgentID]}
	var cust *shop.Customer
	if conv.CustomerID != "" {
		cu, err := c.d.Store.Customer(ctx, conv.CustomerID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return QueueItem{}, err
		}
		if err == nil {
			cust = &cu
			it.Customer = cu.Nickname
			it.MemberLevel = shop.MemberLevelLabel(cu.MemberLevel)
		}
	}
	it.Urgency = urgencyOf(conv, it.Packet, cust, now)
	return it, nil
}

func (c *Console) agentNames(ctx context.Context) (map[string]string, []team.Agent, error) {
	as, err := c.d.Store.Agents(ctx)
	if err != nil {
		return nil, nil, err
	}
	names := map[string]string{}
	for _, a := range as {
		names[a.ID] = a.Name
	}
	return names, as, nil
}

// queueResponse lists the conversations an agent works with.
type queueResponse struct {
	// Waiting are handed over and not yet assigned, most urgent first.
	Waiting []QueueItem `json:"waiting"`
	// Mine are assigned to the caller.
	Mine []QueueItem `json:"mine"`
	// Others are assigned to other agents (supervisors and admins only).
	Others []QueueItem `json:"others,omitempty"`
}

func (c *Console) queue(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := me(r)
	now := c.d.Clock.Now()
	names, _, err := c.agentNames(ctx)
	if err != nil {
		return err
	}
	res := queueResponse{Waiting: []QueueItem{}, Mine: []QueueItem{}}
	for _, status := range []string{chat.StatusWaiting, chat.StatusHuman} {
		cs, err := c.d.Store.Conversations(ctx, chat.ConversationFilter{Status: status, Limit: 500})
		if err != nil {
			return err
		}
		for _, conv := range cs {
			it, err := c.item(ctx, conv, now, names)
			if err != nil {
				return err
			}
			switch {
			case conv.AgentID == a.ID:
				res.Mine = append(res.Mine, it)
			case conv.AgentID == "":
				res.Waiting = append(res.Waiting, it)
			case team.AtLeast(a.Role, team.RoleSupervisor):
				res.Others = append(res.Others, it)
			}
		}
	}
	sortByUrgency(res.Waiting)
	sortByUrgency(res.Mine)
	sortByUrgency(res.Others)
	httpapi.WriteJSON(w, http.StatusOK, res)
	return nil
}

func sortByUrgency(items []QueueItem) {
	slices.SortStableFunc(items, func(a, b QueueItem) int {
		if a.Urgency.Score != b.Urgency.Score {
			return b.Urgency.Score - a.Urgency.Score
		}
		return a.Conversation.UpdatedAt.Compare(b.Conversation.UpdatedAt)
	})
}

// assignWaiting gives waiting conversations, most urgent first, to the
// least-loaded online agent with room. Conversations stay in the queue when
// nobody is online or everyone is full; agents may also pick by hand.
func (c *Console) assignWaiting(ctx context.Context) error {
	c.assignMu.Lock()
	defer c.assignMu.Unlock()
	now := c.d.Clock.Now()
	waiting, err := c.d.Store.Conversations(ctx, chat.ConversationFilter{Status: chat.StatusWaiting, Limit: 500})
	if err != nil {
		return err
	}
	var queue []QueueItem
	for _, conv := range waiting {
		if conv.AgentID != "" {
			continue
		}
		it, err := c.item(ctx, conv, now, nil)
		if err != nil {
			return err
		}
		queue = append(queue, it)
	}
	if len(queue) == 0 {
		return nil
	}
	sortByUrgency(queue)
	agents, err := c.d.Store.Agents(ctx)
	if err != nil {
		return err
	}
	load := map[string]int{}
	var online []team.Agent
	for _, a := range agents {
		if a.Disabled || !c.presence.isOnline(a.ID) {
			continue
		}
		online = append(online, a)
		n, err := c.load(ctx, a.ID)
		if err != nil {
			return err
		}
		load[a.ID] = n
	}
	for _, it := range queue {
		var best *team.Agent
		for i := range online {
			a := &online[i]
			if load[a.ID] >= a.Capacity() {
				continue
			}
			if best == nil || load[a.ID] < load[best.ID] {
				best = a
			}
		}
		if best == nil {
			return nil
		}
		if err := c.assign(ctx, it.Conversation.ID, *best, "auto"); err != nil {
			return err
		}
		load[best.ID]++
	}
	return nil
}

// load counts the conversations an agent has open.
func (c *Console) load(ctx context.Context, agentID string) (int, error) {
	cs, err := c.d.Store.Conversations(ctx, chat.ConversationFilter{Status: chat.StatusHuman, AgentID: agentID, Limit: 500})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, conv := range cs {
		if conv.AgentID == agentID {
			n++
		}
	}
	return n, nil
}
