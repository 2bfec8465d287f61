"""Preloaded by the fork server of a large survey only: the licence fallback's indexes, built once.

Building the SPDX and ScanCode indexes takes ~1.5 s with the `licenses` extra; in a census the first card
of each worker that needed the fallback paid it (2.3 s under load: over the 2-second budget of one card).
A small survey does not preload them: its pool would start that much later for indexes it may never need.
"""

from __future__ import annotations

import contextlib

from unveil.licenses import licensedb

# An optimisation only: the fork server (which ignores only ImportError) must start whatever happens.
with contextlib.suppress(Exception):
    licensedb.preload()
