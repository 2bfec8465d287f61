"""Warm-up for process pools: importing this module audits a tiny synthetic release once.

The analyzers import their heavy dependencies (bandit, format parsers, license catalogs) lazily, on
first use. A fork server preloads this module, so every worker forked from it starts warm instead of
paying about a second of imports on its first release. Never raises.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from unveil.service import audit

_FILES = {
    "README.md": "---\nlicense: apache-2.0\n---\n# warm-up\n\n## Training data\nNone.\n\n## Limitations\nNone.\n",
    "LICENSE": "Apache License\nVersion 2.0, January 2004\nhttp://www.apache.org/licenses/\n",
    "config.json": '{"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"]}\n',
    "modeling.py": "import os\n\n\ndef f(x):\n    return os.path.join(x, 'a')\n",
    "kernel.c": "#include <string.h>\nvoid f(char *d, const char *s) { strcpy(d, s); }\n",
}


def warm_up() -> bool:
    # Semgrep is a separate program: running it here warms nothing in this process and cost 18-24 s of
    # pool start-up on a loaded 2-core machine (4.6 s without), so the warm-up audit skips it. The
    # variable is restored: workers forked from this process inherit its environment.
    before = os.environ.get("UNVEIL_SEMGREP")
    os.environ["UNVEIL_SEMGREP"] = "off"
    try:
        with tempfile.TemporaryDirectory(prefix="unveil-warm-") as tmp:
            for name, text in _FILES.items():
                (Path(tmp) / name).write_text(text, encoding="utf-8")
            audit(tmp)
        return True
    except Exception:  # noqa: BLE001 - warming is an optimisation only
        return False
    finally:
        if before is None:
            os.environ.pop("UNVEIL_SEMGREP", None)
        else:
            os.environ["UNVEIL_SEMGREP"] = before


WARM = warm_up()
