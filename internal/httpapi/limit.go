package httpapi

import (
	"sync"
	"time"
)

// Limiter is a token bucket per key: enough for a person typing fast, not
// for a script flooding the bot or guessing passwords. It uses real time, not
// the injected clock, so a fixed demo clock cannot freeze refills.
type Limiter struct {
	mu      sync.Mutex
	burst   float64
	perSec  float64
	idle    time.Duration
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

// NewLimiter allows burst requests at once per key, refilled at perSec.
func NewLimiter(burst, perSec float64) *Limiter {
	return &Limiter{burst: burst, perSec: perSec, idle: 30 * time.Minute, buckets: map[string]*bucket{}}
}

// Allow spends one token of key's bucket, reporting whether there was one.
func (l *Limiter) Allow(key string) bool {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > time.Minute {
		for k, b := range l.buckets {
			if now.Sub(b.last) > l.idle {
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
