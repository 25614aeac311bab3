package nlu

import "testing"

// TestEscalationNeverFiresInsideNumbers guards against reading the 12315/12345 hotline cues in
// order, tracking and phone numbers, while a real threat to call them still escalates.
func TestEscalationNeverFiresInsideNumbers(t *testing.T) {
	e := engine(t)
	tests := []struct {
		name, text string
		escalation bool
	}{
		{"calling the consumer hotline escalates", "我要打12315投诉", true},
		{"hotline at the end of a threat escalates", "再不处理就去12315", true},
		{"city hotline escalates", "打12345热线反映你们", true},
		{"12315 inside a long order number", "订单号2611231509876543到哪了", false},
		{"12345 inside a long order number", "订单260912345883016到哪了", false},
		{"short order number that is 12345", "我的订单号是12345", false},
		{"short order number after 单号 and a space", "单号 12315 发货了吗", false},
		{"phone number starting with 123", "电话12345678901打不通", false},
		{"tracking number with a carrier prefix", "YT12315678901怎么不动了", false},
		{"hotline digits followed by more digits", "123456到了吗", false},
		{"decimal containing the digits", "价格12315.5对吗", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			em := e.Analyze(tt.text, Context{Now: evalNow}).Emotion
			if em.Escalation != tt.escalation {
				t.Errorf("%q: escalation = %v (signals %v), want %v", tt.text, em.Escalation, em.Signals, tt.escalation)
			}
		})
	}
}

func TestDisappointmentCues(t *testing.T) {
	e := engine(t)
	tests := []struct {
		name, text   string
		disappointed bool
	}{
		{"heart gone cold", "在你们家买了好几年,这次真的心寒", true},
		{"looked forward to it", "本来很期待的,收到就这样", true},
		{"thought it would be better", "还以为是纯棉的", true},
		{"nothing special", "用了一周,不过如此", true},
		{"sigh and give up", "唉,算了吧", true},
		{"will not buy again", "以后不会再买了", true},
		{"negated disappointment is not disappointment", "衣服收到了,没有失望", false},
		{"will not disappoint", "希望不会失望", false},
		{"a plain never mind is not disappointment", "算了", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			em := e.Analyze(tt.text, Context{Now: evalNow}).Emotion
			if (em.Class == EmotionDisappointed) != tt.disappointed {
				t.Errorf("%q: class = %s (signals %v), want disappointed %v", tt.text, em.Class, em.Signals, tt.disappointed)
			}
		})
	}
}

// TestEmotionExpressed checks that Expressed tells a feeling the shopper voiced
// from one read off the intent alone.
func TestEmotionExpressed(t *testing.T) {
	e := engine(t)
	tests := []struct {
		text      string
		class     string // "" for any non-neutral class
		expressed bool
	}{
		{"怎么退货", EmotionDisappointed, false},
		{"想取消订单", "", false},
		{"太失望了,怎么退货", "", true},
		{"衣服破了个洞", EmotionAngry, false},
		{"衣服破了个洞,气死了", EmotionAngry, true},
		{"再不处理我就去12315投诉", EmotionAngry, true},
		{"谢谢", EmotionSatisfied, false},
		{"谢谢😊", EmotionSatisfied, true},
	}
	for _, tt := range tests {
		em := e.Analyze(tt.text, Context{Now: evalNow}).Emotion
		if em.Class == EmotionNeutral || tt.class != "" && em.Class != tt.class {
			t.Errorf("%q: class %s, want %q (non-neutral)", tt.text, em.Class, tt.class)
			continue
		}
		if em.Expressed != tt.expressed {
			t.Errorf("%q: class %s expressed %v (signals %v), want %v", tt.text, em.Class, em.Expressed, em.Signals, tt.expressed)
		}
	}
}
