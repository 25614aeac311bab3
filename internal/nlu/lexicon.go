package nlu

import (
	"bufio"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// embeddedLexicons holds the lexicon files shipped with the engine; see docs/nlu.md for formats.
//
//go:embed lexicon/*.txt
var embeddedLexicons embed.FS

// embeddedCorpus holds the training corpus: corpus/train/<intent>.txt and corpus/train/extra/<intent>.txt.
//
//go:embed corpus/train
var embeddedCorpus embed.FS

// lexiconSource reads a lexicon by file name from the embedded set and, when present, appends
// the merchant's file of the same name (<MerchantDir>/lexicon/<name>).
type lexiconSource struct {
	merchantDir string
}

// lines returns the non-blank, non-comment lines of the named lexicon, each split into fields.
func (s lexiconSource) lines(name string) ([][]string, error) {
	var out [][]string
	data, err := embeddedLexicons.ReadFile("lexicon/" + name)
	if err != nil {
		return nil, fmt.Errorf("read embedded lexicon %s: %w", name, err)
	}
	out = appendFields(out, string(data))
	if s.merchantDir != "" {
		p := filepath.Join(s.merchantDir, "lexicon", name)
		extra, err := os.ReadFile(p)
		switch {
		case err == nil:
			out = appendFields(out, string(extra))
		case errors.Is(err, fs.ErrNotExist):
		default:
			return nil, fmt.Errorf("read merchant lexicon %s: %w", p, err)
		}
	}
	return out, nil
}

// appendFields parses lexicon text: blank lines and lines starting with # are skipped, the rest
// are split on whitespace after width/case folding so that data and input agree.
func appendFields(out [][]string, text string) [][]string {
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		for i := range f {
			f[i] = foldWidthCase(f[i])
		}
		out = append(out, f)
	}
	return out
}

// trainingExample is one utterance of the corpus with its intent.
type trainingExample struct {
	text   string
	intent string
}

// loadCorpus reads the embedded corpus and the merchant's <MerchantDir>/intents/<intent>.txt
// files. A merchant file for an intent that is not in the corpus defines a new intent.
func loadCorpus(merchantDir string) ([]trainingExample, error) {
	var out []trainingExample
	for _, dir := range []string{"corpus/train", "corpus/train/extra"} {
		entries, err := fs.ReadDir(embeddedCorpus, dir)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return nil, fmt.Errorf("read embedded corpus %s: %w", dir, err)
		}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".txt") {
				continue
			}
			data, err := fs.ReadFile(embeddedCorpus, dir+"/"+e.Name())
			if err != nil {
				return nil, fmt.Errorf("read embedded corpus %s: %w", e.Name(), err)
			}
			out = appendExamples(out, strings.TrimSuffix(e.Name(), ".txt"), string(data))
		}
	}
	if merchantDir != "" {
		dir := filepath.Join(merchantDir, "intents")
		entries, err := os.ReadDir(dir)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("read merchant intents %s: %w", dir, err)
		}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".txt") {
				continue
			}
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				return nil, fmt.Errorf("read merchant intents: %w", err)
			}
			out = appendExamples(out, strings.TrimSuffix(e.Name(), ".txt"), string(data))
		}
	}
	if len(out) == 0 {
		return nil, errors.New("training corpus is empty: expected corpus/train/<intent>.txt files")
	}
	return out, nil
}

func appendExamples(out []trainingExample, intent, text string) []trainingExample {
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, trainingExample{text: line, intent: intent})
	}
	return out
}
