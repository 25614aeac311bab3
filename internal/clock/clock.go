// Package clock provides the injectable time source. Demos, scenario tests
// and evaluations of time-dependent answers (dispatch cutoffs, return
// windows) run against a chosen moment so they are reproducible.
package clock

import (
	"sync"
	"time"
)

// Clock tells the time.
type Clock interface {
	Now() time.Time
}

// System is the real clock.
type System struct{}

// Now returns the current time.
func (System) Now() time.Time { return time.Now() }

// Offset is a clock that started at a chosen moment and advances in real
// time from there. `xiaoer serve --clock` uses it: answers are computed as
// of the chosen day while messages still get increasing timestamps.
type Offset struct {
	delta time.Duration
}

// StartingAt returns an Offset clock whose Now is start at the moment of the call.
func StartingAt(start time.Time) *Offset {
	return &Offset{delta: time.Until(start)}
}

// Now returns the shifted time, in the start's location.
func (o *Offset) Now() time.Time { return time.Now().Add(o.delta) }

// Fixed is a clock that only moves when told to; tests and scenario runs use it.
type Fixed struct {
	mu sync.Mutex
	t  time.Time
}

// NewFixed returns a clock stopped at t.
func NewFixed(t time.Time) *Fixed { return &Fixed{t: t} }

// Now returns the stopped time.
func (f *Fixed) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

// Set moves the clock to t.
func (f *Fixed) Set(t time.Time) {
	f.mu.Lock()
	f.t = t
	f.mu.Unlock()
}

// Advance moves the clock forward by d.
func (f *Fixed) Advance(d time.Duration) {
	f.mu.Lock()
	f.t = f.t.Add(d)
	f.mu.Unlock()
}
