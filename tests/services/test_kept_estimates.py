"""Kept estimates: equal inputs share one interned basis and one estimate; any input that
differs is another key; inputs that cannot be hashed are estimated every time."""

from __future__ import annotations

from typing import Any

from services.commissions import kept_estimates


def _basis(*values: Any) -> kept_estimates.Basis | None:
    return kept_estimates.basis(*values)  # stand-ins for the engine's values


def test_equal_inputs_share_one_basis_and_one_estimate() -> None:
    kept_estimates.clear()
    first = _basis("state", ("v1",), "calendar", ())
    again = _basis("state", ("v1",), "calendar", ())
    computed: list[str] = []

    def compute(name: str) -> Any:
        return lambda: computed.append(name) or name

    assert first is again
    assert kept_estimates.estimate(first, "deal", (), compute("a")) == "a"
    assert kept_estimates.estimate(again, "deal", (), compute("b")) == "a"
    assert computed == ["a"]


def test_any_input_that_differs_is_estimated_afresh() -> None:
    kept_estimates.clear()
    inputs = ("state", ("v1",), "calendar", ())
    on = _basis(*inputs)
    kept_estimates.estimate(on, "deal", (), lambda: "kept")
    for at in range(4):
        changed = list(inputs)
        changed[at] = ("changed",)
        assert kept_estimates.estimate(_basis(*changed), "deal", (), lambda: "new") == "new"
    assert kept_estimates.estimate(on, "other deal", (), lambda: "new") == "new"
    assert kept_estimates.estimate(on, "deal", ("split",), lambda: "new") == "new"
    assert kept_estimates.estimate(on, "deal", (), lambda: "new") == "kept"


def test_unhashable_inputs_are_estimated_every_time() -> None:
    kept_estimates.clear()
    assert _basis(["a list"], (), "calendar", ()) is None
    assert kept_estimates.estimate(None, "deal", (), lambda: 1) == 1
    assert kept_estimates.estimate(None, "deal", (), lambda: 2) == 2
    on = _basis("state", (), "calendar", ())
    assert kept_estimates.estimate(on, ["a list"], (), lambda: 3) == 3  # type: ignore[arg-type]
    assert kept_estimates.estimate(on, ["a list"], (), lambda: 4) == 4  # type: ignore[arg-type]
