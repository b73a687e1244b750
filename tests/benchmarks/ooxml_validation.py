"""How long the Office-schema validation of every output takes (target: under 10 s for all).

Usage::

    python tests/benchmarks/ooxml_validation.py            # every output in OUTPUTS
    python tests/benchmarks/ooxml_validation.py --only "tracker fresh"

Makes each file of ``tests/test_ooxml_schemas.py``'s ``OUTPUTS`` (not timed), then
prints the time to compile the schemas (once per process) and to validate each file,
and the total. Times are wall-clock seconds in this process (``time.perf_counter``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from ooxml.validate import understood, validate_package  # noqa: E402
from test_ooxml_schemas import OUTPUTS  # noqa: E402


def measure(names: list[str]) -> dict[str, float]:
    """Seconds: ``compile``, then one entry per validated output, then ``total``."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for i, name in enumerate(names):
            folder = Path(tmp) / str(i)
            folder.mkdir()
            paths[name] = OUTPUTS[name](folder)
        start = time.perf_counter()
        understood()  # compiles the schema set
        times = {"compile": time.perf_counter() - start}
        for name, path in paths.items():
            began = time.perf_counter()
            findings = validate_package(path)
            times[name] = time.perf_counter() - began
            if findings:
                raise SystemExit(f"{name} is not valid:\n" + "\n".join(findings))
        times["total"] = time.perf_counter() - start
    return times


def main(argv: list[str] | None = None) -> int:
    """Print the compile time, each output's validation time and the total."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=sorted(OUTPUTS),
                        help="validate only this output (repeatable)")
    args = parser.parse_args(argv)
    for name, seconds in measure(args.only or list(OUTPUTS)).items():
        print(f"{seconds:7.3f} s  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
