package storetest

import (
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
)

// cst is China Standard Time. Fixture times are given in it (as a merchant's
// export would be) and must come back as the same instants in UTC.
var cst = time.FixedZone("CST", 8*3600)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, cst)
	if err != nil {
		panic(err)
	}
	return t
}

func atPtr(s string) *time.Time {
	t := at(s)
	return &t
}

// fixture returns a small but complete shop: every section, every kind of
// nested list, optional fields both set and unset. Each call returns a fresh
// value, so tests may modify it.
func fixture() *shop.Bundle {
	return &shop.Bundle{
		Shop: &shop.Info{
			Name: "暖冬小铺", Description: "女装与护肤", Timezone: "Asia/Shanghai",
			ServiceHours: "09:00-23:00", BotName: "小二",
		},
		Policies: &shop.Policies{
			Dispatch: shop.DispatchPolicy{CutoffTime: "16:00", PromiseHours: 48, Holidays: []string{"2025-10-01"}},
			Shipping: shop.ShippingPolicy{
				DefaultCarrier: "中通", Carriers: []string{"中通", "顺丰"}, SFSurcharge: shop.Yuan(10),
				Fee: shop.Yuan(8), FreeShippingThreshold: shop.Yuan(99),
				RemoteRegions: []string{"新疆", "西藏"}, RemoteFee: shop.Yuan(20),
				ETAs:       []shop.RegionETA{{Regions: []string{"上海", "江苏", "浙江"}, MinDays: 1, MaxDays: 2}},
				DefaultETA: shop.RegionETA{MinDays: 2, MaxDays: 4},
			},
			Returns: shop.ReturnPolicy{
				NoReasonDays: 7, ExchangeDays: 15, Conditions: []string{"吊牌完好", "未洗涤"},
				ExcludedCategories: []string{"内衣"}, OpenedExcludedCategories: []string{"面霜"},
				FreightInsurance: true, RefundDays: 3,
			},
			QualityReturns: shop.QualityPolicy{Days: 30, PhotoRequired: true, ShopPaysFreight: true,
				Options: []string{"replace", "refund"}},
			MemberBenefits: []shop.MemberBenefit{{Level: shop.LevelGold, Benefits: []string{"生日券"},
				ExtendedReturnDays: 7, PointsPerYuan: 1.5, DiscountPercent: 95}},
			BotLimits: shop.BotLimits{MaxCompensation: shop.Yuan(20), MaxAutoRefund: shop.Yuan(100),
				AlwaysHumanIntents: []string{"complaint"}},
		},
		Products: []shop.Product{
			{
				ID: "P001", Name: "羊毛双面呢大衣", Aliases: []string{"大衣", "羊毛外套"}, Category: "外套",
				Brand: "暖冬", Price: shop.Yuan(899), OriginalPrice: shop.Yuan(1299), Description: "90%羊毛",
				Attributes: map[string]string{"面料": "90%羊毛 10%羊绒", "版型": "宽松"},
				SizeChart: []shop.SizeRow{
					{Size: "S", HeightMin: 150, HeightMax: 160, WeightMin: 40, WeightMax: 50,
						Measurements: map[string]string{"胸围": "96", "衣长": "98"}},
					{Size: "M", HeightMin: 160, HeightMax: 167.5, WeightMin: 50, WeightMax: 57.5},
				},
				SKUs: []shop.SKU{
					{ID: "P001-BK-S", Color: "黑色", Size: "S", Stock: 3},
					{ID: "P001-BK-M", Color: "黑色", Size: "M", Stock: 0, RestockDate: "2025-11-20"},
					{ID: "P001-GY-M", Color: "灰色", Size: "M", Stock: 12, Price: shop.Yuan(859)},
				},
				Related:   []shop.Relation{{ProductID: "P003", Kind: "complementary", Reason: "同色系围巾"}},
				Tags:      []string{"保暖", "通勤"},
				UpdatedAt: at("2025-10-01 10:00:00"),
			},
			{
				ID: "P002", Name: "修护面霜", Category: "面霜", Price: 8990,
				Attributes: map[string]string{"适合肤质": "干皮,敏感肌", "容量": "50ml"},
				SKUs:       []shop.SKU{{ID: "P002-50", Size: "50ml", Stock: 40}},
				Status:     "on_sale",
			},
			{
				ID: "P003", Name: "羊绒围巾", Category: "围巾", Price: shop.Yuan(199),
				SKUs:   []shop.SKU{{ID: "P003-RD", Color: "红色", Stock: 5}, {ID: "P003-GY", Color: "灰色", Stock: 1}},
				Status: "off_shelf",
			},
		},
		CoPurchases: []shop.CoPurchase{
			{ProductA: "P001", ProductB: "P003", Count: 42},
			{ProductA: "P002", ProductB: "P001", Count: 7},
		},
		Customers: []shop.Customer{
			{
				ID: "C001", Nickname: "小美", MemberLevel: shop.LevelGold, Province: "浙江", City: "杭州",
				Preferences: map[string]string{"skin_type": "dry", "上衣": "M"}, Tags: []string{"老客"},
				PhoneLast4: "1234", PhoneHash: "h:c001", Points: 1200, CreatedAt: at("2023-03-08 09:30:00"),
			},
			{ID: "C002", Nickname: "阿强", Phone: "138 0013 5678", PhoneHash: "h:c002"},
			{ID: "C003", Nickname: "路人甲", MemberLevel: shop.LevelRegular},
		},
		Orders: []shop.Order{
			{
				ID: "O1001", CustomerID: "C001", Status: shop.StatusDelivered, Total: shop.Yuan(1058),
				Discount: shop.Yuan(40), PromotionID: "PR1",
				Items: []shop.OrderItem{
					{ProductID: "P001", SKUID: "P001-BK-S", Name: "羊毛双面呢大衣", Color: "黑色", Size: "S", Qty: 1, Price: shop.Yuan(899)},
					{ProductID: "P003", SKUID: "P003-RD", Name: "羊绒围巾", Color: "红色", Qty: 1, Price: shop.Yuan(199)},
				},
				Address: shop.Address{Name: "王美", PhoneLast4: "1234", Province: "浙江", City: "杭州",
					District: "西湖区", Detail: "文三路 1 号"},
				Remark:    "请用纸箱",
				CreatedAt: at("2025-10-20 20:01:02"), PaidAt: atPtr("2025-10-20 20:02:00"),
				ShippedAt: atPtr("2025-10-21 15:00:00"), DeliveredAt: atPtr("2025-10-23 11:00:00"),
				UpdatedAt: at("2025-10-23 11:00:00"),
			},
			{
				ID: "O1002", CustomerID: "C001", Status: shop.StatusToShip, Total: 8990,
				Items:     []shop.OrderItem{{ProductID: "P002", SKUID: "P002-50", Qty: 1, Price: 8990, Opened: true}},
				CreatedAt: at("2025-11-11 00:00:01"), PaidAt: atPtr("2025-11-11 00:00:30"),
			},
			{
				ID: "O1003", CustomerID: "C002", Status: shop.StatusCancelled, Total: shop.Yuan(199),
				Items:     []shop.OrderItem{{ProductID: "P003", SKUID: "P003-GY", Qty: 1, Price: shop.Yuan(199)}},
				CreatedAt: at("2025-09-01 12:00:00"), CancelledAt: atPtr("2025-09-01 12:30:00"),
			},
		},
		Shipments: []shop.Shipment{
			{
				ID: "S1", OrderID: "O1001", Carrier: "中通", TrackingNo: "ZT7700001", Status: shop.ShipDelivered,
				Events: []shop.TrackingEvent{
					{Time: at("2025-10-21 15:00:00"), Location: "杭州", Description: "已揽收", Status: "picked_up"},
					{Time: at("2025-10-22 08:00:00"), Location: "杭州转运中心", Description: "运输中", Status: "in_transit"},
					{Time: at("2025-10-23 11:00:00"), Location: "西湖区", Description: "已签收", Status: "delivered"},
				},
				ShippedAt: atPtr("2025-10-21 15:00:00"), EstimatedDelivery: atPtr("2025-10-23 18:00:00"),
				UpdatedAt: at("2025-10-23 11:00:00"),
			},
			{ID: "S2", OrderID: "O1001", Carrier: "顺丰", TrackingNo: "SF1000002", Status: shop.ShipException,
				Events: []shop.TrackingEvent{{Time: at("2025-10-22 09:00:00"), Description: "地址不详", Status: "exception"}}},
			{ID: "S3", OrderID: "O1002", Carrier: "中通", Status: shop.ShipCreated},
		},
		Promotions: []shop.Promotion{
			{ID: "PR1", Name: "双十一满减", Type: shop.PromoFullReduction, Threshold: shop.Yuan(300),
				Reduction: shop.Yuan(40), Repeat: true, MaxReduction: shop.Yuan(200),
				Categories: []string{"外套"}, Stackable: true,
				StartsAt: at("2025-11-01 00:00:00"), EndsAt: at("2025-11-12 00:00:00")},
			{ID: "PR2", Name: "金卡95折", Type: shop.PromoDiscount, DiscountPercent: 95,
				MemberLevels: []string{shop.LevelGold, shop.LevelDiamond}, ProductIDs: []string{"P001", "P002"},
				NewCustomersOnly: true, Code: "GOLD95", Gift: "小样", Installments: 3,
				StartsAt: at("2025-01-01 00:00:00"), EndsAt: at("2026-01-01 00:00:00")},
		},
		FAQs: []shop.FAQ{
			{ID: "F1", Question: "什么时候发货", Alternates: []string{"几天发货", "多久发"}, Answer: "16点前付款当天发",
				Tags: []string{"发货"}, UpdatedAt: at("2025-10-01 00:00:00")},
			{ID: "F2", Question: "面霜孕妇能用吗", Answer: "成分温和,建议咨询医生", ProductIDs: []string{"P002"}},
		},
		Documents: []shop.KnowledgeDoc{
			{ID: "D1", Title: "大衣洗涤说明", Kind: shop.DocProductPage, Format: "markdown", Source: "care.md",
				ProductIDs: []string{"P001"}, Body: "# 洗涤\n建议干洗。", UpdatedAt: at("2025-10-02 08:00:00")},
			{ID: "D2", Title: "退换货 SOP", Kind: shop.DocSOP, Format: "text", Body: "1. 核对订单\n2. 拍照"},
		},
	}
}
