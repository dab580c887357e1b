"""Record reference sentence embeddings from the real sentence-transformers library.

These vectors are the ground truth that dreamdb's Rust (candle) implementation of
all-MiniLM-L6-v2 is tested against (cosine similarity >= 0.999 per text).

This script is run ONCE, by hand, and its output JSON is committed to the repo;
neither the build nor CI runs it. It needs Python 3 with `sentence-transformers`
(which pulls in torch) installed, and the model files on local disk -- it never
downloads anything:

    python3 -m venv /tmp/stenv
    /tmp/stenv/bin/pip install sentence-transformers
    HF_HUB_OFFLINE=1 /tmp/stenv/bin/python models/reference_vectors.py \
        [MODEL_DIR] [OUTPUT_JSON]

MODEL_DIR defaults to models/cache/all-MiniLM-L6-v2 and OUTPUT_JSON to
tests/fixtures/reference_vectors.json, both relative to the repository root.
MODEL_DIR must be a sentence-transformers model directory (modules.json,
config.json, tokenizer.json, model.safetensors, 1_Pooling/, ...).

Output JSON:
    {"model": "all-MiniLM-L6-v2", "sentence_transformers_version": ...,
     "torch_version": ..., "max_seq_length": 256,
     "texts": [...], "vectors": [[384 floats], ...]}
"""

import argparse
import json
import math
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL_DIR = REPO_ROOT / "models" / "cache" / "all-MiniLM-L6-v2"
DEFAULT_OUTPUT = REPO_ROOT / "tests" / "fixtures" / "reference_vectors.json"
EXPECTED_MAX_SEQ_LENGTH = 256


def long_text() -> str:
    """~400 words built deterministically; far more than 256 word-piece tokens,
    so the model's truncation behaviour is pinned by the reference vector."""
    subjects = ["The engineer", "A small robot", "My neighbour", "The old librarian", "Every student"]
    verbs = ["remembered", "wrote down", "forgot", "carefully checked", "quietly repeated"]
    objects = ["the meeting notes", "a recipe for bread", "the train schedule", "an unusual dream", "the server logs"]
    places = ["in the kitchen", "at the station", "before midnight", "during the storm", "after lunch"]
    sentences = []
    for i in range(40):
        sentences.append(
            f"{subjects[i % 5]} {verbs[(i * 2) % 5]} {objects[(i * 3) % 5]} {places[(i + i // 5) % 5]}, "
            f"number {i}."
        )
    return " ".join(sentences)


TEXTS = [
    "The cat sat on the mat.",
    "Was the cat sitting on the mat?",
    "On 14 March 2023, Marie Curie's notebook sold for $1,250,000 in Paris.",
    "Café au lait?! Naïve façade, CRÈME brûlée & jalapeño... 🎉 WOW",
    "memory",
    long_text(),
    "   leading and trailing whitespace\t \n",
    "error: cannot find module 'foo' at line 42",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_dir", nargs="?", default=str(DEFAULT_MODEL_DIR))
    parser.add_argument("output", nargs="?", default=str(DEFAULT_OUTPUT))
    args = parser.parse_args()

    import sentence_transformers
    import torch
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(args.model_dir, device="cpu")
    if model.max_seq_length != EXPECTED_MAX_SEQ_LENGTH:
        print(f"unexpected max_seq_length {model.max_seq_length}", file=sys.stderr)
        return 1

    # The model already ends with a Normalize module, so no extra normalisation.
    embeddings = model.encode(TEXTS, normalize_embeddings=False, convert_to_numpy=True)

    vectors = []
    for text, emb in zip(TEXTS, embeddings):
        vec = [float(x) for x in emb]  # float32 -> Python float is exact
        norm = math.sqrt(sum(x * x for x in vec))
        n_tokens = len(model.tokenizer(text, add_special_tokens=True)["input_ids"])
        print(f"dim={len(vec)} norm={norm:.6f} tokens(untruncated)={n_tokens} text={text[:40]!r}")
        if abs(norm - 1.0) > 1e-3:
            print("norm is not ~1; is the Normalize module missing?", file=sys.stderr)
            return 1
        vectors.append(vec)

    out = {
        "model": "all-MiniLM-L6-v2",
        "sentence_transformers_version": sentence_transformers.__version__,
        "torch_version": torch.__version__,
        "max_seq_length": model.max_seq_length,
        "texts": TEXTS,
        "vectors": vectors,
    }
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(output, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {len(vectors)} vectors to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
