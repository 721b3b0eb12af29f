"""Make the shared builders importable whatever pytest import mode is used.

``tests/`` has no ``__init__.py`` by project rule, so under
``--import-mode=importlib`` this folder would not be on ``sys.path``.
"""

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
