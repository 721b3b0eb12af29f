"""The API's ErrorCode spells every use-case refusal code, and nothing else."""

from schema.errors import ErrorCode
from services.refusal import Code


def test_error_code_mirrors_refusal_code_name_for_name() -> None:
    assert [(c.name, c.value) for c in ErrorCode] == [(c.name, c.value) for c in Code]
