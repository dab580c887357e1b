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
//! lookup per piece and a dot product per pair of pieces, no forward
//! pass. Kept by hand rather than through the embedder: the embedder
//! pools its output and never exposes its tables.
//!
//! Without the default model's table (a store on another model whose
//! default is not installed, DREAMDB_MODEL naming another model, or the
//! deterministic test embedder with no model installed), pieces are the
//! lower-case words and only identical words align: the features then read
//! lower on a paraphrase, so the judge merges less, never more.

use std::path::Path;
use std::sync::OnceLock;

use candle_core::{DType, Device};
use sha2::{Digest, Sha256};
use tokenizers::Tokenizer;

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
/// the default model instead of 47 MB of `f32`; a similarity moves by
/// less than 0.01, and training reads the same values.
pub(crate) struct WordVectors {
    tokenizer: Tokenizer,
    dim: usize,
    table: Vec<i8>,
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
        static VECTORS: OnceLock<Option<WordVectors>> = OnceLock::new();
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

    fn load(dir: &Path) -> crate::Result<WordVectors> {
        let bad = |e: String| crate::Error::Model(format!("{}: {e}", dir.display()));
        let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json")).map_err(|e| bad(e.to_string()))?;
        tokenizer.with_truncation(None).map_err(|e| bad(e.to_string()))?;
        tokenizer.with_padding(None);
        // Read whole (about 90 MB, once per process) rather than mapped:
        // safe code, and only this tensor is kept.
        let mut tensors = candle_core::safetensors::load(dir.join("model.safetensors"), &Device::Cpu).map_err(|e| bad(e.to_string()))?;
        let vocab = tokenizer.get_vocab_size(true);
        let t = ["embeddings.word_embeddings.weight", "bert.embeddings.word_embeddings.weight"]
            .iter()
            .find_map(|k| tensors.remove(*k))
            .ok_or_else(|| bad("no embeddings.word_embeddings.weight in model.safetensors".into()))?;
        drop(tensors);
        let t = t.to_dtype(DType::F32).map_err(|e| bad(e.to_string()))?;
        let (rows, dim) = t.dims2().map_err(|e| bad(e.to_string()))?;
        if rows < vocab || dim == 0 {
            return Err(bad(format!("word embeddings {rows}×{dim} do not cover the tokenizer's {vocab} pieces")));
        }
        let flat: Vec<f32> = t.flatten_all().and_then(|t| t.to_vec1()).map_err(|e| bad(e.to_string()))?;
        let mut h = Sha256::new();
        for x in &flat {
            h.update(x.to_le_bytes());
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
        Ok(WordVectors { tokenizer, dim, table })
    }

    /// The pieces of `text`, as rows of the table (no special tokens).
    fn pieces(&self, text: &str) -> Vec<u32> {
        match self.tokenizer.encode(text, false) {
            Ok(e) => e.get_ids().iter().copied().filter(|&i| (i as usize + 1) * self.dim <= self.table.len()).take(MAX_PIECES).collect(),
            Err(_) => Vec::new(),
        }
    }

    fn row(&self, id: u32) -> Vec<f32> {
        let i = id as usize * self.dim;
        self.table[i..i + self.dim].iter().map(|&v| v as f32 / 127.0).collect()
    }
}

/// Aligns the pieces of `older` and `newer` (see the module's docs).
pub(crate) fn align(older: &str, newer: &str) -> Alignment {
    match WordVectors::get() {
        Some(v) => {
            let (a, b) = (v.pieces(older), v.pieces(newer));
            let (ra, rb): (Vec<Vec<f32>>, Vec<Vec<f32>>) = (a.iter().map(|&i| v.row(i)).collect(), b.iter().map(|&i| v.row(i)).collect());
            best_matches(&a, &b, |i, j| if a[i] == b[j] { 1.0 } else { dot(&ra[i], &rb[j]) })
        }
        None => {
            let words = |t: &str| -> Vec<String> {
                t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(MAX_PIECES).map(str::to_lowercase).collect()
            };
            let (a, b) = (words(older), words(newer));
            best_matches(&a, &b, |i, j| if a[i] == b[j] { 1.0 } else { 0.0 })
        }
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Each side's best match in the other, summarised. A side with no
/// pieces is fully covered (nothing of it goes unmatched); a side whose
/// other side has none is not covered at all.
fn best_matches<T>(a: &[T], b: &[T], sim: impl Fn(usize, usize) -> f32) -> Alignment {
    let mut best_a = vec![f32::NEG_INFINITY; a.len()];
    let mut best_b = vec![f32::NEG_INFINITY; b.len()];
    for i in 0..a.len() {
        for j in 0..b.len() {
            let s = sim(i, j);
            best_a[i] = best_a[i].max(s);
            best_b[j] = best_b[j].max(s);
        }
    }
    let side = |best: &[f32]| {
        if best.is_empty() {
            return (1.0, 1.0, 0);
        }
        if best[0] == f32::NEG_INFINITY {
            return (0.0, 0.0, best.len());
        }
        let mean = best.iter().sum::<f32>() / best.len() as f32;
        let worst = best.iter().copied().fold(f32::INFINITY, f32::min);
        (mean, worst, best.iter().filter(|&&s| s < GAP).count())
    };
    let (ca, wa, ga) = side(&best_a);
    let (cb, wb, gb) = side(&best_b);
    Alignment { cover: (ca, cb), worst: (wa, wb), gaps: (ga, gb) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_words_cover_each_other_fully() {
        let a = ["tom", "works", "at", "google"];
        let b = ["tom", "works", "at", "meta"];
        let al = best_matches(&a, &b, |i, j| if a[i] == b[j] { 1.0 } else { 0.0 });
        assert_eq!(al.cover, (0.75, 0.75));
        assert_eq!(al.worst, (0.0, 0.0));
        assert_eq!(al.gaps, (1, 1));
        let empty: [&str; 0] = [];
        let al = best_matches(&a, &empty, |_, _| 0.0);
        assert_eq!((al.cover, al.gaps), ((0.0, 1.0), (4, 0)), "nothing to match against: nothing covered");
    }
}
