"""bank statements

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 04:56:45.939170
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bank_statement",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("bank_account_no", sa.String(length=20), nullable=False),
        sa.Column("statement_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("import_no", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("statement_id", sa.String(length=100), server_default="", nullable=False),
        sa.Column("sequence", sa.String(length=35), server_default="", nullable=False),
        sa.Column("account", sa.String(length=70), server_default="", nullable=False),
        sa.Column("currency", sa.String(length=3), server_default="", nullable=False),
        sa.Column("opening_balance", sa.BigInteger(), nullable=True),
        sa.Column("closing_balance", sa.BigInteger(), nullable=True),
        sa.Column("opening_date", sa.Date(), nullable=True),
        sa.Column("closing_date", sa.Date(), nullable=True),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("pending", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "bank_account_no"],
            ["bank_account.company_id", "bank_account.no"],
            name=op.f("fk_bank_statement_company_id_bank_account"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_bank_statement_company_id_company")
        ),
        sa.PrimaryKeyConstraint(
            "company_id", "bank_account_no", "statement_no", name=op.f("pk_bank_statement")
        ),
    )
    with op.batch_alter_table("bank_statement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bank_statement_company_id_import_no"),
            ["company_id", "import_no"],
            unique=False,
        )

    op.create_table(
        "bank_statement_line",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("bank_account_no", sa.String(length=20), nullable=False),
        sa.Column("statement_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("line_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("amount", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("booking_date", sa.Date(), nullable=True),
        sa.Column("value_date", sa.Date(), nullable=True),
        sa.Column("bank_reference", sa.String(length=100), server_default="", nullable=False),
        sa.Column("text", sa.Text(), server_default="", nullable=False),
        sa.Column("counterparty_name", sa.String(length=140), server_default="", nullable=False),
        sa.Column("counterparty_account", sa.String(length=70), server_default="", nullable=False),
        sa.Column("references", sa.Text(), server_default="", nullable=False),
        sa.Column("end_to_end_ids", sa.Text(), server_default="", nullable=False),
        sa.Column("batch_count", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("content_key", sa.String(length=64), nullable=False),
        sa.Column("applied", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "bank_account_no", "statement_no"],
            [
                "bank_statement.company_id",
                "bank_statement.bank_account_no",
                "bank_statement.statement_no",
            ],
            name=op.f("fk_bank_statement_line_company_id_bank_statement"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_bank_statement_line_company_id_company")
        ),
        sa.PrimaryKeyConstraint(
            "company_id",
            "bank_account_no",
            "statement_no",
            "line_no",
            name=op.f("pk_bank_statement_line"),
        ),
    )
    with op.batch_alter_table("bank_statement_line", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bank_statement_line_company_id_bank_account_no_applied"),
            ["company_id", "bank_account_no", "applied"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("bank_statement_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_statement_line_company_id_bank_account_no_applied"))

    op.drop_table("bank_statement_line")
    with op.batch_alter_table("bank_statement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_statement_company_id_import_no"))

    op.drop_table("bank_statement")
