"""Content attachments through the API: OPS uploads by the GraphQL multipart request spec,
readers download by a signed link; sizes, types, names, roles and retirement are enforced,
and a refused upload stores nothing."""

from __future__ import annotations

import hashlib

import pytest

from db.models.users import Role
from server.settings import Settings
from services.storage.blobs import LocalBlobStore
from tests.api.conftest import People, at_version
from tests.api.content.attachment_helpers import (
    ADD,
    EXE,
    ITEM,
    PDF,
    PNG,
    REMOVE,
    attached,
    new_item,
    office,
    stored_files,
    unique,
    upload,
    upload_raw_name,
    upload_response,
)

RETIRE = (
    "mutation($input: RetireContentItemInput!) { retireContentItem(input: $input) "
    "{ contentItem { id } userErrors { code } } }"
)
UPDATE = (
    "mutation($input: UpdateContentItemInput!) { updateContentItem(input: $input) "
    "{ contentItem { id version } userErrors { code } } }"
)


@pytest.fixture
def store(settings: Settings) -> LocalBlobStore:
    return LocalBlobStore(settings.resolved_attachments_dir)


async def test_an_upload_is_stored_with_its_checksum_and_downloads_byte_for_byte(
    people: People, store: LocalBlobStore
) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    rep = await people.sign_in(await people.add("Rita Rep"))
    item = await new_item(ops)
    made = await attached(ops, item["id"], "Widget sheet ไทย.pdf", PDF)
    digest = hashlib.sha256(PDF).hexdigest()
    assert (made["fileName"], made["mediaType"], made["size"]) == (
        "Widget sheet ไทย.pdf",
        "application/pdf",
        len(PDF),
    )
    assert made["sha256"] == digest
    assert made["uploadedBy"] == {"name": "Olga Ops"}
    assert store.path(digest).read_bytes() == PDF

    listed = (await rep.data(ITEM, {"id": item["id"]}))["contentItem"]["attachments"]
    assert [a["id"] for a in listed] == [made["id"]]
    response = await rep.http.get(listed[0]["downloadUrl"])  # no Authorization header
    assert response.status_code == 200
    assert response.content == PDF
    assert hashlib.sha256(response.content).hexdigest() == digest
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["etag"] == f'"{digest}"'
    assert response.headers["x-content-type-options"] == "nosniff"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("inline;") and "filename*=utf-8''Widget%20sheet%20" in disposition
    again = await rep.http.get(listed[0]["downloadUrl"], headers={"if-none-match": f'"{digest}"'})
    assert again.status_code == 304


async def test_allowed_kinds_are_taken_when_the_bytes_match_the_name(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    item = await new_item(ops)
    cases = [
        ("logo.png", PNG, "image/png"),
        (
            "deck.pptx",
            office("ppt"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (
            "prices.xlsx",
            office("xl"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("notes.txt", "สวัสดี 你好 hello\n".encode(), "text/plain"),
        ("rows.CSV", b"sku,price\nW-1,10\n", "text/csv"),
    ]
    for name, data, media_type in cases:
        assert (await attached(ops, item["id"], name, data))["mediaType"] == media_type


async def test_bytes_that_are_not_what_the_name_says_are_refused_and_nothing_is_stored(
    people: People, store: LocalBlobStore
) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    item = await new_item(ops)
    refused = [
        ("invoice.pdf", unique(EXE)),  # an executable named .pdf
        ("invoice.pdf", unique(PNG)),
        ("sheet.docx", office("xl")),  # a spreadsheet named .docx
        ("notes.txt", unique(b"text\x00with NUL")),
        ("notes.txt", unique(b"\xff\xfe not UTF-8")),
        ("setup.exe", unique(EXE)),  # not on the allow-list at all
        ("page.html", unique(b"<script>alert(1)</script>")),
    ]
    for name, data in refused:
        payload = await upload(ops, item["id"], name, data)
        assert payload["contentAttachment"] is None
        assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
            ("UNSUPPORTED_FILE_TYPE", ["input", "file"])
        ], (name, payload)
        assert not store.path(hashlib.sha256(data).hexdigest()).exists()
    empty = await upload(ops, item["id"], "empty.pdf", b"")
    assert [e["code"] for e in empty["userErrors"]] == ["INVALID"]
    listed = (await ops.data(ITEM, {"id": item["id"]}))["contentItem"]["attachments"]
    assert listed == []
    assert list(store.incoming.glob("*")) == []  # no half-written file left behind


@pytest.mark.parametrize(
    "name", [b"../../etc/passwd.pdf", b"folder/sheet.pdf", b"bell\x07.pdf", b"tab\t.pdf", b" "]
)
async def test_a_file_name_with_a_path_or_control_characters_is_refused(
    people: People, name: bytes
) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    item = await new_item(ops)
    body = await upload_raw_name(ops, item["id"], name, PDF)
    payload = body["data"]["addContentAttachment"]
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
        ("INVALID", ["input", "file"])
    ]
    assert (await ops.data(ITEM, {"id": item["id"]}))["contentItem"]["attachments"] == []


async def test_only_ops_attach_and_an_anonymous_upload_is_not_even_parsed(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    rep = await people.sign_in(await people.add("Rita Rep"))
    item = await new_item(ops)
    body = (await upload_response(rep, item["id"], "sheet.pdf", PDF)).json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    anonymous = await upload_response(rep.as_(None), item["id"], "sheet.pdf", PDF)
    assert anonymous.status_code == 400
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_the_same_bytes_are_stored_once_and_a_retry_returns_the_first_attachment(
    people: People, store: LocalBlobStore
) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    first, second = await new_item(ops), await new_item(ops, title="Other sheet")
    data = unique(PDF)
    one = await attached(ops, first["id"], "a.pdf", data)
    retry = await attached(ops, first["id"], "a.pdf", data)
    other = await attached(ops, second["id"], "b.pdf", data)
    assert retry["id"] == one["id"]
    assert other["id"] != one["id"] and other["sha256"] == one["sha256"]
    digest = hashlib.sha256(data).hexdigest()
    assert [p.name for p in stored_files(store.root) if p.name == digest] == [digest]


async def test_a_retired_items_attachment_answers_that_it_was_retired(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    rep = await people.sign_in(await people.add("Rita Rep"))
    item = await new_item(ops)
    await attached(ops, item["id"], "sheet.pdf", PDF)
    (link,) = (await rep.data(ITEM, {"id": item["id"]}))["contentItem"]["attachments"]
    assert (await ops.mutate(RETIRE, at_version(item)))["userErrors"] == []

    gone = await rep.http.get(link["downloadUrl"])
    assert gone.status_code == 410
    assert gone.json()["errors"][0]["extensions"]["code"] == "RETIRED"
    late = await upload(ops, item["id"], "more.pdf", PNG + b"x")
    assert [e["code"] for e in late["userErrors"]] in (["INVALID_STATE"], ["UNSUPPORTED_FILE_TYPE"])
    later = await upload(ops, item["id"], "more.png", PNG)
    assert [e["code"] for e in later["userErrors"]] == ["INVALID_STATE"]


async def test_a_reader_outside_the_audience_gets_no_link_and_an_old_link_stops_working(
    people: People,
) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    rep = await people.sign_in(await people.add("Rita Rep"))
    manager = await people.sign_in(await people.add("Max Manager", Role.MANAGER))
    item = await new_item(ops, audienceRoles=["REP", "MANAGER"])
    await attached(ops, item["id"], "sheet.pdf", PDF)
    (link,) = (await rep.data(ITEM, {"id": item["id"]}))["contentItem"]["attachments"]
    assert (await rep.http.get(link["downloadUrl"])).status_code == 200

    changed = await ops.mutate(UPDATE, at_version(item, audienceRoles=["MANAGER"]))
    assert changed["userErrors"] == []
    assert (await rep.data(ITEM, {"id": item["id"]}))["contentItem"] is None
    refused = await rep.http.get(link["downloadUrl"])
    assert refused.status_code == 404
    assert refused.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    (allowed,) = (await manager.data(ITEM, {"id": item["id"]}))["contentItem"]["attachments"]
    assert (await manager.http.get(allowed["downloadUrl"])).content == PDF
    token = allowed["downloadUrl"].split("/")[-2]
    forged = allowed["downloadUrl"].replace(token, token[:-4] + "AAAA")
    assert (await rep.http.get(forged)).status_code == 403


async def test_removing_an_attachment_takes_it_off_the_item_and_its_link(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    item = await new_item(ops)
    made = await attached(ops, item["id"], "sheet.pdf", PDF)
    removed = await ops.mutate(REMOVE, {"id": made["id"]})
    assert removed["userErrors"] == [] and removed["contentItem"]["attachments"] == []
    assert (await ops.http.get(made["downloadUrl"])).status_code == 404
    again = await ops.mutate(REMOVE, {"id": made["id"]})
    assert [e["code"] for e in again["userErrors"]] == ["NOT_FOUND"]


async def test_a_file_sent_as_plain_json_is_a_typed_error(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    item = await new_item(ops)
    payload = await ops.mutate(ADD, {"contentItemId": item["id"], "file": "sheet.pdf"})
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
        ("REQUIRED", ["input", "file"])
    ]
