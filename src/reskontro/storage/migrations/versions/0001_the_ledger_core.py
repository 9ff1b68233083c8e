"""the ledger core

Revision ID: 0001
Revises:
Create Date: 2026-11-22 03:42:56.314626
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("username", sa.String(length=50), nullable=False),
        sa.Column("full_name", sa.String(length=100), server_default="", nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("language", sa.String(length=5), server_default="en", nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("username", name=op.f("uq_app_user_username")),
    )
    op.create_table(
        "company",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("org_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("address", sa.String(length=100), server_default="", nullable=False),
        sa.Column("post_code", sa.String(length=20), server_default="", nullable=False),
        sa.Column("city", sa.String(length=50), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company")),
        sa.UniqueConstraint("name", name=op.f("uq_company_name")),
    )
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), server_default="", nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_api_token_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_api_token_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_token_token_hash")),
    )
    op.create_table(
        "audit_entry",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("entry_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.String(length=50), server_default="", nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("object_type", sa.String(length=40), server_default="", nullable=False),
        sa.Column("object_id", sa.String(length=100), server_default="", nullable=False),
        sa.Column("details", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_audit_entry_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", "entry_no", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_entry_company_id_at"), ["company_id", "at"], unique=False
        )

    op.create_table(
        "bank_account",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("no", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("bank_account_no", sa.String(length=34), server_default="", nullable=False),
        sa.Column("iban", sa.String(length=34), server_default="", nullable=False),
        sa.Column("swift", sa.String(length=11), server_default="", nullable=False),
        sa.Column("currency", sa.String(length=3), server_default="", nullable=False),
        sa.Column("posting_group", sa.String(length=20), nullable=False),
        sa.Column("blocked", sa.Boolean(), nullable=False),
        sa.Column("last_statement_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("balance_last_statement", sa.BigInteger(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_bank_account_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", "no", name=op.f("pk_bank_account")),
    )
    op.create_table(
        "bank_posting_group",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.Column("gl_account", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_bank_posting_group_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", "code", name=op.f("pk_bank_posting_group")),
    )
    op.create_table(
        "company_role",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_company_role_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_company_role_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("company_id", "user_id", name=op.f("pk_company_role")),
    )
    op.create_table(
        "counter",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_counter_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", "name", name=op.f("pk_counter")),
    )
    op.create_table(
        "currency",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=3), nullable=False),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.Column(
            "realized_gains_account", sa.String(length=20), server_default="", nullable=False
        ),
        sa.Column(
            "realized_losses_account", sa.String(length=20), server_default="", nullable=False
        ),
        sa.Column("appln_rounding_precision", sa.BigInteger(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_currency_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", "code", name=op.f("pk_currency")),
    )
    op.create_table(
        "customer",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("no", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=100), server_default="", nullable=False),
        sa.Column("post_code", sa.String(length=20), server_default="", nullable=False),
        sa.Column("city", sa.String(length=50), server_default="", nullable=False),
        sa.Column("country", sa.String(length=2), server_default="", nullable=False),
        sa.Column("email", sa.String(length=100), server_default="", nullable=False),
        sa.Column("org_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("bank_account", sa.String(length=34), server_default="", nullable=False),
        sa.Column("iban", sa.String(length=34), server_default="", nullable=False),
        sa.Column("currency", sa.String(length=3), server_default="", nullable=False),
        sa.Column("payment_terms", sa.String(length=10), server_default="", nullable=False),
        sa.Column("posting_group", sa.String(length=20), nullable=False),
        sa.Column("blocked", sa.String(length=32), nullable=False),
        sa.Column("application_method", sa.String(length=32), nullable=False),
        sa.Column("block_payment_tolerance", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_customer_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", "no", name=op.f("pk_customer")),
    )
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_customer_company_id_name"), ["company_id", "name"], unique=False
        )

    op.create_table(
        "customer_posting_group",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.Column("account", sa.String(length=20), nullable=False),
        sa.Column("pmt_disc_debit", sa.String(length=20), server_default="", nullable=False),
        sa.Column("pmt_disc_credit", sa.String(length=20), server_default="", nullable=False),
        sa.Column("pmt_tol_debit", sa.String(length=20), server_default="", nullable=False),
        sa.Column("pmt_tol_credit", sa.String(length=20), server_default="", nullable=False),
        sa.Column("rounding_debit", sa.String(length=20), server_default="", nullable=False),
        sa.Column("rounding_credit", sa.String(length=20), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_customer_posting_group_company_id_company"),
        ),
        sa.PrimaryKeyConstraint("company_id", "code", name=op.f("pk_customer_posting_group")),
    )
    op.create_table(
        "exchange_rate",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("starting_date", sa.Date(), nullable=False),
        sa.Column("rate", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_exchange_rate_company_id_company")
        ),
        sa.PrimaryKeyConstraint(
            "company_id", "currency", "starting_date", name=op.f("pk_exchange_rate")
        ),
    )
    op.create_table(
        "gl_account",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("no", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("direct_posting", sa.Boolean(), nullable=False),
        sa.Column("blocked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_gl_account_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", "no", name=op.f("pk_gl_account")),
    )
    op.create_table(
        "gl_entry",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("entry_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("transaction_no", sa.Integer(), nullable=False),
        sa.Column("account_no", sa.String(length=20), nullable=False),
        sa.Column("posting_date", sa.Date(), nullable=False),
        sa.Column("document_type", sa.String(length=32), nullable=False),
        sa.Column("document_no", sa.String(length=20), nullable=False),
        sa.Column("external_document_no", sa.String(length=35), server_default="", nullable=False),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("source_type", sa.String(length=10), server_default="", nullable=False),
        sa.Column("source_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("application_no", sa.Integer(), nullable=True),
        sa.Column("reversed", sa.Boolean(), nullable=False),
        sa.Column("reversed_by_entry_no", sa.Integer(), nullable=True),
        sa.Column("reversed_entry_no", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_gl_entry_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", "entry_no", name=op.f("pk_gl_entry")),
    )
    with op.batch_alter_table("gl_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_gl_entry_company_id_account_no_posting_date"),
            ["company_id", "account_no", "posting_date"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_gl_entry_company_id_document_no"),
            ["company_id", "document_no"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_gl_entry_company_id_transaction_no"),
            ["company_id", "transaction_no"],
            unique=False,
        )

    op.create_table(
        "gl_setup",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("payment_tolerance_pct", sa.String(length=32), nullable=False),
        sa.Column("max_payment_tolerance", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("pmt_disc_grace_period", sa.String(length=20), server_default="", nullable=False),
        sa.Column("appln_rounding_precision", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("pmt_disc_excl_vat", sa.Boolean(), nullable=False),
        sa.Column("allow_posting_from", sa.Date(), nullable=True),
        sa.Column("allow_posting_to", sa.Date(), nullable=True),
        sa.Column(
            "opening_balance_account", sa.String(length=20), server_default="", nullable=False
        ),
        sa.Column("customer_invoice_nos", sa.String(length=20), server_default="", nullable=False),
        sa.Column(
            "customer_credit_memo_nos", sa.String(length=20), server_default="", nullable=False
        ),
        sa.Column("sales_draft_nos", sa.String(length=20), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_gl_setup_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", name=op.f("pk_gl_setup")),
    )
    op.create_table(
        "import_log",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("import_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("file_name", sa.String(length=255), server_default="", nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("identity", sa.String(length=200), server_default="", nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.String(length=50), server_default="", nullable=False),
        sa.Column("register_no", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_import_log_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", "import_no", name=op.f("pk_import_log")),
        sa.UniqueConstraint(
            "company_id", "kind", "sha256", name=op.f("uq_import_log_company_id_kind_sha256")
        ),
    )
    with op.batch_alter_table("import_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_import_log_company_id_kind_identity"),
            ["company_id", "kind", "identity"],
            unique=False,
        )

    op.create_table(
        "journal_template",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("force_doc_balance", sa.Boolean(), nullable=False),
        sa.Column("bal_account_type", sa.String(length=32), nullable=False),
        sa.Column("bal_account_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("number_series", sa.String(length=20), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_journal_template_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", "name", name=op.f("pk_journal_template")),
    )
    op.create_table(
        "number_series",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.Column("starting_no", sa.String(length=20), nullable=False),
        sa.Column("last_no_used", sa.String(length=20), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_number_series_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", "code", name=op.f("pk_number_series")),
    )
    op.create_table(
        "payment_terms",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.Column("due_date_formula", sa.String(length=20), server_default="", nullable=False),
        sa.Column("discount_date_formula", sa.String(length=20), server_default="", nullable=False),
        sa.Column("discount_pct", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_payment_terms_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", "code", name=op.f("pk_payment_terms")),
    )
    op.create_table(
        "posted_sales_document",
        sa.Column("draft_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("customer_entry_no", sa.Integer(), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("document_type", sa.String(length=32), nullable=False),
        sa.Column("no", sa.String(length=20), nullable=False),
        sa.Column("customer_no", sa.String(length=20), nullable=False),
        sa.Column("customer_name", sa.String(length=100), server_default="", nullable=False),
        sa.Column("posting_date", sa.Date(), nullable=True),
        sa.Column("document_date", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("payment_terms", sa.String(length=10), server_default="", nullable=False),
        sa.Column("currency", sa.String(length=3), server_default="", nullable=False),
        sa.Column("external_document_no", sa.String(length=35), server_default="", nullable=False),
        sa.Column("your_reference", sa.String(length=50), server_default="", nullable=False),
        sa.Column("applies_to_doc_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("payment_reference", sa.String(length=50), server_default="", nullable=False),
        sa.Column("amount", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("vat_amount", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("amount_including_vat", sa.BigInteger(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_posted_sales_document_company_id_company")
        ),
        sa.PrimaryKeyConstraint(
            "company_id", "document_type", "no", name=op.f("pk_posted_sales_document")
        ),
    )
    with op.batch_alter_table("posted_sales_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_posted_sales_document_company_id_customer_no"),
            ["company_id", "customer_no"],
            unique=False,
        )

    op.create_table(
        "register",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("register_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.String(length=50), server_default="", nullable=False),
        sa.Column("source", sa.String(length=30), server_default="", nullable=False),
        sa.Column("journal_template", sa.String(length=20), server_default="", nullable=False),
        sa.Column("journal_batch", sa.String(length=20), server_default="", nullable=False),
        sa.Column("from_gl_entry_no", sa.Integer(), nullable=False),
        sa.Column("to_gl_entry_no", sa.Integer(), nullable=False),
        sa.Column("from_customer_entry_no", sa.Integer(), nullable=False),
        sa.Column("to_customer_entry_no", sa.Integer(), nullable=False),
        sa.Column("from_vendor_entry_no", sa.Integer(), nullable=False),
        sa.Column("to_vendor_entry_no", sa.Integer(), nullable=False),
        sa.Column("from_bank_entry_no", sa.Integer(), nullable=False),
        sa.Column("to_bank_entry_no", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_register_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", "register_no", name=op.f("pk_register")),
    )
    op.create_table(
        "sales_document",
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("document_type", sa.String(length=32), nullable=False),
        sa.Column("no", sa.String(length=20), nullable=False),
        sa.Column("customer_no", sa.String(length=20), nullable=False),
        sa.Column("customer_name", sa.String(length=100), server_default="", nullable=False),
        sa.Column("posting_date", sa.Date(), nullable=True),
        sa.Column("document_date", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("payment_terms", sa.String(length=10), server_default="", nullable=False),
        sa.Column("currency", sa.String(length=3), server_default="", nullable=False),
        sa.Column("external_document_no", sa.String(length=35), server_default="", nullable=False),
        sa.Column("your_reference", sa.String(length=50), server_default="", nullable=False),
        sa.Column("applies_to_doc_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("payment_reference", sa.String(length=50), server_default="", nullable=False),
        sa.Column("amount", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("vat_amount", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("amount_including_vat", sa.BigInteger(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_sales_document_company_id_company")
        ),
        sa.PrimaryKeyConstraint(
            "company_id", "document_type", "no", name=op.f("pk_sales_document")
        ),
    )
    op.create_table(
        "vat_entry",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("entry_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("transaction_no", sa.Integer(), nullable=False),
        sa.Column("posting_date", sa.Date(), nullable=False),
        sa.Column("document_type", sa.String(length=32), nullable=False),
        sa.Column("document_no", sa.String(length=20), nullable=False),
        sa.Column("vat_code", sa.String(length=10), nullable=False),
        sa.Column("base", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("party_no", sa.String(length=20), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_vat_entry_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", "entry_no", name=op.f("pk_vat_entry")),
    )
    with op.batch_alter_table("vat_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vat_entry_company_id_posting_date"),
            ["company_id", "posting_date"],
            unique=False,
        )

    op.create_table(
        "vendor",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("no", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=100), server_default="", nullable=False),
        sa.Column("post_code", sa.String(length=20), server_default="", nullable=False),
        sa.Column("city", sa.String(length=50), server_default="", nullable=False),
        sa.Column("country", sa.String(length=2), server_default="", nullable=False),
        sa.Column("email", sa.String(length=100), server_default="", nullable=False),
        sa.Column("org_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("bank_account", sa.String(length=34), server_default="", nullable=False),
        sa.Column("iban", sa.String(length=34), server_default="", nullable=False),
        sa.Column("currency", sa.String(length=3), server_default="", nullable=False),
        sa.Column("payment_terms", sa.String(length=10), server_default="", nullable=False),
        sa.Column("posting_group", sa.String(length=20), nullable=False),
        sa.Column("blocked", sa.String(length=32), nullable=False),
        sa.Column("application_method", sa.String(length=32), nullable=False),
        sa.Column("block_payment_tolerance", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_vendor_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", "no", name=op.f("pk_vendor")),
    )
    with op.batch_alter_table("vendor", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vendor_company_id_name"), ["company_id", "name"], unique=False
        )

    op.create_table(
        "vendor_posting_group",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.Column("account", sa.String(length=20), nullable=False),
        sa.Column("pmt_disc_debit", sa.String(length=20), server_default="", nullable=False),
        sa.Column("pmt_disc_credit", sa.String(length=20), server_default="", nullable=False),
        sa.Column("pmt_tol_debit", sa.String(length=20), server_default="", nullable=False),
        sa.Column("pmt_tol_credit", sa.String(length=20), server_default="", nullable=False),
        sa.Column("rounding_debit", sa.String(length=20), server_default="", nullable=False),
        sa.Column("rounding_credit", sa.String(length=20), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_vendor_posting_group_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", "code", name=op.f("pk_vendor_posting_group")),
    )
    op.create_table(
        "web_session",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_web_session_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_web_session_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_web_session")),
    )
    op.create_table(
        "bank_ledger_entry",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("entry_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("bank_account_no", sa.String(length=20), nullable=False),
        sa.Column("transaction_no", sa.Integer(), nullable=False),
        sa.Column("posting_date", sa.Date(), nullable=False),
        sa.Column("document_type", sa.String(length=32), nullable=False),
        sa.Column("document_no", sa.String(length=20), nullable=False),
        sa.Column("external_document_no", sa.String(length=35), server_default="", nullable=False),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.Column("currency", sa.String(length=3), server_default="", nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("amount_lcy", sa.BigInteger(), nullable=False),
        sa.Column("payment_reference", sa.String(length=50), server_default="", nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("statement_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("reversed", sa.Boolean(), nullable=False),
        sa.Column("reversed_by_entry_no", sa.Integer(), nullable=True),
        sa.Column("reversed_entry_no", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id", "bank_account_no"],
            ["bank_account.company_id", "bank_account.no"],
            name=op.f("fk_bank_ledger_entry_company_id_bank_account"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_bank_ledger_entry_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", "entry_no", name=op.f("pk_bank_ledger_entry")),
    )
    with op.batch_alter_table("bank_ledger_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bank_ledger_entry_company_id_bank_account_no_open"),
            ["company_id", "bank_account_no", "open"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_bank_ledger_entry_company_id_transaction_no"),
            ["company_id", "transaction_no"],
            unique=False,
        )

    op.create_table(
        "customer_ledger_entry",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("entry_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("party_no", sa.String(length=20), nullable=False),
        sa.Column("transaction_no", sa.Integer(), nullable=False),
        sa.Column("posting_date", sa.Date(), nullable=False),
        sa.Column("document_date", sa.Date(), nullable=False),
        sa.Column("document_type", sa.String(length=32), nullable=False),
        sa.Column("document_no", sa.String(length=20), nullable=False),
        sa.Column("external_document_no", sa.String(length=35), server_default="", nullable=False),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.Column("currency", sa.String(length=3), server_default="", nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("amount_lcy", sa.BigInteger(), nullable=False),
        sa.Column("remaining_amount", sa.BigInteger(), nullable=False),
        sa.Column("remaining_amount_lcy", sa.BigInteger(), nullable=False),
        sa.Column("posting_group", sa.String(length=20), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("pmt_discount_date", sa.Date(), nullable=True),
        sa.Column(
            "original_pmt_disc_possible", sa.BigInteger(), server_default="0", nullable=False
        ),
        sa.Column(
            "remaining_pmt_disc_possible", sa.BigInteger(), server_default="0", nullable=False
        ),
        sa.Column("pmt_disc_tolerance_date", sa.Date(), nullable=True),
        sa.Column("max_payment_tolerance", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("payment_reference", sa.String(length=50), server_default="", nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("closed_by_entry_no", sa.Integer(), nullable=True),
        sa.Column("closed_at_date", sa.Date(), nullable=True),
        sa.Column("reversed", sa.Boolean(), nullable=False),
        sa.Column("reversed_by_entry_no", sa.Integer(), nullable=True),
        sa.Column("reversed_entry_no", sa.Integer(), nullable=True),
        sa.Column("applies_to_id", sa.String(length=50), server_default="", nullable=False),
        sa.Column("amount_to_apply", sa.BigInteger(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "party_no"],
            ["customer.company_id", "customer.no"],
            name=op.f("fk_customer_ledger_entry_company_id_customer"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_customer_ledger_entry_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", "entry_no", name=op.f("pk_customer_ledger_entry")),
    )
    with op.batch_alter_table("customer_ledger_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_customer_ledger_entry_company_id_applies_to_id"),
            ["company_id", "applies_to_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_customer_ledger_entry_company_id_document_no"),
            ["company_id", "document_no"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_customer_ledger_entry_company_id_open_due_date"),
            ["company_id", "open", "due_date"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_customer_ledger_entry_company_id_party_no_open"),
            ["company_id", "party_no", "open"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_customer_ledger_entry_company_id_payment_reference"),
            ["company_id", "payment_reference"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_customer_ledger_entry_company_id_transaction_no"),
            ["company_id", "transaction_no"],
            unique=False,
        )

    op.create_table(
        "journal_batch",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("template_name", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.Column("bal_account_type", sa.String(length=32), nullable=False),
        sa.Column("bal_account_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("number_series", sa.String(length=20), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "template_name"],
            ["journal_template.company_id", "journal_template.name"],
            name=op.f("fk_journal_batch_company_id_journal_template"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_journal_batch_company_id_company")
        ),
        sa.PrimaryKeyConstraint(
            "company_id", "template_name", "name", name=op.f("pk_journal_batch")
        ),
    )
    op.create_table(
        "posted_sales_document_line",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("document_type", sa.String(length=32), nullable=False),
        sa.Column("document_no", sa.String(length=20), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("gl_account", sa.String(length=20), server_default="", nullable=False),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.Column("quantity", sa.String(length=32), nullable=False),
        sa.Column("unit_price", sa.String(length=32), nullable=False),
        sa.Column("vat_code", sa.String(length=10), nullable=False),
        sa.Column("line_amount", sa.BigInteger(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "document_type", "document_no"],
            [
                "posted_sales_document.company_id",
                "posted_sales_document.document_type",
                "posted_sales_document.no",
            ],
            name=op.f("fk_posted_sales_document_line_company_id_posted_sales_document"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_posted_sales_document_line_company_id_company"),
        ),
        sa.PrimaryKeyConstraint(
            "company_id",
            "document_type",
            "document_no",
            "line_no",
            name=op.f("pk_posted_sales_document_line"),
        ),
    )
    op.create_table(
        "sales_document_line",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("document_type", sa.String(length=32), nullable=False),
        sa.Column("document_no", sa.String(length=20), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("gl_account", sa.String(length=20), server_default="", nullable=False),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.Column("quantity", sa.String(length=32), nullable=False),
        sa.Column("unit_price", sa.String(length=32), nullable=False),
        sa.Column("vat_code", sa.String(length=10), nullable=False),
        sa.Column("line_amount", sa.BigInteger(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "document_type", "document_no"],
            ["sales_document.company_id", "sales_document.document_type", "sales_document.no"],
            name=op.f("fk_sales_document_line_company_id_sales_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_sales_document_line_company_id_company")
        ),
        sa.PrimaryKeyConstraint(
            "company_id",
            "document_type",
            "document_no",
            "line_no",
            name=op.f("pk_sales_document_line"),
        ),
    )
    op.create_table(
        "vat_code",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.Column("rate", sa.String(length=32), nullable=False),
        sa.Column("output_account", sa.String(length=20), nullable=False),
        sa.Column("sales_account", sa.String(length=20), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "output_account"],
            ["gl_account.company_id", "gl_account.no"],
            name=op.f("fk_vat_code_company_id_gl_account"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_vat_code_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", "code", name=op.f("pk_vat_code")),
    )
    op.create_table(
        "vendor_ledger_entry",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("entry_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("party_no", sa.String(length=20), nullable=False),
        sa.Column("transaction_no", sa.Integer(), nullable=False),
        sa.Column("posting_date", sa.Date(), nullable=False),
        sa.Column("document_date", sa.Date(), nullable=False),
        sa.Column("document_type", sa.String(length=32), nullable=False),
        sa.Column("document_no", sa.String(length=20), nullable=False),
        sa.Column("external_document_no", sa.String(length=35), server_default="", nullable=False),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.Column("currency", sa.String(length=3), server_default="", nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("amount_lcy", sa.BigInteger(), nullable=False),
        sa.Column("remaining_amount", sa.BigInteger(), nullable=False),
        sa.Column("remaining_amount_lcy", sa.BigInteger(), nullable=False),
        sa.Column("posting_group", sa.String(length=20), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("pmt_discount_date", sa.Date(), nullable=True),
        sa.Column(
            "original_pmt_disc_possible", sa.BigInteger(), server_default="0", nullable=False
        ),
        sa.Column(
            "remaining_pmt_disc_possible", sa.BigInteger(), server_default="0", nullable=False
        ),
        sa.Column("pmt_disc_tolerance_date", sa.Date(), nullable=True),
        sa.Column("max_payment_tolerance", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("payment_reference", sa.String(length=50), server_default="", nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("closed_by_entry_no", sa.Integer(), nullable=True),
        sa.Column("closed_at_date", sa.Date(), nullable=True),
        sa.Column("reversed", sa.Boolean(), nullable=False),
        sa.Column("reversed_by_entry_no", sa.Integer(), nullable=True),
        sa.Column("reversed_entry_no", sa.Integer(), nullable=True),
        sa.Column("applies_to_id", sa.String(length=50), server_default="", nullable=False),
        sa.Column("amount_to_apply", sa.BigInteger(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "party_no"],
            ["vendor.company_id", "vendor.no"],
            name=op.f("fk_vendor_ledger_entry_company_id_vendor"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_vendor_ledger_entry_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", "entry_no", name=op.f("pk_vendor_ledger_entry")),
    )
    with op.batch_alter_table("vendor_ledger_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vendor_ledger_entry_company_id_applies_to_id"),
            ["company_id", "applies_to_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_vendor_ledger_entry_company_id_document_no"),
            ["company_id", "document_no"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_vendor_ledger_entry_company_id_open_due_date"),
            ["company_id", "open", "due_date"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_vendor_ledger_entry_company_id_party_no_open"),
            ["company_id", "party_no", "open"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_vendor_ledger_entry_company_id_payment_reference"),
            ["company_id", "payment_reference"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_vendor_ledger_entry_company_id_transaction_no"),
            ["company_id", "transaction_no"],
            unique=False,
        )

    op.create_table(
        "detailed_customer_ledger_entry",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("entry_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("ledger_entry_no", sa.Integer(), nullable=False),
        sa.Column("entry_type", sa.String(length=32), nullable=False),
        sa.Column("posting_date", sa.Date(), nullable=False),
        sa.Column("document_type", sa.String(length=32), nullable=False),
        sa.Column("document_no", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("amount_lcy", sa.BigInteger(), nullable=False),
        sa.Column("party_no", sa.String(length=20), nullable=False),
        sa.Column("currency", sa.String(length=3), server_default="", nullable=False),
        sa.Column("transaction_no", sa.Integer(), nullable=False),
        sa.Column("applied_entry_no", sa.Integer(), nullable=True),
        sa.Column("application_no", sa.Integer(), nullable=True),
        sa.Column("initial_due_date", sa.Date(), nullable=True),
        sa.Column("unapplied", sa.Boolean(), nullable=False),
        sa.Column("unapplied_by_entry_no", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id", "ledger_entry_no"],
            ["customer_ledger_entry.company_id", "customer_ledger_entry.entry_no"],
            name=op.f("fk_detailed_customer_ledger_entry_company_id_customer_ledger_entry"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_detailed_customer_ledger_entry_company_id_company"),
        ),
        sa.PrimaryKeyConstraint(
            "company_id", "entry_no", name=op.f("pk_detailed_customer_ledger_entry")
        ),
    )
    with op.batch_alter_table("detailed_customer_ledger_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_detailed_customer_ledger_entry_company_id_application_no"),
            ["company_id", "application_no"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_detailed_customer_ledger_entry_company_id_ledger_entry_no_posting_date"),
            ["company_id", "ledger_entry_no", "posting_date"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_detailed_customer_ledger_entry_company_id_transaction_no"),
            ["company_id", "transaction_no"],
            unique=False,
        )

    op.create_table(
        "detailed_vendor_ledger_entry",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("entry_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("ledger_entry_no", sa.Integer(), nullable=False),
        sa.Column("entry_type", sa.String(length=32), nullable=False),
        sa.Column("posting_date", sa.Date(), nullable=False),
        sa.Column("document_type", sa.String(length=32), nullable=False),
        sa.Column("document_no", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("amount_lcy", sa.BigInteger(), nullable=False),
        sa.Column("party_no", sa.String(length=20), nullable=False),
        sa.Column("currency", sa.String(length=3), server_default="", nullable=False),
        sa.Column("transaction_no", sa.Integer(), nullable=False),
        sa.Column("applied_entry_no", sa.Integer(), nullable=True),
        sa.Column("application_no", sa.Integer(), nullable=True),
        sa.Column("initial_due_date", sa.Date(), nullable=True),
        sa.Column("unapplied", sa.Boolean(), nullable=False),
        sa.Column("unapplied_by_entry_no", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id", "ledger_entry_no"],
            ["vendor_ledger_entry.company_id", "vendor_ledger_entry.entry_no"],
            name=op.f("fk_detailed_vendor_ledger_entry_company_id_vendor_ledger_entry"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_detailed_vendor_ledger_entry_company_id_company"),
        ),
        sa.PrimaryKeyConstraint(
            "company_id", "entry_no", name=op.f("pk_detailed_vendor_ledger_entry")
        ),
    )
    with op.batch_alter_table("detailed_vendor_ledger_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_detailed_vendor_ledger_entry_company_id_application_no"),
            ["company_id", "application_no"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_detailed_vendor_ledger_entry_company_id_ledger_entry_no_posting_date"),
            ["company_id", "ledger_entry_no", "posting_date"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_detailed_vendor_ledger_entry_company_id_transaction_no"),
            ["company_id", "transaction_no"],
            unique=False,
        )

    op.create_table(
        "journal_line",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("template_name", sa.String(length=20), nullable=False),
        sa.Column("batch_name", sa.String(length=20), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("posting_date", sa.Date(), nullable=True),
        sa.Column("document_date", sa.Date(), nullable=True),
        sa.Column("document_type", sa.String(length=32), nullable=False),
        sa.Column("document_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("external_document_no", sa.String(length=35), server_default="", nullable=False),
        sa.Column("account_type", sa.String(length=32), nullable=False),
        sa.Column("account_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.Column("amount", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("currency", sa.String(length=3), server_default="", nullable=False),
        sa.Column("amount_lcy", sa.BigInteger(), nullable=True),
        sa.Column("bal_account_type", sa.String(length=32), nullable=False),
        sa.Column("bal_account_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("applies_to_doc_type", sa.String(length=32), nullable=False),
        sa.Column("applies_to_doc_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("applies_to_id", sa.String(length=50), server_default="", nullable=False),
        sa.Column("payment_reference", sa.String(length=50), server_default="", nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("pmt_discount_date", sa.Date(), nullable=True),
        sa.Column("pmt_discount_pct", sa.String(length=32), nullable=True),
        sa.Column("source_file", sa.String(length=255), server_default="", nullable=False),
        sa.Column("source_line", sa.String(length=100), server_default="", nullable=False),
        sa.Column("warnings", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "template_name", "batch_name"],
            ["journal_batch.company_id", "journal_batch.template_name", "journal_batch.name"],
            name=op.f("fk_journal_line_company_id_journal_batch"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_journal_line_company_id_company")
        ),
        sa.PrimaryKeyConstraint(
            "company_id", "template_name", "batch_name", "line_no", name=op.f("pk_journal_line")
        ),
    )


def downgrade() -> None:

    op.drop_table("journal_line")
    with op.batch_alter_table("detailed_vendor_ledger_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_detailed_vendor_ledger_entry_company_id_transaction_no"))
        batch_op.drop_index(
            batch_op.f("ix_detailed_vendor_ledger_entry_company_id_ledger_entry_no_posting_date")
        )
        batch_op.drop_index(batch_op.f("ix_detailed_vendor_ledger_entry_company_id_application_no"))

    op.drop_table("detailed_vendor_ledger_entry")
    with op.batch_alter_table("detailed_customer_ledger_entry", schema=None) as batch_op:
        batch_op.drop_index(
            batch_op.f("ix_detailed_customer_ledger_entry_company_id_transaction_no")
        )
        batch_op.drop_index(
            batch_op.f("ix_detailed_customer_ledger_entry_company_id_ledger_entry_no_posting_date")
        )
        batch_op.drop_index(
            batch_op.f("ix_detailed_customer_ledger_entry_company_id_application_no")
        )

    op.drop_table("detailed_customer_ledger_entry")
    with op.batch_alter_table("vendor_ledger_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vendor_ledger_entry_company_id_transaction_no"))
        batch_op.drop_index(batch_op.f("ix_vendor_ledger_entry_company_id_payment_reference"))
        batch_op.drop_index(batch_op.f("ix_vendor_ledger_entry_company_id_party_no_open"))
        batch_op.drop_index(batch_op.f("ix_vendor_ledger_entry_company_id_open_due_date"))
        batch_op.drop_index(batch_op.f("ix_vendor_ledger_entry_company_id_document_no"))
        batch_op.drop_index(batch_op.f("ix_vendor_ledger_entry_company_id_applies_to_id"))

    op.drop_table("vendor_ledger_entry")
    op.drop_table("vat_code")
    op.drop_table("sales_document_line")
    op.drop_table("posted_sales_document_line")
    op.drop_table("journal_batch")
    with op.batch_alter_table("customer_ledger_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customer_ledger_entry_company_id_transaction_no"))
        batch_op.drop_index(batch_op.f("ix_customer_ledger_entry_company_id_payment_reference"))
        batch_op.drop_index(batch_op.f("ix_customer_ledger_entry_company_id_party_no_open"))
        batch_op.drop_index(batch_op.f("ix_customer_ledger_entry_company_id_open_due_date"))
        batch_op.drop_index(batch_op.f("ix_customer_ledger_entry_company_id_document_no"))
        batch_op.drop_index(batch_op.f("ix_customer_ledger_entry_company_id_applies_to_id"))

    op.drop_table("customer_ledger_entry")
    with op.batch_alter_table("bank_ledger_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_ledger_entry_company_id_transaction_no"))
        batch_op.drop_index(batch_op.f("ix_bank_ledger_entry_company_id_bank_account_no_open"))

    op.drop_table("bank_ledger_entry")
    op.drop_table("web_session")
    op.drop_table("vendor_posting_group")
    with op.batch_alter_table("vendor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vendor_company_id_name"))

    op.drop_table("vendor")
    with op.batch_alter_table("vat_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vat_entry_company_id_posting_date"))

    op.drop_table("vat_entry")
    op.drop_table("sales_document")
    op.drop_table("register")
    with op.batch_alter_table("posted_sales_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_posted_sales_document_company_id_customer_no"))

    op.drop_table("posted_sales_document")
    op.drop_table("payment_terms")
    op.drop_table("number_series")
    op.drop_table("journal_template")
    with op.batch_alter_table("import_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_log_company_id_kind_identity"))

    op.drop_table("import_log")
    op.drop_table("gl_setup")
    with op.batch_alter_table("gl_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gl_entry_company_id_transaction_no"))
        batch_op.drop_index(batch_op.f("ix_gl_entry_company_id_document_no"))
        batch_op.drop_index(batch_op.f("ix_gl_entry_company_id_account_no_posting_date"))

    op.drop_table("gl_entry")
    op.drop_table("gl_account")
    op.drop_table("exchange_rate")
    op.drop_table("customer_posting_group")
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customer_company_id_name"))

    op.drop_table("customer")
    op.drop_table("currency")
    op.drop_table("counter")
    op.drop_table("company_role")
    op.drop_table("bank_posting_group")
    op.drop_table("bank_account")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entry_company_id_at"))

    op.drop_table("audit_entry")
    op.drop_table("api_token")
    op.drop_table("company")
    op.drop_table("app_user")
