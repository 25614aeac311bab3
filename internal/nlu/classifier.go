package nlu

import (
	"math"
	"math/rand/v2"
	"sort"
	"sync"
)

// IntentScore is an intent with its calibrated probability.
type IntentScore struct {
	Name       string  `json:"name"`
	Confidence float64 `json:"confidence"`
}

// classifier is a multinomial logistic regression over hashed sparse features, trained by
// stochastic gradient descent with a fixed seed, with a softmax temperature fitted on
// out-of-fold predictions so that confidences are calibrated.
type classifier struct {
	intents     []string
	vocab       map[uint64]int32
	weights     []float32 // feature-major: weights[f*nClass+c]
	bias        []float32
	temperature float64
}

// Training hyper-parameters; chosen on cross-validation of the training corpus only.
const (
	trainEpochs   = 20
	trainRate     = 0.5
	trainDecay    = 0.15
	trainL2       = 1e-5
	trainSeed     = 20261122
	calibFolds    = 4
	defaultTopK   = 3
	minTempSearch = 0.05
	maxTempSearch = 5.0
)

type labelled struct {
	feats []uint64
	label int
}

// trainClassifier builds the vocabulary, fits the temperature on calibFolds out-of-fold
// predictions (trained in parallel, each fold with its own seed so the result does not
// depend on scheduling) and trains the final model on everything.
func trainClassifier(intents []string, data []labelled) *classifier {
	vocab := map[uint64]int32{}
	for _, d := range data {
		for _, h := range d.feats {
			if _, ok := vocab[h]; !ok {
				vocab[h] = int32(len(vocab))
			}
		}
	}
	vecs := make([]sparseVec, len(data))
	labels := make([]int, len(data))
	for i, d := range data {
		vecs[i] = vectorize(vocab, d.feats)
		labels[i] = d.label
	}

	// Stratified folds: the k-th example of each intent goes to fold k mod calibFolds.
	fold := make([]int, len(data))
	seen := make([]int, len(intents))
	for i, l := range labels {
		fold[i] = seen[l] % calibFolds
		seen[l]++
	}
	type oof struct{ logits [][]float32 }
	results := make([]oof, calibFolds)
	var wg sync.WaitGroup
	for k := 0; k < calibFolds; k++ {
		wg.Go(func() {
			var trX []sparseVec
			var trY []int
			var teIdx []int
			for i := range vecs {
				if fold[i] == k {
					teIdx = append(teIdx, i)
				} else {
					trX = append(trX, vecs[i])
					trY = append(trY, labels[i])
				}
			}
			m := &classifier{intents: intents, vocab: vocab}
			m.fit(trX, trY, len(vocab), uint64(k+1))
			logits := make([][]float32, len(teIdx))
			for j, i := range teIdx {
				logits[j] = m.logits(vecs[i], nil)
			}
			results[k] = oof{logits}
		})
	}
	final := &classifier{intents: intents, vocab: vocab}
	final.fit(vecs, labels, len(vocab), 0)
	wg.Wait()

	var allLogits [][]float32
	var allLabels []int
	for k := 0; k < calibFolds; k++ {
		j := 0
		for i := range vecs {
			if fold[i] == k {
				allLogits = append(allLogits, results[k].logits[j])
				allLabels = append(allLabels, labels[i])
				j++
			}
		}
	}
	final.temperature = fitTemperature(allLogits, allLabels)
	return final
}

func vectorize(vocab map[uint64]int32, feats []uint64) sparseVec {
	v := sparseVec{idx: make([]int32, 0, len(feats))}
	for _, h := range feats {
		if f, ok := vocab[h]; ok {
			v.idx = append(v.idx, f)
		}
	}
	sort.Slice(v.idx, func(a, b int) bool { return v.idx[a] < v.idx[b] })
	// Binary features: drop duplicates.
	out := v.idx[:0]
	for i, f := range v.idx {
		if i == 0 || f != v.idx[i-1] {
			out = append(out, f)
		}
	}
	v.idx = out
	v.normalise()
	return v
}

// fit runs SGD on the softmax loss with L2 applied to the touched weights.
func (m *classifier) fit(xs []sparseVec, ys []int, nFeat int, seed uint64) {
	nc := len(m.intents)
	m.weights = make([]float32, nFeat*nc)
	m.bias = make([]float32, nc)
	m.temperature = 1
	rng := rand.New(rand.NewPCG(trainSeed, seed))
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	probs := make([]float32, nc)
	for epoch := 0; epoch < trainEpochs; epoch++ {
		rate := float32(trainRate / (1 + trainDecay*float64(epoch)))
		rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
		for _, i := range order {
			x := xs[i]
			m.scores(x, probs)
			softmaxInPlace(probs, 1)
			probs[ys[i]] -= 1 // gradient of the loss w.r.t. the scores
			for c := 0; c < nc; c++ {
				m.bias[c] -= rate * probs[c]
			}
			for _, f := range x.idx {
				w := m.weights[int(f)*nc : int(f)*nc+nc]
				for c := range w {
					w[c] -= rate * (probs[c]*x.val + trainL2*w[c])
				}
			}
		}
	}
}

// scores writes the raw class scores of x into out.
func (m *classifier) scores(x sparseVec, out []float32) {
	nc := len(m.intents)
	copy(out, m.bias)
	for _, f := range x.idx {
		w := m.weights[int(f)*nc : int(f)*nc+nc]
		for c, wc := range w {
			out[c] += wc * x.val
		}
	}
}

func (m *classifier) logits(x sparseVec, out []float32) []float32 {
	if out == nil {
		out = make([]float32, len(m.intents))
	}
	m.scores(x, out)
	return out
}

func softmaxInPlace(z []float32, temperature float64) {
	mx := z[0]
	for _, v := range z {
		mx = max(mx, v)
	}
	var sum float64
	for i, v := range z {
		e := math.Exp(float64(v-mx) / temperature)
		z[i] = float32(e)
		sum += e
	}
	for i := range z {
		z[i] = float32(float64(z[i]) / sum)
	}
}

// fitTemperature minimises the negative log-likelihood of out-of-fold logits over the
// temperature by golden-section search (the NLL is unimodal in T).
func fitTemperature(logits [][]float32, labels []int) float64 {
	if len(logits) == 0 {
		return 1
	}
	nll := func(t float64) float64 {
		var sum float64
		p := make([]float32, len(logits[0]))
		for i, z := range logits {
			copy(p, z)
			softmaxInPlace(p, t)
			sum -= math.Log(max(float64(p[labels[i]]), 1e-12))
		}
		return sum
	}
	a, b := minTempSearch, maxTempSearch
	phi := (math.Sqrt(5) - 1) / 2
	c, d := b-phi*(b-a), a+phi*(b-a)
	fc, fd := nll(c), nll(d)
	for b-a > 1e-3 {
		if fc < fd {
			b, d, fd = d, c, fc
			c = b - phi*(b-a)
			fc = nll(c)
		} else {
			a, c, fc = c, d, fd
			d = a + phi*(b-a)
			fd = nll(d)
		}
	}
	return (a + b) / 2
}

// predict returns all intents ranked by calibrated probability.
func (m *classifier) predict(feats []uint64, scratch []float32) []IntentScore {
	x := vectorize(m.vocab, feats)
	z := m.logits(x, scratch)
	softmaxInPlace(z, m.temperature)
	out := make([]IntentScore, len(z))
	for c, p := range z {
		out[c] = IntentScore{Name: m.intents[c], Confidence: float64(p)}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Confidence > out[b].Confidence })
	return out
}
