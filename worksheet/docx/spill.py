"""Finished parts of a long document kept on disk, not in memory, until it is saved.

python-docx holds the whole document as one XML tree: a worksheet of 10,000 claims is
millions of elements and gigabytes of memory. The writer instead writes each finished
claim section out to a temporary file as XML text, leaving one placeholder paragraph
in the tree, and at the end splices the text into ``word/document.xml`` where the
placeholder is. The file is the same; memory stays flat.

Only blocks that nothing later refers to may be spilled: everything they point at
(hyperlink relationships, comments, styles) lives outside the body and is saved as usual.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
import zipfile
from pathlib import Path
from typing import Any

from docx.oxml import OxmlElement
from lxml import etree

from . import lookups

DOCUMENT_PART = "word/document.xml"


class Spill:
    """Builds a document's blocks in a scratch element, flushed to a temporary file.

    From the first :meth:`flush`, new blocks go into a detached scratch element instead
    of the body (a placeholder paragraph marks their place there); each flush writes
    them out as XML text and drops the scratch element whole, which frees it at once
    (removing blocks from the body one by one took time growing with the document).
    :meth:`save` splices the text back in. Use it as a context manager, so the
    temporary file goes however writing ends.
    """

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.token = f"worksheet-spill-{uuid.uuid4().hex}"
        self.file: Any = tempfile.TemporaryFile()  # noqa: SIM115 - closed by __exit__
        self.placeholder: Any = None
        self.body_end: Any = None
        self.scratch: Any = None
        self.scratch_end: Any = None

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.body_end is not None:
            lookups.set_body_end(self.doc, self.body_end)
        self.file.close()

    def flush(self) -> None:
        """Write out the blocks added since the last flush; new blocks go to a fresh scratch."""
        if self.placeholder is None:
            # What is in the body so far stays there; the rest goes where this stands.
            self.placeholder = self._placeholder()
            lookups.body_end(self.doc).addprevious(self.placeholder)
        else:
            for block in self.scratch:
                if block is not self.scratch_end:
                    self.file.write(etree.tostring(block, encoding="UTF-8",
                                                   xml_declaration=False))
        self.scratch = OxmlElement("w:body")
        self.scratch_end = OxmlElement("w:sectPr")
        self.scratch.append(self.scratch_end)
        previous = lookups.set_body_end(self.doc, self.scratch_end)
        if self.body_end is None:
            self.body_end = previous

    def _placeholder(self) -> Any:
        p, r, t = OxmlElement("w:p"), OxmlElement("w:r"), OxmlElement("w:t")
        t.text = self.token
        r.append(t)
        p.append(r)
        return p

    def save(self, path: Path) -> None:
        """Save the document to ``path`` with the spilled blocks back in their place."""
        if self.placeholder is not None:
            self.flush()
            lookups.set_body_end(self.doc, self.body_end)
        self.doc.save(str(path))
        if self.placeholder is not None:
            self._splice(Path(path))

    def _splice(self, path: Path) -> None:
        marker = f"<w:p><w:r><w:t>{self.token}</w:t></w:r></w:p>".encode()
        spliced = path.with_name(path.name + ".splice")
        try:
            with zipfile.ZipFile(path) as src, \
                    zipfile.ZipFile(spliced, "w", zipfile.ZIP_DEFLATED) as dst:
                for info in src.infolist():
                    data = src.read(info)
                    if info.filename != DOCUMENT_PART:
                        dst.writestr(info, data)
                        continue
                    head, found, tail = data.partition(marker)
                    if not found:
                        raise RuntimeError("the spilled blocks' placeholder went missing")
                    size = self.file.seek(0, os.SEEK_END)
                    self.file.seek(0)
                    # The size decides whether the entry needs zip64 headers.
                    info.file_size = len(head) + size + len(tail)
                    with dst.open(info, "w") as out:
                        out.write(head)
                        shutil.copyfileobj(self.file, out)
                        out.write(tail)
            os.replace(spliced, path)
        finally:
            spliced.unlink(missing_ok=True)
