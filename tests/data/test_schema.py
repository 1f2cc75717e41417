"""The JSON Schemas in schema/ are generated from the models and point-able from every file."""

from __future__ import annotations

import json

import pytest

from handbook.data.schema import schema_files

from conftest import DATA, ROOT

SCHEMA_DIR = ROOT / "schema"


@pytest.mark.parametrize("name, text", sorted(schema_files().items()))
def test_schema_file_in_sync(name: str, text: str) -> None:
    path = SCHEMA_DIR / name
    assert path.exists(), f"schema/{name} is missing: run make schema"
    assert path.read_text(encoding="utf-8") == text, f"schema/{name} is stale: run make schema"
    schema = json.loads(text)
    assert schema["additionalProperties"] is False  # typos are flagged in the editor too


def _expected_schema(rel: str) -> str:
    parts = rel.split("/")
    if parts[0] == "estates":  # estates/<id>/estate.yaml or laws.yaml, estates/<id>/sops/<id>.yaml
        up = "../" * len(parts)
        return f"{up}schema/{parts[2].removesuffix('.yaml') if len(parts) == 3 else parts[2].removesuffix('s')}.schema.json"
    folder = parts[0]
    if "/" in rel:
        return f"../../schema/{folder.removesuffix('s')}.schema.json"
    return f"../schema/{rel.removesuffix('.yaml')}.schema.json"


@pytest.mark.parametrize("path", sorted(DATA.rglob("*.yaml")), ids=lambda p: p.relative_to(DATA).as_posix())
def test_data_file_points_at_its_schema(path) -> None:
    rel = path.relative_to(DATA).as_posix()
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={_expected_schema(rel)}"
    assert (path.parent / _expected_schema(rel)).resolve().is_file()
