package server

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/httpapi"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
)

type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	messages *prometheus.CounterVec
}

func newMetrics(reg *prometheus.Registry, svc *chat.Service) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "xiaoer_http_requests_total", Help: "HTTP requests by route and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "xiaoer_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
		messages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "xiaoer_messages_total", Help: "Messages stored, by role.",
		}, []string{"role"}),
	}
	reg.MustRegister(m.requests, m.duration, m.messages)
	if svc != nil {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "xiaoer_event_subscribers", Help: "Live event-stream subscriptions.",
		}, func() float64 { return float64(svc.Hub().Subscribers()) }))
	}
	reg.MustRegister(prometheus.NewGoCollector())
	return m
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Flush lets event streams through the wrapper.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap exposes the original writer to http.ResponseController.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		if !s.originAllowed(r) {
			httpapi.WriteJSON(w, http.StatusForbidden, map[string]any{"error": map[string]string{
				"code": "origin", "message": "origin " + r.Header.Get("Origin") + " is not allowed; add it to allowed-origins"}})
			return
		}
		if o := r.Header.Get("Origin"); o != "" && !sameOrigin(r, o) {
			w.Header().Set("Access-Control-Allow-Origin", o)
			w.Header().Set("Vary", "Origin")
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "strict-origin-when-cross-origin")
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		s.metrics.requests.WithLabelValues(route, strconv.Itoa(sw.status)).Inc()
		s.metrics.duration.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}

// originAllowed rejects browser requests from pages the merchant did not
// list, so another site cannot drive a shopper's chat (or open an event
// stream) with their token.
func (s *Server) originAllowed(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" || sameOrigin(r, o) {
		return true
	}
	for _, a := range s.AllowedOrigins {
		if a == "*" || a == o {
			return true
		}
	}
	return false
}

func sameOrigin(r *http.Request, origin string) bool {
	u, err := url.Parse(origin)
	return err == nil && u.Host == r.Host
}

func (s *Server) preflight(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS")
	w.Header().Set("Access-Control-Allow-Headers", "Authorization, Content-Type, Last-Event-ID")
	w.Header().Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
}

// limit applies the public rate limit by client address and key (a token or
// conversation id), skipping callers with the admin key (server-to-server).
func (s *Server) limit(r *http.Request, key string) error {
	if s.isAdmin(r) {
		return nil
	}
	if !s.limiter.Allow(httpapi.ClientIP(r) + "|" + key) {
		return errStatus(http.StatusTooManyRequests, "rate_limited", "too many requests; slow down and retry in a few seconds")
	}
	return nil
}
