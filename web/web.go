// Package web holds Xiaoer's browser side, embedded in the binary: the
// shopper chat widget (widget/), the agent console (console/) and the demo
// shop page (demo/). Plain HTML, CSS and JavaScript with no build step, so
// what is in the repository is exactly what is served.
package web

import (
	"embed"
	"io/fs"
)

//go:embed widget console demo
var files embed.FS

// FS returns the embedded files.
func FS() fs.FS { return files }
