"""What is wrong with a YAML file's text, in the words of the person editing it.

- a file that is not UTF-8 (a GBK file from Chinese Windows is named as such);
- characters YAML forbids (Word's manual line break ``\\x0b``, ``\\x08``, ``\\ufffe``, even in a
  comment), one located message each;
- PyYAML's own complaints, translated, located, with a hint;
- a key written with a full-width colon (``title：``), found where PyYAML noticed only a later line.
"""

from __future__ import annotations

import re

import yaml
from yaml.reader import Reader

from handbook.data.document import position
from handbook.data.problems import Problem, shown

BOM = b"\xef\xbb\xbf"


def decode(raw: bytes, file: str) -> tuple[str | None, Problem | None]:
    """The text of a UTF-8 file (a byte order mark dropped), or the problem of another encoding."""
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
            "用 UTF-8 编码另存此文件：记事本选“另存为 → 编码：UTF-8”；VS Code 点右下角编码 → “通过编码保存” → UTF-8", code="file.encoding",
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


def yaml_problem(exc: yaml.MarkedYAMLError, file: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = position(mark)
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
    return Problem(file, line, column, f"YAML 语法错误：{message}" + (f"（{context}）" if context else ""), hint, code="yaml.syntax")


#: What YAML does not allow in a file at all (PyYAML's reader refuses it before parsing).
_FORBIDDEN = Reader.NON_PRINTABLE
_FORBIDDEN_NAMES = {
    0x00: "空字符 NUL", 0x08: "退格符", 0x0B: "垂直制表符（Word 的手动换行符 Shift+Enter）",
    0x0C: "换页符（Word 的分页符）", 0x1B: "转义符 ESC", 0x7F: "删除符 DEL",
    0xFFFE: "非字符 U+FFFE", 0xFFFF: "非字符 U+FFFF",
}
_FORBIDDEN_SHOWN = 20  # a file full of them (a binary file) gets this many messages, then a total


def forbidden_characters(text: str, file: str) -> list[Problem]:
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
            "或在 VS Code 中把光标移到此处删除", code="yaml.character",
        ))
    if len(matches) > _FORBIDDEN_SHOWN:
        problems.append(Problem(file, 0, 0, f"共有 {len(matches)} 个不允许的字符（只列出前 {_FORBIDDEN_SHOWN} 个）",
                                "这可能不是文本文件；确认它是用文本编辑器保存的 YAML", code="yaml.character"))
    return problems


#: A key written with a full-width colon (a Chinese keyboard's ：): ``title：…``, ``- role：…``.
_FULL_WIDTH_KEY = re.compile(r"^([ ]*(?:-[ ]+)?)([A-Za-z_][A-Za-z0-9_]*)[ ]*：", re.MULTILINE)


_FULL_WIDTH_REACH = 3  # PyYAML notices the colon a line or two later, when the next key comes


def full_width_colon(text: str, file: str, error_line: int) -> Problem | None:
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
        f"键名后的冒号要用英文半角冒号加一个空格：{key}: …（切换到英文输入法再输入冒号）", code="yaml.full-width-colon",
    )

