"""Uploading through the GraphQL multipart request spec, and small files of each kind."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path
from typing import Any

from tests.api.conftest import Api

ERRORS = "userErrors { code field message }"
ATTACHMENT = "id fileName mediaType size sha256 downloadUrl uploadedBy { name }"
ADD = (
    "mutation($input: AddContentAttachmentInput!) { addContentAttachment(input: $input) "
    f"{{ contentAttachment {{ {ATTACHMENT} }} {ERRORS} }} }}"
)
REMOVE = (
    "mutation($input: RemoveContentAttachmentInput!) { removeContentAttachment(input: $input) "
    f"{{ contentItem {{ id attachments {{ id }} }} {ERRORS} }} }}"
)
CREATE = (
    "mutation($input: CreateContentItemInput!) { createContentItem(input: $input) "
    f"{{ contentItem {{ id version }} {ERRORS} }} }}"
)
ITEM = f"query($id: ID!) {{ contentItem(id: $id) {{ id attachments {{ {ATTACHMENT} }} }} }}"

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"


def office(folder: str) -> bytes:
    """A minimal Office Open XML package (a ZIP with its content types and one part), with
    bytes no other call makes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/main.xml", f"<x>{os.urandom(8).hex()}</x>")
    return buffer.getvalue()


def unique(data: bytes) -> bytes:
    """``data`` with a random tail: bytes no other test stored (the store outlives tests)."""
    return data + os.urandom(16)


async def upload_response(api: Api, item_id: str, name: str, data: bytes) -> Any:
    """POST ``addContentAttachment`` as multipart/form-data, the file as part "0"."""
    operations = {"query": ADD, "variables": {"input": {"contentItemId": item_id, "file": None}}}
    headers = {"authorization": f"Bearer {api.token}"} if api.token else {}
    return await api.http.post(
        "/graphql",
        data={
            "operations": json.dumps(operations),
            "map": json.dumps({"0": ["variables.input.file"]}),
        },
        files={"0": (name, data, "application/octet-stream")},
        headers=headers,
    )


async def upload_raw_name(api: Api, item_id: str, raw_name: bytes, data: bytes) -> Any:
    """Like ``upload_response``, with the part's ``filename`` written byte for byte (an HTTP
    client escapes control characters; a hostile one need not)."""
    boundary = b"dealdesk-upload-boundary"
    operations = {"query": ADD, "variables": {"input": {"contentItemId": item_id, "file": None}}}
    fields = [
        (b'name="operations"', json.dumps(operations).encode()),
        (b'name="map"', json.dumps({"0": ["variables.input.file"]}).encode()),
        (b'name="0"; filename="' + raw_name + b'"', data),
    ]
    body = (
        b"".join(
            b"--"
            + boundary
            + b"\r\nContent-Disposition: form-data; "
            + header
            + b"\r\n\r\n"
            + value
            + b"\r\n"
            for header, value in fields
        )
        + b"--"
        + boundary
        + b"--\r\n"
    )
    headers = {
        "authorization": f"Bearer {api.token}",
        "content-type": f"multipart/form-data; boundary={boundary.decode()}",
    }
    return (await api.http.post("/graphql", content=body, headers=headers)).json()


async def upload(api: Api, item_id: str, name: str, data: bytes) -> dict[str, Any]:
    """The ``addContentAttachment`` payload, userErrors and all."""
    response = await upload_response(api, item_id, name, data)
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return dict(body["data"]["addContentAttachment"])


async def attached(api: Api, item_id: str, name: str, data: bytes) -> dict[str, Any]:
    payload = await upload(api, item_id, name, data)
    assert payload["userErrors"] == [], payload
    return dict(payload["contentAttachment"])


async def new_item(ops: Api, **fields: Any) -> dict[str, Any]:
    base = {"kind": "PRODUCT_SHEET", "title": "Widget sheet", "language": "en"}
    payload = await ops.mutate(CREATE, {**base, **fields})
    assert payload["userErrors"] == [], payload
    return dict(payload["contentItem"])


def stored_files(root: Path) -> list[Path]:
    """Every file in the attachment store, kept or half-written."""
    return sorted(p for p in root.rglob("*") if p.is_file())
