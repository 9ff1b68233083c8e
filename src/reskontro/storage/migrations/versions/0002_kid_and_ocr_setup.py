"""kid and ocr setup

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 04:33:29.381081
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "imported_payment",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("identity", sa.String(length=200), nullable=False),
        sa.Column("import_no", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_imported_payment_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", "identity", name=op.f("pk_imported_payment")),
    )
    op.create_table(
        "kid_setup",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("layout", sa.String(length=30), nullable=False),
        sa.Column("document_no_length", sa.Integer(), nullable=False),
        sa.Column("customer_no_length", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("use_on_finance_charge_memo", sa.Boolean(), nullable=False),
        sa.Column("use_on_reminder", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_kid_setup_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", name=op.f("pk_kid_setup")),
    )
    op.create_table(
        "ocr_setup",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("bank_account_no", sa.String(length=20), nullable=False),
        sa.Column("agreement_id", sa.String(length=20), server_default="", nullable=False),
        sa.Column("journal_template", sa.String(length=20), nullable=False),
        sa.Column("journal_batch", sa.String(length=20), nullable=False),
        sa.Column("max_divergence", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("divergence_account", sa.String(length=20), server_default="", nullable=False),
        sa.Column("unknown_kid", sa.String(length=10), nullable=False),
        sa.Column("suspense_customer_no", sa.String(length=20), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "bank_account_no"],
            ["bank_account.company_id", "bank_account.no"],
            name=op.f("fk_ocr_setup_company_id_bank_account"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_ocr_setup_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", "bank_account_no", name=op.f("pk_ocr_setup")),
    )


def downgrade() -> None:

    op.drop_table("ocr_setup")
    op.drop_table("kid_setup")
    op.drop_table("imported_payment")
