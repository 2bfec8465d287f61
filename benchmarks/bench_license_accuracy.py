"""Licence identification accuracy on third-party texts the rules were not written for (not a test).

Set: the LICENSE / COPYING files of every installed Python distribution (`*.dist-info/licenses/*`
and `*.dist-info/LICENSE*`), real texts from other projects. Truth: the distribution's own
declaration — `License-Expression` (PEP 639) when it is a single SPDX id, else a single
`License :: OSI Approved :: ...` classifier mapped to its SPDX id. Files whose distribution declares
several licences, none, or a classifier without a single SPDX id are left out (counted).
An id is right when unveil's id or SPDX id equals the declared id (case-insensitive; `-only` and
`-or-later` forms of the GNU licences count as the same licence); category is right when an
OSI-approved declaration comes out `open-source`.

Also runs askalono (pyaskalono, when installed) on the same files for comparison.
Run: python benchmarks/bench_license_accuracy.py [--site DIR] [--show-wrong]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from email.parser import HeaderParser
from pathlib import Path

# OSI classifiers that name exactly one SPDX licence.
CLASSIFIERS = {
    "MIT License": "MIT",
    "Apache Software License": "Apache-2.0",
    "BSD License": None,  # 2- or 3-clause: not one id
    "ISC License (ISCL)": "ISC",
    "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
    "Python Software Foundation License": "PSF-2.0",
    "GNU General Public License v3 (GPLv3)": "GPL-3.0",
    "GNU General Public License v2 (GPLv2)": "GPL-2.0",
    "GNU Lesser General Public License v3 (LGPLv3)": "LGPL-3.0",
    "GNU Lesser General Public License v2 or later (LGPLv2+)": "LGPL-2.1",
    "GNU Affero General Public License v3": "AGPL-3.0",
    "The Unlicense (Unlicense)": "Unlicense",
    "zlib/libpng License": "Zlib",
    "Boost Software License 1.0 (BSL-1.0)": "BSL-1.0",
    "Historical Permission Notice and Disclaimer (HPND)": "HPND",
    "Eclipse Public License 2.0 (EPL-2.0)": "EPL-2.0",
    "Universal Permissive License (UPL)": "UPL-1.0",
    "Academic Free License (AFL)": None,
}
_ALL_EXPR = re.compile(r"\s(?:OR|AND|WITH)\s|[()]", re.I)


def _norm(x: str | None) -> str:
    x = (x or "").lower()
    return re.sub(r"-(?:only|or-later)$|\+$", "", x)


def declared(meta_text: str) -> str | None:
    msg = HeaderParser().parsestr(meta_text)
    expr = msg.get("License-Expression")
    if expr:
        return None if _ALL_EXPR.search(expr) else expr.strip()
    osi = [c.split("::")[-1].strip() for c in msg.get_all("Classifier") or [] if c.startswith("License :: OSI")]
    if len(osi) != 1:
        return None
    return CLASSIFIERS.get(osi[0])


def files(site: Path) -> list[tuple[Path, str, str]]:
    out = []
    for dist in sorted(site.glob("*.dist-info")):
        meta = dist / "METADATA"
        if not meta.is_file():
            continue
        want = declared(meta.read_text("utf-8", "replace"))
        cands = sorted([*dist.glob("licenses/**/*"), *dist.glob("LICEN[CS]E*"), *dist.glob("COPYING*")])
        cands = [c for c in cands if c.is_file() and c.stat().st_size < 512 * 1024]
        if want is None or len(cands) != 1:  # several files: which one carries the declared licence is unknown
            continue
        out.append((cands[0], want, dist.name))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", default=None)
    ap.add_argument("--show-wrong", action="store_true")
    args = ap.parse_args()
    site = Path(args.site) if args.site else Path(next(p for p in sys.path if p.endswith("site-packages")))
    from unveil.licenses import licensedb
    from unveil.licenses.detect import identify

    rows = files(site)
    ok_id = ok_cat = 0
    wrong: list[tuple[str, str, str, str]] = []
    methods: Counter[str] = Counter()
    t0 = time.perf_counter()
    for path, want, dist in rows:
        res = identify(path.read_bytes())
        methods[res.method] += 1
        hit = _norm(want) in {_norm(res.id), _norm(res.spdx)}
        ok_id += hit
        ok_cat += res.category == "open-source"
        if not hit:
            wrong.append((dist, want, res.id, res.method))
    secs = time.perf_counter() - t0
    n = len(rows)
    print(f"site-packages: {site}  texts with one declared SPDX id: {n}  text matching: {licensedb.TEXT_MATCHING}")
    print(f"unveil: id {ok_id}/{n} = {ok_id / max(n, 1):.1%}; category open-source {ok_cat}/{n} = "
          f"{ok_cat / max(n, 1):.1%}; {secs:.1f}s; methods {dict(methods)}")
    if args.show_wrong:
        for w in wrong:
            print("  wrong:", *w)
    try:
        import askalono  # type: ignore[import-not-found]
    except ImportError:
        print("askalono: not installed")
        return
    ok = 0
    t0 = time.perf_counter()
    for path, want, _dist in rows:
        r = askalono.identify(path.read_text("utf-8", "replace"))
        ok += r is not None and r.score >= 0.9 and _norm(r.name) == _norm(want)
    print(f"askalono: id {ok}/{n} = {ok / max(n, 1):.1%}; {time.perf_counter() - t0:.1f}s")


if __name__ == "__main__":
    main()
