package nlu

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
)

// IntentScore is an intent with its calibrated probability.
type IntentScore struct {
	Name       string  `json:"name"`
	Confidence float64 `json:"confidence"`
}

// classifier is a multinomial logistic regression over hashed sparse features, trained by
// stochastic gradient descent with a fixed seed, with a softmax temperature fitted on
// held-out predictions so that confidences are calibrated.
type classifier struct {
	intents     []string
	vocab       map[uint64]int32
	weights     []float32 // feature-major: weights[f*nClass+c]
	bias        []float32
	temperature float64
	// heldOutAccuracy is the accuracy on the held-out share of the training corpus, for
	// tuning without touching the evaluation set.
	heldOutAccuracy float64
}

// trainConfig holds the training hyper-parameters; defaultTrainConfig was chosen on
// cross-validation of the training corpus only.
type trainConfig struct {
	epochs int
	rate   float64 // initial SGD step
	decay  float64 // step at epoch k is rate/(1+decay*k)
	l2     float32
	// holdoutEvery: every n-th example of each intent is held out to fit the temperature.
	holdoutEvery int
}

var defaultTrainConfig = trainConfig{epochs: 15, rate: 2, decay: 0.15, l2: 3e-4, holdoutEvery: 4}

const (
	gradFloor     = 1e-3
	trainSeed     = 20261122
	defaultTopK   = 3
	minTempSearch = 0.05
	maxTempSearch = 5.0
)

type labelled struct {
	feats []uint64
	label int
}

// trainClassifier builds the vocabulary, trains a calibration model on all but a held-out
// share of every intent and fits the softmax temperature on the held-out predictions, while
// the final model trains on everything in parallel. Each model has its own fixed seed, so the
// result does not depend on scheduling.
func trainClassifier(intents []string, data []labelled, cfg trainConfig) *classifier {
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

	// Stratified hold-out: every holdoutEvery-th example of each intent.
	var trX []sparseVec
	var trY, heldOut []int
	seen := make([]int, len(intents))
	for i, l := range labels {
		if seen[l]%cfg.holdoutEvery == cfg.holdoutEvery-1 {
			heldOut = append(heldOut, i)
		} else {
			trX = append(trX, vecs[i])
			trY = append(trY, labels[i])
		}
		seen[l]++
	}
	var logits [][]float32
	var heldLabels []int
	var wg sync.WaitGroup
	wg.Go(func() {
		m := &classifier{intents: intents, vocab: vocab}
		m.fit(trX, trY, len(vocab), 1, cfg)
		for _, i := range heldOut {
			logits = append(logits, m.logits(vecs[i], nil))
			heldLabels = append(heldLabels, labels[i])
		}
	})
	final := &classifier{intents: intents, vocab: vocab}
	final.fit(vecs, labels, len(vocab), 0, cfg)
	wg.Wait()

	final.temperature = fitTemperature(logits, heldLabels)
	hits := 0
	for i, z := range logits {
		best := 0
		for c := range z {
			if z[c] > z[best] {
				best = c
			}
		}
		if best == heldLabels[i] {
			hits++
		}
	}
	final.heldOutAccuracy = float64(hits) / float64(max(1, len(logits)))
	return final
}

func vectorize(vocab map[uint64]int32, feats []uint64) sparseVec {
	v := sparseVec{idx: make([]int32, 0, len(feats))}
	for _, h := range feats {
		if f, ok := vocab[h]; ok {
			v.idx = append(v.idx, f)
		}
	}
	slices.Sort(v.idx)
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
func (m *classifier) fit(xs []sparseVec, ys []int, nFeat int, seed uint64, cfg trainConfig) {
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
	active := make([]int, 0, nc)
	for epoch := 0; epoch < cfg.epochs; epoch++ {
		rate := float32(cfg.rate / (1 + cfg.decay*float64(epoch)))
		rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
		for _, i := range order {
			x := xs[i]
			m.scores(x, probs)
			softmaxInPlace(probs, 1)
			probs[ys[i]] -= 1 // gradient of the loss w.r.t. the scores
			// Only classes with a noticeable gradient are updated: after the first epochs
			// most probabilities are ~0, which makes training several times faster.
			active = active[:0]
			for c := 0; c < nc; c++ {
				if probs[c] > gradFloor || probs[c] < -gradFloor {
					active = append(active, c)
					m.bias[c] -= rate * probs[c]
				}
			}
			for _, f := range x.idx {
				w := m.weights[int(f)*nc : int(f)*nc+nc]
				for _, c := range active {
					w[c] -= rate * (probs[c]*x.val + cfg.l2*w[c])
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
		d := float64(v-mx) / temperature
		if d < -40 {
			z[i] = 0
			continue
		}
		e := math.Exp(d)
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
	slices.SortStableFunc(out, func(a, b IntentScore) int { return cmp.Compare(b.Confidence, a.Confidence) })
	return out
}
