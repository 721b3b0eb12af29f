"""The pricing demo and the quote helper, as fixtures for API tests outside their folders.

``demo`` lives in ``tests/api/pricing/conftest.py`` and ``quotes`` in
``tests/api/quotes/conftest.py``. The root conftest lists this module in ``pytest_plugins``,
so a test anywhere can take them as parameters without importing them: an imported fixture
is a module name that the parameter then shadows (ruff F811). The conftests themselves cannot
be listed there: pytest registers a conftest again when it reaches its folder, and pluggy
refuses a module registered twice ("Plugin already registered under a different name").
"""

from tests.api.pricing.conftest import demo
from tests.api.quotes.conftest import quotes

__all__ = ["demo", "quotes"]
