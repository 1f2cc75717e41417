"""The three PDFs of the real handbook for ``test_pdf.py``, made in a process of their own.

Laying out the book takes WeasyPrint minutes on one core, while most of the suite runs on one core
too: ``tests/paper/conftest.py`` starts this script when the tests are collected, so that the
books are laid out beside the other tests, and the ``pdfs`` fixture waits for it. What it makes is
what the fixture made in the test process before: ``pdf.write_all`` of the checked real data, with
the same print date and stylesheets (``test_pdf.PRINTED``, ``test_pdf.STYLES``).

``python tests/paper/pdf_job.py OUT``: writes the PDFs into OUT and, last, ``OUT/written.json``
(name → pages, seconds); exits 1 with the problems on standard error when the data does not check.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent.parent / "hooks"), str(HERE.parent), str(HERE)]

from handbook.checks.check import check  # noqa: E402
from handbook.paper import pdf  # noqa: E402

from conftest import DATA  # noqa: E402
from test_pdf import PRINTED, STYLES  # noqa: E402

RESULT = "written.json"


def main(out: Path) -> int:
    manual, problems = check(DATA)
    if manual is None:
        print("\n".join(map(str, problems)), file=sys.stderr)
        return 1
    written = pdf.write_all(manual, out, PRINTED, STYLES)
    result = {w.path.name: {"pages": w.pages, "seconds": w.seconds} for w in written}
    (out / (RESULT + ".part")).write_text(json.dumps(result), encoding="utf-8")
    (out / (RESULT + ".part")).replace(out / RESULT)  # whole or absent
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
