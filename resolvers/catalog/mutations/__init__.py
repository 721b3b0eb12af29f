"""The OPS catalog maintenance mutations: products, bundles, rules, books and pricing rules."""

from __future__ import annotations

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


@strawberry.type
class CatalogMutations:
    create_product = mutation_field(create_product, "Add a product (OPS).", Role.OPS)
    update_product = mutation_field(
        update_product,
        "Edit, retire or reactivate a product; given costs/attributes replace all.",
        Role.OPS,
    )
    retire_product = mutation_field(retire_product, "Stop selling a product (OPS).", Role.OPS)
    set_bundle_structure = mutation_field(
        set_bundle_structure,
        "Replace a bundle's features and options (OPS). Options whose feature name and "
        "product match an existing one are kept with their rules; rules naming a removed "
        "option are removed with it.",
        Role.OPS,
    )
    create_configuration_rule = mutation_field(
        create_configuration_rule,
        "Add a requires, excludes, auto-add or attribute rule to a bundle (OPS).",
        Role.OPS,
    )
    retire_configuration_rule = mutation_field(
        retire_configuration_rule, "Stop applying a configuration rule (OPS).", Role.OPS
    )
    create_price_book = mutation_field(create_price_book, "Add a price book (OPS).", Role.OPS)
    update_price_book = mutation_field(
        update_price_book, "Rename, (de)activate or rescope a price book (OPS).", Role.OPS
    )
    create_price_book_entry = mutation_field(
        create_price_book_entry,
        "Price a product in a book, for dates its other prices there leave free (OPS).",
        Role.OPS,
    )
    end_price_book_entry = mutation_field(
        end_price_book_entry,
        "End a book price on a date, so a new price can start (OPS).",
        Role.OPS,
    )
    create_discount_schedule = mutation_field(
        create_discount_schedule, "Add tiered discounts by quantity or term (OPS).", Role.OPS
    )
    retire_discount_schedule = mutation_field(
        retire_discount_schedule, "Stop applying a discount schedule (OPS).", Role.OPS
    )
    create_block_price = mutation_field(
        create_block_price, "Add flat prices per band of quantity (OPS).", Role.OPS
    )
    retire_block_price = mutation_field(
        retire_block_price, "Stop applying a block price (OPS).", Role.OPS
    )
    create_promotion = mutation_field(create_promotion, "Add a promotion (OPS).", Role.OPS)
    update_promotion = mutation_field(
        update_promotion, "Change or (de)activate a promotion (OPS).", Role.OPS
    )
    create_contracted_price = mutation_field(
        create_contracted_price, "Agree a price with an account (OPS).", Role.OPS
    )
    end_contracted_price = mutation_field(
        end_contracted_price, "End an account's agreed price on a date (OPS).", Role.OPS
    )
