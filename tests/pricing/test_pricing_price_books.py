"""Price selection: contract > most specific matching book > standard book; dated; one currency."""

from datetime import date
from typing import Any

from pricing_test_data import (
    ACCOUNT,
    book,
    d,
    kinds,
    line,
    money,
    product,
    request,
    standard_book,
    step_of,
)

from pricing import (
    ContractedPrice,
    Money,
    PriceBook,
    PriceBookEntry,
    PricedLine,
    ReasonCode,
    StepKind,
    price_quote,
)

STD = book("std", {"p": "100"}, name="Standard USD")
STD_EUR = book("std-eur", {"p": "90"}, currency="EUR", name="Standard EUR")
SMB = book("smb", {"p": "95"}, name="SMB", segment="smb")
SMB_EMEA = book("smb-emea", {"p": "92"}, name="SMB EMEA", segment="smb", region="emea")
ENTERPRISE = book("ent", {"p": "80"}, name="Enterprise", segment="enterprise")
CONTRACT = ContractedPrice("c-1", ACCOUNT.id, "p", money("85"))


def priced(*books: PriceBook, currency: str = "USD", **fields: Any) -> PricedLine:
    return price_quote(
        request([line("l1", "p", 2)], [product("p")], books=books, currency=currency, **fields)
    ).line("l1")


def test_contracted_price_overrides_every_book() -> None:
    result = priced(STD, SMB_EMEA, contracted_prices=(CONTRACT,))
    assert kinds(result) == [StepKind.LIST_PRICE, StepKind.CONTRACTED_PRICE, StepKind.NET]
    assert step_of(result, StepKind.LIST_PRICE).rule_id == "std-p"
    contracted = step_of(result, StepKind.CONTRACTED_PRICE)
    assert (contracted.rule_id, contracted.amount_delta) == ("c-1", d(-30))
    assert result.net_amount == money("170.00")


def test_most_specific_book_matching_the_account_wins() -> None:
    result = priced(STD, SMB, SMB_EMEA, ENTERPRISE)
    segment = step_of(result, StepKind.SEGMENT_PRICE)
    assert (segment.rule_id, segment.label) == ("smb-emea-p", "SMB EMEA price")
    assert result.net_unit_price == d(92)


def test_a_book_for_another_segment_is_not_used() -> None:
    result = priced(STD, ENTERPRISE)
    assert kinds(result) == [StepKind.LIST_PRICE, StepKind.NET]
    assert result.net_unit_price == d(100)


def test_the_standard_book_in_the_quote_currency_gives_the_list_price() -> None:
    result = priced(STD, STD_EUR, currency="EUR")
    assert step_of(result, StepKind.LIST_PRICE).rule_id == "std-eur-p"
    assert result.net_amount == Money(d("180.00"), "EUR")


def test_without_a_standard_price_the_chosen_book_price_is_the_list_price() -> None:
    result = priced(SMB)
    assert kinds(result) == [StepKind.LIST_PRICE, StepKind.NET]
    assert step_of(result, StepKind.LIST_PRICE).label == "List price (SMB)"


def test_entries_apply_from_valid_from_inclusive_until_valid_to_exclusive() -> None:
    dated = standard_book(
        PriceBookEntry("old", "p", money("100"), valid_to=date(2025, 3, 1)),
        PriceBookEntry("new", "p", money("110"), valid_from=date(2025, 3, 1)),
    )
    assert priced(dated, pricing_date=date(2025, 2, 28)).list_unit_price == d(100)
    assert priced(dated, pricing_date=date(2025, 3, 1)).list_unit_price == d(110)


def test_an_expired_or_future_contract_is_not_used() -> None:
    expired = ContractedPrice("c-old", ACCOUNT.id, "p", money("50"), valid_to=date(2025, 3, 1))
    future = ContractedPrice("c-new", ACCOUNT.id, "p", money("60"), valid_from=date(2025, 3, 2))
    result = priced(STD, contracted_prices=(expired, future))
    assert kinds(result) == [StepKind.LIST_PRICE, StepKind.NET]


def test_another_accounts_contract_is_not_used() -> None:
    theirs = ContractedPrice("c-x", "acct-other", "p", money("10"))
    assert priced(STD, contracted_prices=(theirs,)).net_unit_price == d(100)


def test_the_latest_entry_wins_when_two_are_effective() -> None:
    overlapping = standard_book(
        PriceBookEntry("jan", "p", money("100"), valid_from=date(2025, 1, 1)),
        PriceBookEntry("feb", "p", money("105"), valid_from=date(2025, 2, 1)),
    )
    assert step_of(priced(overlapping), StepKind.LIST_PRICE).rule_id == "feb"


def test_no_price_is_a_reason_code_on_that_line_only() -> None:
    quote = price_quote(
        request(
            [line("l1", "p"), line("l2", "q")],
            [product("p"), product("q")],
            books=[STD],
        )
    )
    missing = quote.line("l2")
    assert not missing.priced and missing.net_amount is None
    assert [e.code for e in missing.errors] == [ReasonCode.NO_PRICE]
    assert quote.line("l1").net_amount == money("100.00")
    assert not quote.complete and quote.errors == missing.errors
    assert quote.net_total == money("100.00")  # totals cover the priced lines


def test_a_contract_in_another_currency_is_a_mismatch_not_a_fallback() -> None:
    euro_contract = ContractedPrice("c-eur", ACCOUNT.id, "p", Money(d(70), "EUR"))
    result = priced(STD, contracted_prices=(euro_contract,))
    assert [(e.code, e.rule_id) for e in result.errors] == [(ReasonCode.CURRENCY_MISMATCH, "c-eur")]


def test_a_standard_price_only_in_another_currency_is_a_mismatch() -> None:
    result = priced(STD_EUR)
    assert [e.code for e in result.errors] == [ReasonCode.CURRENCY_MISMATCH]
    assert result.errors[0].message == (
        "The Standard EUR price for p is in EUR; the quote is in USD."
    )


def test_a_line_asking_for_another_currency_is_a_mismatch() -> None:
    quote = price_quote(request([line("l1", "p", currency="EUR")], [product("p")], books=[STD]))
    error = quote.line("l1").errors[0]
    assert (error.code, error.field) == (ReasonCode.CURRENCY_MISMATCH, ("currency",))


def test_an_unknown_currency_is_refused_for_the_whole_quote() -> None:
    quote = price_quote(request([line("l1", "p")], [product("p")], books=[STD], currency="XYZ"))
    assert [e.code for e in quote.errors] == [ReasonCode.UNKNOWN_CURRENCY]
    assert quote.lines == ()


def test_a_contract_above_list_says_it_raises_the_price() -> None:
    dearer = ContractedPrice("c-up", ACCOUNT.id, "p", money("120"))
    step = step_of(priced(STD, contracted_prices=(dearer,)), StepKind.CONTRACTED_PRICE)
    assert step.raises_price and step.amount_delta == d(40)
