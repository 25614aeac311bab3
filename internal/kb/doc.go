// Package kb is Xiaoer's knowledge base: it ingests the merchant's documents
// (product pages, SOPs, FAQ sheets, exemplary conversations, live-stream
// transcripts), chunks them by structure, ranks chunks for a shopper's
// question with BM25 over segmenter words plus character bigrams (optionally
// fused with embeddings), picks the sentences that answer it or decides that
// nothing does, and closes the loop by logging unanswered questions that an
// admin can teach in one step.
//
// The package depends on two small interfaces, Analyzer (normalise and
// segment text; the understanding engine satisfies it) and Store (the
// document/FAQ/unanswered part of the storage contract), so it needs neither
// the HTTP server nor a concrete database. See docs/kb.md.
package kb
