"""Installing the project prints no deprecation warning (a fresh clone's `make` runs this build)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.build
def test_building_the_package_warns_of_nothing(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-cache-dir", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    output = result.stdout + result.stderr
    assert "Deprecat" not in output and "deprecated" not in output, output[-3000:]
    assert list(tmp_path.glob("cs_handbook-*.whl"))


def test_jieba_imports_without_deprecation_warnings() -> None:
    """jieba 0.42.1 imports pkg_resources when it exists and falls back to plain files when not;
    either way no DeprecationWarning may reach the user."""
    result = subprocess.run([sys.executable, "-W", "error::DeprecationWarning", "-c", "import jieba"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
