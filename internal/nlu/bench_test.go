package nlu

import (
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// benchMessages covers the common message shapes: short questions, multi-clause messages,
// entity-heavy messages, complaints, traditional characters and a long message.
var benchMessages = []string{
	"衬衫啥时候发货",
	"有M码吗?今天能发吗?有活动吗",
	"165 110斤穿什么码",
	"鞋子才穿一周就开胶了!你们这质量太差了!",
	"訂單號260915883012345678什麼時候到",
	"亲,羊毛大衣黑色的XL还有吗",
	"转人工",
	"我上周五买的那双小白鞋到现在还没发货,快递单号也没有,你们到底什么时候发,再不发我就投诉了,真的很着急,下周要穿的",
}

// BenchmarkAnalyze measures analysing one message, cycling through benchMessages.
func BenchmarkAnalyze(b *testing.B) {
	e := engine(b)
	ctx := Context{Now: evalNow}
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		e.Analyze(benchMessages[i%len(benchMessages)], ctx)
		i++
	}
}

// BenchmarkAnalyzeLatency records every call's latency and reports the median and the 99th
// percentile per message (run with -cpu 1 for the single-core figure).
func BenchmarkAnalyzeLatency(b *testing.B) {
	e := engine(b)
	ctx := Context{Now: evalNow}
	lat := make([]time.Duration, 0, b.N)
	i := 0
	for b.Loop() {
		start := time.Now()
		e.Analyze(benchMessages[i%len(benchMessages)], ctx)
		lat = append(lat, time.Since(start))
		i++
	}
	slices.Sort(lat)
	if len(lat) > 0 {
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
		b.ReportMetric(float64(lat[len(lat)-1].Microseconds()), "max-µs")
	}
}

// BenchmarkNew measures start-up: lexicons, segmenter dictionary and training the model. It
// also reports the live heap of one engine and the process's resident set size (Linux).
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	var e *Engine
	for b.Loop() {
		var err error
		if e, err = New(Options{}); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
	if status, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(status), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
				if kb, err := strconv.Atoi(f[1]); err == nil {
					b.ReportMetric(float64(kb)/1024, "rss-MB")
				}
			}
		}
	}
	runtime.KeepAlive(e)
}
