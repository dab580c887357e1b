//! BERT-family sentence-transformers models through candle.
//!
//! Reads `config.json`, `tokenizer.json`, `model.safetensors` and the
//! sentence-transformers pooling config from a model directory. Texts are
//! tokenised once, sorted by token count and batched with padding to the
//! longest text of each batch (padding every text to the tokenizer's fixed
//! 128 would waste most of the compute on short memories). Texts longer than
//! the model window (`max_seq_length` in `sentence_bert_config.json`, 256
//! for all-MiniLM-L6-v2) are truncated, exactly as sentence-transformers
//! does, so vectors match the reference implementation.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use sha2::{Digest, Sha256};
use tokenizers::{Tokenizer, TruncationParams};

use super::qbert::{QBert, Scratch};
use super::{normalize, DeviceChoice, Embedder, ModelIdentity, Precision};
use crate::error::{Error, Result};

/// Options for [`BertEmbedder`].
#[derive(Debug, Clone)]
pub struct BertOptions {
    /// Where to run the model. Default: `Auto`.
    pub device: DeviceChoice,
    /// Texts per forward pass. Default: 32.
    pub batch_size: usize,
    /// Token window; longer texts are truncated. Default: the model's
    /// `max_seq_length` (256 for all-MiniLM-L6-v2).
    pub max_tokens: Option<usize>,
    /// Weight precision of the linear layers. Default: [`Precision::default`].
    pub precision: Precision,
}

impl Default for BertOptions {
    fn default() -> Self {
        BertOptions { device: DeviceChoice::Auto, batch_size: 32, max_tokens: None, precision: Precision::default() }
    }
}

/// The loaded network: candle's fp32 `BertModel`, or our 8-bit forward.
enum Net {
    F32(BertModel),
    Q8(QBert),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Pooling {
    Mean,
    Cls,
}

/// A sentence-embedding model run with candle. Weights load on first use,
/// so opening a store for `get` or `export` does not pay for them.
pub struct BertEmbedder {
    dir: PathBuf,
    identity: ModelIdentity,
    config: Config,
    tokenizer: Tokenizer,
    pooling: Pooling,
    batch_size: usize,
    device: DeviceChoice,
    precision: Precision,
    /// Fingerprint of the model files, before the precision is mixed in.
    base_fingerprint: String,
    model: OnceLock<std::result::Result<(Net, Device), String>>,
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::Model(format!("cannot read {}: {e}", path.display())))
}

fn json(path: &Path) -> Result<serde_json::Value> {
    serde_json::from_slice(&read(path)?).map_err(|e| Error::Model(format!("bad JSON in {}: {e}", path.display())))
}

impl BertEmbedder {
    /// Load a model directory (see [`super::resolve_model_dir`] for the accepted layouts).
    pub fn new(dir: &Path, options: BertOptions) -> Result<Self> {
        let dir = super::resolve_model_dir(dir)?;
        let config_bytes = read(&dir.join("config.json"))?;
        let config: Config = serde_json::from_slice(&config_bytes)
            .map_err(|e| Error::Model(format!("{}: not a BERT config: {e}", dir.join("config.json").display())))?;

        let st_config = dir.join("sentence_bert_config.json");
        let window = if st_config.exists() {
            json(&st_config)?.get("max_seq_length").and_then(|v| v.as_u64()).map(|v| v as usize)
        } else {
            None
        };
        let max_tokens = options
            .max_tokens
            .or(window)
            .unwrap_or(512)
            .min(config.max_position_embeddings);
        if max_tokens < 2 {
            return Err(Error::invalid(format!("max_tokens must be at least 2, got {max_tokens}")));
        }
        if options.batch_size == 0 {
            return Err(Error::invalid("batch_size must be at least 1"));
        }

        let pooling_path = dir.join("1_Pooling").join("config.json");
        let pooling = if pooling_path.exists() {
            let p = json(&pooling_path)?;
            let flag = |k: &str| p.get(k).and_then(|v| v.as_bool()).unwrap_or(false);
            if flag("pooling_mode_mean_tokens") {
                Pooling::Mean
            } else if flag("pooling_mode_cls_token") {
                Pooling::Cls
            } else {
                return Err(Error::Model(format!(
                    "{}: only mean and CLS pooling are supported",
                    pooling_path.display()
                )));
            }
        } else {
            Pooling::Mean
        };

        let tok_path = dir.join("tokenizer.json");
        let mut tokenizer = Tokenizer::from_file(&tok_path)
            .map_err(|e| Error::Model(format!("cannot load {}: {e}", tok_path.display())))?;
        // We pad per batch ourselves; the file's fixed padding would cost
        // every short text the full window.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams { max_length: max_tokens, ..Default::default() }))
            .map_err(|e| Error::Model(format!("cannot set truncation: {e}")))?;

        let base_fingerprint = fingerprint(&dir, &config_bytes)?;
        let identity = identity_for(&dir, &base_fingerprint, config.hidden_size, options.precision);
        Ok(BertEmbedder {
            dir,
            identity,
            config,
            tokenizer,
            pooling,
            batch_size: options.batch_size,
            device: options.device,
            precision: options.precision,
            base_fingerprint,
            model: OnceLock::new(),
        })
    }

    /// The weight precision this embedder runs at.
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// The identity this model would have at `precision` (cheap: no weights load).
    pub fn identity_at(&self, precision: Precision) -> ModelIdentity {
        identity_for(&self.dir, &self.base_fingerprint, self.config.hidden_size, precision)
    }

    /// The resolved model directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn model(&self) -> Result<&(Net, Device)> {
        let loaded = self.model.get_or_init(|| {
            let load = || -> Result<(Net, Device)> {
                let device = self.device.to_candle()?;
                let weights = self.dir.join("model.safetensors");
                // SAFETY: the weights file is memory-mapped read-only; the
                // model directory must not be modified while in use, which
                // is the documented contract of a model directory.
                #[allow(unsafe_code)]
                let vb = unsafe { VarBuilder::from_mmaped_safetensors(&[weights], DType::F32, &device)? };
                let net = match self.precision {
                    Precision::F32 => Net::F32(BertModel::load(vb, &self.config)?),
                    Precision::Q8 => {
                        if !device.is_cpu() {
                            return Err(Error::Model(
                                "8-bit weights run on the CPU only; use precision f32 on a GPU".into(),
                            ));
                        }
                        Net::Q8(QBert::load(vb, &self.config)?)
                    }
                };
                Ok((net, device))
            };
            load().map_err(|e| e.to_string())
        });
        loaded.as_ref().map_err(|e| Error::Model(format!("cannot load {}: {e}", self.dir.display())))
    }

    fn forward(&self, model: &BertModel, device: &Device, batch: &[&[u32]]) -> Result<Vec<Vec<f32>>> {
        let len = batch.iter().map(|ids| ids.len()).max().unwrap_or(0);
        let n = batch.len();
        let mut ids = vec![0u32; n * len];
        let mut mask = vec![0u32; n * len];
        for (row, toks) in batch.iter().enumerate() {
            ids[row * len..row * len + toks.len()].copy_from_slice(toks);
            mask[row * len..row * len + toks.len()].iter_mut().for_each(|m| *m = 1);
        }
        let ids = Tensor::from_vec(ids, (n, len), device)?;
        let mask = Tensor::from_vec(mask, (n, len), device)?;
        let hidden = model.forward(&ids, &ids.zeros_like()?, Some(&mask))?; // (n, len, dim)
        let pooled = match self.pooling {
            Pooling::Cls => hidden.narrow(1, 0, 1)?.squeeze(1)?,
            Pooling::Mean => {
                let m = mask.to_dtype(DType::F32)?.unsqueeze(2)?; // (n, len, 1)
                let summed = hidden.broadcast_mul(&m)?.sum(1)?; // (n, dim)
                let counts = m.sum(1)?; // (n, 1)
                summed.broadcast_div(&counts)?
            }
        };
        let mut rows = pooled.to_dtype(DType::F32)?.to_vec2::<f32>()?;
        rows.iter_mut().for_each(|r| normalize(r));
        Ok(rows)
    }
}

impl Embedder for BertEmbedder {
    fn identity(&self) -> &ModelIdentity {
        &self.identity
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let (model, device) = self.model()?;
        // One text (a query) skips the batch path, whose thread-pool
        // hand-off costs more than tokenising a sentence.
        let encodings = if texts.len() == 1 {
            vec![self.tokenizer.encode(texts[0], true).map_err(|e| Error::Model(format!("tokenizer: {e}")))?]
        } else {
            self.tokenizer.encode_batch(texts.to_vec(), true).map_err(|e| Error::Model(format!("tokenizer: {e}")))?
        };
        // Sort by token count so each batch pads to a similar length.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| encodings[i].get_ids().len());
        let mut out = vec![Vec::new(); texts.len()];
        let chunks: Vec<&[usize]> = order.chunks(self.batch_size).collect();
        let batch_of = |chunk: &[usize]| -> Vec<&[u32]> { chunk.iter().map(|&i| encodings[i].get_ids()).collect() };
        match model {
            Net::Q8(q) => {
                let mean = self.pooling == Pooling::Mean;
                let results = on_threads(chunks.len(), |i, scratch| q.embed_batch(&batch_of(chunks[i]), mean, scratch));
                for (chunk, vectors) in chunks.iter().zip(results) {
                    for (&i, mut v) in chunk.iter().zip(vectors?) {
                        normalize(&mut v);
                        out[i] = v;
                    }
                }
            }
            Net::F32(f32_model) => {
                for chunk in &chunks {
                    let vectors = self.forward(f32_model, device, &batch_of(chunk))?;
                    for (&i, v) in chunk.iter().zip(vectors) {
                        out[i] = v;
                    }
                }
            }
        }
        Ok(out)
    }
}

/// Run `work(i, scratch)` for i in 0..units, units spread over up to
/// `candle_core::utils::get_num_threads()` threads (the caller is one of
/// them), each pulling the next unit when done; results in unit order.
/// One hand-off per call, not per op: the 8-bit forward of a batch runs
/// whole on one thread.
fn on_threads<T: Send>(units: usize, work: impl Fn(usize, &mut Scratch) -> T + Sync) -> Vec<T> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = candle_core::utils::get_num_threads().clamp(1, units.max(1));
    let next = AtomicUsize::new(0);
    let drain = || {
        let mut scratch = Scratch::default();
        let mut got = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= units {
                return got;
            }
            got.push((i, work(i, &mut scratch)));
        }
    };
    let mut all: Vec<(usize, T)> = std::thread::scope(|s| {
        let helpers: Vec<_> = (1..threads).map(|_| s.spawn(drain)).collect();
        let mut all = drain();
        for h in helpers {
            match h.join() {
                Ok(got) => all.extend(got),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

/// The identity of the model in `dir` at `precision`. fp32 keeps the plain
/// file fingerprint (stores made before precisions existed stay valid);
/// other precisions hash it with their name, so a store never mixes
/// vectors from two precisions.
fn identity_for(dir: &Path, base: &str, dim: usize, precision: Precision) -> ModelIdentity {
    let name = model_name(dir);
    match precision {
        Precision::F32 => ModelIdentity { name, fingerprint: base.to_string(), dim },
        p => {
            let mut h = Sha256::new();
            h.update(base.as_bytes());
            h.update(b"precision=");
            h.update(p.as_str().as_bytes());
            if p == Precision::Q8 {
                // v2: our int8 GEMM (per-channel weights, per-row
                // activations) replaced candle's Q8_0; the vectors moved.
                h.update(b";q8-kernel=int8-v2");
            }
            ModelIdentity {
                name: format!("{name} ({})", p.as_str()),
                fingerprint: h.finalize().iter().map(|b| format!("{b:02x}")).collect(),
                dim,
            }
        }
    }
}

/// A readable name: `org/name` inside a Hugging Face cache, else the folder name.
fn model_name(dir: &Path) -> String {
    for comp in dir.components().rev() {
        let s = comp.as_os_str().to_string_lossy();
        if let Some(rest) = s.strip_prefix("models--") {
            return rest.replacen("--", "/", 1);
        }
    }
    dir.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "model".into())
}

/// Hash of what decides the vectors: config, tokenizer, pooling, and the
/// weights' header plus their first and last MiB (hashing all 90 MB would
/// cost every open a few hundred milliseconds).
fn fingerprint(dir: &Path, config: &[u8]) -> Result<String> {
    use std::io::{Read, Seek, SeekFrom};
    let mut h = Sha256::new();
    h.update(config);
    h.update(read(&dir.join("tokenizer.json"))?);
    let pooling = dir.join("1_Pooling").join("config.json");
    if pooling.exists() {
        h.update(read(&pooling)?);
    }
    let wpath = dir.join("model.safetensors");
    let mut f = std::fs::File::open(&wpath)
        .map_err(|e| Error::Model(format!("cannot open {}: {e}", wpath.display())))?;
    let size = f.metadata()?.len();
    h.update(size.to_le_bytes());
    const SAMPLE: u64 = 1 << 20;
    let mut buf = vec![0u8; SAMPLE.min(size) as usize];
    f.read_exact(&mut buf)?;
    h.update(&buf);
    if size > SAMPLE {
        f.seek(SeekFrom::Start(size - SAMPLE.min(size)))?;
        f.read_exact(&mut buf)?;
        h.update(&buf);
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}
