package console

import (
	"sync"
)

// presence tracks which agents have the console open (an event stream).
// It is runtime state, not stored: after a restart agents are online again
// as soon as their consoles reconnect.
type presence struct {
	mu     sync.Mutex
	online map[string]int // agent id -> open streams
}

func newPresence() *presence { return &presence{online: map[string]int{}} }

func (p *presence) join(id string) {
	p.mu.Lock()
	p.online[id]++
	p.mu.Unlock()
}

func (p *presence) leave(id string) {
	p.mu.Lock()
	if p.online[id]--; p.online[id] <= 0 {
		delete(p.online, id)
	}
	p.mu.Unlock()
}

func (p *presence) isOnline(id string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.online[id] > 0
}
