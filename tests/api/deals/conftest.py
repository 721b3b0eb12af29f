"""The commission and contest fixtures ``previewDeal`` tests build on."""

from tests.api.commissions.conftest import comm  # noqa: F401  (fixture)
from tests.api.contests.conftest import values  # noqa: F401  (fixture)
from tests.api.pricing.conftest import demo  # noqa: F401  (fixture)
from tests.api.quotes.conftest import quotes  # noqa: F401  (fixture)
