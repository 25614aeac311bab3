package shop

import "testing"

func TestLinePaid(t *testing.T) {
	coatAndScarf := Order{Total: Yuan(948), Discount: Yuan(150), Items: []OrderItem{{Price: Yuan(899), Qty: 1}, {Price: Yuan(199), Qty: 1}}}
	withShipping := Order{Total: Yuan(168), ShippingFee: Yuan(10), Items: []OrderItem{{Price: Yuan(79), Qty: 2}}}
	thirds := Order{Total: Yuan(100), Items: []OrderItem{{Price: Yuan(50), Qty: 1}, {Price: Yuan(50), Qty: 1}, {Price: Yuan(50), Qty: 1}}}
	tests := []struct {
		name string
		o    Order
		line int
		want Money
	}{
		{"the discount shared by value", coatAndScarf, 0, 77619},
		{"the last line takes the rest", coatAndScarf, 1, Yuan(948) - 77619},
		{"shipping belongs to no line", withShipping, 0, Yuan(158)},
		{"rounding half up", thirds, 0, 3333},
		{"the lines add up to the goods paid", thirds, 2, 3334},
		{"no such line", coatAndScarf, 2, 0},
		{"nothing paid", Order{Items: []OrderItem{{Price: Yuan(10), Qty: 1}}}, 0, 0},
	}
	for _, tt := range tests {
		if got := tt.o.LinePaid(tt.line); got != tt.want {
			t.Errorf("%s: LinePaid(%d) = %s, want %s", tt.name, tt.line, got, tt.want)
		}
	}
}
