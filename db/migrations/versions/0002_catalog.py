"""catalog price books pricing rules

Revision ID: 0002_catalog
Revises: 0001_core
Create Date: 2026-11-23 13:42:02.037445
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from db.migrations import conventions

revision = '0002_catalog'
down_revision = '0001_core'


# (table, the columns that must not overlap in time, the parent row locked to
# serialise concurrent writers of the same scope)
OVERLAP_RULES = [
    ("price_book_entries", ("price_book_id", "product_id"), "price_books:price_book_id"),
    ("contracted_prices", ("account_id", "product_id", "currency"), "accounts:account_id"),
]

# Effective-dated rows of one scope never overlap. An exclusion constraint would
# need btree_gist, which the embedded PostgreSQL lacks, so a trigger does it.
NO_OVERLAP_FUNCTION = """
CREATE FUNCTION refuse_overlapping_validity() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    parent_table text := split_part(TG_ARGV[0], ':', 1);
    parent_key text := split_part(TG_ARGV[0], ':', 2);
    scope text := '';
    overlapping boolean;
    i int;
BEGIN
    EXECUTE format('SELECT 1 FROM %I WHERE id = ($1).%I FOR UPDATE', parent_table, parent_key) USING NEW;
    FOR i IN 1 .. TG_NARGS - 1 LOOP
        scope := scope || format(' AND t.%1$I = ($1).%1$I', TG_ARGV[i]);
    END LOOP;
    EXECUTE format(
        'SELECT EXISTS (SELECT 1 FROM %I t WHERE t.id <> ($1).id %s '
        'AND daterange(t.valid_from, t.valid_to) && daterange(($1).valid_from, ($1).valid_to))',
        TG_TABLE_NAME, scope
    ) INTO overlapping USING NEW;
    IF overlapping THEN
        RAISE EXCEPTION '% overlaps the dates of another row for the same scope', TG_TABLE_NAME
            USING ERRCODE = 'exclusion_violation', CONSTRAINT = TG_TABLE_NAME || '_no_overlap';
    END IF;
    RETURN NEW;
END;
$$;
"""


def upgrade() -> None:
    op.create_table('price_books',
    *conventions.keyed('price_books'),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('is_standard', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('segment', sa.String(length=50), nullable=True),
    sa.Column('region', sa.String(length=50), nullable=True),
    sa.Column('channel', sa.String(length=50), nullable=True),
    sa.Column('active', sa.Boolean(), server_default='true', nullable=False),
    *conventions.timestamped(),
    conventions.versioned(),
    conventions.currency_iso('price_books'),
    sa.CheckConstraint('NOT is_standard OR (segment IS NULL AND region IS NULL AND channel IS NULL)', name=op.f('ck_price_books_standard_is_unscoped')),
    sa.UniqueConstraint('name', name=op.f('uq_price_books_name'))
    )
    op.create_index('uq_price_books_standard_currency', 'price_books', ['currency'], unique=True, postgresql_where=sa.text('is_standard AND active'))
    op.create_table('products',
    *conventions.keyed('products'),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('family', sa.String(length=100), nullable=True),
    sa.Column('unit_of_measure', sa.String(length=30), server_default='EACH', nullable=False),
    sa.Column('active', sa.Boolean(), server_default='true', nullable=False),
    sa.Column('search_vector', postgresql.TSVECTOR(), sa.Computed("to_tsvector('simple', sku || ' ' || name || ' ' || coalesce(family, '') || ' ' || description)", persisted=True), nullable=False),
    *conventions.timestamped(),
    conventions.versioned(),
    sa.CheckConstraint('length(trim(name)) > 0', name=op.f('ck_products_name_not_blank')),
    sa.CheckConstraint('length(trim(sku)) > 0', name=op.f('ck_products_sku_not_blank')),
    sa.UniqueConstraint('sku', name=op.f('uq_products_sku'))
    )
    op.create_index(op.f('ix_products_family'), 'products', ['family'], unique=False)
    op.create_index('ix_products_search', 'products', ['search_vector'], unique=False, postgresql_using='gin')
    op.create_table('block_prices',
    *conventions.keyed('block_prices'),
    sa.Column('name', sa.String(length=200), nullable=False),
    conventions.references('block_prices', 'product_id', 'products', 'RESTRICT'),
    sa.Column('currency', sa.String(length=3), nullable=False),
    *conventions.effective_dated(),
    sa.Column('active', sa.Boolean(), server_default='true', nullable=False),
    *conventions.timestamped(),
    conventions.versioned(),
    conventions.currency_iso('block_prices'),
    conventions.dates_ordered('block_prices'),
    )
    op.create_table('bundle_features',
    *conventions.keyed('bundle_features'),
    conventions.references('bundle_features', 'bundle_id', 'products', 'CASCADE'),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('min_options', sa.Integer(), server_default='0', nullable=False),
    sa.Column('max_options', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), server_default='0', nullable=False),
    sa.CheckConstraint('max_options IS NULL OR max_options >= min_options', name=op.f('ck_bundle_features_max_at_least_min')),
    sa.CheckConstraint('min_options >= 0', name=op.f('ck_bundle_features_min_not_negative')),
    )
    op.create_index(op.f('ix_bundle_features_bundle_id'), 'bundle_features', ['bundle_id'], unique=False)
    op.create_table('discount_schedules',
    *conventions.keyed('discount_schedules'),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('basis', sa.Enum('QUANTITY', 'TERM_MONTHS', name='schedule_basis'), nullable=False),
    sa.Column('method', sa.Enum('ALL_UNITS', 'GRADUATED', name='tier_method'), nullable=False),
    sa.Column('aggregate_across_quote', sa.Boolean(), server_default='false', nullable=False),
    *conventions.scoped(),
    *conventions.timestamped(),
    conventions.versioned(),
    sa.CheckConstraint('product_id IS NOT NULL OR family IS NOT NULL', name=op.f('ck_discount_schedules_has_target')),
    conventions.dates_ordered('discount_schedules'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_discount_schedules_product_id_products'), ondelete='RESTRICT'),
    )
    op.create_table('price_book_entries',
    *conventions.keyed('price_book_entries'),
    conventions.references('price_book_entries', 'price_book_id', 'price_books', 'CASCADE'),
    conventions.references('price_book_entries', 'product_id', 'products', 'RESTRICT'),
    sa.Column('unit_price', sa.Numeric(precision=18, scale=6), nullable=False),
    sa.Column('floor_price', sa.Numeric(precision=18, scale=6), nullable=True),
    *conventions.effective_dated(),
    *conventions.timestamped(),
    sa.CheckConstraint('floor_price IS NULL OR floor_price >= 0', name=op.f('ck_price_book_entries_floor_not_negative')),
    sa.CheckConstraint('unit_price >= 0', name=op.f('ck_price_book_entries_price_not_negative')),
    conventions.dates_ordered('price_book_entries'),
    )
    op.create_index('ix_price_book_entries_book_product', 'price_book_entries', ['price_book_id', 'product_id'], unique=False)
    op.create_table('product_attributes',
    *conventions.keyed('product_attributes'),
    conventions.references('product_attributes', 'product_id', 'products', 'CASCADE'),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('type', sa.Enum('CHOICE', 'NUMBER', 'BOOLEAN', 'TEXT', name='attribute_type'), nullable=False),
    sa.Column('choices', sa.ARRAY(sa.String(length=100)), server_default='{}', nullable=False),
    sa.Column('required', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('position', sa.Integer(), server_default='0', nullable=False),
    sa.CheckConstraint("(type = 'CHOICE') = (cardinality(choices) > 0)", name=op.f('ck_product_attributes_choices_with_choice')),
    sa.UniqueConstraint('product_id', 'code', name=op.f('uq_product_attributes_product_id_code'))
    )
    op.create_table('product_costs',
    conventions.references('product_costs', 'product_id', 'products', 'CASCADE'),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('unit_cost', sa.Numeric(precision=18, scale=6), nullable=False),
    sa.CheckConstraint('unit_cost >= 0', name=op.f('ck_product_costs_not_negative')),
    conventions.primary_key('product_costs', 'product_id', 'currency')
    )
    op.create_table('promotions',
    *conventions.keyed('promotions'),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('PERCENT', 'AMOUNT', name='benefit_kind'), nullable=False),
    sa.Column('percent', sa.Numeric(precision=9, scale=4), nullable=True),
    sa.Column('amount', sa.Numeric(precision=18, scale=6), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('segment', sa.String(length=50), nullable=True),
    sa.Column('priority', sa.Integer(), server_default='100', nullable=False),
    sa.Column('stackable', sa.Boolean(), server_default='true', nullable=False),
    *conventions.scoped(),
    *conventions.timestamped(),
    conventions.versioned(),
    sa.CheckConstraint("(kind = 'PERCENT' AND percent > 0 AND percent <= 100 AND amount IS NULL) OR (kind = 'AMOUNT' AND amount > 0 AND currency IS NOT NULL AND percent IS NULL)", name=op.f('ck_promotions_benefit_shape')),
    conventions.dates_ordered('promotions'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_promotions_product_id_products'), ondelete='RESTRICT'),
    )
    op.create_table('bundle_options',
    *conventions.keyed('bundle_options'),
    conventions.references('bundle_options', 'feature_id', 'bundle_features', 'CASCADE'),
    conventions.references('bundle_options', 'product_id', 'products', 'RESTRICT'),
    sa.Column('option_type', sa.Enum('INCLUDED', 'OPTIONAL', 'REQUIRED', name='option_type'), nullable=False),
    sa.Column('default_quantity', sa.Integer(), server_default='1', nullable=False),
    sa.Column('min_quantity', sa.Integer(), server_default='1', nullable=False),
    sa.Column('max_quantity', sa.Integer(), nullable=True),
    sa.Column('quantity_mode', sa.Enum('FIXED', 'PER_PARENT', name='quantity_mode'), server_default='PER_PARENT', nullable=False),
    sa.Column('position', sa.Integer(), server_default='0', nullable=False),
    sa.CheckConstraint('0 < min_quantity AND min_quantity <= default_quantity AND (max_quantity IS NULL OR default_quantity <= max_quantity)', name=op.f('ck_bundle_options_quantities_ordered')),
    sa.UniqueConstraint('feature_id', 'product_id', name=op.f('uq_bundle_options_feature_id_product_id'))
    )
    op.create_index(op.f('ix_bundle_options_feature_id'), 'bundle_options', ['feature_id'], unique=False)
    op.create_table('contracted_prices',
    *conventions.keyed('contracted_prices'),
    conventions.references('contracted_prices', 'account_id', 'accounts', 'CASCADE'),
    conventions.references('contracted_prices', 'product_id', 'products', 'RESTRICT'),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('unit_price', sa.Numeric(precision=18, scale=6), nullable=False),
    *conventions.effective_dated(),
    *conventions.timestamped(),
    conventions.currency_iso('contracted_prices'),
    sa.CheckConstraint('unit_price >= 0', name=op.f('ck_contracted_prices_price_not_negative')),
    conventions.dates_ordered('contracted_prices'),
    )
    op.create_index('ix_contracted_prices_account_product', 'contracted_prices', ['account_id', 'product_id'], unique=False)
    op.create_table('discount_tiers',
    *conventions.keyed('discount_tiers'),
    conventions.references('discount_tiers', 'schedule_id', 'discount_schedules', 'CASCADE'),
    *conventions.quantity_band(),
    sa.Column('discount_percent', sa.Numeric(precision=9, scale=4), nullable=False),
    sa.CheckConstraint('discount_percent >= 0 AND discount_percent <= 100', name=op.f('ck_discount_tiers_percent_range')),
    sa.CheckConstraint('from_quantity >= 0', name=op.f('ck_discount_tiers_from_not_negative')),
    conventions.bounds_ordered('discount_tiers'),
    )
    op.create_index(op.f('ix_discount_tiers_schedule_id'), 'discount_tiers', ['schedule_id'], unique=False)
    op.create_table('price_blocks',
    *conventions.keyed('price_blocks'),
    conventions.references('price_blocks', 'block_price_id', 'block_prices', 'CASCADE'),
    *conventions.quantity_band(),
    sa.Column('price', sa.Numeric(precision=18, scale=6), nullable=False),
    sa.CheckConstraint('from_quantity >= 1', name=op.f('ck_price_blocks_from_positive')),
    sa.CheckConstraint('price >= 0', name=op.f('ck_price_blocks_price_not_negative')),
    conventions.bounds_ordered('price_blocks'),
    )
    op.create_index(op.f('ix_price_blocks_block_price_id'), 'price_blocks', ['block_price_id'], unique=False)
    op.create_table('configuration_rules',
    *conventions.keyed('configuration_rules'),
    conventions.references('configuration_rules', 'bundle_id', 'products', 'CASCADE'),
    sa.Column('kind', sa.Enum('REQUIRES', 'EXCLUDES', 'ATTRIBUTE_CONSTRAINT', 'AUTO_ADD', name='configuration_rule_kind'), nullable=False),
    conventions.references('configuration_rules', 'option_id', 'bundle_options', 'CASCADE', nullable=True),
    conventions.references('configuration_rules', 'target_option_id', 'bundle_options', 'CASCADE', nullable=True),
    sa.Column('condition', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('requirement', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=True),
    sa.Column('message', sa.String(length=500), nullable=True),
    sa.Column('active', sa.Boolean(), server_default='true', nullable=False),
    *conventions.timestamped(),
    sa.CheckConstraint("kind <> 'ATTRIBUTE_CONSTRAINT' OR (condition IS NOT NULL AND (target_option_id IS NOT NULL OR requirement IS NOT NULL))", name=op.f('ck_configuration_rules_attribute_rule_shape')),
    sa.CheckConstraint("kind = 'ATTRIBUTE_CONSTRAINT' OR (option_id IS NOT NULL AND target_option_id IS NOT NULL)", name=op.f('ck_configuration_rules_options_for_option_rules')),
    sa.CheckConstraint('option_id IS NULL OR option_id <> target_option_id', name=op.f('ck_configuration_rules_distinct_options')),
    )
    op.create_index(op.f('ix_configuration_rules_bundle_id'), 'configuration_rules', ['bundle_id'], unique=False)
    op.add_column('users', sa.Column('discount_authority_percent', sa.Numeric(precision=9, scale=4), nullable=True))
    op.execute(NO_OVERLAP_FUNCTION)
    for table, keys, lock in OVERLAP_RULES:
        op.execute(
            f"CREATE TRIGGER {table}_no_overlap BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW "
            f"EXECUTE FUNCTION refuse_overlapping_validity('{lock}', {', '.join(repr(k) for k in keys)})"
        )


def downgrade() -> None:
    for table, _, _ in OVERLAP_RULES:
        op.execute(f"DROP TRIGGER {table}_no_overlap ON {table}")
    op.execute("DROP FUNCTION refuse_overlapping_validity()")
    op.drop_column('users', 'discount_authority_percent')
    conventions.drop_table('configuration_rules', op.f('ix_configuration_rules_bundle_id'))
    conventions.drop_table('price_blocks', op.f('ix_price_blocks_block_price_id'))
    conventions.drop_table('discount_tiers', op.f('ix_discount_tiers_schedule_id'))
    conventions.drop_table('contracted_prices', 'ix_contracted_prices_account_product')
    conventions.drop_table('bundle_options', op.f('ix_bundle_options_feature_id'))
    conventions.drop_table('promotions')
    conventions.drop_table('product_costs')
    conventions.drop_table('product_attributes')
    conventions.drop_table('price_book_entries', 'ix_price_book_entries_book_product')
    conventions.drop_table('discount_schedules')
    conventions.drop_table('bundle_features', op.f('ix_bundle_features_bundle_id'))
    conventions.drop_table('block_prices')
    op.drop_index('ix_products_search', table_name='products', postgresql_using='gin')
    conventions.drop_table('products', op.f('ix_products_family'))
    op.drop_index('uq_price_books_standard_currency', table_name='price_books', postgresql_where=sa.text('is_standard AND active'))
    conventions.drop_table('price_books')
