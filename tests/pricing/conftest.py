"""Make ``pricing_test_data`` importable whatever pytest import mode is used.

The project runs pytest with ``--import-mode=importlib``, under which this
folder is not on ``sys.path``; the pricing tests share a few builders.
"""

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
