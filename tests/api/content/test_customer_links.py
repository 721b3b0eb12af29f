"""Content items link customer segments and industries: stored as keys, replaced on update,
bounded like the other links."""

from __future__ import annotations

from db.models.users import Role
from tests.api.conftest import People, at_version
from tests.api.content.test_content_items import CREATE, item

LINKS = "id version segments industries tags"
MADE = f"mutation($input: CreateContentItemInput!) {{ createContentItem(input: $input) {{ contentItem {{ {LINKS} }} userErrors {{ code field }} }} }}"
EDIT = f"mutation($input: UpdateContentItemInput!) {{ updateContentItem(input: $input) {{ contentItem {{ {LINKS} }} userErrors {{ code field }} }} }}"


async def test_segments_and_industries_are_stored_as_keys_and_replaced_on_update(
    people: People,
) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    made = await ops.mutate(
        MADE,
        item(segments=["Mid-Market ", "mid-market", "SMB"], industries=["Food & Beverage"]),
    )
    item_made = made["contentItem"]
    edited = await ops.mutate(EDIT, at_version(item_made, industries=["Retail"]))

    assert made["userErrors"] == []
    assert (item_made["segments"], item_made["industries"]) == (
        ["mid-market", "smb"],
        ["food & beverage"],
    )
    assert edited["contentItem"]["segments"] == ["mid-market", "smb"]
    assert edited["contentItem"]["industries"] == ["retail"]


async def test_too_many_or_blank_customer_links_are_refused(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))

    many = await ops.mutate(CREATE, item(segments=[f"s{n}" for n in range(51)]))
    blank = await ops.mutate(CREATE, item(industries=["retail", " "]))
    long = await ops.mutate(CREATE, item(industries=["x" * 101]))

    assert [(e["code"], e["field"]) for e in many["userErrors"]] == [
        ("INVALID", ["input", "segments"])
    ]
    assert [(e["code"], e["field"]) for e in blank["userErrors"]] == [
        ("INVALID", ["input", "industries"])
    ]
    assert [(e["code"], e["field"]) for e in long["userErrors"]] == [
        ("INVALID", ["input", "industries", "0"])
    ]
    assert many["contentItem"] is None and blank["contentItem"] is None
