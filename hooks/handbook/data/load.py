"""Reading one YAML file safely into a :class:`~handbook.data.document.Document`: the pipeline.

PyYAML's safe loader is not strict enough for hand-edited data: it lets a duplicate key win
silently, reads ``no`` as False and ``1.10`` as 1.1 (YAML 1.1), turns bare dates into date
objects, and expands aliases without limit. A file goes through four steps, each in its module:

- ``read.py``: only a regular file of bounded size inside the data folder is read (no FIFO, no
  device, no symbolic link that leaves the folder);
- ``yaml_messages.py``: UTF-8 (a byte order mark and CRLF accepted, GBK refused with advice), no
  character YAML forbids; PyYAML's own complaints translated and located;
- ``yamlnodes.py``: PyYAML composes nodes, we build the values by the YAML 1.2 core schema,
  refusing tags, duplicate keys, deep nesting and alias bombs, and record every position;
- ``document.py``: the result, which locates any path of keys for a problem.

Every problem is a located message in Chinese, never an exception.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from handbook.data.document import Document, position
from handbook.data.problems import Problem, shown
from handbook.data.read import MAX_BYTES, read_file, too_big
from handbook.data.yaml_messages import decode, forbidden_characters, full_width_colon, yaml_problem
from handbook.data.yamlnodes import MAX_DEPTH, MAX_NODES, Builder, NodeLoader, TooDeep, compose_fast


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
        return None, [too_big(file, len(raw))]
    text, problem = decode(raw, file)
    if problem is not None:
        return None, [problem]
    assert text is not None
    forbidden = forbidden_characters(text, file)
    if forbidden:
        return None, forbidden
    fast = compose_fast(text)
    if fast is not None:
        doc = Document(file, None, lines=text.splitlines())
        builder = Builder(doc, text)
        try:
            doc.data = builder.build(fast, ())
        except (TooDeep, RecursionError):
            pass
        else:
            if not builder.problems:
                return doc, []
    doc = Document(file, None, lines=text.splitlines())
    try:
        loader = NodeLoader(text)
    except yaml.YAMLError as exc:  # pragma: no cover - the characters it refuses were reported above
        return None, [Problem(file, 1, 1, f"YAML 语法错误：{shown(exc)}", code="yaml.syntax")]
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(file, 1, 1, "文件是空的", "参照同类文件填写内容，或删除这个文件", code="file.empty")]
        builder = Builder(doc, text)
        doc.data = builder.build(node, ())
    except TooDeep as exc:
        line, column = position(exc.mark)
        return None, [Problem(
            file, line, column,
            f"嵌套层数过深或别名（alias）展开过多（上限 {MAX_DEPTH} 层、{MAX_NODES} 个值）",
            "手册数据不需要很深的嵌套；检查缩进，并去掉 & 和 * 别名", code="yaml.too-deep",
        )]
    except yaml.MarkedYAMLError as exc:
        problem = yaml_problem(exc, file)
        colon = full_width_colon(text, file, problem.line)
        return None, [colon or problem]
    except yaml.YAMLError as exc:  # errors without a position (rare)
        return None, [Problem(file, 1, 1, f"YAML 语法错误：{shown(exc)}", code="yaml.syntax")]
    except RecursionError:
        return None, [Problem(file, 1, 1, "嵌套层数过深", "检查缩进和括号是否配对", code="yaml.too-deep")]
    finally:
        loader.dispose()
    return doc, builder.problems
