package kb

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

var largeBench = flag.Bool("kb.large", false, "run the 100k-chunk knowledge-base benchmarks")

// benchVocabulary is the seed of the synthetic corpus: e-commerce words,
// extended with generated two- and three-character words so that the
// vocabulary has a realistic long tail.
const benchVocabulary = `空气炸锅 涂层 陶瓷 不粘 耐磨 炸篮 容量 功率 预热 温度 清洗 洗碗机 保修 维修 售后 退货 退款 换货 运费 运费险 快递
顺丰 中通 发货 签收 物流 地址 订单 优惠券 满减 会员 积分 发票 赠品 尺码 偏大 偏小 面料 纯棉 羊毛 起球 缩水 褪色 机洗 手洗
颜色 黑色 白色 红色 卡其 大衣 连衣裙 运动鞋 鞋码 鞋底 透气 防滑 精华 面霜 敏感肌 孕妇 过敏 保质期 成分 香味 沙发 安装
螺丝 靠背 坐垫 海绵 布艺 皮质 尺寸 长度 宽度 高度 重量 电池 续航 充电 蓝牙 耳机 降噪 屏幕 手机 平板 电脑 内存 存储
商品 店铺 客服 直播间 主播 新款 老款 区别 价格 活动 库存 现货 预售 包装 礼盒 说明书 使用 方法 注意 建议 可以 需要 支持
不能 一般 左右 小时 工作日 天内 以上 以下 之后 之前 如果 或者 以及 我们 您 亲 时候 问题 质量 原因 处理 申请 页面 提交`

type benchCorpus struct {
	words []string
	zipf  *rand.Zipf
	r     *rand.Rand
}

func newBenchCorpus(seed uint64) *benchCorpus {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	words := strings.Fields(benchVocabulary)
	// common Han characters for generated words
	pool := []rune("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严")
	for len(words) < 6000 {
		n := 2 + r.IntN(2)
		var b strings.Builder
		for range n {
			b.WriteRune(pool[r.IntN(len(pool))])
		}
		words = append(words, b.String())
	}
	return &benchCorpus{words: words, r: r, zipf: rand.NewZipf(r, 1.1, 2, uint64(len(words)-1))}
}

func (c *benchCorpus) word() string { return c.words[c.zipf.Uint64()] }

// passage returns about n runes of sentence-like text.
func (c *benchCorpus) passage(n int) string {
	var b strings.Builder
	runes := 0
	for runes < n {
		k := 4 + c.r.IntN(8)
		for range k {
			w := c.word()
			b.WriteString(w)
			runes += len([]rune(w))
		}
		p := []string{"，", "。", "；", "？"}[c.r.IntN(4)]
		b.WriteString(p)
		runes++
	}
	return b.String()
}

// benchDocs returns documents totalling about n chunks (5 sections each).
func benchDocs(n int, seed uint64) []shop.KnowledgeDoc {
	c := newBenchCorpus(seed)
	docs := make([]shop.KnowledgeDoc, 0, n/5+1)
	for i := 0; i < n; i += 5 {
		var b strings.Builder
		fmt.Fprintf(&b, "# %s%s\n\n", c.word(), c.word())
		for s := 0; s < 5 && i+s < n; s++ {
			fmt.Fprintf(&b, "## %s\n\n%s\n\n", c.word(), c.passage(150+c.r.IntN(100)))
		}
		docs = append(docs, shop.KnowledgeDoc{
			ID: fmt.Sprintf("doc-%d", i/5), Title: c.word() + c.word(), Kind: shop.DocProductPage, Format: "markdown",
			ProductIDs: []string{fmt.Sprintf("P%d", c.r.IntN(200))}, Body: b.String(),
		})
	}
	return docs
}

// benchQueries returns shopper-like questions: a few words of a passage
// plus filler and noise.
func benchQueries(docs []shop.KnowledgeDoc, n int) []string {
	c := newBenchCorpus(99)
	out := make([]string, n)
	for i := range out {
		d := docs[c.r.IntN(len(docs))]
		words := strings.FieldsFunc(d.Body, func(r rune) bool {
			return r == '，' || r == '。' || r == '\n' || r == '#' || r == ' ' || r == '；' || r == '？'
		})
		w := words[c.r.IntN(len(words))]
		rs := []rune(w)
		start := c.r.IntN(max(1, len(rs)-8))
		frag := string(rs[start:min(len(rs), start+4+c.r.IntN(6))])
		out[i] = "请问" + frag + c.word() + "吗？"
	}
	return out
}

var benchIndexes sync.Map // size -> *Index

func benchIndex(b *testing.B, n int) (*Index, []shop.KnowledgeDoc) {
	docs := benchDocs(n, 1)
	if ix, ok := benchIndexes.Load(n); ok {
		return ix.(*Index), docs
	}
	ix := NewIndex(BasicAnalyzer{}, Options{})
	for _, d := range docs {
		if err := ix.Put(d); err != nil {
			b.Fatal(err)
		}
	}
	benchIndexes.Store(n, ix)
	return ix, docs
}

func benchSizes(b *testing.B) []int {
	sizes := []int{1000, 10000}
	if *largeBench {
		sizes = append(sizes, 100000)
	}
	return sizes
}

// BenchmarkIndexBuild measures building an index from scratch: chunks per
// second and retained heap bytes per chunk.
func BenchmarkIndexBuild(b *testing.B) {
	for _, n := range benchSizes(b) {
		b.Run(fmt.Sprintf("chunks=%d", n), func(b *testing.B) {
			docs := benchDocs(n, 1)
			var chunks int
			var bytesPerChunk float64
			for b.Loop() {
				runtime.GC()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				ix := NewIndex(BasicAnalyzer{}, Options{})
				for _, d := range docs {
					_ = ix.Put(d)
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				chunks = ix.Stats().Chunks
				bytesPerChunk = float64(after.HeapAlloc-before.HeapAlloc) / float64(chunks)
				runtime.KeepAlive(ix)
			}
			b.ReportMetric(float64(chunks)*float64(b.N)/b.Elapsed().Seconds(), "chunks/s")
			b.ReportMetric(bytesPerChunk, "B/chunk")
		})
	}
}

// BenchmarkQuery measures Search latency (top 5) and reports p50/p99.
func BenchmarkQuery(b *testing.B) {
	for _, n := range benchSizes(b) {
		b.Run(fmt.Sprintf("chunks=%d", n), func(b *testing.B) {
			ix, docs := benchIndex(b, n)
			qs := benchQueries(docs, 512)
			lat := make([]time.Duration, 0, 4096)
			i := 0
			for b.Loop() {
				start := time.Now()
				ix.Search(qs[i%len(qs)], Query{K: 5, ProductID: "P7"})
				lat = append(lat, time.Since(start))
				i++
			}
			reportLatency(b, lat)
		})
	}
}

// BenchmarkAnswer measures Answer (search + confidence + sentence choice).
func BenchmarkAnswer(b *testing.B) {
	for _, n := range benchSizes(b) {
		b.Run(fmt.Sprintf("chunks=%d", n), func(b *testing.B) {
			ix, docs := benchIndex(b, n)
			qs := benchQueries(docs, 512)
			lat := make([]time.Duration, 0, 4096)
			i := 0
			for b.Loop() {
				start := time.Now()
				ix.Answer(qs[i%len(qs)], Query{})
				lat = append(lat, time.Since(start))
				i++
			}
			reportLatency(b, lat)
		})
	}
}

// BenchmarkIncrementalPut measures replacing one document (5 chunks) in a
// built index: no rebuild.
func BenchmarkIncrementalPut(b *testing.B) {
	for _, n := range benchSizes(b) {
		b.Run(fmt.Sprintf("chunks=%d", n), func(b *testing.B) {
			ix, docs := benchIndex(b, n)
			extra := benchDocs(500, 7)
			lat := make([]time.Duration, 0, 4096)
			i := 0
			for b.Loop() {
				d := extra[i%len(extra)]
				d.ID = docs[i%len(docs)].ID // replace an existing document
				start := time.Now()
				_ = ix.Put(d)
				lat = append(lat, time.Since(start))
				i++
			}
			reportLatency(b, lat)
		})
	}
}

func reportLatency(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds())
	}
	b.ReportMetric(pct(0.50), "p50-µs")
	b.ReportMetric(pct(0.99), "p99-µs")
}
