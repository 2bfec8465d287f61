"""The CODE4xx rules: one definition each (severity here is the default; a finding may be raised or
lowered with the reason in its detail). Scanner findings keep the scanner's own id in their evidence."""

from __future__ import annotations

from unveil.rules import rule

_RC = "Hugging Face trust_remote_code: the classes named in auto_map are imported from the repository"
_FIX_PIN = "Pin a full commit sha (`revision=`) and review the code at that commit."

REMOTE_AUTO_MAP = rule(
    "CODE401", "high", "auto_map declares remote code",
    "A config's `auto_map` (or `custom_pipelines`) names Python classes in the repository; loading the model "
    "with trust_remote_code=True imports and runs that code on the user's machine.",  # safe: rule text
    _RC, "Read every module named by auto_map before loading; prefer native architectures; " + _FIX_PIN,
)
REMOTE_MODULE = rule(
    "CODE402", "high", "Remote-code module runs on load",
    "This module is named by auto_map: it runs when the model is loaded with trust_remote_code=True.",  # safe: text
    _RC, "Review the module; load with trust_remote_code only at a pinned, reviewed revision.",
)
REMOTE_REACH = rule(
    "CODE403", "critical", "Remote-code module reaches the shell, network, file system or dynamic code",
    "Code that runs on model load imports or calls something that starts processes, opens connections, "
    "writes or deletes files, or executes dynamically built code.",
    _RC, "Do not load with trust_remote_code until the call is understood and justified.",
)
REMOTE_OTHER_REPO = rule(
    "CODE404", "high", "auto_map points to code in another repository",
    "`repo--module.Class` references load code from a different repository, which this audit cannot see "
    "and which can change independently.",
    _RC, "Audit the referenced repository at a pinned revision, or vendor the code.",
)
REMOTE_UNREFERENCED = rule(
    "CODE405", "medium", "Custom modeling/configuration/tokenization module",
    "A Hugging Face style custom module that no auto_map references: it does not run on load by itself, "
    "but model cards often tell users to load it with trust_remote_code.",
    _RC, "Review the module before using it.",
)
REMOTE_MISSING = rule(
    "CODE406", "medium", "auto_map references a module that is not in the release",
    "The module named by auto_map is missing (or unreadable), so the code that would run cannot be audited.",
    _RC, "Ship the module in the release, or remove the auto_map entry.",
)
BANDIT = rule(
    "CODE410", "medium", "Bandit finding in bundled Python code",
    "Bandit (PyCQA) flagged a known-weak pattern. Severity follows unveil's Bandit severity x confidence "
    "table (unveil.security.code.python_bandit.SEVERITY_TABLE).",
    "Bandit test id in the evidence", "See the Bandit documentation for the test id in the evidence.",
)
TORCH_LOAD = rule(
    "CODE420", "medium", "torch.load without weights_only=True",
    "torch.load unpickles its input; without weights_only=True a crafted checkpoint runs code.",
    "CWE-502", "Pass weights_only=True, or store weights as safetensors.",
)
PICKLE_LOAD = rule(
    "CODE421", "medium", "Pickle-family deserialization",
    "pickle, dill, cloudpickle, joblib, pandas.read_pickle, shelve and marshal run code embedded in the data "
    "they load; it is high when the data comes from a download in the same scope.",
    "CWE-502", "Use safetensors/JSON/NPZ without pickles; verify hashes of downloaded files.",
)
NUMPY_PICKLE = rule(
    "CODE422", "medium", "np.load with allow_pickle=True",  # safe: rule text
    "allow_pickle=True lets a .npy/.npz file carry a pickle that runs code when loaded.",  # safe: text
    "CWE-502", "Keep allow_pickle=False (the default).",
)
TRUST_REMOTE_CODE = rule(
    "CODE423", "medium", "trust_remote_code=True in bundled code",  # safe: text
    "The script imports and runs Python code from a Hub repository; unpinned, that code can change at any "
    "time. Pinned to a commit sha (reviewable, immutable) it is low. The code it loads is audited when that "
    "repository is (CODE401-403).",
    _RC, _FIX_PIN,
)
HUB_UNPINNED = rule(
    "CODE424", "low", "Hub download without a pinned revision",
    "hf_hub_download / snapshot_download / from_pretrained / load_dataset without a commit-sha revision "
    "fetches whatever the repository holds at run time (Bandit B615 covers part of this).",
    "CWE-494", _FIX_PIN,
)
YAML_LOAD = rule(
    "CODE425", "high", "yaml.load with an unsafe loader",
    "yaml.load without SafeLoader (or unsafe_load / Loader=Loader) constructs arbitrary Python objects.",
    "CWE-502", "Use yaml.safe_load or Loader=yaml.SafeLoader.",
)
TLS_OFF = rule(
    "CODE426", "high", "TLS certificate verification disabled",
    "verify=False (or an unverified SSL context) lets anyone on the path swap downloaded weights or code.",
    "CWE-295", "Remove verify=False; configure the CA bundle instead.",
)
TORCH_HUB = rule(
    "CODE427", "medium", "torch.hub.load runs code from a GitHub repository",
    "torch.hub.load imports hubconf.py from the named repository at run time.",
    "CWE-494", "Pin the repository to a commit (owner/repo:sha) and review hubconf.py.",
)
UNSAFE_KERAS = rule(
    "CODE428", "high", "Keras load_model with safe_mode=False",
    "safe_mode=False allows Lambda layers to deserialize and run arbitrary Python bytecode.",
    "CWE-502", "Keep safe_mode=True (the default).",
)
FLAWFINDER = rule(
    "CODE430", "medium", "Flawfinder finding in bundled C/C++/CUDA code",
    "Flawfinder flagged a risky C/C++ call (buffer overflow, format string, shell, race). Levels map as "
    "5-4 -> high, 3 -> medium, 2-1 -> low (level 0, no risk, is not reported).",
    "Flawfinder rule id and CWE in the evidence", "Use bounded APIs (snprintf, strlcpy, fgets, execve).",
)
SEMGREP = rule(
    "CODE440", "medium", "Semgrep finding in bundled code",
    "A rule of unveil's bundled Semgrep rules file matched (ERROR -> high, WARNING -> medium, INFO -> low).",
    "Semgrep check id in the evidence", "See the rule message.",
)
SEMGREP_MISSING = rule(
    "CODE450", "info", "Semgrep not run",
    "Semgrep is an optional extra; without it the Semgrep rules were skipped (Bandit and Flawfinder ran).",
    "", "pip install 'unveil[semgrep]'",
)
UNPARSED = rule(
    "CODE490", "info", "Code file could not be parsed",
    "Syntax errors, Python 2 files, binary files named like source, huge generated files or notebooks that "
    "are not JSON cannot be analysed; the rest of the release is still scanned.",
    "", "Inspect the file by hand.",
)
