package kb

import "fmt"

func diagFocus(ix *Index, q string, h Hit) string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	aq := ix.analyseQuery(q)
	s := fmt.Sprintf("FOCUS %.2f miss %.2f [", h.Focus, h.FocusMiss)
	for _, u := range aq.focus {
		s += fmt.Sprintf(" %s:%.2f", aq.norm[u.start:u.end], u.spec)
	}
	return s + " ]"
}
