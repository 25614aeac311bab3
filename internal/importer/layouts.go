package importer

import (
	"path/filepath"
	"sort"
	"strings"
	"unicode"
)

// Sheet kinds. Each CSV file or XLSX sheet is one table of one kind; see
// docs/bundle.md for the layouts.
const (
	kindProducts  = "products"   // one row per SKU, product columns repeated
	kindSKUs      = "skus"       // one row per SKU of an existing product (stock updates)
	kindSizeChart = "size_chart" // one row per size of a product
	kindCustomers = "customers"  // one row per customer
	kindOrders    = "orders"     // one row per order item, order columns repeated
	kindShipments = "shipments"  // one row per tracking event, shipment columns repeated
	kindFAQ       = "faq"        // one row per question
)

// column is one accepted column: the field it fills and the headers that
// name it. Fields with a "sku.", "item.", "event." or "size." prefix belong
// to the record's parts (one per row); the others to the record itself.
type column struct {
	field string
	names []string
}

// layout describes a sheet kind.
type layout struct {
	kind string
	// names are file or sheet names that say the kind (without extension).
	names []string
	// key is the field that groups rows into one record.
	key      string
	columns  []column
	required []string
	// prefixes are dynamic columns such as "属性:面料" → field "attributes:面料".
	prefixes map[string]string
}

var layouts = []*layout{
	{
		kind:  kindProducts,
		names: []string{"products", "product", "商品", "商品表", "商品列表"},
		key:   "id",
		columns: []column{
			{"id", []string{"id", "product_id", "商品ID", "商品编号", "商品编码"}},
			{"name", []string{"name", "product_name", "商品名称", "商品名", "名称"}},
			{"aliases", []string{"aliases", "别名"}},
			{"category", []string{"category", "类目", "分类"}},
			{"brand", []string{"brand", "品牌"}},
			{"price", []string{"price", "价格", "售价", "商品价格"}},
			{"original_price", []string{"original_price", "原价", "划线价"}},
			{"description", []string{"description", "描述", "商品描述"}},
			{"tags", []string{"tags", "标签"}},
			{"status", []string{"status", "状态", "商品状态"}},
			{"attributes", []string{"attributes", "属性"}},
			{"sku.id", []string{"sku_id", "sku", "SKU编码", "SKU ID", "规格编码"}},
			{"sku.color", []string{"color", "颜色"}},
			{"sku.size", []string{"size", "尺码"}},
			{"sku.stock", []string{"stock", "库存"}},
			{"sku.price", []string{"sku_price", "SKU价格", "规格价格"}},
			{"sku.restock_date", []string{"restock_date", "补货日期", "到货日期"}},
		},
		required: []string{"id", "name"},
		prefixes: map[string]string{"属性": "attributes", "attr": "attributes", "attribute": "attributes"},
	},
	{
		kind:  kindSKUs,
		names: []string{"skus", "sku", "库存", "库存表", "规格"},
		key:   "product_id",
		columns: []column{
			{"product_id", []string{"product_id", "商品ID", "商品编号", "商品编码"}},
			{"sku.id", []string{"sku_id", "sku", "SKU编码", "SKU ID", "规格编码"}},
			{"sku.color", []string{"color", "颜色"}},
			{"sku.size", []string{"size", "尺码"}},
			{"sku.stock", []string{"stock", "库存"}},
			{"sku.price", []string{"price", "sku_price", "价格", "SKU价格", "规格价格"}},
			{"sku.restock_date", []string{"restock_date", "补货日期", "到货日期"}},
		},
		required: []string{"product_id", "sku.id", "sku.stock"},
	},
	{
		kind:  kindSizeChart,
		names: []string{"size_chart", "size_charts", "sizechart", "尺码表", "尺码"},
		key:   "product_id",
		columns: []column{
			{"product_id", []string{"product_id", "商品ID", "商品编号", "商品编码"}},
			{"size.size", []string{"size", "尺码"}},
			{"size.height_min", []string{"height_min", "身高下限", "最低身高", "身高最小"}},
			{"size.height_max", []string{"height_max", "身高上限", "最高身高", "身高最大"}},
			{"size.weight_min", []string{"weight_min", "体重下限", "最低体重", "体重最小"}},
			{"size.weight_max", []string{"weight_max", "体重上限", "最高体重", "体重最大"}},
			{"size.weight_unit", []string{"weight_unit", "体重单位", "单位"}},
		},
		required: []string{"product_id", "size.size"},
		prefixes: map[string]string{"尺寸": "size.measurements", "测量": "size.measurements", "measure": "size.measurements", "measurement": "size.measurements"},
	},
	{
		kind:  kindCustomers,
		names: []string{"customers", "customer", "客户", "客户表", "会员", "会员表", "买家"},
		key:   "id",
		columns: []column{
			{"id", []string{"id", "customer_id", "客户ID", "用户ID", "买家ID", "会员ID"}},
			{"nickname", []string{"nickname", "昵称", "买家昵称", "客户昵称"}},
			{"member_level", []string{"member_level", "level", "会员等级", "等级"}},
			{"province", []string{"province", "省份", "省"}},
			{"city", []string{"city", "城市", "市"}},
			{"phone", []string{"phone", "mobile", "手机号", "手机号码", "手机", "电话"}},
			{"phone_last4", []string{"phone_last4", "手机尾号"}},
			{"points", []string{"points", "积分"}},
			{"tags", []string{"tags", "标签"}},
			{"preferences", []string{"preferences", "偏好"}},
			{"created_at", []string{"created_at", "注册时间", "创建时间"}},
		},
		required: []string{"id", "nickname"},
		prefixes: map[string]string{"偏好": "preferences", "pref": "preferences", "preference": "preferences"},
	},
	{
		kind:  kindOrders,
		names: []string{"orders", "order", "订单", "订单表", "订单列表"},
		key:   "id",
		columns: []column{
			{"id", []string{"id", "order_id", "订单号", "订单编号", "订单ID"}},
			{"customer_id", []string{"customer_id", "客户ID", "买家ID", "用户ID", "会员ID"}},
			{"status", []string{"status", "状态", "订单状态"}},
			{"created_at", []string{"created_at", "下单时间", "创建时间"}},
			{"paid_at", []string{"paid_at", "付款时间", "支付时间"}},
			{"shipped_at", []string{"shipped_at", "发货时间"}},
			{"delivered_at", []string{"delivered_at", "签收时间"}},
			{"completed_at", []string{"completed_at", "完成时间", "成交时间"}},
			{"cancelled_at", []string{"cancelled_at", "取消时间"}},
			{"total", []string{"total", "实付金额", "实付款", "实付"}},
			{"shipping_fee", []string{"shipping_fee", "运费"}},
			{"discount", []string{"discount", "优惠", "优惠金额"}},
			{"promotion_id", []string{"promotion_id", "活动ID", "促销ID"}},
			{"remark", []string{"remark", "备注", "买家留言"}},
			{"address.name", []string{"receiver", "收货人", "收件人"}},
			{"address.phone", []string{"receiver_phone", "收货手机号", "收货电话", "收件人手机", "联系电话"}},
			{"address.province", []string{"province", "收货省份", "省份"}},
			{"address.city", []string{"city", "收货城市", "城市"}},
			{"address.district", []string{"district", "收货区县", "区县"}},
			{"address.detail", []string{"address", "详细地址", "收货地址"}},
			{"item.product_id", []string{"product_id", "商品ID", "商品编号", "商品编码"}},
			{"item.sku_id", []string{"sku_id", "sku", "SKU编码", "SKU ID", "规格编码"}},
			{"item.name", []string{"product_name", "商品名称", "商品名"}},
			{"item.color", []string{"color", "颜色"}},
			{"item.size", []string{"size", "尺码"}},
			{"item.qty", []string{"qty", "quantity", "数量", "购买数量"}},
			{"item.price", []string{"price", "unit_price", "单价", "成交单价"}},
			{"item.opened", []string{"opened", "已拆封", "是否拆封"}},
		},
		required: []string{"id", "customer_id", "status", "created_at", "item.product_id", "item.qty"},
	},
	{
		kind:  kindShipments,
		names: []string{"shipments", "shipment", "物流", "物流表", "快递", "物流信息", "包裹"},
		key:   "id", // defaults to the tracking number when there is no id column
		columns: []column{
			{"id", []string{"id", "shipment_id", "包裹ID", "包裹号"}},
			{"tracking_no", []string{"tracking_no", "物流单号", "运单号", "快递单号"}},
			{"carrier", []string{"carrier", "快递公司", "物流公司", "快递"}},
			{"order_id", []string{"order_id", "订单号", "订单编号"}},
			{"status", []string{"status", "物流状态", "包裹状态"}},
			{"shipped_at", []string{"shipped_at", "发货时间"}},
			{"estimated_delivery", []string{"estimated_delivery", "预计送达", "预计送达时间"}},
			{"event.time", []string{"event_time", "事件时间", "时间"}},
			{"event.location", []string{"location", "地点", "位置"}},
			{"event.description", []string{"description", "描述", "事件描述", "物流信息"}},
			{"event.status", []string{"event_status", "事件状态"}},
		},
		required: []string{"tracking_no", "carrier", "order_id", "status"},
	},
	{
		kind:  kindFAQ,
		names: []string{"faq", "faqs", "常见问题", "问答", "知识库"},
		key:   "id", // derived from the question when there is no id column
		columns: []column{
			{"id", []string{"id", "faq_id", "问题ID", "问题编号"}},
			{"question", []string{"question", "问题", "标准问题"}},
			{"alternates", []string{"alternates", "相似问法", "相似问题"}},
			{"answer", []string{"answer", "答案", "回答"}},
			{"product_ids", []string{"product_ids", "product_id", "商品ID"}},
			{"tags", []string{"tags", "标签"}},
		},
		required: []string{"question", "answer"},
	},
}

// normHeader folds a header for matching: case, spaces, underscores,
// hyphens, a required-marker "*" and a unit in brackets ("价格(元)") are ignored.
func normHeader(h string) string {
	h = strings.TrimPrefix(h, "\ufeff")
	for _, open := range []string{"(", "（", "["} {
		if i := strings.Index(h, open); i > 0 {
			h = h[:i]
		}
	}
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		switch {
		case unicode.IsSpace(r), r == '_', r == '-', r == '*':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// layoutNamed returns the layout whose name is the given file or sheet name.
func layoutNamed(name string) *layout {
	stem := normHeader(strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)))
	for _, l := range layouts {
		for _, n := range l.names {
			if stem == normHeader(n) {
				return l
			}
		}
	}
	// Names such as "2025-11 订单导出" or "shop_orders": a known name inside.
	// Longest names first, so 订单商品 is not taken for 商品.
	type cand struct {
		l    *layout
		name string
	}
	var cands []cand
	for _, l := range layouts {
		for _, n := range l.names {
			cands = append(cands, cand{l, normHeader(n)})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return len(cands[i].name) > len(cands[j].name) })
	for _, c := range cands {
		if len([]rune(c.name)) >= 2 && strings.Contains(stem, c.name) {
			return c.l
		}
	}
	return nil
}

// layoutFromHeader guesses the kind from the columns, by the columns only
// that kind has.
func layoutFromHeader(header []string) *layout {
	has := func(names ...string) bool {
		for _, h := range header {
			n := normHeader(h)
			for _, want := range names {
				if n == normHeader(want) {
					return true
				}
			}
		}
		return false
	}
	byKind := func(k string) *layout {
		for _, l := range layouts {
			if l.kind == k {
				return l
			}
		}
		return nil
	}
	switch {
	case has("tracking_no", "物流单号", "运单号", "快递单号"):
		return byKind(kindShipments)
	case has("order_id", "订单号", "订单编号", "订单ID") && has("qty", "quantity", "数量", "购买数量"):
		return byKind(kindOrders)
	case has("question", "问题", "标准问题") && has("answer", "答案", "回答"):
		return byKind(kindFAQ)
	case has("nickname", "昵称", "买家昵称", "客户昵称"):
		return byKind(kindCustomers)
	case has("height_min", "身高下限", "最低身高", "weight_min", "体重下限", "最低体重"):
		return byKind(kindSizeChart)
	case has("name", "product_name", "商品名称", "商品名", "名称"):
		return byKind(kindProducts)
	case has("sku_id", "sku", "SKU编码") && has("stock", "库存"):
		return byKind(kindSKUs)
	}
	return nil
}

// headerMap resolves the header row of a table of this layout: which field
// each column fills. Unknown columns are problems: a typo must not drop data
// silently.
func (l *layout) headerMap(header []string) (fields []string, unknown []int) {
	byName := map[string]string{}
	for _, c := range l.columns {
		for _, n := range c.names {
			byName[normHeader(n)] = c.field
		}
	}
	fields = make([]string, len(header))
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if h == "" {
			continue // an unnamed column is an empty one, or a note
		}
		if f, ok := byName[normHeader(h)]; ok {
			fields[i] = f
			continue
		}
		if prefix, key, ok := cutAny(h, ":", "：", "."); ok && strings.TrimSpace(key) != "" {
			if f, ok := l.prefixes[normHeader(prefix)]; ok {
				fields[i] = f + ":" + strings.TrimSpace(key)
				continue
			}
		}
		unknown = append(unknown, i)
	}
	return fields, unknown
}

// acceptedHeaders lists, for an error message, one English and one Chinese
// header per column.
func (l *layout) acceptedHeaders() string {
	var parts []string
	for _, c := range l.columns {
		en, zh := c.names[0], ""
		for _, n := range c.names {
			if !isASCII(n) {
				zh = n
				break
			}
		}
		if zh != "" {
			parts = append(parts, en+"/"+zh)
		} else {
			parts = append(parts, en)
		}
	}
	var extra []string
	for p := range l.prefixes {
		if !isASCII(p) {
			extra = append(extra, p+":名称")
		}
	}
	sort.Strings(extra)
	s := strings.Join(parts, ", ")
	if len(extra) > 0 {
		s += "; and columns named " + strings.Join(extra, " or ")
	}
	return s
}

func isASCII(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII {
			return false
		}
	}
	return true
}

// cutAny cuts s around the first of the separators found in it.
func cutAny(s string, seps ...string) (before, after string, found bool) {
	best := -1
	sepLen := 0
	for _, sep := range seps {
		if i := strings.Index(s, sep); i >= 0 && (best < 0 || i < best) {
			best, sepLen = i, len(sep)
		}
	}
	if best < 0 {
		return s, "", false
	}
	return s[:best], s[best+sepLen:], true
}
