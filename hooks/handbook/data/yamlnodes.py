"""YAML nodes to plain values, by the YAML 1.2 core schema, recording where each value was written.

PyYAML only parses and composes nodes here; the values are built by :class:`Builder`:

- plain scalars resolve by the YAML 1.2 core schema (``true``/``false``, ``null``, numbers);
  ``no``, ``on``, ``yes`` and dates stay text, and the model decides what they mean;
- only the standard tags are allowed (no ``!!python/...`` or custom tags);
- duplicate keys, non-text keys, deep nesting and alias bombs are problems, not crashes;
- a key written with a full-width colon (``title：``) inside a text is remembered for a warning.

A fast path composes the nodes with libyaml where it is known to agree with the pure-Python parser.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from handbook.data.document import Document, Path_, position
from handbook.data.problems import Problem, shown

MAX_DEPTH = 40
MAX_NODES = 200_000

_TAG = "tag:yaml.org,2002:"


class CoreResolver(BaseResolver):
    """Implicit typing of plain scalars by the YAML 1.2 core schema (no YAML 1.1 booleans)."""


CoreResolver.add_implicit_resolver(
    _TAG + "bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
CoreResolver.add_implicit_resolver(
    _TAG + "null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
CoreResolver.add_implicit_resolver(
    _TAG + "int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
CoreResolver.add_implicit_resolver(
    _TAG + "float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+.0123456789"),
)


class TooDeep(Exception):
    def __init__(self, mark: Any) -> None:  # a Mark of PyYAML's Python or C parser
        super().__init__("too deep")
        self.mark = mark


class StrictComposer(Composer):
    """Composer that refuses nesting deeper than MAX_DEPTH instead of exhausting the stack."""

    _depth = 0
    if TYPE_CHECKING:  # provided by the Parser that NodeLoader mixes in

        def peek_event(self) -> yaml.Event: ...

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise TooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class NodeLoader(Reader, Scanner, Parser, StrictComposer, CoreResolver):
    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        CoreResolver.__init__(self)


# A fast path (README, "Performance"): libyaml composes the same nodes about ten times faster
# than the pure-Python parser. It is used only for text where the two are known to agree (the
# characters below are where they differ: tabs, exotic line breaks, tags, complex keys), and
# only when the result is clean; anything else takes the pure-Python path, which alone reports
# problems, so every message and position stays exactly as before.
# A block scalar header with a comment mark straight after it (``>#-``) is an error to PyYAML
# and a comment to libyaml.
_FAST_UNSURE = re.compile(r"[\t\x85\u2028\u2029\ufeff?!]|\r(?!\n)|[|>][-+0-9]*#")
try:
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None  # type: ignore[assignment, misc]  # the class, or None without libyaml
else:

    class _FastLoader(_CParser, CoreResolver):
        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            CoreResolver.__init__(self)


def compose_fast(text: str) -> Node | None:
    """The node tree libyaml composes, as the pure-Python composer would; None when unsure."""
    if _CParser is None or _FAST_UNSURE.search(text):
        return None
    try:
        root = _FastLoader(text).get_single_node()
    except Exception:  # noqa: BLE001 - any libyaml complaint is reported by the Python path
        return None
    stack = [root] if root is not None else []
    seen: set[int] = set()  # an alias is the same node object: visit it once (alias bombs)
    while stack:  # libyaml limits nesting to 1000 levels; no recursion here either
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            if node.style == "":
                if node.value == "":
                    return None  # libyaml places an empty value one column later
                node.style = None  # libyaml writes '' for a plain scalar, Python None
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            stack.extend(n for pair in node.value for n in pair)
    return root


def _shown_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag




_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_FOLDED_SPACE = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_SCALARS = {"str", "int", "float", "bool", "null"}
#: A line that starts like a mapping key (``time_limit:``, ``- role：``): ASCII name, then a colon.
_FULL_WIDTH_VALUE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)[ ]*：")
_KEYLIKE = re.compile(r"^([ \t]*(?:-[ \t]+)?)([A-Za-z_][A-Za-z0-9_]*)[ \t]*([:：])(?=[ \t]|$)")


class Builder:
    """Turns composed nodes into plain Python values, recording positions and problems."""

    def __init__(self, doc: Document, text: str = "") -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self.count = 0
        self.lines = text.splitlines()  # the line breaks PyYAML counts (CRLF, \x85, \u2028 too)

    def fail(self, node: Node, message: str, hint: str | None = None, *, code: str) -> None:
        line, column = position(node.start_mark)
        self.problems.append(Problem(self.doc.file, line, column, message, hint, code=code))

    def build(self, node: Node, path: Path_, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise TooDeep(node.start_mark)  # reported as an alias bomb by the caller
        if depth > MAX_DEPTH:
            raise TooDeep(node.start_mark)
        self.doc.values[path] = position(node.start_mark)
        tag = node.tag[len(_TAG):] if node.tag.startswith(_TAG) else None
        if isinstance(node, ScalarNode):
            if tag not in _SCALARS:
                self.fail(node, f"不允许的标签 {_shown_tag(node.tag)}", "手册数据只用普通的文字、数字、列表和键值；删去这个标签", code="yaml.tag")
                return None
            return self._scalar(node, tag, path)
        if isinstance(node, SequenceNode):
            if tag != "seq":
                self.fail(node, f"不允许的标签 {_shown_tag(node.tag)}", "删去列表前的标签", code="yaml.tag")
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if tag != "map":
                self.fail(node, f"不允许的标签 {_shown_tag(node.tag)}", "删去这组键值前的标签", code="yaml.tag")
            return self._mapping(node, path, depth)
        self.fail(node, "无法识别的 YAML 内容", code="yaml.syntax")  # pragma: no cover - PyYAML has no other node kinds
        return None

    def _keylike(self, node: ScalarNode, path: Path_) -> None:
        """Record the lines of a multi-line text that look like ``key:`` (see Document.keylike)."""
        first, last = node.start_mark.line + 1, node.end_mark.line
        if node.end_mark.column == 0:
            last -= 1  # a block scalar ends at the start of the line after it
        found = []
        for index in range(first, min(last, len(self.lines) - 1) + 1):
            match = _KEYLIKE.match(self.lines[index])
            if match:
                found.append((index + 1, len(match.group(1)) + 1, match.group(2), match.group(3)))
        if found:
            self.doc.keylike[path] = found

    def _scalar(self, node: ScalarNode, tag: str, path: Path_ = ()) -> Any:
        text = node.value
        if tag == "str":
            if node.start_mark.line != node.end_mark.line and self.lines:
                self._keylike(node, path)
            elif node.style is None and (match := _FULL_WIDTH_VALUE.match(text)):
                line, column = position(node.start_mark)  # ``- text：问清房号`` read as one text
                self.doc.keylike[path] = [(line, column, match.group(1), "：")]
            if node.style in (None, ">") and node.start_mark.line != node.end_mark.line:
                # YAML folds a line break into a space; between two Chinese characters that space
                # is wrong ("签字， 任何人"), so a folded break there joins the lines directly.
                text = _FOLDED_SPACE.sub("", text)
            return text
        if tag == "null":
            if text not in ("", "~", "null", "Null", "NULL"):
                self.fail(node, f"'{shown(text)}' 不是合法的空值", "空值写 null，或删去这一行", code="yaml.scalar")
            return None
        if tag == "bool":
            if text.lower() not in ("true", "false"):
                self.fail(node, f"'{shown(text)}' 不是合法的布尔值", "写 true 或 false", code="yaml.scalar")
                return None
            return text.lower() == "true"
        try:
            if tag == "int":
                digits = text.replace("_", "")
                base = 0 if digits.lstrip("+-")[:2].lower() in ("0x", "0o") else 10
                value: Any = int(digits, base)
                return _Int(value, text) if str(value) != text else value
            lowered = text.lower().lstrip("+-")
            if lowered in (".inf", ".nan"):
                value = float(text.replace(".", "", 1))
            else:
                value = float(text)
            return _Float(value, text)
        except ValueError:
            self.fail(node, f"'{shown(text)}' 不是合法的 {tag} 值", "如果这是文字，请加引号", code="yaml.scalar")
            return None

    def _mapping(self, node: MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge" or (key_node.value == "<<" and key_node.style is None):
                self.fail(key_node, "不支持合并键 <<", "把需要的键直接写出来", code="yaml.merge-key")
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag != _TAG + "str":
                name = shown(key_node.value) if isinstance(key_node, ScalarNode) else "…"
                self.fail(key_node, f"键 '{name}' 必须是文字", "键名用小写英文，例如 title、steps", code="yaml.key-type")
                continue
            key = key_node.value
            line, column = position(key_node.start_mark)
            if key in result:
                self.fail(
                    key_node,
                    f"重复的键 '{shown(key)}'（第 {first_line[key]} 行已经写过）",
                    "同一层里一个键只能出现一次；合并两处内容，删去多余的一处", code="yaml.duplicate-key",
                )
                continue
            first_line[key] = line
            self.doc.keys[path + (key,)] = (line, column)
            result[key] = self.build(value_node, path + (key,), depth + 1)
        return result


class _Float(float):
    """A float that remembers how it was written, so messages can quote ``1.10`` exactly."""

    written: str

    def __new__(cls, value: float, written: str) -> "_Float":
        obj = super().__new__(cls, value)
        obj.written = written
        return obj


class _Int(int):
    written: str

    def __new__(cls, value: int, written: str) -> "_Int":
        obj = super().__new__(cls, value)
        obj.written = written
        return obj


def written(value: Any) -> str:
    """How a scalar value was written in the file (for error messages)."""
    if isinstance(value, (_Float, _Int)):
        return value.written
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    return str(value)


def plain(value: Any) -> Any:
    """The value with the written-form wrappers removed (what the models see)."""
    if isinstance(value, _Float):
        return float(value)
    if isinstance(value, _Int):
        return int(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value

