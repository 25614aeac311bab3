package console

import (
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/xiaoer-cs/xiaoer/internal/auth"
	"github.com/xiaoer-cs/xiaoer/internal/chat"
	"github.com/xiaoer-cs/xiaoer/internal/shop"
	"github.com/xiaoer-cs/xiaoer/internal/team"
)

// consoleCSP allows only the console's own files: no inline script, so even
// if shopper text were ever rendered as HTML it could not run.
const consoleCSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

var contentTypes = map[string]string{
	".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".html": "text/html; charset=utf-8",
	".svg": "image/svg+xml", ".png": "image/png",
}

func (c *Console) serveAsset(w http.ResponseWriter, name string, csp string) error {
	if c.d.Assets == nil {
		return errStatus(404, "not_found", "web assets are not built into this binary")
	}
	b, err := fs.ReadFile(c.d.Assets, name)
	if err != nil {
		return errStatus(404, "not_found", "not found")
	}
	ct := contentTypes[path.Ext(name)]
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "no-cache")
	if csp != "" {
		w.Header().Set("Content-Security-Policy", csp)
		w.Header().Set("X-Frame-Options", "DENY")
	}
	_, err = w.Write(b)
	return err
}

func (c *Console) assetRoutes(mux *http.ServeMux) {
	// The widget is loaded by merchants' pages from another origin; script
	// and style tags need no CORS.
	mux.HandleFunc("GET /widget.js", c.handle(func(w http.ResponseWriter, r *http.Request) error {
		return c.serveAsset(w, "widget/widget.js", "")
	}))
	mux.HandleFunc("GET /widget.css", c.handle(func(w http.ResponseWriter, r *http.Request) error {
		return c.serveAsset(w, "widget/widget.css", "")
	}))
	mux.HandleFunc("GET /console/{$}", c.handle(func(w http.ResponseWriter, r *http.Request) error {
		return c.serveAsset(w, "console/index.html", consoleCSP)
	}))
	mux.HandleFunc("GET /console", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/console/", http.StatusFound)
	})
	mux.HandleFunc("GET /console/static/{file}", c.handle(func(w http.ResponseWriter, r *http.Request) error {
		f := r.PathValue("file")
		if strings.Contains(f, "/") || strings.HasPrefix(f, ".") {
			return errStatus(404, "not_found", "not found")
		}
		return c.serveAsset(w, "console/"+f, "")
	}))
	if c.d.Demo {
		mux.HandleFunc("GET /demo/{$}", c.handle(c.demoShop))
		mux.HandleFunc("GET /demo/p/{id}", c.handle(c.demoProduct))
		mux.HandleFunc("GET /demo/static/{file}", c.handle(func(w http.ResponseWriter, r *http.Request) error {
			f := r.PathValue("file")
			if strings.Contains(f, "/") || strings.HasPrefix(f, ".") {
				return errStatus(404, "not_found", "not found")
			}
			return c.serveAsset(w, "demo/"+f, "")
		}))
	}
}

const demoCSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; base-uri 'none'"

type demoCustomer struct {
	ID, Label string
}

type demoPage struct {
	Shop      string
	Products  []shop.Product
	Product   *shop.Product
	Colors    []string
	Sizes     []string
	Customers []demoCustomer
	As        string
	Sig       string
}

func (c *Console) demoTemplate() (*template.Template, error) {
	b, err := fs.ReadFile(c.d.Assets, "demo/shop.html")
	if err != nil {
		return nil, err
	}
	return template.New("shop").Parse(string(b))
}

func (c *Console) demoData(r *http.Request) (demoPage, error) {
	ps, err := c.d.Store.Products(r.Context())
	if err != nil {
		return demoPage{}, err
	}
	p := demoPage{Shop: "小二演示店", Products: ps}
	// The demo shows the verified-identity path: a merchant's server signs
	// the logged-in customer's id; here the demo plays that server.
	for _, id := range []string{"C-1001", "C-1003"} {
		if cu, err := c.d.Store.Customer(r.Context(), id); err == nil {
			p.Customers = append(p.Customers, demoCustomer{ID: cu.ID, Label: cu.Nickname + "(" + shop.MemberLevelLabel(cu.MemberLevel) + ")"})
		}
	}
	if as := r.URL.Query().Get("as"); as != "" && c.d.DemoIdentitySecret != "" {
		if _, err := c.d.Store.Customer(r.Context(), as); err == nil {
			p.As, p.Sig = as, auth.IdentitySignature(c.d.DemoIdentitySecret, as)
		}
	}
	return p, nil
}

func (c *Console) renderDemo(w http.ResponseWriter, p demoPage) error {
	t, err := c.demoTemplate()
	if err != nil {
		return fmt.Errorf("demo template: %w", err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", demoCSP)
	return t.Execute(w, p)
}

func (c *Console) demoShop(w http.ResponseWriter, r *http.Request) error {
	p, err := c.demoData(r)
	if err != nil {
		return err
	}
	return c.renderDemo(w, p)
}

func (c *Console) demoProduct(w http.ResponseWriter, r *http.Request) error {
	p, err := c.demoData(r)
	if err != nil {
		return err
	}
	prod, err := c.d.Store.Product(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p.Product = &prod
	seen := map[string]bool{}
	for _, s := range prod.SKUs {
		if s.Color != "" && !seen["c"+s.Color] {
			seen["c"+s.Color] = true
			p.Colors = append(p.Colors, s.Color)
		}
		if s.Size != "" && !seen["s"+s.Size] {
			seen["s"+s.Size] = true
			p.Sizes = append(p.Sizes, s.Size)
		}
	}
	return c.renderDemo(w, p)
}

// SeedAgents creates the given agents when no agent exists yet (first
// start, demo). It returns whether it created them.
func SeedAgents(ctx context.Context, st Accounts, agents []team.Agent, password string, cost int) (bool, error) {
	existing, err := st.Agents(ctx)
	if err != nil {
		return false, err
	}
	if len(existing) > 0 {
		return false, nil
	}
	h, err := HashPassword(password, cost)
	if err != nil {
		return false, err
	}
	for _, a := range agents {
		if a.ID == "" {
			a.ID = chat.NewID("ag")
		}
		a.PasswordHash = h
		if err := team.ValidateAgent(a); err != nil {
			return false, err
		}
		if err := st.CreateAgent(ctx, a); err != nil {
			return false, fmt.Errorf("seed agent %s: %w", a.Login, err)
		}
	}
	return true, nil
}
