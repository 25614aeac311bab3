package kb

import "testing"

func TestDebugExplore(t *testing.T) {
	ix := newTestIndex(t, Options{})
	t.Logf("stats %+v", ix.Stats())
	for _, q := range []string{"我看直播间说这个空气炸锅的涂层和老款不一样,更耐刮?", "退货运费谁出", "退款多久到账", "能开发票吗", "衣服缩水了咋办", "你们卖手机壳吗", "炸锅能放洗碗机吗", "保修多久", "今天天气怎么样"} {
		a := ix.Answer(q, Query{ProductID: "P-AF5"})
		t.Logf("Q %s\n  found=%v conf=%.2f text=%q\n  %s %s", q, a.Found, a.Confidence, a.Text, a.Hit.ChunkID, a.Hit.Explain)
	}
}
