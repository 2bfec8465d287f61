"""Rule ids of the artifact scanner core (pickle engine, torch, joblib, numpy, archives): SEC300-SEC349."""

from __future__ import annotations

from unveil.rules import rule

PICKLE_CRITICAL = rule(
    "SEC301",
    "critical",
    "Pickle reaches a code-execution global",
    "Loading this pickle imports and can call a function that runs code, spawns processes, imports "
    "modules, touches the network or deserializes more untrusted data.",
    "CWE-502",
    "Do not load the file; ask for a safetensors or other data-only version.",
)
PICKLE_HIGH = rule(
    "SEC302",
    "high",
    "Pickle reaches a dangerous global",
    "The pickle reaches a callable with indirect danger (file access, process state, interactive hooks).",
    "CWE-502",
    "Do not load the file until the global is explained.",
)
PICKLE_UNVERIFIED = rule(
    "SEC303",
    "medium",
    "Pickle global not on the allow-list",
    "The pickle reaches a global that is neither on the curated allow-list nor known to be dangerous.",
    "CWE-502",
    "Review the global; prefer data-only formats (safetensors).",
)
PICKLE_TRICK = rule(
    "SEC304",
    "high",
    "Pickle hijacks object construction",
    "BUILD installs __setstate__-like hooks, patches classes or modules, or calls a callable produced at "
    "load time that cannot be resolved statically.",
    "CWE-502",
    "Do not load the file.",
)
ARCHIVE_TRAVERSAL = rule(
    "SEC310",
    "high",
    "Archive member escapes the extraction folder",
    "A member path is absolute or climbs out with '..' (zip-slip): extracting it writes outside the model folder.",
    "CWE-22",
    "Do not extract the archive with tools that follow member paths.",
)
ARCHIVE_SYMLINK = rule(
    "SEC311",
    "high",
    "Archive member is a symbolic or hard link",
    "Links inside archives can point outside the extraction folder and redirect later writes or reads.",
    "CWE-59",
    "Do not extract the archive; remove link members.",
)
ARCHIVE_LIMIT = rule(
    "SEC312",
    "high",
    "Archive exceeds scan limits (bomb-shaped or too deep)",
    "A member decompresses far beyond its size, nesting is too deep, or the archive is too large to scan; "
    "a loader would still open it.",
    "CWE-409",
    "Treat as unscanned; do not load.",
)
ZIP_MISMATCH = rule(
    "SEC313",
    "high",
    "Zip central directory and local headers disagree",
    "Loaders read members differently (central directory vs local headers); content hidden from one view "
    "can be loaded by another.",
    "",
    "Do not load the file; rebuild the archive with a standard tool.",
)
CONTAINER_UNPARSEABLE = rule(
    "SEC314",
    "high",
    "Container cannot be parsed but a loader may accept it",
    "The file looks like a model container (zip/tar/compressed) but its structure cannot be read, so its "
    "contents were not checked.",
    "",
    "Treat as unscanned; do not load.",
)
TORCHSCRIPT_DANGER = rule(
    "SEC320",
    "high",
    "TorchScript code calls file or process operations",
    "TorchScript code in the archive uses operators that read or write files or call into Python.",
    "",
    "Do not load with torch.jit.load until the code is reviewed.",
)
PICKLE_UNSCANNED_MEMBER = rule(
    "SEC321",
    "high",
    "Pickle in a container could not be parsed",
    "A pickle member a loader reads could not be parsed completely; code before the error may run.",
    "CWE-502",
    "Treat as unscanned; do not load.",
)

SEVERITY_RULE = {"critical": PICKLE_CRITICAL.id, "high": PICKLE_HIGH.id, "unverified": PICKLE_UNVERIFIED.id}
