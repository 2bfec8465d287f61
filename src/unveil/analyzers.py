"""Imports every analyzer module so their rules are registered (one place to add a new one)."""

from __future__ import annotations

import unveil.documentation  # noqa: F401
import unveil.inventory  # noqa: F401
import unveil.licenses  # noqa: F401
import unveil.openness  # noqa: F401
import unveil.security.artifacts  # noqa: F401
import unveil.security.code  # noqa: F401
from unveil.security.dispatch import load_formats

# Format modules register their SEC rules when loaded.
load_formats()
