"""Shared test fixtures: the shared/ folder beside the repository (seed page, benchmarks)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED_TEXT = SHARED / "seed" / "rt-2024-05-05-ukraine-intervention.txt"
SEED_GOLD = SHARED / "seed" / "rt-2024-05-05-ukraine-intervention.gold.json"


@pytest.fixture(scope="session")
def seed_text_path() -> Path:
    if not SEED_TEXT.exists():
        pytest.skip("shared/seed is not beside the repository")
    return SEED_TEXT


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    if not SEED_GOLD.exists():
        pytest.skip("shared/seed is not beside the repository")
    return json.loads(SEED_GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def nlp():
    from quotewire.nlp.pipeline import get_nlp

    return get_nlp()
