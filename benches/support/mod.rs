//! Shared fixtures for the benchmarks: LoCoMo from ../shared/data and
//! seeded synthetic vectors with the structure of real embeddings.
#![allow(dead_code)]

use std::path::PathBuf;

/// One LoCoMo turn.
pub struct Turn {
    pub conversation: usize,
    pub dia_id: String,
    pub speaker: String,
    pub text: String,
    /// Caption of a shared photo, when the turn has one.
    pub caption: Option<String>,
    pub session: usize,
    pub date: String,
}

/// One LoCoMo question.
pub struct Question {
    pub conversation: usize,
    pub question: String,
    pub evidence: Vec<String>,
    pub category: u64,
}

pub struct Locomo {
    pub turns: Vec<Turn>,
    pub questions: Vec<Question>,
}

/// `../shared/data/locomo/locomo10.json` next to the repository, or
/// `$DREAMDB_DATA/locomo/locomo10.json`.
pub fn locomo_path() -> PathBuf {
    std::env::var_os("DREAMDB_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"))
        .join("locomo/locomo10.json")
}

/// Load LoCoMo, or `None` (with a message) when the data is absent.
pub fn locomo() -> Option<Locomo> {
    let path = locomo_path();
    let Ok(raw) = std::fs::read_to_string(&path) else {
        eprintln!("LoCoMo not found at {}: skipping what needs it (set DREAMDB_DATA to the data folder)", path.display());
        return None;
    };
    let data: serde_json::Value = serde_json::from_str(&raw).expect("locomo10.json is JSON");
    let mut turns = Vec::new();
    let mut questions = Vec::new();
    for (ci, sample) in data.as_array().expect("a list of samples").iter().enumerate() {
        let conv = &sample["conversation"];
        let obj = conv.as_object().expect("conversation object");
        let mut sessions: Vec<usize> = obj
            .keys()
            .filter_map(|k| k.strip_prefix("session_")?.parse().ok())
            .collect();
        sessions.sort();
        for s in sessions {
            let date = conv[format!("session_{s}_date_time")].as_str().unwrap_or("").to_string();
            for t in conv[format!("session_{s}")].as_array().into_iter().flatten() {
                let text = t["text"].as_str().unwrap_or("").to_string();
                let caption = t.get("blip_caption").and_then(|c| c.as_str()).map(str::to_string);
                turns.push(Turn {
                    caption,
                    conversation: ci,
                    dia_id: t["dia_id"].as_str().unwrap_or("").to_string(),
                    speaker: t["speaker"].as_str().unwrap_or("").to_string(),
                    text,
                    session: s,
                    date: date.clone(),
                });
            }
        }
        for q in sample["qa"].as_array().into_iter().flatten() {
            questions.push(Question {
                conversation: ci,
                question: q["question"].as_str().unwrap_or("").to_string(),
                evidence: q["evidence"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|e| e.as_str().map(str::to_string))
                    .collect(),
                category: q["category"].as_u64().unwrap_or(0),
            });
        }
    }
    Some(Locomo { turns, questions })
}

pub fn unit(v: &[f32]) -> Vec<f32> {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.iter().map(|x| x / n).collect()
}

/// Clusters of varying spread around random centres, unit length, seeded.
pub fn clustered(seed: u64, n: usize, dim: usize) -> Vec<Vec<f32>> {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut gauss = move || {
        let (u1, u2): (f32, f32) = (rng.random::<f32>().max(1e-9), rng.random());
        (-2.0 * u1.ln()).sqrt() * (std::f32::consts::TAU * u2).cos()
    };
    let centres: Vec<Vec<f32>> = (0..(n / 100).max(10)).map(|_| unit(&(0..dim).map(|_| gauss()).collect::<Vec<_>>())).collect();
    (0..n)
        .map(|i| {
            let c = &centres[(i * 7919) % centres.len()];
            let spread = 0.6 + (i % 5) as f32 * 0.2;
            unit(&c.iter().map(|x| x + spread * gauss() / (dim as f32).sqrt()).collect::<Vec<_>>())
        })
        .collect()
}

/// Percentile of a sorted slice.
pub fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}
