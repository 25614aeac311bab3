package console

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
)

// events streams every conversation's events to a console (Server-Sent
// Events). An open stream is what makes an agent "online" for
// auto-assignment; each stream also triggers an assignment pass when a
// conversation starts waiting, so no background goroutine is needed.
func (c *Console) events(w http.ResponseWriter, r *http.Request) error {
	a := me(r)
	rc := http.NewResponseController(w)
	sub := c.d.Chat.Hub().Subscribe("")
	defer sub.Close()
	c.presence.join(a.ID)
	defer func() {
		c.presence.leave(a.ID)
	}()

	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, ": ready\n\n")
	if err := rc.Flush(); err != nil {
		return nil
	}
	if err := c.assignWaiting(r.Context()); err != nil {
		c.d.Log.Error("auto-assign", "err", err)
	}
	send := func(ev chat.Event) error {
		if ev.Conversation != nil {
			cv := *ev.Conversation
			cv.State = nil
			ev.Conversation = &cv
		}
		b, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.Type, b); err != nil {
			return err
		}
		return rc.Flush()
	}
	tick := time.NewTicker(15 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return nil
		case <-sub.Lagged:
			return nil // the console reconnects and reloads its lists
		case ev, ok := <-sub.C:
			if !ok {
				return nil
			}
			if err := send(ev); err != nil {
				return nil
			}
			if ev.Conversation != nil && ev.Conversation.Status == chat.StatusWaiting && ev.Conversation.AgentID == "" {
				if err := c.assignWaiting(r.Context()); err != nil {
					c.d.Log.Error("auto-assign", "err", err)
				}
			}
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return nil
			}
			if err := rc.Flush(); err != nil {
				return nil
			}
			if err := c.assignWaiting(r.Context()); err != nil {
				c.d.Log.Error("auto-assign", "err", err)
			}
		}
	}
}
