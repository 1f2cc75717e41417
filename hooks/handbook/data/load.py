"""Reading one YAML file safely, keeping the line and column of every key and value.

PyYAML's safe loader is not strict enough for hand-edited data: it lets a duplicate key win
silently, reads ``no`` as False and ``1.10`` as 1.1 (YAML 1.1), turns bare dates into date
objects, and expands aliases without limit. Here PyYAML only parses and composes nodes; we build
the values ourselves:

- plain scalars resolve by the YAML 1.2 core schema (``true``/``false``, ``null``, numbers);
  ``no``, ``on``, ``yes`` and dates stay text, and the model decides what they mean;
- only the standard tags are allowed (no ``!!python/...`` or custom tags);
- duplicate keys, non-text keys, deep nesting and alias bombs are problems, not crashes;
- a UTF-8 byte order mark and CRLF line ends are accepted, other encodings refused with advice;
- characters YAML forbids (Word's manual line break ``\x0b``, ``\x08``, ``\ufffe``, even in a
  comment), a key written with a full-width colon (``title：``) and PyYAML's own complaints are
  located messages in Chinese, never an exception;
- a file is read only when it is a regular file of bounded size inside the data folder (no
  FIFO, no device, no symbolic link that leaves the folder).
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from handbook.data.problems import Problem, shown

MAX_BYTES = 1_000_000
#: How the message about a file that was refused unread (a link out of the folder, a FIFO) ends.
REFUSED = "，未读取"
MAX_DEPTH = 40
MAX_NODES = 200_000
BOM = b"\xef\xbb\xbf"

Path_ = tuple[str | int, ...]

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


class _TooDeep(Exception):
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
                raise _TooDeep(self.peek_event().start_mark)
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


def _compose_fast(text: str) -> Node | None:
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


@dataclass
class Document:
    """One file's data, plus where each value (and each mapping key) was written."""

    file: str
    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    #: Lines inside a multi-line text value that read like ``key:`` (line, column, key, colon):
    #: usually a key indented one level too deep, swallowed by the text above it.
    keylike: dict[Path_, list[tuple[int, int, str, str]]] = field(default_factory=dict)

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column of ``path`` (of its key when ``key``), or of its nearest ancestor."""
        path = tuple(path)
        while True:
            if key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if not path:
                return (1, 1)
            path = path[:-1]
            key = False

    def problem(self, path: Path_, message: str, hint: str | None = None, *,
                key: bool = False, severity: str = "error") -> Problem:
        line, column = self.where(path, key=key)
        return Problem(self.file, line, column, message, hint, severity)  # type: ignore[arg-type]


def _shown_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


def _pos(mark: yaml.Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_FOLDED_SPACE = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_SCALARS = {"str", "int", "float", "bool", "null"}
#: A line that starts like a mapping key (``time_limit:``, ``- role：``): ASCII name, then a colon.
_FULL_WIDTH_VALUE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)[ ]*：")
_KEYLIKE = re.compile(r"^([ \t]*(?:-[ \t]+)?)([A-Za-z_][A-Za-z0-9_]*)[ \t]*([:：])(?=[ \t]|$)")


class _Builder:
    """Turns composed nodes into plain Python values, recording positions and problems."""

    def __init__(self, doc: Document, text: str = "") -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self.count = 0
        self.lines = text.splitlines()  # the line breaks PyYAML counts (CRLF, \x85, \u2028 too)

    def fail(self, node: Node, message: str, hint: str | None = None) -> None:
        line, column = _pos(node.start_mark)
        self.problems.append(Problem(self.doc.file, line, column, message, hint))

    def build(self, node: Node, path: Path_, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooDeep(node.start_mark)  # reported as an alias bomb by the caller
        if depth > MAX_DEPTH:
            raise _TooDeep(node.start_mark)
        self.doc.values[path] = _pos(node.start_mark)
        tag = node.tag[len(_TAG):] if node.tag.startswith(_TAG) else None
        if isinstance(node, ScalarNode):
            if tag not in _SCALARS:
                self.fail(node, f"不允许的标签 {_shown_tag(node.tag)}", "手册数据只用普通的文字、数字、列表和键值；删去这个标签")
                return None
            return self._scalar(node, tag, path)
        if isinstance(node, SequenceNode):
            if tag != "seq":
                self.fail(node, f"不允许的标签 {_shown_tag(node.tag)}", "删去列表前的标签")
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if tag != "map":
                self.fail(node, f"不允许的标签 {_shown_tag(node.tag)}", "删去这组键值前的标签")
            return self._mapping(node, path, depth)
        self.fail(node, "无法识别的 YAML 内容")  # pragma: no cover - PyYAML has no other node kinds
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
                line, column = _pos(node.start_mark)  # ``- text：问清房号`` read as one text
                self.doc.keylike[path] = [(line, column, match.group(1), "：")]
            if node.style in (None, ">") and node.start_mark.line != node.end_mark.line:
                # YAML folds a line break into a space; between two Chinese characters that space
                # is wrong ("签字， 任何人"), so a folded break there joins the lines directly.
                text = _FOLDED_SPACE.sub("", text)
            return text
        if tag == "null":
            if text not in ("", "~", "null", "Null", "NULL"):
                self.fail(node, f"'{shown(text)}' 不是合法的空值", "空值写 null，或删去这一行")
            return None
        if tag == "bool":
            if text.lower() not in ("true", "false"):
                self.fail(node, f"'{shown(text)}' 不是合法的布尔值", "写 true 或 false")
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
            self.fail(node, f"'{shown(text)}' 不是合法的 {tag} 值", "如果这是文字，请加引号")
            return None

    def _mapping(self, node: MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge" or (key_node.value == "<<" and key_node.style is None):
                self.fail(key_node, "不支持合并键 <<", "把需要的键直接写出来")
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag != _TAG + "str":
                name = shown(key_node.value) if isinstance(key_node, ScalarNode) else "…"
                self.fail(key_node, f"键 '{name}' 必须是文字", "键名用小写英文，例如 title、steps")
                continue
            key = key_node.value
            line, column = _pos(key_node.start_mark)
            if key in result:
                self.fail(
                    key_node,
                    f"重复的键 '{shown(key)}'（第 {first_line[key]} 行已经写过）",
                    "同一层里一个键只能出现一次；合并两处内容，删去多余的一处",
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


def _decode(raw: bytes, file: str) -> tuple[str | None, Problem | None]:
    if raw.startswith(BOM):
        raw = raw[len(BOM):]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        guess = ""
        try:
            raw.decode("gb18030")
            guess = "看起来是 GBK/GB18030 编码（中文 Windows 的默认编码）。"
        except UnicodeDecodeError:
            pass
        return None, Problem(
            file, line, column,
            f"文件不是 UTF-8 编码（第 {line} 行有无法识别的字节 0x{raw[exc.start]:02X}）。{guess}",
            "用 UTF-8 编码另存此文件：记事本选“另存为 → 编码：UTF-8”；VS Code 点右下角编码 → “通过编码保存” → UTF-8",
        )


#: PyYAML's complaints, in the words of the person editing the file ({0}: what it found).
_YAML_PROBLEMS: list[tuple[re.Pattern[str], str]] = [(re.compile(a), b) for a, b in [
    (r"^mapping values are not allowed here$", "这里不能出现“键: 值”"),
    (r"^could not find expected ':'$", "找不到应有的冒号“:”"),
    (r"^found character '\\t' that cannot start any token$", "这里有一个 Tab 字符"),
    (r"^found character (.+) that cannot start any token$", "字符 {0} 不能作为一个值的开头"),
    (r"^expected <block end>, but found (.+)$", "缩进不一致：这里出现了{0}"),
    (r"^expected ',' or '\]', but got (.+)$", "方括号 [ ] 列表中应为逗号或“]”，这里是{0}"),
    (r"^expected ',' or '\}', but got (.+)$", "花括号 {{ }} 中应为逗号或“}}”，这里是{0}"),
    (r"^did not find expected key$", "找不到应有的键（缩进不一致，或上一行的引号没有闭合）"),
    (r"^did not find expected '-' indicator$", "列表项应以“- ”开头（缩进不一致）"),
    (r"^did not find expected node content$", "这里缺少内容"),
    (r"^expected the node content, but found (.+)$", "这里缺少内容，出现了{0}"),
    (r"^found unexpected end of stream$", "文件在引号或括号闭合之前就结束了"),
    (r"^found unknown escape character (.+)$", "双引号文字中有无法识别的转义字符 {0}"),
    (r"^found undefined alias (.+)$", "未定义的别名 *{0}"),
    (r"^found duplicate anchor (.+); first occurrence$", "重复的锚点 &{0}"),
    (r"^found unexpected document separator$", "文件中间出现了文档分隔线 ---"),
    (r"^expected a single document in the stream$", "一个文件只能有一个文档（删去中间的 ---）"),
    (r"^sequence entries are not allowed here$", "这里不能出现列表项“- ”"),
    (r"^mapping keys are not allowed here$", "这里不能出现以“? ”开头的键"),
    (r"^found undefined tag handle (.+)$", "未定义的标签前缀 {0}"),
    (r"^expected a comment or a line break, but found (.+)$", "这里应为行尾或注释，却出现了{0}"),
    (r"^expected chomping or indentation indicators, but found (.+)$", "“|”或“>”后只能写 -、+ 或缩进数字，这里是{0}"),
]]
_YAML_CONTEXTS = {
    "while scanning a simple key": "读取键名时",
    "while parsing a block mapping": "读取这一组键值时",
    "while parsing a block collection": "读取这个列表时",
    "while parsing a flow sequence": "读取方括号 [ ] 列表时",
    "while parsing a flow mapping": "读取花括号 { } 时",
    "while scanning a quoted scalar": "读取引号中的文字时",
    "while scanning a double-quoted scalar": "读取双引号中的文字时",
    "while scanning a block scalar": "读取“|”或“>”后的文字时",
    "while parsing a block node": "读取这个值时",
    "while parsing a flow node": "读取这个值时",
    "while scanning an alias": "读取别名时",
    "while scanning an anchor": "读取锚点时",
    "while scanning a tag": "读取标签时",
    "while scanning for the next token": "",
    "while composing a mapping": "",
}


_YAML_TOKENS = {
    "'<block mapping start>'": "一组新的键值",
    "'<block sequence start>'": "一个新的列表",
    "'<block end>'": "缩进的结束",
    "'<scalar>'": "一个值",
    "'<stream end>'": "文件结尾",
    "'<block entry>'": "列表项“- ”",
    "'{'": "“{”", "'['": "“[”", "'}'": "“}”", "']'": "“]”", "','": "逗号", "':'": "冒号“:”", "'-'": "“-”", "'?'": "“?”",
}


def _translate(english: str) -> str:
    for pattern, chinese in _YAML_PROBLEMS:
        match = pattern.match(english)
        if match:
            return chinese.format(*(_YAML_TOKENS.get(g, shown(g)) for g in match.groups()))
    return f"格式错误（{shown(english)}）"


def _yaml_problem(exc: yaml.MarkedYAMLError, file: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = _pos(mark)
    what = exc.problem or ""
    hint = "检查这一行及上一行的缩进、冒号和引号"
    if "\\t" in what or "\t" in what:
        hint = "缩进只能用空格，不能用 Tab 键"
    elif "found character" in what and ("'@'" in what or "'`'" in what):
        hint = "以 @ 或 ` 开头的文字要加引号"
    elif what.startswith(("expected ',' or ']'", "expected ',' or '}'")):
        hint = "括号没有闭合：在末尾补上“]”或“}”；若这是以 [ 或 { 开头的文字，整段加引号"
    elif "mapping values are not allowed" in what:
        hint = "文字中含有“: ”时，整段文字要加引号；或检查上一行是否少了缩进"
    context = ""
    started = exc.context_mark.line + 1 if exc.context_mark is not None else 1
    if exc.context and started not in (1, line):  # the whole file's mapping tells nothing
        context = _YAML_CONTEXTS.get(exc.context, "")
        context += f"，从第 {started} 行开始" if context else ""
    message = _translate(what) if what else "格式错误"
    return Problem(file, line, column, f"YAML 语法错误：{message}" + (f"（{context}）" if context else ""), hint)


#: What YAML does not allow in a file at all (PyYAML's reader refuses it before parsing).
_FORBIDDEN = Reader.NON_PRINTABLE
_FORBIDDEN_NAMES = {
    0x00: "空字符 NUL", 0x08: "退格符", 0x0B: "垂直制表符（Word 的手动换行符 Shift+Enter）",
    0x0C: "换页符（Word 的分页符）", 0x1B: "转义符 ESC", 0x7F: "删除符 DEL",
    0xFFFE: "非字符 U+FFFE", 0xFFFF: "非字符 U+FFFF",
}
_FORBIDDEN_SHOWN = 20  # a file full of them (a binary file) gets this many messages, then a total


def _forbidden_characters(text: str, file: str) -> list[Problem]:
    """One located problem per character YAML forbids (in values and comments alike)."""
    problems: list[Problem] = []
    matches = list(_FORBIDDEN.finditer(text))
    for match in matches[:_FORBIDDEN_SHOWN]:
        start = match.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        code = ord(match.group())
        name = _FORBIDDEN_NAMES.get(code, "控制字符")
        problems.append(Problem(
            file, line, column, f"不允许的字符 U+{code:04X}：{name}",
            "删去这个看不见的字符：从 Word 或网页复制来的文字常带有它；粘贴时选“只保留文本”，"
            "或在 VS Code 中把光标移到此处删除",
        ))
    if len(matches) > _FORBIDDEN_SHOWN:
        problems.append(Problem(file, 0, 0, f"共有 {len(matches)} 个不允许的字符（只列出前 {_FORBIDDEN_SHOWN} 个）",
                                "这可能不是文本文件；确认它是用文本编辑器保存的 YAML"))
    return problems


#: A key written with a full-width colon (a Chinese keyboard's ：): ``title：…``, ``- role：…``.
_FULL_WIDTH_KEY = re.compile(r"^([ ]*(?:-[ ]+)?)([A-Za-z_][A-Za-z0-9_]*)[ ]*：", re.MULTILINE)


_FULL_WIDTH_REACH = 3  # PyYAML notices the colon a line or two later, when the next key comes


def _full_width_colon(text: str, file: str, error_line: int) -> Problem | None:
    """The key with a full-width colon nearest before a syntax error at ``error_line``, if any."""
    found = None
    for match in _FULL_WIDTH_KEY.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if line > error_line:
            break
        if line >= error_line - _FULL_WIDTH_REACH:
            found = (line, match)
    if found is None:
        return None
    line, match = found
    key = match.group(2)
    column = match.end() - match.start()  # the colon is the match's last character
    return Problem(
        file, line, column, f"键 '{shown(key)}' 后面是全角冒号“：”",
        f"键名后的冒号要用英文半角冒号加一个空格：{key}: …（切换到英文输入法再输入冒号）",
    )


def _regular_file_problem(file: str, mode: int) -> Problem:
    kind = "目录" if stat.S_ISDIR(mode) else "命名管道（FIFO）" if stat.S_ISFIFO(mode) else \
        "设备文件" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "套接字" if stat.S_ISSOCK(mode) else "特殊文件"
    return Problem(file, 0, 0, f"不是普通文件，而是{kind}" + REFUSED, "数据目录里只放普通的 .yaml 文本文件；把它移走")


def outside(path: Path, root: Path) -> bool:
    """Whether ``path`` (following every symbolic link) lies outside the folder ``root``."""
    try:
        return not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop
        return True


def link_problem(path: Path, file: str) -> Problem:
    return Problem(
        file, 0, 0, "这是指向数据目录之外的符号链接（快捷方式）" + REFUSED,
        "把文件本身复制到数据目录中，不要用链接",
    )


def read_file(path: Path, file: str, root: Path | None = None) -> tuple[bytes | None, Problem | None]:
    """The bytes of the regular file at ``path``, at most MAX_BYTES; never blocks, never raises.

    With ``root``, a symbolic link (of the file or of a folder above it) that leads outside
    ``root`` is refused. A FIFO, a device (``/dev/zero``) or a folder is refused before it is
    read: the file is opened without blocking and checked on the open handle, so nothing can be
    swapped in between the check and the read."""
    if root is not None and outside(path, root):
        return None, link_problem(path, file)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return None, Problem(file, 0, 0, f"无法读取文件：{exc.strerror}", "检查文件是否存在、是否有读取权限")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, _regular_file_problem(file, info.st_mode)
        if info.st_size > MAX_BYTES:
            return None, _too_big(file, info.st_size)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, Problem(file, 0, 0, f"无法读取文件：{exc.strerror}", "检查文件是否存在、是否有读取权限")
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:  # it grew after fstat
        return None, _too_big(file, len(raw))
    return raw, None


def _too_big(file: str, size: int) -> Problem:
    return Problem(file, 0, 0, f"文件过大（{size} 字节，上限 {MAX_BYTES}）", "把内容拆成多个文件")


def read_document(path: Path, file: str, root: Path | None = None) -> tuple[Document | None, list[Problem]]:
    """Read and parse one YAML file; never raises for bad content, never writes."""
    raw, problem = read_file(path, file, root)
    if raw is None:
        assert problem is not None
        return None, [problem]
    return parse_document(raw, file)


def parse_document(raw: bytes, file: str) -> tuple[Document | None, list[Problem]]:
    """Parse the bytes of one YAML file (``file``: its name in messages); never raises."""
    if len(raw) > MAX_BYTES:
        return None, [_too_big(file, len(raw))]
    text, problem = _decode(raw, file)
    if problem is not None:
        return None, [problem]
    assert text is not None
    forbidden = _forbidden_characters(text, file)
    if forbidden:
        return None, forbidden
    fast = _compose_fast(text)
    if fast is not None:
        doc = Document(file, None)
        builder = _Builder(doc, text)
        try:
            doc.data = builder.build(fast, ())
        except (_TooDeep, RecursionError):
            pass
        else:
            if not builder.problems:
                return doc, []
    doc = Document(file, None)
    try:
        loader = NodeLoader(text)
    except yaml.YAMLError as exc:  # pragma: no cover - the characters it refuses were reported above
        return None, [Problem(file, 1, 1, f"YAML 语法错误：{shown(exc)}")]
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(file, 1, 1, "文件是空的", "参照同类文件填写内容，或删除这个文件")]
        builder = _Builder(doc, text)
        doc.data = builder.build(node, ())
    except _TooDeep as exc:
        line, column = _pos(exc.mark)
        return None, [Problem(
            file, line, column,
            f"嵌套层数过深或别名（alias）展开过多（上限 {MAX_DEPTH} 层、{MAX_NODES} 个值）",
            "手册数据不需要很深的嵌套；检查缩进，并去掉 & 和 * 别名",
        )]
    except yaml.MarkedYAMLError as exc:
        problem = _yaml_problem(exc, file)
        colon = _full_width_colon(text, file, problem.line)
        return None, [colon or problem]
    except yaml.YAMLError as exc:  # errors without a position (rare)
        return None, [Problem(file, 1, 1, f"YAML 语法错误：{shown(exc)}")]
    except RecursionError:
        return None, [Problem(file, 1, 1, "嵌套层数过深", "检查缩进和括号是否配对")]
    finally:
        loader.dispose()
    return doc, builder.problems
