"""The content dataloaders, built together once per request."""

from __future__ import annotations

from dataclasses import dataclass

from strawberry.dataloader import DataLoader

from db.models.content import ContentItem
from db.session import RequestDatabase
from resolvers.dataloaders.factories import from_tables


@dataclass(frozen=True, slots=True)
class ContentLoaders:
    item_by_id: DataLoader[int, ContentItem | None]

    @classmethod
    def build(cls, db: RequestDatabase) -> ContentLoaders:
        return cls(**from_tables(db, (("item_by_id", ContentItem),), ()))
