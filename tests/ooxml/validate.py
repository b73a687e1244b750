"""Would Word or Excel open this file without offering to repair it? The format decides.

``validate_package(path)`` reads a ``.docx`` or ``.xlsx`` (any OPC package) the way Office
does and returns its findings, one line each (``"word/document.xml:12: ..."``); an empty
list means the file is valid:

1. Markup Compatibility first: each ``mc:AlternateContent`` becomes the first
   ``mc:Choice`` whose ``Requires`` namespaces the schema set knows (else its
   ``mc:Fallback``), and markup from ``mc:Ignorable`` namespaces the set does not know
   (w15, wp14, x14ac, ...) is dropped, as Office drops what it does not understand.
2. Markup in the w14 namespace (Word 2010: ``w14:checkbox``, ``w14:paraId``) is checked
   against Microsoft's [MS-DOCX] schema through ``ms/probe.xsd``, then taken out.
3. What remains is checked against the ISO/IEC 29500-4 Transitional schema of the part's
   root namespace.
4. The package rules the schemas cannot express: :data:`RULES`.

Example::

    from ooxml.validate import validate_package
    assert validate_package(tmp_path / "tracker.xlsx") == []

The schemas compile once per process (a second or so); every later call reuses them.
"""

from __future__ import annotations

import copy
import posixpath
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

SCHEMAS = Path(__file__).with_name("schemas")

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
PROBE = "urn:ooxml-audit:probe"
XML_NS = "http://www.w3.org/XML/1998/namespace"

#: Schema files loaded into the one compiled set (each pulls in what it imports).
SCHEMA_FILES = (
    "ecma/wml.xsd", "ecma/sml.xsd", "ecma/dml-main.xsd", "ecma/dml-chart.xsd",
    "ecma/dml-spreadsheetDrawing.xsd", "ecma/dml-wordprocessingDrawing.xsd",
    "ecma/opc-contentTypes.xsd", "ecma/opc-relationships.xsd", "ecma/opc-coreProperties.xsd",
    "ecma/shared-documentPropertiesExtended.xsd", "ecma/shared-documentPropertiesCustom.xsd",
    "ecma/shared-bibliography.xsd", "ecma/shared-customXmlDataProperties.xsd",
    "ecma/vml-main.xsd", "ms/probe.xsd",
)


@cache
def _schema() -> tuple[etree.XMLSchema, frozenset[str]]:
    """The compiled schema set and the namespaces it defines, built once per process."""
    namespaces: dict[str, Path] = {}
    for path in sorted(SCHEMAS.rglob("*.xsd")):
        target = etree.parse(str(path)).getroot().get("targetNamespace")
        if target:
            namespaces.setdefault(target, path)
    wanted = {SCHEMAS / name for name in SCHEMA_FILES}
    imports = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{path.resolve().as_uri()}"/>'
        for ns, path in namespaces.items() if path in wanted)
    umbrella = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    return etree.XMLSchema(etree.XML(umbrella)), frozenset(namespaces)


def understood() -> frozenset[str]:
    """The namespaces this validator (like Office) understands: those the schemas define."""
    return _schema()[1]


@dataclass
class Package:
    """An opened package: its XML parts (as parsed, before Markup Compatibility), all names."""

    path: Path
    names: list[str]
    xml: dict[str, etree._ElementTree] = field(default_factory=dict)
    findings: list[str] = field(default_factory=list)

    def rels(self, part: str) -> dict[str, etree._Element]:
        """The relationships of ``part`` (``""`` for the package), by id."""
        folder, name = posixpath.split(part)
        tree = self.xml.get(posixpath.join(folder, "_rels", f"{name}.rels"))
        if tree is None:
            return {}
        return {rel.get("Id"): rel for rel in tree.getroot().iter(f"{{{PR}}}Relationship")}

    def first(self, content_type_suffix: str) -> tuple[str, etree._ElementTree] | None:
        """The part whose content type ends with ``content_type_suffix``, if any."""
        for name in self.names:
            if content_type(self, name).endswith(content_type_suffix) and name in self.xml:
                return name, self.xml[name]
        return None


def _open(path: Path) -> Package:
    with zipfile.ZipFile(path) as zf:
        names = [n for n in zf.namelist() if not n.endswith("/")]
        package = Package(path, names)
        for name in names:
            data = zf.read(name)
            if not (name.endswith((".xml", ".rels", ".vml")) or data.lstrip()[:5] == b"<?xml"):
                continue
            try:
                package.xml[name] = etree.ElementTree(etree.fromstring(data))
            except etree.XMLSyntaxError as exc:
                package.findings.append(f"{name}: not well-formed XML: {exc}")
    return package


# --------------------------------------------------------------------- Markup Compatibility

def _prefixes(el: etree._Element, attr: str) -> set[str]:
    """The namespaces named by prefix in an mc: attribute (``mc:Ignorable="w14 wp14"``)."""
    value = el.get(f"{{{MC}}}{attr}") or ""
    return {el.nsmap.get(p, p) for p in value.split()}


def apply_markup_compatibility(root: etree._Element, known: frozenset[str],
                               where: str) -> list[str]:
    """Rewrite ``root`` in place as an Office consumer understanding ``known`` sees it.

    Works by XPath over the few places that carry markup compatibility, not element by
    element: a worksheet part has tens of thousands of elements.
    """
    findings: list[str] = []
    for el in root.xpath("//*[@mc:MustUnderstand]", namespaces={"mc": MC}):
        not_known = _prefixes(el, "MustUnderstand") - known
        if not_known:
            findings.append(f"{where}:{el.sourceline}: mc:MustUnderstand names namespaces "
                            f"no consumer here understands: {sorted(not_known)}")
    # Document order: an AlternateContent inside a chosen branch moves with it and comes
    # later; one inside a branch not taken is gone with it.
    for alt in list(root.iter(f"{{{MC}}}AlternateContent")):
        parent = alt.getparent()
        if parent is None or alt.getroottree().getroot() is not root:
            continue
        index = parent.index(alt)
        chosen = _choose(alt, known)
        parent.remove(alt)
        for offset, item in enumerate(chosen):
            parent.insert(index + offset, item)
    for scope in root.xpath("descendant-or-self::*[@mc:Ignorable]", namespaces={"mc": MC}):
        for ns in _prefixes(scope, "Ignorable") - known:
            for el in list(scope.iter(f"{{{ns}}}*")):
                if el.getparent() is not None:
                    el.getparent().remove(el)
            _drop_attributes(scope, ns)
    _drop_attributes(root, MC)
    return findings


def _drop_attributes(scope: etree._Element, ns: str) -> None:
    """Remove every attribute in namespace ``ns`` from ``scope`` and its descendants."""
    for attr in scope.xpath("descendant-or-self::*/@*[namespace-uri()=$ns]", ns=ns):
        del attr.getparent().attrib[attr.attrname]


def _choose(alt: etree._Element, known: frozenset[str]) -> list[etree._Element]:
    """The children of the branch of ``alt`` that Office would take (none if no branch fits)."""
    for branch in alt:
        if branch.tag == f"{{{MC}}}Choice":
            requires = {branch.nsmap.get(p, p) for p in (branch.get("Requires") or "").split()}
            if requires <= known:
                return list(branch)
        elif branch.tag == f"{{{MC}}}Fallback":
            return list(branch)
    return []


# --------------------------------------------------------------------- schemas

def _tolerate(root: etree._Element) -> None:
    """Accept the one known deviation: python-docx's ``<w:zoom w:val="bestFit"/>``.

    python-docx's default template (a document Word wrote) has it in settings.xml without
    the ``w:percent`` the schema requires. Word opens every python-docx document with it
    and no repair, so it gets the 100 it stands for; any other zoom is checked as written.
    """
    if root.tag != f"{{{W}}}settings":
        return
    for zoom in root.iter(f"{{{W}}}zoom"):
        if zoom.get(f"{{{W}}}val") and zoom.get(f"{{{W}}}percent") is None:
            zoom.set(f"{{{W}}}percent", "100")


_NS_BRACES = re.compile(r"\{(?:https?|urn):[^}]*\}")


def _schema_errors(schema: etree.XMLSchema, tree: etree._Element, where: str,
                   line: int | None = None) -> list[str]:
    """The schema's complaints about ``tree``, at ``line`` or where the parser saw them."""
    if schema.validate(tree):
        return []
    # Namespaces in {braces} make the lines unreadable; the part says which they are.
    # A part is often one long line: the element's path says where.
    return [f"{where}:{line or error.line}: {'' if line else error.path + ': '}"
            f"{re.sub(_NS_BRACES, '', error.message)}" for error in schema.error_log]


def _check_w14(root: etree._Element, where: str) -> list[str]:
    """Validate the w14 elements and attributes on their own, then take them out of ``root``."""
    schema, _ = _schema()
    findings: list[str] = []
    seen: set[bytes] = set()  # a worksheet has the same checkbox markup hundreds of times

    def probe(line: int | None, attrs: dict[str, str], child: etree._Element | None) -> None:
        el = etree.Element(f"{{{PROBE}}}probe", attrs)
        if child is not None:
            el.append(child)
        key = etree.tostring(el)
        if key not in seen:
            seen.add(key)
            findings.extend(_schema_errors(schema, el, where, line))

    ns = {"w14": W14}
    for el in root.xpath("//w14:*[not(parent::w14:*)]", namespaces=ns):
        line = el.sourceline
        el.getparent().remove(el)
        probe(line, {}, el)
    for el in root.xpath("//*[@w14:*]", namespaces=ns):
        attrs = {k: v for k, v in el.attrib.items() if k.startswith(f"{{{W14}}}")}
        probe(el.sourceline, attrs, None)
        for key in attrs:
            del el.attrib[key]
    return findings


def _is_custom_xml_data(name: str) -> bool:
    folder, base = posixpath.split(name)
    return folder == "customXml" and base.startswith("item") and not base.startswith("itemProps")


def check_schemas(package: Package) -> list[str]:
    """Every XML part against its schema, after Markup Compatibility, w14 on its own."""
    schema, known = _schema()
    findings: list[str] = []
    for name, tree in package.xml.items():
        root = copy.deepcopy(tree.getroot())
        ns = etree.QName(root).namespace
        if ns not in known:
            # A custom XML data part holds any XML its owner likes (SharePoint metadata,
            # say); Office does not validate it.
            if not _is_custom_xml_data(name):
                findings.append(f"{name}: no schema for its root element {root.tag}")
            continue
        findings += apply_markup_compatibility(root, known, name)
        _tolerate(root)
        findings += _check_w14(root, name)
        findings += _schema_errors(schema, root, name)
    return findings


# --------------------------------------------------------------------- package rules

def content_type(package: Package, name: str) -> str:
    """The content type ``[Content_Types].xml`` gives part ``name`` ('' when none)."""
    types = package.xml.get("[Content_Types].xml")
    if types is None:
        return ""
    for override in types.getroot().iter(f"{{{CT}}}Override"):
        if unquote(override.get("PartName", "")).lstrip("/") == name:
            return override.get("ContentType", "")
    # By the text after the last dot: "_rels/.rels" has the extension "rels".
    ext = posixpath.basename(name).rpartition(".")[2].lower()
    for default in types.getroot().iter(f"{{{CT}}}Default"):
        if default.get("Extension", "").lower() == ext:
            return default.get("ContentType", "")
    return ""


def rule_content_types(package: Package) -> list[str]:
    """``[Content_Types].xml`` gives every part a type, and overrides only parts that exist."""
    types = package.xml.get("[Content_Types].xml")
    if types is None:
        return ["[Content_Types].xml: missing"]
    out = [f"{name}: no content type in [Content_Types].xml" for name in package.names
           if name != "[Content_Types].xml" and not content_type(package, name)]
    for override in types.getroot().iter(f"{{{CT}}}Override"):
        part = unquote(override.get("PartName", "")).lstrip("/")
        if part not in package.names:
            out.append(f"[Content_Types].xml: Override for a missing part /{part}")
    return out


def _rels_source(rels_name: str) -> str:
    folder, name = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), name.removesuffix(".rels"))


def rule_relationships(package: Package) -> list[str]:
    """Every ``r:`` id resolves in the part's .rels, and every internal target exists."""
    out: list[str] = []
    for name, tree in package.xml.items():
        if name.endswith(".rels"):
            source = _rels_source(name)
            ids = Counter(rel.get("Id") for rel in tree.getroot())
            out += [f"{name}: relationship id {i} used {n} times" for i, n in ids.items() if n > 1]
            for rel in tree.getroot():
                if rel.get("TargetMode") == "External":
                    continue
                target = unquote(rel.get("Target", ""))
                resolved = (target.lstrip("/") if target.startswith("/") else
                            posixpath.normpath(posixpath.join(posixpath.dirname(source), target)))
                if resolved not in package.names:
                    out.append(f"{name}: {rel.get('Id')} points to a missing part {resolved}")
            continue
        ids = package.rels(name)
        for attr in tree.getroot().xpath("//@*[namespace-uri()=$ns]", ns=R):
            if attr not in ids:
                el = attr.getparent()
                what = f"{etree.QName(el).localname} r:{etree.QName(attr.attrname).localname}"
                out.append(f"{name}:{el.sourceline}: {what}={str(attr)!r} is not in its .rels")
    return out


def _duplicates(values: Iterator[str | None], what: str, where: str) -> list[str]:
    counts = Counter(v for v in values if v is not None)
    return [f"{where}: {what} {v!r} used {n} times" for v, n in sorted(counts.items()) if n > 1]


def rule_unique_ids(package: Package) -> list[str]:
    """Comment, bookmark and drawing ids are unique; comment marks name a real comment."""
    out: list[str] = []
    word_parts = [(n, t) for n, t in package.xml.items() if n.startswith("word/")]
    comments = package.first("wordprocessingml.comments+xml")
    comment_ids: set[str | None] = set()
    if comments:
        name, tree = comments
        ids = [c.get(f"{{{W}}}id") for c in tree.getroot().iter(f"{{{W}}}comment")]
        out += _duplicates(iter(ids), "comment id", name)
        comment_ids = set(ids)
    for name, tree in word_parts:
        root = tree.getroot()
        out += _duplicates((b.get(f"{{{W}}}id") for b in root.iter(f"{{{W}}}bookmarkStart")),
                           "bookmark id", name)
        for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
            for mark in root.iter(f"{{{W}}}{tag}"):
                if mark.get(f"{{{W}}}id") not in comment_ids:
                    out.append(f"{name}:{mark.sourceline}: w:{tag} names no comment "
                               f"(id {mark.get(f'{{{W}}}id')})")
    # Word wants drawing object ids unique across the whole document, headers included.
    drawings = (d.get("id") for _, t in word_parts for d in t.getroot().iter(f"{{{WP}}}docPr"))
    out += _duplicates(drawings, "drawing id (wp:docPr)", "word/")
    for name, tree in package.xml.items():
        if name.startswith("xl/drawings/"):
            out += _duplicates((e.get("id") for e in tree.getroot().iter()
                                if isinstance(e.tag, str) and etree.QName(e).localname == "cNvPr"),
                               "drawing id (cNvPr)", name)
    return out


#: Style references in a WordprocessingML part: element -> the style type it must name.
_WORD_STYLE_REFS = {"pStyle": "paragraph", "rStyle": "character", "tblStyle": "table",
                    "numStyleLink": "numbering", "styleLink": "numbering"}


def _word_styles(package: Package) -> list[str]:
    found = package.first("wordprocessingml.styles+xml")
    if found is None:
        return []
    styles_name, styles = found
    defined: dict[str | None, str | None] = {
        s.get(f"{{{W}}}styleId"): s.get(f"{{{W}}}type", "paragraph")
        for s in styles.getroot().iter(f"{{{W}}}style")}
    out = _duplicates((s.get(f"{{{W}}}styleId") for s in styles.getroot().iter(f"{{{W}}}style")),
                      "style id", styles_name)
    for name, tree in package.xml.items():
        if not name.startswith("word/") or etree.QName(tree.getroot()).namespace != W:
            continue
        for tag, kind in _WORD_STYLE_REFS.items():
            for ref in tree.getroot().iter(f"{{{W}}}{tag}"):
                value = ref.get(f"{{{W}}}val")
                if value not in defined:
                    out.append(f"{name}:{ref.sourceline}: w:{tag} {value!r} is not defined "
                               f"in {styles_name}")
                elif defined[value] != kind:
                    out.append(f"{name}:{ref.sourceline}: w:{tag} {value!r} is a "
                               f"{defined[value]} style, not a {kind} style")
        if name == styles_name:
            for tag in ("basedOn", "next", "link"):
                out += [f"{name}:{ref.sourceline}: w:{tag} {ref.get(f'{{{W}}}val')!r} is not "
                        f"defined" for ref in tree.getroot().iter(f"{{{W}}}{tag}")
                        if ref.get(f"{{{W}}}val") not in defined]
    return out


#: Built-in number formats Excel knows without a <numFmt> (ECMA-376 Part 1, 18.8.30).
_BUILTIN_NUMFMTS = set(range(0, 23)) | set(range(37, 41)) | set(range(45, 50)) | {
    5, 6, 7, 8, 41, 42, 43, 44} | set(range(27, 37)) | set(range(50, 82))


def _sheet_styles(package: Package) -> list[str]:
    found = package.first("spreadsheetml.styles+xml")
    if found is None:
        return []
    styles_name, styles = found
    root = styles.getroot()

    def count(tag: str, child: str) -> int:
        el = root.find(f"{{{S}}}{tag}")
        return 0 if el is None else len(el.findall(f"{{{S}}}{child}"))

    n = {k: count(k, c) for k, c in (("fonts", "font"), ("fills", "fill"), ("borders", "border"),
                                      ("cellStyleXfs", "xf"), ("cellXfs", "xf"), ("dxfs", "dxf"))}
    numfmts = {int(f.get("numFmtId", -1)) for f in root.iter(f"{{{S}}}numFmt")}
    out: list[str] = []
    for group in ("cellStyleXfs", "cellXfs"):
        el = root.find(f"{{{S}}}{group}")
        for i, xf in enumerate([] if el is None else el.findall(f"{{{S}}}xf")):
            for attr, pool in (("fontId", "fonts"), ("fillId", "fills"), ("borderId", "borders"),
                               ("xfId", "cellStyleXfs")):
                if xf.get(attr) is not None and int(xf.get(attr)) >= n[pool]:
                    out.append(f"{styles_name}: {group}[{i}] {attr}={xf.get(attr)} but there "
                               f"are {n[pool]} {pool}")
            fmt = int(xf.get("numFmtId", 0))
            if fmt not in numfmts and fmt not in _BUILTIN_NUMFMTS:
                out.append(f"{styles_name}: {group}[{i}] numFmtId={fmt} is not defined")
    for name, tree in package.xml.items():
        if not name.startswith("xl/worksheets/"):
            continue
        for el in tree.getroot().iter(f"{{{S}}}c", f"{{{S}}}row", f"{{{S}}}col"):
            style = el.get("s" if not el.tag.endswith("col") else "style")
            if style is not None and int(style) >= n["cellXfs"]:
                out.append(f"{name}:{el.sourceline}: style {style} but there are "
                           f"{n['cellXfs']} cell formats")
        for rule in tree.getroot().iter(f"{{{S}}}cfRule"):
            dxf = rule.get("dxfId")
            if dxf is not None and int(dxf) >= n["dxfs"]:
                out.append(f"{name}:{rule.sourceline}: dxfId {dxf} but there are {n['dxfs']} dxfs")
    return out


def rule_styles(package: Package) -> list[str]:
    """Every style a part uses is defined (Word style ids; Excel format indexes)."""
    return _word_styles(package) + _sheet_styles(package)


def rule_formulas(package: Package) -> list[str]:
    """Defined names, validation and conditional-format formulas carry no leading ``=``."""
    out: list[str] = []
    for name, tree in package.xml.items():
        if not name.startswith("xl/"):
            continue
        root = tree.getroot()
        for el in root.iter(f"{{{S}}}definedName", f"{{{S}}}formula1", f"{{{S}}}formula2",
                            f"{{{S}}}formula"):
            if (el.text or "").lstrip().startswith("="):
                what = etree.QName(el).localname
                label = f"{what} {el.get('name')}" if what == "definedName" else what
                out.append(f"{name}:{el.sourceline}: {label} is stored as {el.text!r}: "
                           "the file format stores formulas without the leading '='")
    return out


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def rule_sheet_names(package: Package) -> list[str]:
    """Sheet names are 1-31 characters, without []:*?/\\, not quoted, unique, not History."""
    tree = package.xml.get("xl/workbook.xml")
    if tree is None:
        return []
    out: list[str] = []
    names = [s.get("name") or "" for s in tree.getroot().iter(f"{{{S}}}sheet")]
    for name in names:
        if not 1 <= len(name) <= 31:
            out.append(f"xl/workbook.xml: sheet name {name!r} is not 1-31 characters long")
        if _BAD_SHEET_CHARS.search(name):
            out.append(f"xl/workbook.xml: sheet name {name!r} holds one of []:*?/\\")
        if name.startswith("'") or name.endswith("'"):
            out.append(f"xl/workbook.xml: sheet name {name!r} starts or ends with '")
        if name.casefold() == "history":
            out.append("xl/workbook.xml: 'History' is reserved by Excel")
    out += _duplicates((n.casefold() for n in names), "sheet name (ignoring case)",
                       "xl/workbook.xml")
    return out


#: The package rules, each a function of the opened package returning its findings.
RULES: tuple[Callable[[Package], list[str]], ...] = (
    rule_content_types, rule_relationships, rule_unique_ids, rule_styles, rule_formulas,
    rule_sheet_names,
)


def validate_package(path: str | Path) -> list[str]:
    """Every schema and package-rule finding for the .docx/.xlsx at ``path``; [] when valid."""
    package = _open(Path(path))
    findings = list(package.findings)
    findings += check_schemas(package)
    for rule in RULES:
        findings += rule(package)
    # One line per distinct finding: a style missing from 32 runs is one problem.
    counts = Counter(findings)
    return [f if counts[f] == 1 else f"{f} ({counts[f]} times)" for f in counts]
