package app

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkReplyHTTP measures the whole reply path through the HTTP API on
// the embedded store: decode, persist the customer message, understand,
// run the skills, persist and publish the replies, encode. b.N messages are
// spread over 200 conversations (a 双十一 burst), sent by a fixed number of
// concurrent clients; throughput and per-request latency percentiles are
// reported. The load generator shares the machine's cores with the server.
func BenchmarkReplyHTTP(b *testing.B) {
	for _, clients := range []int{4, 32} {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) {
			_, srv := testApp(b)
			conversations := 200
			per := b.N/conversations + 1
			b.ResetTimer()
			r, err := RunLoad(context.Background(), LoadOptions{BaseURL: srv.URL, AdminKey: "test-admin-key",
				Conversations: conversations, Messages: per, Workers: clients, ProductID: "P-COAT-01"})
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			if r.Errors > 0 {
				b.Fatalf("%d errors", r.Errors)
			}
			b.ReportMetric(r.PerSecond, "msg/s")
			b.ReportMetric(float64(r.P50)/float64(time.Millisecond), "p50-ms")
			b.ReportMetric(float64(r.P99)/float64(time.Millisecond), "p99-ms")
		})
	}
}
