package shop

import "testing"

func TestProvinceOf(t *testing.T) {
	tests := []struct {
		name, place, want string
		ok                bool
	}{
		{"a province is itself", "浙江", "浙江", true},
		{"a province with its suffix", "浙江省", "浙江", true},
		{"an autonomous region", "新疆维吾尔自治区", "新疆", true},
		{"a capital city", "乌鲁木齐", "新疆", true},
		{"a city with 市", "成都市", "四川", true},
		{"a municipality", "上海市", "上海", true},
		{"a city named like its province", "吉林市", "吉林", true},
		{"an unknown place", "火星", "", false},
		{"empty", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ProvinceOf(tt.place)
			if got != tt.want || ok != tt.ok {
				t.Errorf("ProvinceOf(%q) = %q, %v; want %q, %v", tt.place, got, ok, tt.want, tt.ok)
			}
		})
	}
}
