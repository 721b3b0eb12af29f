"""Storage codecs: engine values to the JSON stored in JSONB columns and back.

``tagged`` is the one exact format (no engine imported); ``approvals`` builds
the approvals engine's codec from it. Pricing snapshots and commission states
can register their engines' classes the same way.
"""

from db.codec.tagged import CodecError, TaggedCodec

__all__ = ["CodecError", "TaggedCodec"]
