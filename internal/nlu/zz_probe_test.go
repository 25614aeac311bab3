package nlu

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZProbe(t *testing.T) {
	e := engine(t)
	for _, s := range strings.Split(os.Getenv("PROBE"), "|") {
		a := e.Analyze(s, Context{Now: evalNow})
		fmt.Printf("%s => %s %v esc=%v %s %v\n", s, a.Intent.Name, a.Entities, a.Emotion.Escalation, a.Emotion.Class, a.Emotion.Signals)
	}
}
