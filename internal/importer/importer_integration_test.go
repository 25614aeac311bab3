package importer

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/store"
	"github.com/xiaoer-cs/xiaoer/internal/store/sqlite"
)

// Both the store contract and the SQLite engine satisfy the importer's Writer.
var (
	_ Writer = store.Store(nil)
	_ Writer = (*sqlite.Store)(nil)
)

// exportJSON snapshots the whole store.
func exportJSON(t *testing.T, st *sqlite.Store) string {
	t.Helper()
	b, err := st.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestImportIntoSQLite runs the import against the real store: the demo
// bundle plus sheets, twice (idempotent), then a set with one bad row that
// must leave the store exactly as it was.
func TestImportIntoSQLite(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "xiaoer.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	opts := Options{Secret: []byte("integration-secret")}

	sheets := writeFiles(t,
		"商品.csv", "商品ID,商品名称,类目,价格,颜色,尺码,库存\n"+
			"P-MUG-01,陶瓷马克杯,杯子,39,白色,350ml,20\n"+
			"P-MUG-01,,,,蓝色,350ml,0\n",
		"订单.csv", "订单号,客户ID,状态,下单时间,收货手机号,商品ID,数量,单价\n"+
			"T-0001,C-1001,待发货,2025-11-12 10:00,13857162048,P-MUG-01,2,39\n",
		"客户.csv", "客户ID,昵称,会员等级,手机号\nC-9001,新客,普通会员,139 0000 1234\n")
	good := append([]string{"../demo/shop.json"}, sheets...)

	stats, err := Import(ctx, st, good, opts)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if stats.Products < 20 || stats.Orders < 43 || stats.Customers < 13 {
		t.Errorf("stats %+v", stats)
	}
	first := exportJSON(t, st)

	mug, err := st.Product(ctx, "P-MUG-01")
	if err != nil {
		t.Fatal(err)
	}
	if len(mug.SKUs) != 2 || mug.SKUs[0].ID != "P-MUG-01-白色-350ml" {
		t.Errorf("mug %+v", mug)
	}
	order, err := st.Order(ctx, "T-0001")
	if err != nil {
		t.Fatal(err)
	}
	if order.Status != shop.StatusToShip || order.Total != shop.Yuan(78) || order.Address.PhoneLast4 != "2048" {
		t.Errorf("order %+v", order)
	}
	c, err := st.Customer(ctx, "C-9001")
	if err != nil {
		t.Fatal(err)
	}
	if c.Phone != "" || c.PhoneLast4 != "1234" || c.PhoneHash != PhoneHash(opts.Secret, "13900001234") || c.MemberLevel != shop.LevelRegular {
		t.Errorf("customer phone not protected: %+v", c)
	}

	t.Run("importing the same files again changes nothing", func(t *testing.T) {
		if _, err := Import(ctx, st, good, opts); err != nil {
			t.Fatal(err)
		}
		if again := exportJSON(t, st); again != first {
			t.Error("second import changed the store")
		}
	})

	t.Run("one bad row rejects the whole import and writes nothing", func(t *testing.T) {
		bad := writeFiles(t,
			"products.csv", "商品ID,商品名称,价格,SKU,库存\nP-NEW-01,新品,10,P-NEW-01-A,5\n",
			"skus.csv", "商品ID,SKU,库存\nP-COAT-01,P-COAT-01-CAM-S,0\n",
			"orders.csv", "订单号,客户ID,状态,下单时间,商品ID,SKU,数量,单价\n"+
				"T-0002,C-1002,待发货,2025-11-12 11:00,P-NEW-01,P-NEW-01-A,1,10\n"+
				"T-0003,C-1002,待发货,2025-11-12 11:05,P-COAT-01,P-COAT-01-PNK-XXL,1,599\n")
		_, err := Import(ctx, st, bad, opts)
		assertProblem(t, err, want2("orders.csv", 3, "SKU", `SKU "P-COAT-01-PNK-XXL" does not exist in product P-COAT-01`))
		if after := exportJSON(t, st); after != first {
			t.Error("a rejected import changed the store")
		}
		if _, err := st.Product(ctx, "P-NEW-01"); err == nil {
			t.Error("the valid product of a rejected import was written")
		}
	})

	t.Run("a stock sheet updates one SKU of a stored product", func(t *testing.T) {
		before, err := st.Product(ctx, "P-COAT-01")
		if err != nil {
			t.Fatal(err)
		}
		upd := writeFiles(t, "库存.csv", "商品ID,SKU,库存\nP-COAT-01,P-COAT-01-CAM-S,0\n")
		if _, err := Import(ctx, st, upd, opts); err != nil {
			t.Fatal(err)
		}
		after, err := st.Product(ctx, "P-COAT-01")
		if err != nil {
			t.Fatal(err)
		}
		if len(after.SKUs) != len(before.SKUs) || after.Name != before.Name {
			t.Fatalf("product changed beyond the stock: before %+v, after %+v", before, after)
		}
		for i, s := range after.SKUs {
			want := before.SKUs[i]
			if s.ID == "P-COAT-01-CAM-S" {
				want.Stock = 0
			}
			if s != want {
				t.Errorf("SKU %d: got %+v, want %+v", i, s, want)
			}
		}
	})
}
