"""Fixtures for the dreamdb Python tests: the real model, a fresh store."""

import os
import pathlib
from datetime import datetime, timezone

import pytest

import dreamdb

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def model_dir() -> pathlib.Path:
    """The installed default model. Missing is a failure, not a skip: CI must
    not go green without the real model (scripts/test.sh installs it)."""
    d = pathlib.Path(os.environ.get("DREAMDB_MODEL") or ROOT / "models/cache/all-MiniLM-L6-v2")
    if not d.is_dir():
        pytest.fail(f"model not found at {d}: run models/install.sh or set DREAMDB_MODEL")
    return d


@pytest.fixture
def store(tmp_path) -> pathlib.Path:
    return tmp_path / "store"


@pytest.fixture
def mem(store, model_dir):
    with dreamdb.Memory(store, model_dir) as m:
        yield m


def day(d: int) -> datetime:
    """10:00 UTC on the d-th of March 2024."""
    return datetime(2024, 3, d, 10, tzinfo=timezone.utc)
