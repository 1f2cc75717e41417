"""Property-based damage: whatever happens to the data, the checker answers with problems."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.checks.check import check
from handbook.data.problems import Problem

from helpers import MINI, TODAY

FILES = sorted(p.relative_to(MINI).as_posix() for p in MINI.rglob("*.yaml"))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _run(rel: str, damaged: bytes) -> list[Problem]:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(MINI, data)
        (data / rel).write_bytes(damaged)
        manual, problems = check(data, today=TODAY)
        for p in problems:
            assert isinstance(p, Problem) and p.line >= 0 and p.column >= 0 and p.message
        if any(p.severity == "error" for p in problems):
            assert manual is None
        return problems


NOISE = st.sampled_from(
    [b":", b"- ", b"  ", b"\t", b"[", b"]", b"{", b"}", b"&a ", b"*a", b"!!python/name:os.system ",
     b"\xff", b"\xe5\xae", b'"', b"'", b"\n", b"---\n", b"<<: ", b"%YAML 1.1\n", b"?", b"|", b">", b"#"]
)


@SETTINGS
@given(rel=st.sampled_from(FILES), data=st.data())
def test_random_byte_damage_never_raises(rel: str, data: st.DataObject) -> None:
    original = (MINI / rel).read_bytes()
    damaged = bytearray(original)
    for _ in range(data.draw(st.integers(1, 4))):
        pos = data.draw(st.integers(0, len(damaged)))
        action = data.draw(st.sampled_from(["insert", "delete", "truncate"]))
        if action == "insert":
            damaged[pos:pos] = data.draw(NOISE)
        elif action == "delete":
            del damaged[pos:pos + data.draw(st.integers(1, 20))]
        else:
            del damaged[pos:]
    _run(rel, bytes(damaged))


def _lines(rel: str) -> list[str]:
    return (MINI / rel).read_text(encoding="utf-8").splitlines(keepends=True)


KEYED = [(rel, i) for rel in FILES for i, line in enumerate(_lines(rel))
         if ":" in line and not line.lstrip().startswith("#")]


@SETTINGS
@given(target=st.sampled_from(KEYED), junk=st.from_regex(r"[a-z]{3,8}x", fullmatch=True),
       how=st.sampled_from(["rename-key", "bad-value", "bad-bytes", "duplicate-line"]))
def test_structural_damage_is_reported(target: tuple[str, int], junk: str, how: str) -> None:
    rel, index = target
    lines = _lines(rel)
    line = lines[index]
    indent, rest = line[: len(line) - len(line.lstrip())], line.lstrip()
    dash = "- " if rest.startswith("- ") else ""
    body = rest[len(dash):]
    key, _, value = body.partition(":")
    if how == "rename-key":
        lines[index] = f"{indent}{dash}{key}{junk}:{value}"
    elif how == "bad-value":
        # a mapping where text, a number, an id or a list was expected
        lines[index] = f"{indent}{dash}{key}: {{{junk}: [1, {{}}]}}\n"
    elif how == "duplicate-line":
        if dash:  # duplicating a list item is not an error: repeat its key on a second line instead
            lines.insert(index + 1, f"{indent}  {key}:{value}")
        else:
            lines.insert(index + 1, line)
    text = "".join(lines).encode("utf-8")
    if how == "bad-bytes":
        text = text.replace(line.encode("utf-8"), line.encode("utf-8").rstrip(b"\n") + b"\xff\n", 1)
    problems = _run(rel, text)
    assert problems, f"{how} on {rel}:{index + 1} went unnoticed"
    assert any(p.file.endswith(rel) for p in problems), [p.format() for p in problems]
