"""Content tests that need the demo org's quotes use the quotes tests' fixtures."""

from tests.api.pricing.conftest import demo  # noqa: F401  (fixture)
from tests.api.quotes.conftest import quotes  # noqa: F401  (fixture)
