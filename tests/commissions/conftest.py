"""Make ``commission_builders`` importable whatever pytest import mode is used.

This folder is not a package, so under ``--import-mode=importlib`` (or when
``tests/`` is a package) it would not be on ``sys.path`` by itself.
"""

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
