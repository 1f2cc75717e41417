"""JSON Schemas generated from the models, for editors (VS Code's YAML extension).

Each data file starts with ``# yaml-language-server: $schema=...`` pointing at one of these, so a
manager gets completion, field descriptions on hover and red underlines while typing. The files
are checked in under ``schema/`` and a test keeps them in sync with the models.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from handbook.data.aliases import FILE as SEARCH_FILE, SearchWords
from handbook.data.estates import EstateFile
from handbook.data.laws import FILE as LAWS_FILE, Laws
from handbook.data.fields import Strict
from handbook.data.model import COLLECTIONS, SINGLE_FILES
from handbook.data.write import Output

#: schema file name -> model
SCHEMAS: dict[str, type[Strict]] = {
    **{name.removesuffix(".yaml") + ".schema.json": model for name, model in SINGLE_FILES.items()},
    **{folder.removesuffix("s") + ".schema.json": model for folder, model in COLLECTIONS.items()},
    SEARCH_FILE.removesuffix(".yaml") + ".schema.json": SearchWords,  # optional file
    LAWS_FILE.removesuffix(".yaml") + ".schema.json": Laws,  # optional file; estates/<id>/laws.yaml too
    "estate.schema.json": EstateFile,  # estates/<id>/estate.yaml
}


def schema_text(model: type[Strict]) -> str:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def schema_files() -> dict[str, str]:
    return {name: schema_text(model) for name, model in SCHEMAS.items()}


def write_schemas(directory: Path, data_dirs: Sequence[Path] = ()) -> list[Path]:
    """Write the schemas that changed into ``directory``; the paths written. Where each lands is
    worked out first, links followed: one that would land in a data folder (``data_dirs``, or any
    holding a handbook.yaml) or outside ``directory`` raises ``Refused``, and nothing is written."""
    files = schema_files()
    output = Output(directory, data_dirs)
    places = output.places(list(files))
    written = []
    for name, text in files.items():
        data = text.encode("utf-8")
        if not places[name].is_file() or places[name].read_bytes() != data:
            output.write(name, data, places[name])
            written.append(directory / name)
    return written
