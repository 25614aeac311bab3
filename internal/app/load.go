package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// LoadMessages are the shopper questions a load run cycles through: the
// mix of a 双十一 evening (stock, sizes, dispatch, promotions, tracking).
var LoadMessages = []string{
	"有M码吗", "我165 110斤穿什么码", "今天能发货吗", "有什么活动", "能便宜点吗",
	"这件会起球吗", "发北京几天到", "包邮吗", "黑色还有货吗", "可以开发票吗",
	"在吗", "谢谢", "有M码吗?今天能发吗?有活动吗", "怎么退货", "送什么赠品",
}

// LoadOptions shape a load run against a running server.
type LoadOptions struct {
	BaseURL       string
	AdminKey      string // server-to-server calls are not rate-limited
	Conversations int
	Messages      int // per conversation
	Workers       int
	ProductID     string
}

// LoadReport is what a load run measured.
type LoadReport struct {
	Conversations int           `json:"conversations"`
	Requests      int           `json:"requests"`
	Errors        int           `json:"errors"`
	Replies       int           `json:"replies"`
	Elapsed       time.Duration `json:"elapsed_ns"`
	PerSecond     float64       `json:"requests_per_second"`
	P50           time.Duration `json:"p50_ns"`
	P90           time.Duration `json:"p90_ns"`
	P99           time.Duration `json:"p99_ns"`
	Max           time.Duration `json:"max_ns"`
}

// String renders the report for a terminal.
func (r LoadReport) String() string {
	return fmt.Sprintf("%d conversations, %d messages (%d errors), %d bot replies in %s: %.0f msg/s; latency p50 %s, p90 %s, p99 %s, max %s",
		r.Conversations, r.Requests, r.Errors, r.Replies, r.Elapsed.Round(time.Millisecond), r.PerSecond,
		r.P50.Round(10*time.Microsecond), r.P90.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond), r.Max.Round(10*time.Microsecond))
}

// RunLoad opens conversations and has workers post messages to them over
// HTTP, each message persisted and answered, and measures the latency of
// every post. Conversations are spread over workers so that each
// conversation's messages arrive in order, as from one shopper.
func RunLoad(ctx context.Context, o LoadOptions) (LoadReport, error) {
	if o.Workers <= 0 {
		o.Workers = 1
	}
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: o.Workers * 2}, Timeout: 30 * time.Second}
	post := func(path string, body any) (map[string]any, error) {
		b, _ := json.Marshal(body)
		req, err := http.NewRequestWithContext(ctx, "POST", o.BaseURL+path, bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+o.AdminKey)
		req.Header.Set("Content-Type", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		if resp.StatusCode >= 300 {
			return nil, fmt.Errorf("POST %s: %d %s", path, resp.StatusCode, raw)
		}
		out := map[string]any{}
		return out, json.Unmarshal(raw, &out)
	}
	ids := make([]string, o.Conversations)
	for i := range ids {
		out, err := post("/api/v1/conversations", map[string]any{"visitor_id": fmt.Sprintf("load-%d", i), "product_id": o.ProductID})
		if err != nil {
			return LoadReport{}, err
		}
		ids[i] = out["conversation"].(map[string]any)["id"].(string)
	}
	var (
		mu        sync.Mutex
		latencies = make([]time.Duration, 0, o.Conversations*o.Messages)
		errs      atomic.Int64
		replies   atomic.Int64
		wg        sync.WaitGroup
	)
	start := time.Now()
	for w := 0; w < o.Workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			local := make([]time.Duration, 0, o.Messages*(o.Conversations/o.Workers+1))
			for m := 0; m < o.Messages; m++ {
				for c := w; c < len(ids); c += o.Workers {
					if ctx.Err() != nil {
						return
					}
					t0 := time.Now()
					out, err := post("/api/v1/conversations/"+ids[c]+"/messages", map[string]any{
						"client_msg_id": fmt.Sprintf("m%d", m), "text": LoadMessages[(c+m)%len(LoadMessages)]})
					local = append(local, time.Since(t0))
					if err != nil {
						errs.Add(1)
						continue
					}
					if rs, ok := out["replies"].([]any); ok {
						replies.Add(int64(len(rs)))
					}
				}
			}
			mu.Lock()
			latencies = append(latencies, local...)
			mu.Unlock()
		}(w)
	}
	wg.Wait()
	elapsed := time.Since(start)
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	r := LoadReport{Conversations: o.Conversations, Requests: len(latencies), Errors: int(errs.Load()),
		Replies: int(replies.Load()), Elapsed: elapsed}
	if len(latencies) > 0 {
		r.PerSecond = float64(len(latencies)) / elapsed.Seconds()
		q := func(p float64) time.Duration { return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))] }
		r.P50, r.P90, r.P99, r.Max = q(.50), q(.90), q(.99), latencies[len(latencies)-1]
	}
	return r, ctx.Err()
}
