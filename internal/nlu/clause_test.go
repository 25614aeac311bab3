package nlu

import (
	"slices"
	"testing"
)

func TestClauses(t *testing.T) {
	e := engine(t)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"three questions give three intents", "有M码吗?今天能发吗?有活动吗", []string{"stock_availability", "dispatch_time", "promotion_rules"}},
		{"comma separated questions", "包邮吗,能开发票吗", []string{"shipping_fee_carrier", "invoice"}},
		{"height and weight across a comma stay one clause", "我165,110斤穿什么码", []string{"size_advice"}},
		{"one complaint in two sentences stays one clause", "鞋子才穿一周就开胶了!你们这质量太差了!", []string{"quality_complaint"}},
		{"a vocative joins the question", "亲,这个有货吗", []string{"stock_availability"}},
		{"greeting and a question are two clauses", "你好,请问什么时候发货", []string{"greeting", "dispatch_time"}},
		{"single clause", "转人工", []string{"human_agent"}},
		{"a 什么-object stays with its verb", "大衣的扣子用的什么材料", []string{"product_attribute"}},
		{"an order named first is the next question's topic", "上周那单,怎么还没到", []string{"logistics"}},
		{"还有… naming an order is no stock question", "还有大衣那单,发了吗", []string{"order_status"}},
		{"a request about an order is a clause of its own", "帮我取消那单,谢谢", []string{"cancel_order", "thanks"}},
		{"an A-not-A frame keeps its object", "有没有便宜点的", []string{"recommendation"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := e.Analyze(tt.text, Context{Now: evalNow})
			var got []string
			for _, c := range a.Clauses {
				got = append(got, c.Intent)
				rs := []rune(a.Normalized)
				if c.Start < 0 || c.End > len(rs) || string(rs[c.Start:c.End]) != c.Text {
					t.Errorf("clause %+v does not match %q", c, a.Normalized)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("clause intents = %v, want %v (clauses %+v)", got, tt.want, a.Clauses)
			}
		})
	}
}

func TestClauseEntitiesBelongToTheirClause(t *testing.T) {
	e := engine(t)
	a := e.Analyze("黑色有M码吗?今天能发吗", Context{Now: evalNow})
	if len(a.Clauses) != 2 {
		t.Fatalf("want 2 clauses, got %+v", a.Clauses)
	}
	if !hasEntity(a.Clauses[0].Entities, "size", "M") || hasEntity(a.Clauses[0].Entities, "date", "") {
		t.Errorf("first clause entities %+v", a.Clauses[0].Entities)
	}
	if !hasEntity(a.Clauses[1].Entities, "date", "2026-11-22") {
		t.Errorf("second clause entities %+v", a.Clauses[1].Entities)
	}
}

// TestCutGuards checks the cuts an unpunctuated split must not make:
// parting a 什么-object from its verb (objectCut) or an A-not-A frame from
// what it asks about (frameCut).
func TestCutGuards(t *testing.T) {
	tests := []struct {
		guard string
		text  string
		cut   int // rune offset
		want  bool
	}{
		{"object", "扣子用的什么材料", 4, true}, // 用的|什么材料
		{"object", "扣子用的什么材料", 6, true}, // 用的什么|材料
		{"object", "面料是什么", 3, true},
		{"object", "我要红色的什么时候发货", 5, false}, // a time question starts a clause
		{"object", "多少钱什么材质", 3, false},     // no verb or 的 before 什么
		{"object", "这是什么吗", 4, false},
		{"object", "有M码吗什么颜色好看", 4, false},
		{"frame", "有没有便宜点的", 3, true},
		{"frame", "这件能不能便宜点", 5, true},
		{"frame", "有M码吗什么时候发", 4, false},
		{"frame", "有没有货今天能发吗", 4, false}, // the frame took its object already
	}
	guards := map[string]func([]rune, int) bool{"object": objectCut, "frame": frameCut}
	for _, tt := range tests {
		if got := guards[tt.guard]([]rune(tt.text), tt.cut); got != tt.want {
			t.Errorf("%sCut(%q, %d) = %v, want %v", tt.guard, tt.text, tt.cut, got, tt.want)
		}
	}
}

func TestNamesOnlyAnOrder(t *testing.T) {
	for _, c := range []struct {
		piece string
		want  bool
	}{
		{"还有护肤品那单", true},
		{"上周那个订单呢", true},
		{"我昨天买的那单", true},   // 买 only qualifies the order
		{"还有下午拍了的那笔", true}, // so does 拍了
		{"帮我查一下订单", false},  // a request about it
		{"我要取消那单", false},
		{"是这个订单", false}, // identifies it: an answer
		{"怎么还没发", false},
		{"订单号", false},
	} {
		if got := namesOnlyAnOrder(c.piece); got != c.want {
			t.Errorf("namesOnlyAnOrder(%q) = %v, want %v", c.piece, got, c.want)
		}
	}
}
