"""Type into spreadsheet cells the way a person does, through LibreOffice's UNO API.

Run by the SYSTEM python (``/usr/bin/python3``, which has Debian's ``python3-uno``)
against a soffice already listening on a pipe; ``tests/libreoffice.py`` starts that
soffice and then this script. Standard library and ``uno`` only.

Usage: ``/usr/bin/python3 uno_reviewer.py '<json spec>'`` where the spec is::

    {"pipe": "worksheet-review-1", "src": "/abs/in.xlsx", "save_as": "/abs/out.ods",
     "filter": "calc8", "edits": [{"sheet": "Claims", "cell": "I2", "text": "Done"}],
     "connect_timeout": 30}

Each edit selects the cell and dispatches ``.uno:EnterString``, which enters text the
way Calc's input line does: the cell's number format decides what the text becomes
(``setString``/``setFormula`` would skip that). It does NOT apply data validation:
Calc checks validity in the keyboard input handler, and EnterString writes the cell
without passing through it, so an entry outside a validation list is kept.

For a Writer document, ``"ops"`` instead of ``"edits"`` and ``"saves"`` (a list of
``{"path": …, "filter": …}``) instead of ``save_as`` and ``filter``: each op names a
table by the bookmark before it and its place after that bookmark (0 = the first table
after it), and a cell in it::

    {"op": "tick", "bookmark": "ws_c_C1", "table": 1, "cell": "B1"}
    {"op": "set_state", "bookmark": "ws_c_C2", "table": 1, "cell": "A1"}
    {"op": "type", "bookmark": "ws_c_C1", "table": 2, "cell": "B1", "text": "AB"}
    {"op": "add_row", "bookmark": "ws_c_C1", "table": 3}

A tick does what a click on a checkbox content control does in LibreOffice 7.4: the
control's ``Checked`` state set and its glyph replaced with the checked one. Setting
``Checked`` alone leaves the glyph ☐: that is what Writer's own API does, and what
``set_state`` does, as a macro or another program would. Typing inserts the text at the
end of the cell, as a person clicking into it would.

With ``"measure_rows": {"Claims": 17}`` instead of edits, it changes nothing and reports,
for rows 2..17, the height each row was loaded with and the height Calc fits to its text.

On success the script prints one JSON object: for each edited cell, what it holds
afterwards (type, string, value, formula, number format). Errors go to stderr with a
non-zero exit status.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.uno import Exception as UnoException


def _prop(name: str, value: object) -> PropertyValue:
    """One UNO PropertyValue."""
    prop = PropertyValue()
    prop.Name = name
    prop.Value = value
    return prop


def connect(pipe: str, timeout: float) -> object:
    """The remote component context of the soffice listening on ``pipe``."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    url = f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
    deadline = time.monotonic() + timeout
    while True:
        try:
            return resolver.resolve(url)
        except NoConnectException:
            # A fresh profile takes soffice a second or two before the pipe opens.
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def progress(step: str) -> None:
    """Note a step on stderr: when soffice dies, the harness shows how far it got."""
    print(f"uno_reviewer: {step}", file=sys.stderr, flush=True)


def describe(cell: object, formats: object) -> dict[str, object]:
    """What a cell holds now, as LibreOffice sees it."""
    code = formats.getByKey(cell.NumberFormat).FormatString
    return {"type": cell.getType().value.lower(), "string": cell.getString(),
            "value": cell.getValue(), "formula": cell.getFormula(), "format": code}


SPREADSHEET, TEXT = "com.sun.star.sheet.SpreadsheetDocument", "com.sun.star.text.TextDocument"


def load(ctx: object, path: str, kind: str = SPREADSHEET) -> object:
    """Open a document hidden (a spreadsheet unless ``kind`` says otherwise); it still
    gets a frame and a controller to dispatch to."""
    smgr = ctx.ServiceManager
    desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    # Hidden=False makes a headless 7.4 abort (SIGABRT in the VCL scheduler).
    doc = desktop.loadComponentFromURL(Path(path).resolve().as_uri(), "_blank", 0,
                                       (_prop("Hidden", True),))
    if doc is None or not doc.supportsService(kind):
        what = "a spreadsheet" if kind == SPREADSHEET else "a text document"
        raise RuntimeError(f"LibreOffice did not open {path} as {what}")
    return doc


def type_into(ctx: object, doc: object, edits: list[dict[str, str]]) -> dict[str, object]:
    """Select each edit's cell and enter its text as a person would; what each became."""
    dispatcher = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.DispatchHelper", ctx)
    if doc.isReadonly():
        # A read-only document (e.g. locked by another LibreOffice) ignores EnterString
        # without a word, and would be saved unchanged.
        raise RuntimeError(f"LibreOffice opened {doc.getURL()} read-only")
    controller = doc.getCurrentController()
    frame = controller.getFrame()
    sheets = doc.getSheets()
    result: dict[str, object] = {}
    for edit in edits:
        if not sheets.hasByName(edit["sheet"]):
            raise KeyError(f"no sheet {edit['sheet']!r}; sheets: {list(sheets.getElementNames())}")
        sheet = sheets.getByName(edit["sheet"])
        controller.setActiveSheet(sheet)
        cell = sheet.getCellRangeByName(edit["cell"])
        controller.select(cell)
        progress(f"typing into {edit['sheet']}!{edit['cell']}")
        dispatcher.executeDispatch(frame, ".uno:EnterString", "", 0,
                                   (_prop("StringName", edit["text"]),))
        typed = describe(cell, doc.getNumberFormats())
        if edit["text"] and typed["type"] == "empty":
            raise RuntimeError(f"typing into {edit['sheet']}!{edit['cell']} changed nothing")
        result[f"{edit['sheet']}!{edit['cell']}"] = typed
    return result


def review(ctx: object, spec: dict) -> dict[str, object]:
    """Open the document, type every edit, store it in the spec's filter; the cells."""
    progress(f"loading {spec['src']}")
    doc = load(ctx, spec["src"])
    result = type_into(ctx, doc, spec["edits"])
    store_and_close(doc, [{"path": spec["save_as"], "filter": spec["filter"]}])
    return result


def store_and_close(doc: object, saves: list[dict[str, str]]) -> None:
    """Store the document as each ``{"path", "filter"}`` of ``saves``, then close it."""
    for save in saves:
        progress(f"storing {save['path']}")
        doc.storeToURL(Path(save["path"]).resolve().as_uri(),
                       (_prop("FilterName", save["filter"]), _prop("Overwrite", True)))
    progress("stored")
    doc.close(True)
    progress("closed")


def section_tables(doc: object, bookmark: str) -> list[object]:
    """The text tables after the paragraph holding ``bookmark``, in document order."""
    tables: list[object] = []
    found = False
    paragraphs = doc.getText().createEnumeration()
    while paragraphs.hasMoreElements():
        block = paragraphs.nextElement()
        if block.supportsService("com.sun.star.text.TextTable"):
            if found:
                tables.append(block)
            continue
        if found:
            continue
        portions = block.createEnumeration()
        while portions.hasMoreElements():
            portion = portions.nextElement()
            if portion.TextPortionType == "Bookmark" and portion.Bookmark.getName() == bookmark:
                found = True
    if not found:
        raise KeyError(f"no bookmark {bookmark!r} in the document")
    return tables


def content_control(cell: object) -> object:
    """The first content control in a table cell."""
    paragraphs = cell.getText().createEnumeration()
    while paragraphs.hasMoreElements():
        portions = paragraphs.nextElement().createEnumeration()
        while portions.hasMoreElements():
            portion = portions.nextElement()
            if portion.TextPortionType == "ContentControl":
                return portion.ContentControl
    raise RuntimeError(f"no content control in cell {cell.getPropertyValue('CellName')}")


def click_checkbox(doc: object, cell: object) -> None:
    """Tick a checkbox control as a click does: its state, and its glyph."""
    control = content_control(cell)
    if not control.Checkbox:
        raise RuntimeError("the content control is not a checkbox")
    search = doc.createSearchDescriptor()
    search.setSearchString(control.UncheckedState)
    glyph = doc.findNext(cell.getStart(), search)
    if glyph is None or glyph.getText() != cell.getText():
        raise RuntimeError("the checkbox glyph is not in its cell")
    glyph.setString(control.CheckedState)
    control.Checked = True


def edit_writer(doc: object, ops: list[dict[str, object]]) -> dict[str, object]:
    """Carry out each Writer op; what each cell holds afterwards."""
    if doc.isReadonly():
        raise RuntimeError(f"LibreOffice opened {doc.getURL()} read-only")
    result: dict[str, object] = {}
    for n, op in enumerate(ops):
        table = section_tables(doc, op["bookmark"])[op["table"]]
        progress(f"{op['op']} in {op['bookmark']} table {op['table']} {op.get('cell', '')}")
        if op["op"] == "add_row":
            rows = table.getRows()
            rows.insertByIndex(rows.getCount(), 1)
            result[str(n)] = rows.getCount()
            continue
        cell = table.getCellByName(op["cell"])
        if cell is None:
            raise KeyError(f"no cell {op['cell']} in table {op['table']} after {op['bookmark']}")
        if op["op"] == "tick":
            click_checkbox(doc, cell)
        elif op["op"] == "set_state":
            content_control(cell).Checked = True
        elif op["op"] == "type":
            text = cell.getText()
            text.insertString(text.getEnd(), op["text"], False)
        else:
            raise KeyError(f"unknown op {op['op']!r}")
        result[str(n)] = cell.getString()
    return result


def review_writer(ctx: object, spec: dict) -> dict[str, object]:
    """Open a Writer document, carry out the ops, store it in each of the spec's saves."""
    progress(f"loading {spec['src']}")
    doc = load(ctx, spec["src"], TEXT)
    result = edit_writer(doc, spec["ops"])
    store_and_close(doc, spec["saves"])
    return result


def measure_rows(ctx: object, spec: dict) -> dict[str, list[list[float]]]:
    """For rows 2..n of each sheet: the height as loaded and the height Calc fits, in pt."""
    doc = load(ctx, spec["src"])
    sheets = doc.getSheets()
    result = {}
    for name, last in spec["measure_rows"].items():
        rows = sheets.getByName(name).getRows()
        pairs = []
        for index in range(1, last):
            row = rows.getByIndex(index)
            written = row.Height
            row.OptimalHeight = True
            pairs.append([round(h * 72 / 2540, 1) for h in (written, row.Height)])
        result[name] = pairs
    doc.close(True)
    return result


def main(argv: list[str]) -> int:
    """Run the review described by the JSON spec in ``argv[1]``; 0 on success."""
    if len(argv) != 2:
        print("usage: uno_reviewer.py '<json spec>'", file=sys.stderr)
        return 2
    spec = json.loads(argv[1])
    try:
        ctx = connect(spec["pipe"], float(spec.get("connect_timeout", 30)))
        if "measure_rows" in spec:
            result = measure_rows(ctx, spec)
        elif "ops" in spec:
            result = review_writer(ctx, spec)
        else:
            result = review(ctx, spec)
    except (UnoException, RuntimeError, KeyError) as exc:
        # UNO exceptions carry their text in .Message; str() is often empty.
        message = getattr(exc, "Message", "") or str(exc)
        print(f"uno_reviewer: {type(exc).__name__}: {message}", file=sys.stderr)
        return 1
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
