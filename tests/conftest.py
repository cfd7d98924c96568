"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def realdata_root() -> Path:
    """Real provider payloads live outside the repository, in the shared folder beside the checkout."""
    configured = os.environ.get("WASL_REALDATA_DIR")
    root = Path(configured) if configured else REPO_ROOT.parent / "shared" / "realdata"
    if not root.is_dir():
        raise RuntimeError(
            f"real payloads not found at {root}; set WASL_REALDATA_DIR to the folder holding them"
        )
    return root


@pytest.fixture(scope="session")
def realdata() -> Path:
    return realdata_root()
