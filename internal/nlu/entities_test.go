package nlu

import (
	"fmt"
	"slices"
	"testing"
)

func TestEntities(t *testing.T) {
	e := engine(t)
	tests := []struct {
		name, text string
		want       []string // "type=value"
	}{
		{"height in 米 and centimetres", "1米65穿什么码", []string{"height=165"}},
		{"height in Chinese numerals", "一米七的个子", []string{"height=170"}},
		{"height with decimal metres", "1.68米 60kg", []string{"height=168", "weight=60"}},
		{"weight in 斤 is halved", "110斤", []string{"weight=55"}},
		{"weight in kg", "55kg", []string{"weight=55"}},
		{"weight in 公斤", "60公斤", []string{"weight=60"}},
		{"weight in Chinese numerals", "一百斤", []string{"weight=50"}},
		{"bare height and weight pair", "160 95 穿M可以吗", []string{"height=160", "weight=47.5", "size=M"}},
		{"2XL is XXL", "2XL有吗", []string{"size=XXL"}},
		{"lower case size with 码", "m码", []string{"size=M"}},
		{"加大码 is XL", "有加大码吗", []string{"size=XL"}},
		{"均码", "是均码吗", []string{"size=均码"}},
		{"shoe size", "38码的有吗", []string{"size=38"}},
		{"half shoe size", "39.5码", []string{"size=39.5"}},
		{"黑的 is black", "黑的还有吗", []string{"color=黑色"}},
		{"bare multi-character colour", "藏青和米白哪个好看", []string{"color=藏青色", "color=米白色"}},
		{"白 in 明白 is no colour", "明白了", nil},
		{"order number", "订单号260915883012345678", []string{"order_id=260915883012345678"}},
		{"tracking number with carrier prefix", "yt7712345678901", []string{"tracking_no=YT7712345678901"}},
		{"tracking number after 快递单号", "快递单号 75312345678901", []string{"tracking_no=75312345678901"}},
		{"mobile phone", "电话13812345678", []string{"phone=13812345678"}},
		{"last four digits", "手机尾号5678", []string{"phone_last4=5678"}},
		{"quantities", "买两件送一个吗", []string{"quantity=2", "quantity=1"}},
		{"money in 块 and Chinese numerals", "两百块能卖吗", []string{"money=200"}},
		{"money with yen sign", "¥89.9", []string{"money=89.9"}},
		{"full reduction amounts", "满300减30", []string{"money=300", "money=30"}},
		{"yesterday", "昨天下的单", []string{"date=2026-11-21"}},
		{"last Friday", "上周五买的", []string{"date=2026-11-13"}},
		{"this Friday", "这周五能到吗", []string{"date=2026-11-20"}},
		{"Singles' Day", "双十一那天买的", []string{"date=2026-11-11"}},
		{"month and day", "11月3号下的单", []string{"date=2026-11-03"}},
		{"skin types", "混油皮敏感肌能用吗", []string{"skin_type=combination", "skin_type=sensitive"}},
		{"region", "发新疆几天到", []string{"region=新疆"}},
		{"city with 市", "寄到深圳市要多久", []string{"region=深圳"}},
		{"demonstrative this", "这双鞋", []string{"demonstrative=this", "category=鞋"}},
		{"demonstrative that", "那件呢", []string{"demonstrative=that"}},
		{"demonstrative previous", "刚才那双有42码吗", []string{"demonstrative=previous", "size=42"}},
		{"catalogue product by alias", "碎花裙有蓝色吗", []string{"product=P-DRESS-01", "color=蓝色"}},
		{"catalogue product, fuzzy", "双面羊毛的大衣还有吗", []string{"product=P-COAT-01"}},
		{"catalogue colour", "小白鞋有雾霾蓝吗", []string{"product=P-SHOE-01", "color=雾霾蓝色"}},
		{"category", "推荐个洗发水", []string{"category=洗发水"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := e.Analyze(tt.text, Context{Now: evalNow})
			got := map[string]int{}
			for _, en := range a.Entities {
				got[fmt.Sprintf("%s=%s", en.Type, en.Value)]++
			}
			for _, w := range tt.want {
				if got[w] == 0 {
					t.Errorf("%q: missing %s in %+v", tt.text, w, a.Entities)
				}
				got[w]--
			}
			if tt.want == nil && len(a.Entities) > 0 {
				t.Errorf("%q: want no entities, got %+v", tt.text, a.Entities)
			}
		})
	}
}

// TestSizeAndMoneyForms covers the ways shoppers write sizes and amounts, and the numbers
// that must stay something else (quantities, dates, times, heights, weights, codes).
func TestSizeAndMoneyForms(t *testing.T) {
	e := engine(t)
	tests := []struct {
		name, text string
		want       []string // "type=value"; every size and money entity must be listed
	}{
		{"letter size with 号", "M号还有吗", []string{"size=M"}},
		{"letter size worn, with 的", "我一般穿L的", []string{"size=L"}},
		{"XL with 码", "XL码有货没", []string{"size=XL"}},
		{"3XL is XXXL", "3XL有吗", []string{"size=XXXL"}},
		{"XXXL as written", "xxxl有吗", []string{"size=XXXL"}},
		{"4XL keeps its upper case", "4xl还有吗", []string{"size=4XL"}},
		{"F码 is one size", "F码适合多重的", []string{"size=均码"}},
		{"free size is one size", "这件是free size吗", []string{"size=均码"}},
		{"asking which size is no size", "我该穿多大码", nil},
		{"shoe size with 号", "41号有吗", []string{"size=41"}},
		{"shoe size worn, with 的", "平时穿42的", []string{"size=42"}},
		{"half size without a unit", "36.5还有吗", []string{"size=36.5"}},
		{"bare size in a message about boots", "马丁靴黑色40有没有", []string{"size=40", "color=黑色"}},
		{"second size joined by 还是", "平时穿41还是42", []string{"size=41", "size=42"}},
		{"size swapped for another", "44换45可以吗", []string{"size=44", "size=45"}},
		{"temperature is no shoe size", "38度穿会热吗", nil},
		{"days are no shoe size", "鞋子穿了40天就坏了", []string{"category=鞋"}},
		{"price of shoes is money, not a size", "这双鞋39包邮吗", []string{"money=39"}},

		{"money with 块", "这个129块吗", []string{"money=129"}},
		{"money with 块钱", "399块钱能拿吗", []string{"money=399"}},
		{"money with 元 and decimals", "59.9元包邮吗", []string{"money=59.9"}},
		{"money with yen sign", "¥128还能便宜吗", []string{"money=128"}},
		{"thousands separator", "¥2,399太贵了", []string{"money=2399"}},
		{"Chinese numeral with 块", "三百块行不行", []string{"money=300"}},
		{"colloquial 一百五 after a price word", "最多一百五", []string{"money=150"}},
		{"Arabic digit with 百", "5百卖吗", []string{"money=500"}},
		{"Arabic digits with 千 and 百", "1千2百行吗", []string{"money=1200"}},
		{"approximate amount", "两百多块的有吗", []string{"money=200"}},
		{"price difference", "补差价30", []string{"money=30"}},
		{"cheaper by", "再便宜15吧", []string{"money=15"}},
		{"less by, with 块", "少10块行不", []string{"money=10"}},
		{"too expensive", "459有点贵", []string{"money=459"}},
		{"amount refunded to the account", "只退了80", []string{"money=80"}},
		{"deposit", "定金30是吧", []string{"money=30"}},
		{"paid then and now", "拍的时候369 今天329", []string{"money=369", "money=329"}},
		{"same amount again", "别家卖88 你们也88吧", []string{"money=88", "money=88"}},
		{"two prices joined by 的和", "89的和129的区别", []string{"money=89", "money=129"}},
		{"price range", "预算300-500的外套", []string{"money=300", "money=500", "category=外套"}},
		{"bargain in a message about round figures", "抹个零头 560就500吧", []string{"money=560", "money=500"}},
		{"coupon threshold with a minus", "299-30的券还有吗", []string{"money=299", "money=30"}},
		{"quantity is no money", "买3件便宜吗", []string{"quantity=3"}},
		{"time is no money", "便宜的那个10:30前能发吗", nil},
		{"date is no money", "11-11买的", nil},
		{"height and weight are no money", "165 120斤便宜点", []string{"height=165", "weight=60"}},
		{"short order number is no money", "退款单号12345678", nil},
		{"ordinal is no money", "第二件半价吗", nil},
		{"count after 满 is no money", "满两件打几折", []string{"quantity=2"}},
		{"times after 减 is no money", "每满300只减一次吗", []string{"money=300"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := e.Analyze(tt.text, Context{Now: evalNow})
			got := map[string]int{}
			for _, en := range a.Entities {
				got[fmt.Sprintf("%s=%s", en.Type, en.Value)]++
			}
			want := map[string]int{}
			for _, w := range tt.want {
				want[w]++
			}
			for w, n := range want {
				if got[w] < n {
					t.Errorf("%q: missing %s in %+v", tt.text, w, a.Entities)
				}
			}
			for _, en := range a.Entities {
				k := fmt.Sprintf("%s=%s", en.Type, en.Value)
				if (en.Type == "size" || en.Type == "money") && want[k] == 0 {
					t.Errorf("%q: unexpected %s (%q)", tt.text, k, en.Text)
				}
			}
		})
	}
}

func TestEntityOffsetsPointIntoNormalizedText(t *testing.T) {
	e := engine(t)
	a := e.Analyze("亲，這件ＸＬ黑色的昨天到了沒？訂單號260915883012345678", Context{Now: evalNow})
	rs := []rune(a.Normalized)
	for _, en := range a.Entities {
		if en.Start < 0 || en.End > len(rs) || en.Start >= en.End || string(rs[en.Start:en.End]) != en.Text {
			t.Errorf("entity %+v does not match normalised text %q", en, a.Normalized)
		}
	}
	if len(a.Entities) < 4 {
		t.Errorf("expected size, colour, date, demonstrative and order id, got %+v", a.Entities)
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64
	}{
		{"165", 165}, {"39.5", 39.5}, {"一", 1}, {"两百", 200}, {"十五", 15}, {"一百二", 120},
		{"一百零五", 105}, {"一百一十", 110}, {"两千五", 2500}, {"三万", 30000},
		{"3百", 300}, {"3百5", 350}, {"1千2", 1200}, {"1千2百", 1200}, {"1.5万", 15000}, {"2万", 20000},
	}
	for _, tt := range tests {
		got, end, ok := parseNumber([]rune(tt.in), 0)
		if !ok || got != tt.want || end != len([]rune(tt.in)) {
			t.Errorf("parseNumber(%q) = %v, %d, %v; want %v", tt.in, got, end, ok, tt.want)
		}
	}
	if _, _, ok := parseNumber([]rune("万一"), 0); ok {
		t.Error("万一 (in case) is not a number")
	}
}

func TestCategories(t *testing.T) {
	e := engine(t)
	for _, c := range []struct {
		text string
		want []string
	}{
		{"双面羊毛呢大衣 商品详情页", []string{"外套"}},
		{"毛衣有高领的款吗", []string{"毛衣"}},
		{"法式V领收腰连衣裙 商品详情", []string{"裙子"}},
		{"降噪蓝牙耳机与20000mAh充电宝 商品详情", []string{"耳机", "充电宝"}},
		{"大衣和外套是一回事吗", []string{"外套"}}, // two forms, one category
		{"退货寄到哪里", nil},
	} {
		if got := e.Categories(c.text); !slices.Equal(got, c.want) {
			t.Errorf("Categories(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
