"""Delta sync tests use the demo org and the quotes tests' helpers."""

from tests.api.pricing.conftest import demo  # noqa: F401  (fixture)
from tests.api.quotes.conftest import quotes  # noqa: F401  (fixture)
