"""The OPS catalog maintenance mutations: products, bundles, rules, books and pricing rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry

from db.models.users import Role
from resolvers.catalog.mutations.create_block_price import create_block_price
from resolvers.catalog.mutations.create_configuration_rule import create_configuration_rule
from resolvers.catalog.mutations.create_contracted_price import create_contracted_price
from resolvers.catalog.mutations.create_discount_schedule import create_discount_schedule
from resolvers.catalog.mutations.create_price_book import create_price_book
from resolvers.catalog.mutations.create_price_book_entry import create_price_book_entry
from resolvers.catalog.mutations.create_product import create_product
from resolvers.catalog.mutations.create_promotion import create_promotion
from resolvers.catalog.mutations.retire_and_end import (
    end_contracted_price,
    end_price_book_entry,
    retire_block_price,
    retire_discount_schedule,
    retire_product,
)
from resolvers.catalog.mutations.retire_configuration_rule import retire_configuration_rule
from resolvers.catalog.mutations.set_bundle_structure import set_bundle_structure
from resolvers.catalog.mutations.update_price_book import update_price_book
from resolvers.catalog.mutations.update_product import update_product
from resolvers.catalog.mutations.update_promotion import update_promotion
from resolvers.fields import mutation_field


def ops_mutation(resolver: Callable[..., Any], description: str) -> Any:
    """A catalog mutation field: the catalog is OPS's to maintain (ADMIN holds every role)."""
    return mutation_field(resolver, description, Role.OPS)


@strawberry.type
class CatalogMutations:
    create_product = ops_mutation(create_product, "Add a product (OPS).")
    update_product = ops_mutation(
        update_product, "Edit, retire or reactivate a product; given costs/attributes replace all."
    )
    retire_product = ops_mutation(retire_product, "Stop selling a product (OPS).")
    set_bundle_structure = ops_mutation(
        set_bundle_structure,
        "Replace a bundle's features and options (OPS). Options whose feature name and "
        "product match an existing one are kept with their rules; rules naming a removed "
        "option are removed with it.",
    )
    create_configuration_rule = ops_mutation(
        create_configuration_rule,
        "Add a requires, excludes, auto-add or attribute rule to a bundle (OPS).",
    )
    retire_configuration_rule = ops_mutation(
        retire_configuration_rule, "Stop applying a configuration rule (OPS)."
    )
    create_price_book = ops_mutation(create_price_book, "Add a price book (OPS).")
    update_price_book = ops_mutation(
        update_price_book, "Rename, (de)activate or rescope a price book (OPS)."
    )
    create_price_book_entry = ops_mutation(
        create_price_book_entry,
        "Price a product in a book, for dates its other prices there leave free (OPS).",
    )
    end_price_book_entry = ops_mutation(
        end_price_book_entry, "End a book price on a date, so a new price can start (OPS)."
    )
    create_discount_schedule = ops_mutation(
        create_discount_schedule, "Add tiered discounts by quantity or term (OPS)."
    )
    retire_discount_schedule = ops_mutation(
        retire_discount_schedule, "Stop applying a discount schedule (OPS)."
    )
    create_block_price = ops_mutation(
        create_block_price, "Add flat prices per band of quantity (OPS)."
    )
    retire_block_price = ops_mutation(retire_block_price, "Stop applying a block price (OPS).")
    create_promotion = ops_mutation(create_promotion, "Add a promotion (OPS).")
    update_promotion = ops_mutation(update_promotion, "Change or (de)activate a promotion (OPS).")
    create_contracted_price = ops_mutation(
        create_contracted_price, "Agree a price with an account (OPS)."
    )
    end_contracted_price = ops_mutation(
        end_contracted_price, "End an account's agreed price on a date (OPS)."
    )
