package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// writeFiles writes name → content into a fresh directory and returns the
// paths in the given order.
func writeFiles(t *testing.T, files ...string) []string {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for i := 0; i+1 < len(files); i += 2 {
		p := filepath.Join(dir, files[i])
		if err := os.WriteFile(p, []byte(files[i+1]), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// problems returns the problems of an import error, failing otherwise.
func problems(t *testing.T, err error) []Problem {
	t.Helper()
	var e *Errors
	if !errors.As(err, &e) {
		t.Fatalf("want *Errors, got %v", err)
	}
	return e.Problems
}

// want describes a problem by where it is and words of its message.
type want struct {
	file  string // base name
	row   int
	line  int
	field string
	words []string
}

func (w want) matches(p Problem) bool {
	if filepath.Base(p.File) != w.file || p.Row != w.row || p.Line != w.line || p.Field != w.field {
		return false
	}
	msg := p.Error()
	for _, word := range w.words {
		if !strings.Contains(msg, word) {
			return false
		}
	}
	return true
}

func assertProblem(t *testing.T, err error, w want) {
	t.Helper()
	if err == nil {
		t.Fatalf("want an error like %+v, got none", w)
	}
	for _, p := range problems(t, err) {
		if w.matches(p) {
			return
		}
	}
	t.Fatalf("no problem matches %+v; got:\n%v", w, err)
}

var cst = time.FixedZone("CST", 8*3600)

const bundleJSON = `{
  "shop": {"name": "暖冬服饰", "timezone": "Asia/Shanghai"},
  "products": [
    {"id": "P-COAT-01", "name": "羊毛大衣", "category": "外套", "price": "599.00",
     "skus": [{"id": "P-COAT-01-BLK-M", "color": "黑色", "size": "M", "stock": 3}]}
  ],
  "customers": [{"id": "C1", "nickname": "小鹿", "phone": "13800138000"}],
  "orders": [
    {"id": "2609001", "customer_id": "C1", "status": "已发货", "total": 599,
     "items": [{"product_id": "P-COAT-01", "sku_id": "P-COAT-01-BLK-M", "qty": 1, "price": 599}],
     "created_at": "2025-11-11T20:15:00+08:00"}
  ]
}`

func TestLoadJSON(t *testing.T) {
	tests := []struct {
		name  string
		json  string
		check func(t *testing.T, b *shop.Bundle)
		want  want
	}{
		{name: "a valid bundle decodes", json: bundleJSON, check: func(t *testing.T, b *shop.Bundle) {
			if len(b.Products) != 1 || b.Products[0].Price != shop.Yuan(599) || len(b.Orders) != 1 {
				t.Errorf("decoded %+v", b)
			}
		}},
		{name: "unknown field names field, line and the likely one", json: "{\n \"products\": [\n  {\"id\": \"P1\", \"name\": \"x\",\n   \"prise\": 10}\n ]\n}",
			want: want{file: "shop.json", line: 4, field: "products[0].prise", words: []string{`unknown field "prise"`, `did you mean "price"`}}},
		{name: "unknown top-level section", json: "{\"product\": []}",
			want: want{file: "shop.json", line: 1, field: "product", words: []string{`did you mean "products"`}}},
		{name: "syntax error has line and column", json: "{\n \"shop\": {\"name\": \"x\"}\n \"products\": []\n}",
			want: want{file: "shop.json", line: 3, words: []string{"line 3:2", "syntax error"}}},
		{name: "file cut short", json: "{\n \"products\": [\n",
			want: want{file: "shop.json", line: 3, words: []string{"ends in the middle"}}},
		{name: "bad amount names its path", json: "{\"products\": [\n{\"id\": \"P1\", \"name\": \"x\",\n \"price\": \"二百\"}]}",
			want: want{file: "shop.json", line: 3, field: "products[0].price", words: []string{"not an amount in yuan"}}},
		{name: "stock as text is a type error", json: "{\"products\": [{\"id\": \"P1\", \"name\": \"x\", \"skus\": [\n{\"id\": \"S\", \"stock\": \"3\"}]}]}",
			want: want{file: "shop.json", line: 2, field: "products[0].skus[0].stock", words: []string{"expected a whole number", `text "3"`}}},
		{name: "time without zone", json: "{\"orders\": [{\"id\": \"O\",\n \"created_at\": \"2025-11-11 20:15\"}]}",
			want: want{file: "shop.json", line: 2, field: "orders[0].created_at", words: []string{"RFC3339"}}},
		{name: "two bundles in one file", json: "{}\n{}",
			want: want{file: "shop.json", line: 2, words: []string{"after the end of the bundle"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Load(writeFiles(t, "shop.json", tt.json), Options{})
			if tt.check != nil {
				if err != nil {
					t.Fatal(err)
				}
				tt.check(t, b)
				return
			}
			assertProblem(t, err, tt.want)
		})
	}
}

func TestJSONCollectsSeveralProblems(t *testing.T) {
	j := "{\"products\": [\n{\"id\": \"P1\", \"nme\": \"x\"},\n{\"id\": \"P2\", \"price\": true},\n{\"id\": \"P3\", \"colour\": 1}]}"
	_, err := Load(writeFiles(t, "shop.json", j), Options{})
	if got := len(problems(t, err)); got != 3 {
		t.Fatalf("want 3 problems, got %d:\n%v", got, err)
	}
}

func TestLoadSheets(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		check func(t *testing.T, b *shop.Bundle)
	}{
		{"products sheet: one row per SKU with Chinese headers and attribute columns", []string{"商品.csv",
			"商品ID,商品名称,别名,类目,价格(元),属性:面料,颜色,尺码,库存,补货日期\n" +
				"P-COAT-01,羊毛大衣,大衣、羊毛外套,外套,599,90%羊毛,黑色,M,3,\n" +
				"P-COAT-01,,,,,,黑色,L,0,2025/12/1\n"},
			func(t *testing.T, b *shop.Bundle) {
				p := b.Products[0]
				if p.Name != "羊毛大衣" || p.Price != shop.Yuan(599) || len(p.Aliases) != 2 || p.Attributes["面料"] != "90%羊毛" {
					t.Errorf("product %+v", p)
				}
				if len(p.SKUs) != 2 || p.SKUs[1].Size != "L" || p.SKUs[1].RestockDate != "2025-12-01" || p.SKUs[0].Stock != 3 {
					t.Errorf("skus %+v", p.SKUs)
				}
			}},
		{"English headers, a UTF-8 BOM and an attributes column", []string{"products.csv",
			"\ufeffproduct_id,name,price,attributes,sku_id,stock\nP1,Mug,29.9,material=ceramic; volume=350ml,P1-W,8\n"},
			func(t *testing.T, b *shop.Bundle) {
				p := b.Products[0]
				if p.ID != "P1" || p.Price != 2990 || p.Attributes["volume"] != "350ml" || p.SKUs[0].Stock != 8 {
					t.Errorf("product %+v", p)
				}
			}},
		{"kind from the header when the file name says nothing", []string{"export-2025.csv",
			"订单号,客户ID,状态,下单时间,商品ID,数量,单价\n2609001,C1,待发货,2025-11-11 20:15,P1,2,50\n"},
			func(t *testing.T, b *shop.Bundle) {
				if len(b.Orders) != 1 || b.Orders[0].Total != shop.Yuan(100) {
					t.Errorf("orders %+v", b.Orders)
				}
			}},
		{"orders: one row per item, times in shop time, address phone kept as last 4", []string{"orders.csv",
			"订单号,客户ID,状态,下单时间,付款时间,收货省份,收货城市,收货手机号,商品ID,SKU,数量,单价,运费,优惠,实付金额\n" +
				"2609001,C1,已发货,2025-11-11 20:15,2025/11/11 20:16:05,浙江,杭州,138-0013-8000,P1,P1-M,1,599,0,30,669\n" +
				"2609001,C1,已发货,2025-11-11 20:15,,,,,P2,P2-R,2,50,,,\n"},
			func(t *testing.T, b *shop.Bundle) {
				o := b.Orders[0]
				if len(o.Items) != 2 || o.Items[1].Qty != 2 || o.Total != shop.Yuan(669) || o.Discount != shop.Yuan(30) {
					t.Errorf("order %+v", o)
				}
				if want := time.Date(2025, 11, 11, 20, 15, 0, 0, cst); !o.CreatedAt.Equal(want) {
					t.Errorf("created %v, want %v", o.CreatedAt, want)
				}
				if o.PaidAt == nil || o.PaidAt.Second() != 5 || o.Address.PhoneLast4 != "8000" || o.Address.City != "杭州" {
					t.Errorf("order %+v", o)
				}
			}},
		{"shipments: one row per event, id defaults to the tracking number", []string{"物流.csv",
			"物流单号,快递公司,订单号,物流状态,事件时间,地点,描述,事件状态\n" +
				"ZT100,中通,2609001,运输中,2025-11-12 08:00,嘉兴,已揽收,已揽收\n" +
				"ZT100,中通,2609001,运输中,2025-11-12 20:00,杭州,到达杭州转运中心,运输中\n"},
			func(t *testing.T, b *shop.Bundle) {
				s := b.Shipments[0]
				if s.ID != "ZT100" || len(s.Events) != 2 || s.Events[1].Location != "杭州" {
					t.Errorf("shipment %+v", s)
				}
			}},
		{"customers with preference columns", []string{"customers.csv",
			"客户ID,昵称,会员等级,手机号,积分,偏好:肤质\nC1,小鹿,金卡会员,13800138000,120,敏感肌\n"},
			func(t *testing.T, b *shop.Bundle) {
				c := b.Customers[0]
				if c.Nickname != "小鹿" || c.Points != 120 || c.Preferences["肤质"] != "敏感肌" || c.Phone != "13800138000" {
					t.Errorf("customer %+v", c)
				}
			}},
		{"FAQ without ids gets stable ones; alternates keep their commas", []string{"常见问题.csv",
			"问题,相似问法,答案,商品ID\n会起球吗,\"穿久了会起球吗，洗了呢|起球吗\",不会,P1;P2\n"},
			func(t *testing.T, b *shop.Bundle) {
				f := b.FAQs[0]
				if !strings.HasPrefix(f.ID, "FAQ-") || len(f.Alternates) != 2 || f.Alternates[0] != "穿久了会起球吗，洗了呢" || len(f.ProductIDs) != 2 {
					t.Errorf("faq %+v", f)
				}
			}},
		{"size chart in 斤 is stored in kg", []string{"尺码表.csv",
			"商品ID,尺码,身高下限,身高上限,体重下限(斤),体重上限(斤),尺寸:胸围\nP1,M,160,165,100,120,96\n"},
			func(t *testing.T, b *shop.Bundle) {
				r := b.Products[0].SizeChart[0]
				if r.WeightMin != 50 || r.WeightMax != 60 || r.HeightMax != 165 || r.Measurements["胸围"] != "96" {
					t.Errorf("size row %+v", r)
				}
			}},
		{"a skus sheet attaches to the products sheet whatever the order", []string{
			"skus.csv", "商品ID,SKU,颜色,库存\nP1,P1-RED,红色,4\n",
			"products.csv", "商品ID,商品名称,价格,SKU,库存\nP1,杯子,29,P1-WHT,2\n"},
			func(t *testing.T, b *shop.Bundle) {
				if len(b.Products) != 1 || len(b.Products[0].SKUs) != 2 || b.Products[0].Name != "杯子" {
					t.Errorf("products %+v", b.Products)
				}
			}},
		{"tab-separated text saved as .csv", []string{"products.csv", "商品ID\t商品名称\t价格\nP1\t杯子\t29\n"},
			func(t *testing.T, b *shop.Bundle) {
				if b.Products[0].Name != "杯子" {
					t.Errorf("products %+v", b.Products)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Load(writeFiles(t, tt.files...), Options{})
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, b)
		})
	}
}

func TestGBKCSV(t *testing.T) {
	text := "商品ID,商品名称,价格\r\nP1,羊毛大衣,599\r\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Load(writeFiles(t, "商品.csv", gbk), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if b.Products[0].Name != "羊毛大衣" {
		t.Errorf("name %q", b.Products[0].Name)
	}
}

func TestXLSX(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetSheetName("Sheet1", "说明"); err != nil {
		t.Fatal(err)
	}
	must(f.SetCellValue("说明", "A1", "填写说明：每行一个SKU"))
	_, err := f.NewSheet("商品")
	must(err)
	must(f.SetSheetRow("商品", "A1", &[]any{"商品ID", "商品名称", "价格", "SKU", "库存"}))
	must(f.SetSheetRow("商品", "A2", &[]any{"P1", "羊毛大衣", 599.9, "P1-M", 3}))
	must(f.SetSheetRow("商品", "A3", &[]any{"P1", "羊毛大衣", 599.9, "P1-L", 0}))
	_, err = f.NewSheet("Sheet2") // named by its header only
	must(err)
	must(f.SetSheetRow("Sheet2", "A1", &[]any{"订单号", "客户ID", "状态", "下单时间", "商品ID", "SKU", "数量", "单价"}))
	must(f.SetSheetRow("Sheet2", "A2", &[]any{"2609001", "C1", "paid", time.Date(2025, 11, 11, 20, 15, 0, 0, time.UTC), "P1", "P1-M", 1, 599.9}))
	// A date cell and a date typed as text must read the same.
	must(f.SetSheetRow("Sheet2", "A3", &[]any{"2609002", "C1", "待发货", "2025-11-11 20:15", "P1", "P1-L", 2, 599.9}))
	var buf bytes.Buffer
	must(f.Write(&buf))
	paths := writeFiles(t, "shop.xlsx", buf.String())

	b, err := Load(paths, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Products) != 1 || len(b.Products[0].SKUs) != 2 || b.Products[0].Price != 59990 {
		t.Fatalf("products %+v", b.Products)
	}
	if len(b.Orders) != 2 {
		t.Fatalf("orders %+v", b.Orders)
	}
	want := time.Date(2025, 11, 11, 20, 15, 0, 0, cst)
	for _, o := range b.Orders {
		if !o.CreatedAt.Equal(want) {
			t.Errorf("order %s created %v, want %v", o.ID, o.CreatedAt, want)
		}
	}

	// A bad cell is located by sheet, row and column.
	must(f.SetCellValue("Sheet2", "G3", "两"))
	buf.Reset()
	must(f.Write(&buf))
	_, err = Load(writeFiles(t, "shop.xlsx", buf.String()), Options{})
	assertProblem(t, err, want2("shop.xlsx", 3, "数量", `sheet "Sheet2"`, "not a whole number"))
}

func want2(file string, row int, field string, words ...string) want {
	return want{file: file, row: row, field: field, words: words}
}

func TestBadRowsAreLocated(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  want
	}{
		{"quantity in words", []string{"orders.csv",
			"订单号,客户ID,状态,下单时间,商品ID,数量,单价\n1,C1,待发货,2025-11-11 20:15,P1,1,10\n2,C1,待发货,2025-11-11 20:15,P1,两,10\n"},
			want2("orders.csv", 3, "数量", "order 2", `"两" is not a whole number`, "write digits")},
		{"unreadable price", []string{"products.csv", "商品ID,商品名称,价格\nP1,杯子,二十九\n"},
			want2("products.csv", 2, "价格", "not an amount in yuan")},
		{"unreadable time", []string{"orders.csv", "订单号,客户ID,状态,下单时间,商品ID,数量\n1,C1,待发货,昨天,P1,1\n"},
			want2("orders.csv", 2, "下单时间", `"昨天" is not a time`)},
		{"repeated product columns disagree", []string{"products.csv",
			"商品ID,商品名称,SKU,库存\nP1,杯子,P1-A,1\nP1,水杯,P1-B,1\n"},
			want2("products.csv", 3, "商品名称", `"水杯" differs from "杯子" in row 2`)},
		{"unknown column", []string{"products.csv", "商品ID,商品名称,库 存x\nP1,杯子,1\n"},
			want2("products.csv", 1, "库 存x", "unknown column", "商品ID")},
		{"missing required column", []string{"orders.csv", "订单号,客户ID,状态,商品ID,数量\n1,C1,待发货,P1,1\n"},
			want2("orders.csv", 1, "", "missing column created_at (下单时间)")},
		{"row without its key", []string{"customers.csv", "客户ID,昵称\nC1,小鹿\n,小马\n"},
			want2("customers.csv", 3, "客户ID", "empty")},
		{"row numbers count blank lines and not line breaks in cells", []string{"faq.csv",
			"问题,答案\n\"起球吗\",\"不会\n真的不会\"\n\n发货,\n"},
			want2("faq.csv", 4, "答案", "answer is required")},
		{"duplicate customer in the same sheet", []string{"customers.csv", "客户ID,昵称\nC1,小鹿\nC1,小马\n"},
			want2("customers.csv", 3, "客户ID", `customer "C1" is also at row 2`)},
		{"SKU row without a SKU id", []string{"products.csv", "商品ID,商品名称,SKU,颜色,库存\nP1,杯子,,红色,1\n"},
			want2("products.csv", 2, "SKU", "every SKU row needs its SKU id")},
		{"size chart in an unknown unit", []string{"size_chart.csv", "商品ID,尺码,体重下限,单位\nP1,M,50,磅\n"},
			want2("size_chart.csv", 2, "单位", "unknown weight unit")},
		{"unrecognisable table", []string{"data.csv", "a,b\n1,2\n"},
			want2("data.csv", 1, "", "cannot tell what this table holds")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			paths := writeFiles(t, tt.files...)
			_, err := Import(context.Background(), &memStore{}, paths, Options{Secret: []byte("k")})
			assertProblem(t, err, tt.want)
		})
	}
}

func TestDuplicatesAcrossFilesNameBothPlaces(t *testing.T) {
	paths := writeFiles(t,
		"shop.json", bundleJSON,
		"products.csv", "商品ID,商品名称,价格\nP-X,杯子,29\nP-COAT-01,大衣,599\n")
	_, err := Load(paths, Options{})
	assertProblem(t, err, want2("products.csv", 3, "商品ID", `product "P-COAT-01" is also at`, "shop.json line 4"))

	// A SKU given in the products sheet and again in a skus sheet.
	paths = writeFiles(t,
		"products.csv", "商品ID,商品名称,SKU,库存\nP1,杯子,P1-A,1\n",
		"skus.csv", "商品ID,SKU,库存\nP1,P1-A,5\n")
	_, err = Load(paths, Options{})
	assertProblem(t, err, want2("skus.csv", 2, "SKU", `SKU "P1-A" is also at`, "products.csv row 2"))
}

func TestErrorLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("商品ID,商品名称,价格\n")
	for i := range 50 {
		fmt.Fprintf(&b, "P%d,杯子,abc\n", i)
	}
	_, err := Load(writeFiles(t, "products.csv", b.String()), Options{})
	var e *Errors
	if !errors.As(err, &e) || len(e.Problems) != DefaultMaxErrors || !e.Truncated {
		t.Fatalf("want %d problems and truncated, got %v", DefaultMaxErrors, err)
	}
	if !strings.Contains(err.Error(), "fix these and run again") {
		t.Errorf("message does not say more may follow: %v", err)
	}
}

// memStore is the smallest Writer for unit tests of Import's own logic;
// the behaviour against the real store is in importer_integration_test.go.
type memStore struct {
	products  []shop.Product
	customers []shop.Customer
	orders    []shop.Order
	imported  []*shop.Bundle
}

func (m *memStore) Products(context.Context) ([]shop.Product, error)   { return m.products, nil }
func (m *memStore) Customers(context.Context) ([]shop.Customer, error) { return m.customers, nil }
func (m *memStore) Orders(context.Context) ([]shop.Order, error)       { return m.orders, nil }
func (m *memStore) ImportBundle(_ context.Context, b *shop.Bundle) (shop.ImportStats, error) {
	m.imported = append(m.imported, b)
	return shop.ImportStats{Products: len(b.Products), Orders: len(b.Orders), Customers: len(b.Customers)}, nil
}

func TestImport(t *testing.T) {
	ctx := context.Background()
	t.Run("validation errors point at the sheet cell", func(t *testing.T) {
		st := &memStore{}
		paths := writeFiles(t,
			"shop.json", bundleJSON,
			"orders.csv", "订单号,客户ID,状态,下单时间,商品ID,SKU,数量,单价\n2609002,C1,待发货,2025-11-12 10:00,P-COAT-01,P-COAT-01-BLK-S,1,599\n")
		_, err := Import(ctx, st, paths, Options{Secret: []byte("k")})
		assertProblem(t, err, want2("orders.csv", 2, "SKU", "order 2609002", `SKU "P-COAT-01-BLK-S" does not exist in product P-COAT-01`))
		if len(st.imported) != 0 {
			t.Error("a rejected import wrote to the store")
		}
	})
	t.Run("validation errors in JSON name line and path", func(t *testing.T) {
		j := strings.Replace(bundleJSON, `"status": "已发货"`, `"status": "发货中"`, 1)
		_, err := Import(ctx, &memStore{}, writeFiles(t, "shop.json", j), Options{Secret: []byte("k")})
		assertProblem(t, err, want{file: "shop.json", line: 9, field: "status", words: []string{"orders[0] (id 2609001)", `unknown order status "发货中"`}})
	})
	t.Run("orders may reference what the store has", func(t *testing.T) {
		st := &memStore{
			products:  []shop.Product{{ID: "P9", Name: "旧款", SKUs: []shop.SKU{{ID: "P9-M"}}}},
			customers: []shop.Customer{{ID: "C9", Nickname: "老客"}},
		}
		paths := writeFiles(t, "orders.csv", "订单号,客户ID,状态,下单时间,商品ID,SKU,数量\nO1,C9,待付款,2025-11-12 10:00,P9,P9-M,1\n")
		if _, err := Import(ctx, st, paths, Options{}); err != nil {
			t.Fatal(err)
		}
		if got := st.imported[0].Orders[0].Status; got != shop.StatusPendingPayment {
			t.Errorf("status %q not normalised", got)
		}
	})
	t.Run("a stock sheet updates SKUs of a stored product and keeps the others", func(t *testing.T) {
		st := &memStore{products: []shop.Product{{ID: "P9", Name: "旧款", Price: 100,
			SKUs: []shop.SKU{{ID: "P9-M", Stock: 1}, {ID: "P9-L", Stock: 1}}}}}
		paths := writeFiles(t, "库存.csv", "商品ID,SKU,库存\nP9,P9-L,7\nP9,P9-XL,2\n")
		if _, err := Import(ctx, st, paths, Options{}); err != nil {
			t.Fatal(err)
		}
		p := st.imported[0].Products[0]
		if p.Name != "旧款" || len(p.SKUs) != 3 || p.SKUs[0].Stock != 1 || p.SKUs[1].Stock != 7 || p.SKUs[2].ID != "P9-XL" {
			t.Errorf("product %+v", p)
		}
	})
	t.Run("a stock sheet for an unknown product", func(t *testing.T) {
		paths := writeFiles(t, "skus.csv", "商品ID,SKU,库存\nP9,P9-L,7\n")
		_, err := Import(ctx, &memStore{}, paths, Options{})
		assertProblem(t, err, want2("skus.csv", 2, "商品ID", `product "P9" is neither in this import nor in the store`))
	})
	t.Run("phones keep only the last 4 digits and a keyed hash", func(t *testing.T) {
		st := &memStore{customers: []shop.Customer{{ID: "C2", Nickname: "旧", PhoneLast4: "1234", PhoneHash: "h"}}}
		paths := writeFiles(t, "customers.csv", "客户ID,昵称,手机号\nC1,小鹿,+86 138 0013 8000\nC2,旧,\n")
		if _, err := Import(ctx, st, paths, Options{Secret: []byte("secret")}); err != nil {
			t.Fatal(err)
		}
		c := st.imported[0].Customers
		if c[0].Phone != "" || c[0].PhoneLast4 != "8000" || c[0].PhoneHash != PhoneHash([]byte("secret"), "13800138000") {
			t.Errorf("customer %+v", c[0])
		}
		if c[1].PhoneLast4 != "1234" || c[1].PhoneHash != "h" {
			t.Errorf("stored phone lost: %+v", c[1])
		}
	})
	t.Run("phones need a secret", func(t *testing.T) {
		paths := writeFiles(t, "customers.csv", "客户ID,昵称,手机号\nC1,小鹿,13800138000\n")
		if _, err := Import(ctx, &memStore{}, paths, Options{}); err == nil || !strings.Contains(err.Error(), "secret") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("a dry run checks everything and writes nothing", func(t *testing.T) {
		st := &memStore{}
		stats, err := Import(ctx, st, writeFiles(t, "shop.json", bundleJSON), Options{Secret: []byte("k"), DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(st.imported) != 0 || stats.Products != 1 || stats.SKUs != 1 || stats.Orders != 1 || !stats.Shop {
			t.Errorf("stats %+v, writes %d", stats, len(st.imported))
		}
	})
	t.Run("Check validates a loaded bundle against the store", func(t *testing.T) {
		st := &memStore{products: []shop.Product{{ID: "P9", Name: "旧款", SKUs: []shop.SKU{{ID: "P9-M"}}}},
			customers: []shop.Customer{{ID: "C9", Nickname: "老客"}}}
		paths := writeFiles(t, "skus.csv", "商品ID,SKU,库存\nP9,P9-L,7\n",
			"orders.csv", "订单号,客户ID,状态,下单时间,商品ID,SKU,数量\nO1,C9,待付款,2025-11-12 10:00,P9,P9-L,1\n")
		b, err := Load(paths, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := Check(ctx, st, b); err != nil {
			t.Fatalf("check: %v", err)
		}
		b.Orders[0].Items[0].SKUID = "P9-XL"
		var verrs shop.ValidationErrors
		if err := Check(ctx, st, b); !errors.As(err, &verrs) || !strings.Contains(err.Error(), `SKU "P9-XL" does not exist`) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("ImportBundle validates and protects an in-memory bundle", func(t *testing.T) {
		b, err := Load(writeFiles(t, "shop.json", bundleJSON), Options{})
		if err != nil {
			t.Fatal(err)
		}
		st := &memStore{}
		if _, err := ImportBundle(ctx, st, b, Options{Secret: []byte("k")}); err != nil {
			t.Fatal(err)
		}
		if c := st.imported[0].Customers[0]; c.Phone != "" || c.PhoneLast4 != "8000" {
			t.Errorf("customer %+v", c)
		}
		b.Orders[0].CustomerID = "C404"
		var verrs shop.ValidationErrors
		if _, err := ImportBundle(ctx, st, b, Options{Secret: []byte("k")}); !errors.As(err, &verrs) || len(st.imported) != 1 {
			t.Fatalf("got %v after %d writes", err, len(st.imported))
		}
	})
	t.Run("a folder imports the files in it", func(t *testing.T) {
		paths := writeFiles(t, "shop.json", bundleJSON, "notes.md", "ignored")
		st := &memStore{}
		if _, err := Import(ctx, st, []string{filepath.Dir(paths[0])}, Options{Secret: []byte("k")}); err != nil {
			t.Fatal(err)
		}
		if len(st.imported) != 1 || len(st.imported[0].Products) != 1 {
			t.Errorf("imported %+v", st.imported)
		}
	})
}

func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf) // not a terminal: silent
	p.start("orders.csv", "", 10)
	p.step(5)
	p.finish()
	if buf.Len() != 0 {
		t.Errorf("wrote %q to a non-terminal", buf.String())
	}
	p = &progress{w: &buf}
	p.start("orders.csv", "", 1000)
	for i := 1; i <= 1000; i++ {
		p.step(i)
	}
	p.finish()
	out := buf.String()
	if strings.Count(out, "\r") > 103 || !strings.Contains(out, "1000/1000 rows") || !strings.HasSuffix(out, "\n") {
		t.Errorf("bar output: %d redraws, %q...", strings.Count(out, "\r"), out[:min(len(out), 120)])
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("商品ID,商品名称,价格,SKU,库存\nP1,杯子,29,P1-A,1\n"))
	f.Add([]byte("订单号,客户ID,状态,下单时间,商品ID,数量,单价\n1,C1,待发货,2025-11-11 20:15,P1,两,10\n"))
	f.Add([]byte("物流单号,快递公司,订单号,物流状态,事件时间\nZT1,中通,1,运输中,45972.5\n"))
	f.Add([]byte("问题,答案\n\"a\nb\",c\n"))
	f.Add([]byte{0xff, 0xfe, 0x00})
	f.Add([]byte{0xc9, 0xcc, 0xc6, 0xb7, ',', 'x'})
	f.Fuzz(func(t *testing.T, data []byte) {
		c := newCollector(DefaultMaxErrors)
		opts := &Options{}
		if tb := readCSV("fuzz.csv", data, c); tb != nil {
			readTable(tb, c, opts, &progress{})
		}
	})
}

func FuzzReadJSON(f *testing.F) {
	f.Add([]byte(bundleJSON))
	f.Add([]byte(`{"products":[{"id":"P1","prise":1,"skus":[{"stock":"3"}]}],"orders":[{"created_at":"x"}]}`))
	f.Add([]byte("{\n \"shop\": {\"name\": \"x\"}\n \"products\": []\n}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		readJSON("fuzz.json", data, newCollector(DefaultMaxErrors))
	})
}
