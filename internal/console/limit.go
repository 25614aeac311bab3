package console

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// limiter is a token bucket per key. It uses real time, not the injected
// clock: a fixed demo clock must not freeze refills.
type limiter struct {
	mu      sync.Mutex
	burst   float64
	perSec  float64
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(burst, perSec float64) *limiter {
	return &limiter{burst: burst, perSec: perSec, buckets: map[string]*bucket{}}
}

func (l *limiter) allow(key string) bool {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > time.Minute {
		for k, b := range l.buckets {
			if now.Sub(b.last) > 30*time.Minute {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.perSec)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

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
