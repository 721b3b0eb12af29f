from decimal import Decimal as D

from commissions.money import minor_unit, round_money


def test_amounts_round_half_up_to_cents_for_usd():
    assert round_money(D("10.005"), "USD") == D("10.01")
    assert round_money(D("10.004999"), "USD") == D("10.00")


def test_currencies_without_minor_units_round_to_whole_yen():
    assert round_money(D("1234.5"), "JPY") == D(1235)
    assert minor_unit("JPY") == D(1)


def test_three_decimal_currencies_keep_three_places():
    assert round_money(D("1.0005"), "BHD") == D("1.001")


def test_rounding_is_symmetric_so_a_clawback_mirrors_its_credit_exactly():
    for value in ("2.345", "0.005", "1999.995", "7.5"):
        assert round_money(-D(value), "USD") == -round_money(D(value), "USD")
