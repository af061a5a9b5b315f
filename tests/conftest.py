"""Shared fixtures: analyzers over the real packs and over the small fixture pack."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import framing

DATA = Path(__file__).resolve().parent / "data"
settings.register_profile(
    "default", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("default")


@pytest.fixture(scope="session")
def analyzer() -> framing.Analyzer:
    return framing.load_analyzer()


@pytest.fixture(scope="session")
def mini() -> framing.Analyzer:
    return framing.load_analyzer(packs=["mini"], packs_dirs=[DATA / "packs"], model=None)


@pytest.fixture
def rules_only(monkeypatch):
    """Run the command line without the model: these tests check mechanics, not the model's judgement."""
    monkeypatch.setenv("FRAMING_MODEL", "none")
