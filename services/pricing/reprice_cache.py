"""What this process remembers of the quotes it priced last, so a one-line edit reprices one line.

Saving a quote reprices it (``services.quotes.repricing``). The engine's
``reprice(previous, request)`` redoes only what an edit touched when it is handed the
state of the quote as last priced and a request that keeps the unchanged line objects
and the same catalog objects. This cache keeps, per quote revision, for the last
``size`` revisions priced in this process (least recently used out first):

* the engine's ``PricingState`` and the request it was priced from;
* each saved line's engine input with the column values it was built from, so an
  unchanged row gives back the very same ``QuoteLineInput``;
* each priced line's stored JSON, so the snapshot of an edit encodes only the lines
  whose price changed (the same JSON ``CODEC.encode`` writes: the format is unchanged),
  and writes only the rows (``quote_priced_lines``) whose JSON changed;
* when the revision's row was last written (``updated_at`` as the save's statement read
  it back): while the row still reads so, the stored snapshot is the one the entry wrote,
  and an edit takes the old price figures from the entry (``stored_figures``) instead of
  picking them out of the megabyte snapshot in the database.

Correctness never depends on it: everything is loaded from the database as before, a
cached line or catalog part is reused only when it equals what was loaded (Decimal
digits included), and the engine's result is ``price_quote(request)`` whatever state it
is handed. A miss (another worker saved the quote, a restart, a catalog change) only
prices from scratch. The state lives in memory only; ``size`` 0 turns the cache off.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import inspect

import pricing as engine
from db.codec.pricing import CODEC
from db.encoded_json import EncodedJson, compact_json
from db.models.quotes import QuoteRevision

DEFAULT_SIZE = 32
"""Revisions kept per process (``DEALDESK_REPRICE_CACHE_QUOTES``). An entry holds the
engine state and every line's stored JSON of its quote (not yet measured for a 1,000-line
quote: size the cache to the memory a worker can spare)."""

CATALOG_FIELDS = tuple(
    field.name
    for field in dataclasses.fields(engine.PricingRequest)
    if field.name not in ("quote_id", "lines", "quote_discount")
)
"""The parts of a request the engine compares as its catalog."""

LineKey = tuple[Any, ...]
"""A saved line's columns as its engine input depends on them (Decimals as written)."""


@dataclass(frozen=True, slots=True)
class Priced:
    """A revision as this process last priced it."""

    state: engine.PricingState
    request: engine.PricingRequest
    lines: Mapping[str, tuple[LineKey, engine.QuoteLineInput]]
    """Each plain line's (key, input) by line key (a configured line is always rebuilt)."""
    stored: Mapping[int, tuple[engine.PricedLine, Any, str]]
    """Each priced line's stored JSON and its text by the line object's id (the object kept
    alive)."""
    saved: SavedAt = field(default_factory=lambda: SavedAt())
    """When the save that stored this snapshot wrote the revision's row."""


@dataclass(slots=True)
class SavedAt:
    """The ``updated_at`` the statement writing a snapshot read back (``None``: unknown).

    A save that is rolled back leaves the instant its statement read, which no committed
    row carries: the entry's snapshot is then never taken for the stored one."""

    updated_at: datetime | None = None


def stored_figures(
    priced: Priced | None, revision: QuoteRevision, names: tuple[str, ...]
) -> dict[str, list[Any]] | None:
    """Each priced line's ``names`` in the snapshot ``revision`` stores, by line id, read
    off ``priced`` when that snapshot is the one ``priced`` wrote: the row, as loaded, was
    last written by the save that stored it (its ``updated_at`` is the one that save read
    back). ``None`` when that cannot be told: another save since, a save rolled back, a
    row changed in this session."""
    if not _wrote(priced, revision):
        return None
    assert priced is not None
    return {
        line.line_id: [value[name] for name in names] for line, value, _ in priced.stored.values()
    }


def stored_texts(priced: Priced | None, revision: QuoteRevision) -> list[str] | None:
    """The JSON text of each priced line row ``revision`` stores, in order, read off
    ``priced`` when it wrote them (as ``stored_figures`` tells); else ``None``. Call it
    before the revision's next flush."""
    if not _wrote(priced, revision):
        return None
    assert priced is not None
    return [text for _, _, text in priced.stored.values()]


def _wrote(priced: Priced | None, revision: QuoteRevision) -> bool:
    """Whether the snapshot ``revision`` stores, as loaded, is the one ``priced`` wrote."""
    loaded = inspect(revision).dict.get("updated_at")
    return priced is not None and isinstance(loaded, datetime) and priced.saved.updated_at == loaded


class RepriceCache:
    """The last ``size`` revisions priced in this process, by revision id (LRU)."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        if size < 0:
            raise ValueError("a cache size is 0 or more")
        self.size = size
        self._entries: OrderedDict[int, Priced] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, revision_id: int) -> Priced | None:
        found = self._entries.get(revision_id)
        if found is not None:
            self._entries.move_to_end(revision_id)
        return found

    def put(self, revision_id: int, priced: Priced) -> None:
        if not self.size:
            return
        self._entries[revision_id] = priced
        self._entries.move_to_end(revision_id)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()


class LineColumns(Protocol):
    """What repricing reads of a saved line: a ``QuoteLine`` or a plain row of its columns."""

    @property
    def key(self) -> str: ...
    @property
    def product_id(self) -> int: ...
    @property
    def quantity(self) -> int: ...
    @property
    def configuration(self) -> dict[str, Any] | None: ...
    @property
    def discount_percent(self) -> Decimal | None: ...
    @property
    def discount_amount(self) -> Decimal | None: ...
    @property
    def term_months(self) -> int | None: ...


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def line_key(row: LineColumns, currency: str) -> LineKey:
    """What a plain saved line's engine input is built from."""
    return (
        row.product_id,
        row.quantity,
        _text(row.discount_percent),
        _text(row.discount_amount),
        row.term_months,
        currency,
    )


def _same(old: Any, new: Any) -> bool:
    return old is new or (old == new and repr(old) == repr(new))


def with_previous_catalog(
    request: engine.PricingRequest, previous: Priced | None
) -> engine.PricingRequest:
    """``request`` with each catalog part that equals the previous request's (and reads
    the same) replaced by the previous object, so the engine matches it at once."""
    if previous is None:
        return request
    old = previous.request
    same = {
        name: getattr(old, name)
        for name in CATALOG_FIELDS
        if _same(getattr(old, name), getattr(request, name))
    }
    return dataclasses.replace(request, **same) if same else request


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A priced quote as stored: the revision's header (without lines) with its JSON text,
    each priced line's JSON text in order, and the whole snapshot as ``QuoteRevision.priced``
    reads it back."""

    header: EncodedJson
    texts: list[str]
    whole: dict[str, Any]
    lines: dict[int, tuple[engine.PricedLine, Any, str]]
    """Each priced line's JSON and its text by the line object's id, for the next edit."""


def encoded(priced: engine.PricedQuote, previous: Priced | None) -> Snapshot:
    """``CODEC.encode(priced)`` split into its header and its lines' JSON and texts, each
    line's taken from ``previous`` when it is the very same line object. Writing the
    snapshot then serialises only the lines whose price changed."""
    known = previous.stored if previous is not None else {}
    stored: dict[int, tuple[engine.PricedLine, Any, str]] = {}
    items, texts = [], []
    for line in priced.lines:
        found = known.get(id(line))
        if found is not None and found[0] is line:
            value, text = found[1], found[2]
        else:
            value = CODEC.encode(line)
            text = compact_json(value)
        stored[id(line)] = (line, value, text)
        items.append(value)
        texts.append(text)
    data = CODEC.encode(dataclasses.replace(priced, lines=()))
    assert isinstance(data, dict)  # a dataclass encodes as an object
    del data["lines"]
    header = EncodedJson(data, compact_json(data))
    return Snapshot(header, texts, {**data, "lines": {"$tuple": items}}, stored)
