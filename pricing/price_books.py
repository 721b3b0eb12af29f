"""Choosing a line's price from the already-loaded price books and contracted prices.

Precedence: a contracted price (the account's, for the product, effective on the
pricing date) beats the most specific book matching the account (segment,
region, channel: more dimensions set is more specific), which beats the
standard book (a book with no dimension). Within one level, an entry in the
quote's currency beats one in another currency, then the latest ``valid_from``
wins, then the lowest id (so ties are deterministic).

Precedence comes before currency on purpose: if the best level only has prices
in another currency, the line is a CURRENCY_MISMATCH rather than silently priced
from a less specific book. The standard entry, when there is one in the quote
currency, is the line's list price and the contract or book price becomes a
step after it; otherwise the chosen price is the list price.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from operator import itemgetter

from pricing.money import Money
from pricing.rules import EffectiveDated
from pricing.values import quick_init, quick_new


@dataclass(frozen=True, slots=True)
class Account:
    """The quote's customer; its dimensions decide which books and promotions match."""

    id: str
    name: str = ""
    segment: str | None = None
    region: str | None = None
    channel: str | None = None


@dataclass(frozen=True, slots=True)
class PriceBookEntry(EffectiveDated):
    """A product's unit price in one book, effective from ``valid_from`` until ``valid_to``."""

    id: str
    product_id: str
    unit_price: Money


@dataclass(frozen=True, slots=True)
class PriceBook:
    """A book of entries; a book with no segment, region or channel is a standard book."""

    id: str
    name: str
    entries: tuple[PriceBookEntry, ...] = ()
    segment: str | None = None
    region: str | None = None
    channel: str | None = None

    @property
    def specificity(self) -> int:
        """How many account dimensions the book names (0 for a standard book)."""
        return sum(d is not None for d in (self.segment, self.region, self.channel))

    def matches(self, account: Account) -> bool:
        """Every dimension the book names equals the account's."""
        return (
            (self.segment is None or self.segment == account.segment)
            and (self.region is None or self.region == account.region)
            and (self.channel is None or self.channel == account.channel)
        )


@dataclass(frozen=True, slots=True)
class ContractedPrice(EffectiveDated):
    """An account's negotiated unit price for a product; it overrides every book."""

    id: str
    account_id: str
    product_id: str
    unit_price: Money


class PriceSource(Enum):
    """Where a candidate price comes from."""

    CONTRACT = "CONTRACT"
    BOOK = "BOOK"
    STANDARD = "STANDARD"


@quick_init
@dataclass(frozen=True, slots=True)
class PriceCandidate:
    """A price the engine may use; ``id`` is the entry's or contract's id."""

    source: PriceSource
    id: str
    unit_price: Money
    origin: str
    """Where the price comes from, as a waterfall label says it: the book's name, or the
    agreement with the account (never an id: ids are opaque global IDs)."""
    valid_from: date | None
    """Only for choosing: among candidates of one level, the latest start wins."""


@quick_init
@dataclass(frozen=True, slots=True)
class PriceSelection:
    """The list price, the contract/book price that overrides it, or the foreign price found.

    ``list_price`` None with ``mismatch`` None means there is no price at all.
    """

    list_price: PriceCandidate | None
    override: PriceCandidate | None = None
    mismatch: PriceCandidate | None = None


new_candidate: Callable[[PriceSource, str, Money, str, date | None], PriceCandidate] = quick_new(
    PriceCandidate
)
new_selection: Callable[
    [PriceCandidate | None, PriceCandidate | None, PriceCandidate | None], PriceSelection
] = quick_new(PriceSelection)
_NO_PRICE = PriceSelection(None)


def _contract_origin(account: Account, contract: ContractedPrice) -> str:
    """How a label names a contract: by the account and start date, never by its id
    (ids are opaque global IDs a rep's phone must not show)."""
    agreed = f"agreed with {account.name}" if account.name else "agreed with the account"
    return f"{agreed} from {contract.valid_from.isoformat()}" if contract.valid_from else agreed


_CONTRACT_LEVEL = 0
_STANDARD_LEVEL = 4  # books naming 3, 2, 1 dimensions sit at levels 1, 2, 3

_Offer = tuple[int, PriceBook | None, PriceBookEntry | ContractedPrice]
"""A price in force for the account: its precedence level, its book (None for a contract)
and the entry or contract itself."""


class PriceIndex:
    """The prices in force for the account, grouped by product, built once per request.

    Only the offers are grouped here; a product's ``PriceCandidate`` values are made when
    it is first selected, for the prices chosen.
    """

    __slots__ = ("_account", "_cache", "_currency", "_offers")

    def __init__(
        self,
        books: Iterable[PriceBook],
        contracts: Iterable[ContractedPrice],
        account: Account,
        currency: str,
        on: date,
    ) -> None:
        self._account = account
        self._currency = currency
        self._cache: dict[str, PriceSelection] = {}
        offers: dict[str, list[_Offer]] = {}
        self._offers = offers
        for contract in contracts:
            if contract.account_id == account.id and _in_force(contract, on):
                found = offers.get(contract.product_id)
                if found is None:
                    found = offers[contract.product_id] = []
                found.append((_CONTRACT_LEVEL, None, contract))
        for book in books:
            if not book.matches(account):
                continue
            level = _STANDARD_LEVEL - book.specificity
            for entry in book.entries:
                if _in_force(entry, on):
                    found = offers.get(entry.product_id)
                    if found is None:
                        found = offers[entry.product_id] = []
                    found.append((level, book, entry))

    def select(self, product_id: str) -> PriceSelection:
        """The price selection for ``product_id`` (memoised: many lines share a product)."""
        selection = self._cache.get(product_id)
        if selection is None:
            selection = self._cache[product_id] = self._select(product_id)
        return selection

    def _select(self, product_id: str) -> PriceSelection:
        offers = self._offers.get(product_id)
        if offers is None:
            return _NO_PRICE
        if len(offers) == 1:  # the common case: one price, the list price or the mismatch
            offer = offers[0]
            if offer[2].unit_price.currency == self._currency:
                return new_selection(self._candidate(offer), None, None)
            return new_selection(None, None, self._candidate(offer))
        level = min(map(_level, offers))  # the most specific level with a price
        chosen, foreign = self._best(offers, level)
        if chosen is None:
            return new_selection(None, None, foreign)
        if level == _STANDARD_LEVEL:
            return new_selection(chosen, None, None)
        standard, _ = self._best(offers, _STANDARD_LEVEL)
        if standard is None:  # a standard price in another currency is simply not used
            return new_selection(chosen, None, None)
        return new_selection(standard, chosen, None)

    def _best(
        self, offers: list[_Offer], level: int
    ) -> tuple[PriceCandidate | None, PriceCandidate | None]:
        """The best candidate of ``level`` in the quote currency, else the best foreign one
        (the mismatch): the latest start, then the lowest id, the first in order on a tie."""
        at_level = [offer for offer in offers if offer[0] == level]
        if not at_level:
            return None, None
        local = [offer for offer in at_level if offer[2].unit_price.currency == self._currency]
        best = self._candidate(min(local or at_level, key=_newest_first))
        return (best, None) if local else (None, best)

    def _candidate(self, offer: _Offer) -> PriceCandidate:
        level, book, price = offer
        if book is None:
            assert isinstance(price, ContractedPrice)  # a contract's offer has no book
            origin = _contract_origin(self._account, price)
            return new_candidate(
                PriceSource.CONTRACT, price.id, price.unit_price, origin, price.valid_from
            )
        source = PriceSource.STANDARD if level == _STANDARD_LEVEL else PriceSource.BOOK
        return new_candidate(source, price.id, price.unit_price, book.name, price.valid_from)


def _in_force(price: PriceBookEntry | ContractedPrice, on: date) -> bool:
    """``price.effective_on(on)``, the open-ended case first (most prices)."""
    start, end = price.valid_from, price.valid_to
    return (start is None or start <= on) and (end is None or on < end)


_level: Callable[[_Offer], int] = itemgetter(0)


def _newest_first(offer: _Offer) -> tuple[int, str]:
    price = offer[2]
    start = price.valid_from.toordinal() if price.valid_from is not None else 0
    return (-start, price.id)
