"""Safe Markdown by type: what the helpers trust (``Md``) and what they escape (any ``str``)."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from handbook.render.markup import Md, bullets, heading, inline, md, numbered, table
from handbook.render.templating import ENV, TEMPLATES, render

from helpers import ROOT

EVIL = "<img src=x onerror=alert(1)> [x](javascript:alert(1)) ![t](http://evil.example/t.png) **b** | 1. \"'"


def test_inline_is_md_and_keeps_bold_only() -> None:
    out = inline(EVIL)
    assert isinstance(out, Md) and isinstance(out, Markup)
    assert "<img" not in out and "](" not in out and "![" not in out and "|" not in out
    assert "<strong>b</strong>" in out


def test_a_plain_str_is_escaped_by_every_helper() -> None:
    cells = table(["h"], [[EVIL]])
    assert "<img" not in cells and "[x]" not in cells and "**b**" not in cells
    assert cells.count("|") == 6  # the cell's own bar did not open a column
    assert "<img" not in bullets([EVIL]) and "<img" not in numbered([EVIL])
    assert bullets(["1. 不是列表"]) == "- 1&#46; 不是列表\n"
    front, h1 = heading(EVIL).split("\n---\n\n")
    assert "<img" not in front and "&lt;img" in front  # the theme puts the title in unescaped
    assert h1.startswith("# &#60;img") and "[x]" not in h1


def test_md_is_trusted_and_an_f_string_of_md_is_not() -> None:
    link = Md("[{}](../sops/{}.md)").format(EVIL, "repair")
    assert link.startswith("[&#60;img") and link.endswith("](../sops/repair.md)")
    assert table(["h"], [[link]]).count("](../sops/repair.md)") == 1
    mistake = f"{link}"  # formatting gives back a plain str: the helpers escape it, visibly
    assert type(mistake) is str
    assert "](../sops/repair.md)" not in table(["h"], [[mistake]])


def test_joining_and_adding_escape_the_plain_parts() -> None:
    assert Md("<br>").join(["<b>", inline("**x**")]) == "&#60;b&#62;<br><strong>x</strong>"
    assert Md("<br>") + "<b>" == "<br>&#60;b&#62;"
    assert md("<b>") == "&#60;b&#62;" and md(Md("<b>")) == "<b>"
    assert md('a"b\'c') == "a&#34;b&#39;c"  # safe inside a quoted attribute too


def test_templates_escape_data_as_text_and_refuse_undefined_names() -> None:
    out = render("source_note.html", rel='x"><script>alert(1)</script>')
    assert isinstance(out, Md)
    assert "<script>" not in out and '"><' not in out
    answer = render("answer.html", answer="**要点** <i>", lookup=None, open=False)
    assert "<strong>要点</strong> &#60;i&#62;" in answer
    with pytest.raises(jinja2.UndefinedError):
        render("source_note.html")
    assert ENV.autoescape is True and ENV is not None


def test_no_template_or_module_trusts_data_by_hand() -> None:
    """No ``|safe``, no autoescape switched off, no ``Md(f"…")`` or ``Markup(f"…")`` around data."""
    for path in sorted(p for p in TEMPLATES.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b|autoescape\s+false|\|\s*e\b", text), path.name
    for path in sorted((ROOT / "hooks" / "handbook" / "render").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(Md|Markup)\(\s*f[\"']", text), path.name
        assert "html.escape(" not in text or path.name == "markup.py", path.name


def test_templates_are_package_data() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"render/templates/*"' in pyproject
    assert TEMPLATES == Path(__file__).resolve().parents[2] / "hooks" / "handbook" / "render" / "templates"


def test_json_data_round_trips_and_holds_nothing_a_page_could_read() -> None:
    import json

    from handbook.render.markup import json_data

    value = {"t[x]": ["</script><!-- & \u2028 [x](javascript:1) *i* _u_ `c` {% x %} | \\ \" \n", 1, None]}
    text = json_data(value)
    assert isinstance(text, Md) and json.loads(text) == value
    strings = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', text))  # the strings as written, escapes and all
    assert not set("<>&`*_[]{}|\u2028\u2029") & set(strings)
