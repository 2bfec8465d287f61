"""Preloaded by the fork server of a large survey only: the licence fallback's indexes, built once.

Building the SPDX and ScanCode indexes takes ~1.5 s with the `licenses` extra; in a census the first card
of each worker that needed the fallback paid it (2.3 s under load: over the 2-second budget of one card).
A small survey does not preload them: its pool would start that much later for indexes it may never need.
"""

from __future__ import annotations

from unveil.licenses import licensedb

try:
    licensedb.preload()
except Exception:  # noqa: BLE001 - an optimisation only: the fork server must start whatever happens
    pass
