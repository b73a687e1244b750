"""Make prior/example-desk.json: the example desk's own earlier checks of this article.

Nothing in the archive is invented or anyone else's: it is what ``worksheet export
--format claimreview`` writes from a copy of this example's tracker in which seven claims
were given the verdicts and evidence that ``../shared/research/putin-biden-sources.md``
supports. It stands for "the desk checked this article before"; ``build --prior`` then
shows those checks in the worksheet. The research notes give no URL of a published
fact-check of these claims, so the archive holds no one else's.

Run from the repository root::

    python examples/putin-biden/make_prior.py
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from worksheet.build import build  # noqa: E402
from worksheet.tracker.read import read_tracker  # noqa: E402
from worksheet.tracker.write import write_tracker  # noqa: E402

CHECKED_ON = dt.date(2021, 12, 10)
ORG, ORG_URL = "Example desk", "https://desk.example"
URL_BASE = "https://desk.example/checks/putin-biden"

#: Claim ID → (verdict, evidence), each from the research notes (table rows 1-6).
VERDICTS = {
    "C1": ("Mostly true", "Kremlin timing 18:08-20:10 Moscow time (TASS): 2 h 2 min; the "
                          "White House said 2 h 1 min."),
    "C3": ("True", "The Geneva summit was on 16 June 2021 (TASS)."),
    "C4": ("True", "The previous Russia-US summit was Helsinki, 16 July 2018 (TASS)."),
    "C5": ("Misleading", "The two also spoke by phone on 9 July 2021, for about an hour, "
                         "about ransomware (VOA)."),
    "C6": ("Mostly true", "The White House readout says \"strong economic and other "
                          "measures\"; \"decisive\" appears in Russian-media retranslations."),
    "C9": ("Misleading", "No obligation is assigned to Russia by name, but Russia's "
                         "ambassador signed in the Trilateral Contact Group and UNSC "
                         "Resolution 2202 endorses the package with a declaration by the "
                         "Russian leader (PA-X text; Res. 2202)."),
    "C11": ("True", "American Rhetoric transcript, 1 Dec 2021: \"respond resolutely, "
                    "including with a range of high-impact economic measures\"."),
}


def main() -> None:
    """Build the example, fill a copy of its tracker, export it as ClaimReview."""
    with tempfile.TemporaryDirectory() as folder:
        built = build(HERE / "article.md", HERE / "claims.yaml", folder)
        tracker = read_tracker(built.tracker)
        rows = []
        for row in tracker.rows:
            if row.id in VERDICTS:
                verdict, evidence = VERDICTS[row.id]
                row = row.model_copy(update={"verdict": verdict, "status": "Done",
                                             "reviewer": "Example desk",
                                             "checked_on": CHECKED_ON, "evidence": evidence})
            rows.append(row)
        filled = Path(folder) / "filled-tracker.xlsx"
        write_tracker(filled, rows, tracker.sources, tracker.scale, tracker.meta)
        out = HERE / "prior" / "example-desk.json"
        out.parent.mkdir(exist_ok=True)
        subprocess.run([sys.executable, "-m", "worksheet", "export", str(filled),
                        "--format", "claimreview", "--org", ORG, "--org-url", ORG_URL,
                        "--url-base", URL_BASE, "--out", str(out)], check=True)


if __name__ == "__main__":
    main()
