"""Reading YAML and JSON with positions, and validating them with located errors.

pydantic says *what* is wrong (``claims.3.sources.0.url``) but not *where* in the file;
we keep the line and column of every node while parsing, so each problem can be shown
as ``claims.yaml:14:7 claims[3].sources[0].url: not a URL``.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import ClaimsError, InputError, Problem
from .textio import read_text

Loc = tuple[str | int, ...]
Locate = Callable[[Loc], str]
M = TypeVar("M", bound=BaseModel)


class _Loader(yaml.SafeLoader):
    """YAML 1.2-ish: only true/false are booleans, dates and times stay text."""


# Drop YAML 1.1's yes/no/on/off booleans and implicit timestamps: in a claims file
# `no` is the word no and `2021-12-07` is a date written as the author wrote it.
_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers
          if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    __import__("re").compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _where(name: str, mark: yaml.Mark | None) -> str:
    return f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name


#: The same rules over libyaml, when PyYAML has it: used only to find the positions in
#: JSON already parsed (see :func:`load_json`), four times faster than pure Python.
_FastLoader: type[Any] | None = None
if getattr(yaml, "__with_libyaml__", False):
    class _CLoader(yaml.CSafeLoader):  # type: ignore[misc, name-defined]
        """:class:`_Loader`'s resolvers over libyaml."""

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _FastLoader = _CLoader


def load_yaml(text: str, name: str, loader_class: type[Any] = _Loader
              ) -> tuple[Any, dict[Loc, str]]:
    """Parse YAML text; return the data and the ``file:line:col`` of every node."""
    try:
        loader = loader_class(text)  # checks every character first
    except yaml.reader.ReaderError as exc:
        # YAML refuses control characters written as they are (not \x07-escaped).
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - text.rfind("\n", 0, exc.position)
        raise ClaimsError(problems=[Problem(
            f"{name}:{line}:{col}", "yaml", f"control character U+{exc.character:04X} is not "
            "allowed in YAML; remove it, or write it escaped in a double-quoted string")]) from exc
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "malformed YAML"
        where = _where(name, mark)
        raise ClaimsError(problems=[Problem(where, "yaml", f"malformed YAML: {problem}")]) from exc
    except yaml.YAMLError as exc:
        raise ClaimsError(problems=[Problem(name, "yaml", f"malformed YAML: {exc}")]) from exc
    finally:
        loader.dispose()
    positions: dict[Loc, str] = {}
    problems: list[Problem] = []

    def build(n: yaml.Node, loc: Loc) -> Any:
        positions[loc] = _where(name, n.start_mark)
        if isinstance(n, yaml.MappingNode):
            loader.flatten_mapping(n)
            out: dict[Any, Any] = {}
            for key_node, value_node in n.value:
                key = loader.construct_object(key_node, deep=True)
                if not isinstance(key, (str, int, float, bool)) or key is None:
                    key = str(key)
                if key in out:
                    problems.append(Problem(
                        _where(name, key_node.start_mark), "duplicate-key",
                        f"{_dotted((*loc, key))}: key {key!r} appears twice "
                        "(YAML would silently keep only the last)"))
                out[key] = build(value_node, (*loc, key))
            return out
        if isinstance(n, yaml.SequenceNode):
            return [build(item, (*loc, i)) for i, item in enumerate(n.value)]
        return loader.construct_object(n, deep=True)

    if node is None:
        return None, positions
    data = build(node, ())
    if problems:
        raise ClaimsError(problems=problems)
    return data, positions


def load_json(text: str, name: str) -> tuple[Any, dict[Loc, str]]:
    """Parse JSON text; positions come from reading it again as YAML, which it nearly is."""
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                duplicates.append(key)
            out[key] = value
        return out

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise ClaimsError(problems=[Problem(f"{name}:{exc.lineno}:{exc.colno}", "json",
                                            f"malformed JSON: {exc.msg}")]) from exc
    positions = _json_positions(text, name)
    if duplicates and not positions:
        raise ClaimsError(problems=[Problem(name, "duplicate-key",
                                            f"key {duplicates[0]!r} appears twice")])
    return data, positions


def _json_positions(text: str, name: str) -> dict[Loc, str]:
    """Where each node of JSON text starts, read as YAML (which JSON nearly is)."""
    # libyaml gives the same marks as the pure-Python reader in a fraction of the time,
    # but reads some files the other refuses (tabs) or refuses some it reads (escaped
    # surrogate pairs): those go to the pure-Python reader, so the answer never changes.
    if _FastLoader is not None and "\t" not in text:
        try:
            return load_yaml(text, name, _FastLoader)[1]
        except (ClaimsError, RecursionError, yaml.YAMLError):
            pass
    try:
        return load_yaml(text, name)[1]
    except (ClaimsError, RecursionError, yaml.YAMLError):
        return {}  # valid JSON that YAML cannot read: problems name the file only


def load_structured(path: Path) -> tuple[Any, Locate]:
    """Read a YAML or JSON file into plain data and a function that locates a path in it."""
    text = read_text(path)
    name = str(path)
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text, object_pairs_hook=_no_duplicates)
        except (json.JSONDecodeError, _Duplicate):
            data, positions = load_json(text, name)  # the located error, as ever
            return data, locator(positions, name)
        # Positions come from reading the file again as YAML, in pure Python: minutes for
        # a big file. Only a problem needs them, so they are found at the first problem.
        return data, _lazy_locator(lambda: load_json(text, name)[1], name)
    data, positions = load_yaml(text, name)
    return data, locator(positions, name)


class _Duplicate(Exception):
    """A JSON object with a key twice."""


def _no_duplicates(items: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(items)
    if len(out) != len(items):
        raise _Duplicate
    return out


def _lazy_locator(positions: Callable[[], dict[Loc, str]], name: str) -> Locate:
    """A locator whose positions are worked out when first asked for."""
    found: list[Locate] = []

    def locate(loc: Loc) -> str:
        if not found:
            found.append(locator(positions(), name))
        return found[0](loc)

    return locate


def locator(positions: dict[Loc, str], name: str) -> Locate:
    """A function giving the position of the deepest known node along a path."""

    def locate(loc: Loc) -> str:
        for n in range(len(loc), -1, -1):
            if loc[:n] in positions:
                return positions[loc[:n]]
        return name

    return locate


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_TYPE_TAGS = {"str", "int", "float", "bool", "list", "dict", "none", "function-after",
              "function-before", "function-wrap", "function-plain"}


def _data_loc(data: Any, loc: tuple[Any, ...]) -> Loc:
    """Keep the parts of a pydantic error path that exist in the data.

    pydantic inserts the names of union members (``str``, ``Scale``) and validator
    names into ``loc``; the reader wants the path into their own file.
    """
    out: list[str | int] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
            out.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and part not in _TYPE_TAGS \
                and part[:1].islower() and "[" not in part:
            out.append(part)  # a missing field: its parent's position, the field's name
            break
        # anything else is a union member's or validator's name: not in the file
    return tuple(out)


def _message(err: dict[str, Any], model: type[BaseModel], loc: Loc) -> str:
    kind = err["type"]
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if kind == "extra_forbidden" and loc:
        key = str(loc[-1])
        fields = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(key, fields, n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        return f"unknown key {key!r}{hint}; allowed: {', '.join(fields)}"
    if kind == "missing":
        return "required but missing"
    return msg[:1].lower() + msg[1:]


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names of the model found by walking ``loc`` from ``model``."""
    import typing

    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        annotation = field.annotation
        candidates = [annotation, *typing.get_args(annotation)]
        for c in list(candidates):
            candidates.extend(typing.get_args(c))
        current = next((c for c in candidates
                        if isinstance(c, type) and issubclass(c, BaseModel)), None)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def validate(model: type[M], data: Any, locate: Locate, name: str,
             error: type[InputError] = ClaimsError) -> M:
    """Validate data against a model; raise ``error`` with every problem located."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        seen: set[tuple[str, str]] = set()
        for err in exc.errors():
            loc = _data_loc(data, err["loc"])
            where = locate(loc) if loc or data is not None else name
            path = _dotted(loc)
            message = _message(err, model, loc)
            text = f"{path}: {message}" if path else message
            if (where, text) not in seen:
                seen.add((where, text))
                problems.append(Problem(where, err["type"], text))
        raise error(problems=problems) from exc
