// Package nlu is Xiaoer's offline understanding engine: it normalises a shopper's message,
// segments it, splits it into clauses, classifies each clause into an intent of the taxonomy
// (docs/nlu-taxonomy.md), extracts entities and reads the emotion and sales signals.
//
// Everything is built once by New from data embedded in the binary (lexicons under lexicon/,
// the training corpus under corpus/train/) plus an optional merchant directory that extends
// both. The package is pure: no database, no network, no package-level mutable state.
package nlu
