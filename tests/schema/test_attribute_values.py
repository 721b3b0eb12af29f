"""A stored attribute value reads back as the ``AttributeScalar`` member its attribute's type
names, in plain notation; what does not fit the type reads back as the text it was."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from db.models.catalog import AttributeType
from schema.types.attribute_values import (
    AttributeBoolean,
    AttributeNumber,
    AttributeScalarMember,
    AttributeText,
    typed_scalar,
)

NUMBER, BOOLEAN = AttributeType.NUMBER, AttributeType.BOOLEAN


@pytest.mark.parametrize(
    ("kind", "stored", "read"),
    [
        (NUMBER, "2.50", AttributeNumber(number=Decimal("2.50"))),
        (NUMBER, "1E+2", AttributeNumber(number=Decimal("100"))),  # a rule keeps str(Decimal)
        (NUMBER, "lots", AttributeText(text="lots")),
        (NUMBER, "NaN", AttributeText(text="NaN")),
        (NUMBER, "1e-999999999", AttributeText(text="1e-999999999")),  # never a huge string
        (BOOLEAN, True, AttributeBoolean(boolean=True)),  # a rule keeps a JSON boolean
        (BOOLEAN, "false", AttributeBoolean(boolean=False)),  # a line keeps text
        (BOOLEAN, "maybe", AttributeText(text="maybe")),
        (AttributeType.CHOICE, "SHALLOW", AttributeText(text="SHALLOW")),
        (AttributeType.TEXT, "5", AttributeText(text="5")),
        (None, "8", AttributeText(text="8")),  # the attribute is gone
    ],
)
def test_a_stored_value_reads_back_as_its_attributes_member_or_as_its_text(
    kind: AttributeType | None, stored: Any, read: AttributeScalarMember
) -> None:
    shown = typed_scalar(kind, stored)

    assert type(shown) is type(read) and shown == read
    if isinstance(shown, AttributeNumber):  # equal Decimals may differ in notation: "1E+2"
        assert str(shown.number) == str(read.number)  # type: ignore[union-attr]
