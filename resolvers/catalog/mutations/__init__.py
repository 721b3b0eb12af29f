"""The OPS catalog maintenance mutations: products, bundles, rules, books and pricing rules."""

from __future__ import annotations

import strawberry

from db.models.users import Role
from resolvers.catalog.mutations.create_block_price import (
    CreateBlockPricePayload,
    create_block_price,
)
from resolvers.catalog.mutations.create_configuration_rule import (
    CreateConfigurationRulePayload,
    create_configuration_rule,
)
from resolvers.catalog.mutations.create_contracted_price import (
    CreateContractedPricePayload,
    create_contracted_price,
)
from resolvers.catalog.mutations.create_discount_schedule import (
    CreateDiscountSchedulePayload,
    create_discount_schedule,
)
from resolvers.catalog.mutations.create_price_book import CreatePriceBookPayload, create_price_book
from resolvers.catalog.mutations.create_price_book_entry import (
    CreatePriceBookEntryPayload,
    create_price_book_entry,
)
from resolvers.catalog.mutations.create_product import CreateProductPayload, create_product
from resolvers.catalog.mutations.create_promotion import CreatePromotionPayload, create_promotion
from resolvers.catalog.mutations.end_contracted_price import (
    EndContractedPricePayload,
    end_contracted_price,
)
from resolvers.catalog.mutations.end_price_book_entry import (
    EndPriceBookEntryPayload,
    end_price_book_entry,
)
from resolvers.catalog.mutations.retire_block_price import (
    RetireBlockPricePayload,
    retire_block_price,
)
from resolvers.catalog.mutations.retire_configuration_rule import (
    RetireConfigurationRulePayload,
    retire_configuration_rule,
)
from resolvers.catalog.mutations.retire_discount_schedule import (
    RetireDiscountSchedulePayload,
    retire_discount_schedule,
)
from resolvers.catalog.mutations.retire_product import RetireProductPayload, retire_product
from resolvers.catalog.mutations.set_bundle_structure import (
    SetBundleStructurePayload,
    set_bundle_structure,
)
from resolvers.catalog.mutations.update_price_book import UpdatePriceBookPayload, update_price_book
from resolvers.catalog.mutations.update_product import UpdateProductPayload, update_product
from resolvers.catalog.mutations.update_promotion import UpdatePromotionPayload, update_promotion
from schema.permissions import roles


@strawberry.type
class CatalogMutations:
    create_product: CreateProductPayload = strawberry.mutation(
        resolver=create_product, extensions=roles(Role.OPS), description="Add a product (OPS)."
    )
    update_product: UpdateProductPayload = strawberry.mutation(
        resolver=update_product,
        extensions=roles(Role.OPS),
        description="Edit, retire or reactivate a product; given costs/attributes replace all.",
    )
    retire_product: RetireProductPayload = strawberry.mutation(
        resolver=retire_product,
        extensions=roles(Role.OPS),
        description="Stop selling a product (OPS).",
    )
    set_bundle_structure: SetBundleStructurePayload = strawberry.mutation(
        resolver=set_bundle_structure,
        extensions=roles(Role.OPS),
        description=(
            "Replace a bundle's features and options (OPS). Options whose feature name and "
            "product match an existing one are kept with their rules; rules naming a removed "
            "option are removed with it."
        ),
    )
    create_configuration_rule: CreateConfigurationRulePayload = strawberry.mutation(
        resolver=create_configuration_rule,
        extensions=roles(Role.OPS),
        description="Add a requires, excludes, auto-add or attribute rule to a bundle (OPS).",
    )
    retire_configuration_rule: RetireConfigurationRulePayload = strawberry.mutation(
        resolver=retire_configuration_rule,
        extensions=roles(Role.OPS),
        description="Stop applying a configuration rule (OPS).",
    )
    create_price_book: CreatePriceBookPayload = strawberry.mutation(
        resolver=create_price_book,
        extensions=roles(Role.OPS),
        description="Add a price book (OPS).",
    )
    update_price_book: UpdatePriceBookPayload = strawberry.mutation(
        resolver=update_price_book,
        extensions=roles(Role.OPS),
        description="Rename, (de)activate or rescope a price book (OPS).",
    )
    create_price_book_entry: CreatePriceBookEntryPayload = strawberry.mutation(
        resolver=create_price_book_entry,
        extensions=roles(Role.OPS),
        description="Price a product in a book, for dates its other prices there leave free (OPS).",
    )
    end_price_book_entry: EndPriceBookEntryPayload = strawberry.mutation(
        resolver=end_price_book_entry,
        extensions=roles(Role.OPS),
        description="End a book price on a date, so a new price can start (OPS).",
    )
    create_discount_schedule: CreateDiscountSchedulePayload = strawberry.mutation(
        resolver=create_discount_schedule,
        extensions=roles(Role.OPS),
        description="Add tiered discounts by quantity or term (OPS).",
    )
    retire_discount_schedule: RetireDiscountSchedulePayload = strawberry.mutation(
        resolver=retire_discount_schedule,
        extensions=roles(Role.OPS),
        description="Stop applying a discount schedule (OPS).",
    )
    create_block_price: CreateBlockPricePayload = strawberry.mutation(
        resolver=create_block_price,
        extensions=roles(Role.OPS),
        description="Add flat prices per band of quantity (OPS).",
    )
    retire_block_price: RetireBlockPricePayload = strawberry.mutation(
        resolver=retire_block_price,
        extensions=roles(Role.OPS),
        description="Stop applying a block price (OPS).",
    )
    create_promotion: CreatePromotionPayload = strawberry.mutation(
        resolver=create_promotion, extensions=roles(Role.OPS), description="Add a promotion (OPS)."
    )
    update_promotion: UpdatePromotionPayload = strawberry.mutation(
        resolver=update_promotion,
        extensions=roles(Role.OPS),
        description="Change or (de)activate a promotion (OPS).",
    )
    create_contracted_price: CreateContractedPricePayload = strawberry.mutation(
        resolver=create_contracted_price,
        extensions=roles(Role.OPS),
        description="Agree a price with an account (OPS).",
    )
    end_contracted_price: EndContractedPricePayload = strawberry.mutation(
        resolver=end_contracted_price,
        extensions=roles(Role.OPS),
        description="End an account's agreed price on a date (OPS).",
    )
