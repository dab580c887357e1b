//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use dreamdb::embed::{BertEmbedder, BertOptions, DeviceChoice, Embedder};

/// The installed default model. The README's test command installs it
/// (`models/install.sh`); a test that needs it fails loudly without it
/// rather than skipping, so CI cannot go green without the real model.
pub fn model_dir() -> PathBuf {
    let dir = std::env::var_os("DREAMDB_MODEL")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models/cache/all-MiniLM-L6-v2"));
    assert!(
        dreamdb::embed::resolve_model_dir(&dir).is_ok(),
        "model not found at {}: run models/install.sh (the README's test command does)",
        dir.display()
    );
    dir
}

/// One real embedder per test binary, so the weights load once.
pub fn model() -> Arc<dyn Embedder> {
    static M: OnceLock<Arc<BertEmbedder>> = OnceLock::new();
    M.get_or_init(|| {
        let opts = BertOptions { device: DeviceChoice::Cpu, ..Default::default() };
        Arc::new(BertEmbedder::new(&model_dir(), opts).expect("load model"))
    })
    .clone()
}

pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / (na * nb)
}
