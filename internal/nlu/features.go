package nlu

import "math"

// Feature kinds, mixed into the hash so that the character "好" and the word "好" differ.
const (
	featChar1 byte = iota + 1
	featChar2
	featChar3
	featWord
	featWord2
	featEntity
)

const (
	fnvOffset uint64 = 14695981039346656037
	fnvPrime  uint64 = 1099511628211
)

func hashRunes(kind byte, rs ...rune) uint64 {
	h := fnvOffset
	h ^= uint64(kind)
	h *= fnvPrime
	for _, r := range rs {
		for k := 0; k < 4; k++ {
			h ^= uint64(byte(r >> (8 * k)))
			h *= fnvPrime
		}
	}
	return h
}

func hashString(kind byte, parts ...string) uint64 {
	h := fnvOffset
	h ^= uint64(kind)
	h *= fnvPrime
	for _, s := range parts {
		for i := 0; i < len(s); i++ {
			h ^= uint64(s[i])
			h *= fnvPrime
		}
		h ^= 0xFF // part separator
		h *= fnvPrime
	}
	return h
}

// featureHashes turns a clause into hashed features: character 1–3-grams (digits folded to
// 0, with ^ and $ marking the ends), segmented words and word bigrams, and the types of the
// entities found in it. Duplicates are removed by the caller's vocabulary lookup.
func featureHashes(text string, tokens []string, entityTypes []string, buf []uint64) []uint64 {
	rs := make([]rune, 0, len(text)+2)
	rs = append(rs, '^')
	for _, r := range text {
		switch {
		case r == ' ':
			continue
		case isDigit(r):
			r = '0'
		}
		rs = append(rs, r)
	}
	rs = append(rs, '$')
	for i := range rs {
		if i > 0 && i < len(rs)-1 {
			buf = append(buf, hashRunes(featChar1, rs[i]))
		}
		if i+2 <= len(rs) {
			buf = append(buf, hashRunes(featChar2, rs[i], rs[i+1]))
		}
		if i+3 <= len(rs) {
			buf = append(buf, hashRunes(featChar3, rs[i], rs[i+1], rs[i+2]))
		}
	}
	prev := "^"
	for _, t := range tokens {
		if isPunctToken(t) {
			continue
		}
		buf = append(buf, hashString(featWord, t))
		buf = append(buf, hashString(featWord2, prev, t))
		prev = t
	}
	buf = append(buf, hashString(featWord2, prev, "$"))
	for _, t := range entityTypes {
		buf = append(buf, hashString(featEntity, t))
	}
	return buf
}

func isPunctToken(t string) bool {
	for _, r := range t {
		if !isPunct(r) {
			return false
		}
	}
	return true
}

// sparseVec is a feature vector over the model's vocabulary, L2-normalised binary values.
type sparseVec struct {
	idx []int32
	val float32 // every present feature has the same value 1/sqrt(len(idx))
}

func (v *sparseVec) normalise() {
	if len(v.idx) > 0 {
		v.val = float32(1 / math.Sqrt(float64(len(v.idx))))
	}
}
