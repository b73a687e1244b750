"""Make templates/worksheet.docx, the reference document that styles our Word output.

Run from the repository root after changing worksheet/docx/styles.py:

    python templates/make_reference_docx.py

It starts from python-docx's default template, applies every style declared in
``worksheet.docx.styles`` and leaves one sample paragraph per style so a newsroom can
see (and restyle in Word) what it will get. The writers remove the sample body.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from worksheet.docx import styles  # noqa: E402  (needs the path above)

OUT = ROOT / "templates" / "worksheet.docx"
# A fixed date keeps the file stable between runs; the writers set their own.
BUILT = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)


def build(path: Path = OUT) -> Path:
    """Write the reference document to ``path``."""
    doc = docx.Document()
    styles.ensure_styles(doc, restyle_builtins=True)
    styles.set_page(doc, "a4")
    styles.set_core_properties(doc, title="worksheet reference styles",
                               subject="Styles for fact-check worksheets and reports",
                               built=BUILT)
    doc.add_paragraph("KICKER STYLE", style=styles.KICKER)
    doc.add_paragraph("Title style", style="Title")
    doc.add_paragraph("Subtitle style", style="Subtitle")
    for level in (1, 2, 3):
        doc.add_paragraph(f"Heading {level} style", style=f"Heading {level}")
    doc.add_paragraph("Normal style: body text of worksheets and reports.")
    doc.add_paragraph("Passage style: the article passage a claim comes from.",
                      style=styles.PASSAGE)
    doc.add_paragraph("Small style: notes and hints.", style=styles.SMALL)
    para = doc.add_paragraph("Character styles: ")
    para.add_run("Label", style=styles.LABEL)
    para.add_run(" and ")
    para.add_run("Hyperlink", style=styles.HYPERLINK)
    table = doc.add_table(rows=2, cols=2, style=styles.TABLE)
    for row in table.rows:
        for cell in row.cells:
            cell.paragraphs[0].text = "Table Text style"
            cell.paragraphs[0].style = styles.TABLE_TEXT
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


if __name__ == "__main__":
    print(build())
