//! Word-piece vectors for the judge's soft alignment.
//!
//! The judge's lexical features align words that are spelled alike
//! ("buys" / "bought" through a stem); a paraphrase often says the same
//! thing in other words ("buys" / "sources", "leashed" / "on leads"). The
//! input embedding table of the default model, all-MiniLM-L6-v2, places
//! such word pieces near one another, so each piece of one statement is
//! matched to its most similar piece of the other, and the judge reads how
//! well each side is covered (the mean of those best matches), its worst
//! covered piece, and how many pieces find no close match.
//!
//! The table is read once per process from the default model's directory
//! ([`crate::embed::default_model_dir`]), whatever model the store embeds
//! with: the judge was trained on this table's similarities. It is the
//! input table, not the model's output, so aligning a pair costs a table
//! lookup per piece and a dot product per pair of distinct pieces, no
//! forward pass; cutting the texts into pieces costs more, so the pieces
//! of recent texts are kept. Kept by hand rather than through the embedder: the embedder
//! pools its output and never exposes its tables.
//!
//! Without the default model's table (a store on another model whose
//! default is not installed, DREAMDB_MODEL naming another model, or the
//! deterministic test embedder with no model installed), pieces are the
//! lower-case words and only identical words align (a warning is logged):
//! a paraphrase in other words then reads as gaps where the table would
//! have matched. On the judge bench's unseen agent groups that merges
//! 46.4% of paraphrases instead of 61.3%, and touches 2.9% of near misses
//! instead of 3.0% (BENCHMARKS.md, twenty-third session).

use std::collections::HashMap;
use std::hash::Hash;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use candle_core::{DType, Device};
use parking_lot::Mutex;
use sha2::{Digest, Sha256};
use tokenizers::Tokenizer;

use crate::index::dot_i8_kernel;

/// A piece whose best match in the other statement is below this
/// similarity counts as a gap.
const GAP: f32 = 0.6;
/// Pieces read from each statement at most (longer texts are cut).
const MAX_PIECES: usize = 128;
/// SHA-256 of all-MiniLM-L6-v2's word embedding table (little-endian
/// `f32`, 30522 × 384): the only table the judge was trained on. Another
/// model's table of the same shape (DREAMDB_MODEL pointing elsewhere)
/// would give similarities the model never saw, so it is refused.
const TABLE_SHA256: &str = "352d34a4ad725bb742f36fc3f2a2dcfa7f07317926128d47c362198125003892";

/// The table, rows normalised and stored as `i8` (×127): 11.7 MB for
/// the default model instead of 47 MB of `f32`. A similarity moves by
/// 0.003 on average and at most 0.015 (200,000 random pairs of pieces),
/// and training reads the same values.
pub(crate) struct WordVectors {
    tokenizer: Tokenizer,
    dim: usize,
    table: Vec<i8>,
    /// The pieces of recently aligned texts: a dream judges each entry
    /// against several neighbours, and cutting a text into pieces costs
    /// more than aligning them. Emptied after each dream.
    cache: TextCache<Arc<[u32]>>,
}

/// The default model's table, read once per process by [`WordVectors::get`].
static VECTORS: OnceLock<Option<WordVectors>> = OnceLock::new();

/// What the judge keeps of the texts it read last, by text: the word
/// pieces here, the signals in the judge. A dream reads each statement
/// in a dozen pairs or more. Holds [`TextCache::TEXTS`] texts and is
/// emptied when full: a dream walks its pairs in no order an eviction
/// policy could use.
pub(crate) struct TextCache<V> {
    kept: Mutex<HashMap<String, V>>,
}

impl<V: Clone> TextCache<V> {
    /// Texts kept.
    const TEXTS: usize = 16_384;

    pub(crate) fn new() -> Self {
        TextCache { kept: Mutex::new(HashMap::new()) }
    }

    /// The value kept for `text`, or `read(text)`, then kept.
    pub(crate) fn get_or_read(&self, text: &str, read: impl FnOnce(&str) -> V) -> V {
        if let Some(v) = self.kept.lock().get(text) {
            return v.clone();
        }
        let v = read(text);
        let mut kept = self.kept.lock();
        if kept.len() >= Self::TEXTS {
            kept.clear();
        }
        kept.insert(text.to_string(), v.clone());
        v
    }

    pub(crate) fn clear(&self) {
        self.kept.lock().clear();
    }
}

/// How well each statement's pieces are matched in the other: older
/// side first, then newer, for each of coverage, worst piece and gaps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Alignment {
    /// Mean best-match similarity of each side's pieces.
    pub cover: (f32, f32),
    /// The lowest best-match similarity of each side.
    pub worst: (f32, f32),
    /// How many of each side's pieces match nothing above [`GAP`].
    pub gaps: (usize, usize),
}

impl WordVectors {
    /// The default model's table, or `None` (logged once) when it cannot
    /// be read.
    pub(crate) fn get() -> Option<&'static WordVectors> {
        VECTORS
            .get_or_init(|| match crate::embed::default_model_dir().and_then(|d| WordVectors::load(&d)) {
                Ok(v) => Some(v),
                Err(e) => {
                    tracing::warn!("judge: no word vectors ({e}); soft alignment matches identical words only");
                    None
                }
            })
            .as_ref()
    }

    /// The table if [`WordVectors::get`] read it already (never reads it).
    pub(crate) fn loaded() -> Option<&'static WordVectors> {
        VECTORS.get().and_then(Option::as_ref)
    }

    /// Drops the kept pieces.
    pub(crate) fn forget(&self) {
        self.cache.clear();
    }

    fn load(dir: &Path) -> crate::Result<WordVectors> {
        let bad = |e: String| crate::Error::Model(format!("{}: {e}", dir.display()));
        let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json")).map_err(|e| bad(e.to_string()))?;
        tokenizer.with_truncation(None).map_err(|e| bad(e.to_string()))?;
        tokenizer.with_padding(None);
        // Read whole (about 90 MB, once per process) rather than mapped, to
        // stay in safe code; only this tensor is decoded.
        let bytes = std::fs::read(dir.join("model.safetensors")).map_err(|e| bad(e.to_string()))?;
        let tensors = candle_core::safetensors::SliceSafetensors::new(&bytes).map_err(|e| bad(e.to_string()))?;
        let vocab = tokenizer.get_vocab_size(true);
        let t = ["embeddings.word_embeddings.weight", "bert.embeddings.word_embeddings.weight"]
            .iter()
            .find_map(|k| tensors.load(k, &Device::Cpu).ok())
            .ok_or_else(|| bad("no embeddings.word_embeddings.weight in model.safetensors".into()))?;
        drop(bytes);
        let t = t.to_dtype(DType::F32).map_err(|e| bad(e.to_string()))?;
        let (rows, dim) = t.dims2().map_err(|e| bad(e.to_string()))?;
        if rows < vocab || dim == 0 {
            return Err(bad(format!("word embeddings {rows}×{dim} do not cover the tokenizer's {vocab} pieces")));
        }
        let flat: Vec<f32> = t.flatten_all().and_then(|t| t.to_vec1()).map_err(|e| bad(e.to_string()))?;
        let mut h = Sha256::new();
        let mut row_bytes = Vec::with_capacity(dim * 4);
        for row in flat.chunks_exact(dim) {
            row_bytes.clear();
            row_bytes.extend(row.iter().flat_map(|x| x.to_le_bytes()));
            h.update(&row_bytes);
        }
        let sum: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        if sum != TABLE_SHA256 {
            return Err(bad(format!("not the word embeddings of {} (the judge was trained on those)", crate::embed::DEFAULT_MODEL_NAME)));
        }
        let mut table = Vec::with_capacity(flat.len());
        for row in flat.chunks_exact(dim) {
            let norm = row.iter().map(|x| x * x).sum::<f32>().sqrt().max(f32::MIN_POSITIVE);
            table.extend(row.iter().map(|x| (x / norm * 127.0).round() as i8));
        }
        Ok(WordVectors { tokenizer, dim, table, cache: TextCache::new() })
    }

    /// The pieces of `text`, as rows of the table (no special tokens).
    fn pieces(&self, text: &str) -> Arc<[u32]> {
        self.cache.get_or_read(text, |text| match self.tokenizer.encode_fast(text, false) {
            Ok(e) => e.get_ids().iter().copied().filter(|&i| (i as usize + 1) * self.dim <= self.table.len()).take(MAX_PIECES).collect(),
            Err(_) => Arc::from([]),
        })
    }

    fn row(&self, id: u32) -> &[i8] {
        let i = id as usize * self.dim;
        &self.table[i..i + self.dim]
    }
}

/// Aligns the pieces of `older` and `newer` (see the module's docs).
pub(crate) fn align(older: &str, newer: &str) -> Alignment {
    match WordVectors::get() {
        Some(v) => {
            let (a, b) = (v.pieces(older), v.pieces(newer));
            let kernel = dot_i8_kernel();
            best_matches(&a, &b, |&x, &y| cosine(kernel(v.row(x), v.row(y))))
        }
        None => {
            let words = |t: &str| -> Vec<String> {
                t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(MAX_PIECES).map(str::to_lowercase).collect()
            };
            best_matches(&words(older), &words(newer), |_, _| 0.0)
        }
    }
}

/// Cosine of two stored rows from their integer dot product. The product
/// comes from the index's kernel ([`dot_i8_kernel`]: AVX2 or AVX-512 where
/// the CPU has them, picked at run time): the comparisons are most of a
/// pair's cost, and an integer sum is exact, so every kernel gives the
/// same cosine.
fn cosine(dot: i32) -> f32 {
    dot as f32 / (127.0 * 127.0)
}

/// Each side's best match in the other, summarised: identical pieces
/// match at 1, others at `sim`. A side with no pieces is fully covered
/// (nothing of it goes unmatched); a side whose other side has none is
/// not covered at all.
fn best_matches<T: Eq + Hash>(a: &[T], b: &[T], sim: impl Fn(&T, &T) -> f32) -> Alignment {
    // Each distinct piece is compared once: a sentence repeats "the", ","
    // and "of", and the comparisons are most of a pair's cost.
    let (da, ia) = distinct(a);
    let (db, ib) = distinct(b);
    let mut best_da = vec![f32::NEG_INFINITY; da.len()];
    let mut best_db = vec![f32::NEG_INFINITY; db.len()];
    for (i, x) in da.iter().enumerate() {
        for (j, y) in db.iter().enumerate() {
            let s = if x == y { 1.0 } else { sim(x, y) };
            best_da[i] = best_da[i].max(s);
            best_db[j] = best_db[j].max(s);
        }
    }
    let side = |best: &[f32], index: &[usize]| {
        if index.is_empty() {
            return (1.0, 1.0, 0);
        }
        if best[0] == f32::NEG_INFINITY {
            return (0.0, 0.0, index.len());
        }
        let mean = index.iter().map(|&k| best[k]).sum::<f32>() / index.len() as f32;
        let worst = best.iter().copied().fold(f32::INFINITY, f32::min);
        (mean, worst, index.iter().filter(|&&k| best[k] < GAP).count())
    };
    let (ca, wa, ga) = side(&best_da, &ia);
    let (cb, wb, gb) = side(&best_db, &ib);
    Alignment { cover: (ca, cb), worst: (wa, wb), gaps: (ga, gb) }
}

/// The distinct items of `xs` in first-seen order, and for each item of
/// `xs` the index of its distinct copy.
fn distinct<T: Eq + Hash>(xs: &[T]) -> (Vec<&T>, Vec<usize>) {
    let mut seen: HashMap<&T, usize> = HashMap::new();
    let mut items = Vec::new();
    let index = xs
        .iter()
        .map(|x| {
            *seen.entry(x).or_insert_with(|| {
                items.push(x);
                items.len() - 1
            })
        })
        .collect();
    (items, index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_words_cover_each_other_fully() {
        let a = ["tom", "works", "at", "google"];
        let b = ["tom", "works", "at", "meta"];
        let al = best_matches(&a, &b, |_, _| 0.0);
        assert_eq!(al.cover, (0.75, 0.75));
        assert_eq!(al.worst, (0.0, 0.0));
        assert_eq!(al.gaps, (1, 1));
        let empty: [&str; 0] = [];
        let al = best_matches(&a, &empty, |_, _| 0.0);
        assert_eq!((al.cover, al.gaps), ((0.0, 1.0), (4, 0)), "nothing to match against: nothing covered");
        let repeated = ["the", "the", "mill", "the"];
        let al = best_matches(&repeated, &["the"], |_, _| 0.2);
        assert!((al.cover.0 - 0.8).abs() < 1e-6, "each piece counts, repeated or not: {:?}", al.cover);
        assert_eq!((al.worst.0, al.gaps.0), (0.2, 1));
    }
}
