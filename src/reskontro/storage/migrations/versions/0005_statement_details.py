"""statement details, provisional statements and CSV profiles per bank account

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 09:12:04.512977
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bank_statement", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=12), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("superseded_by", sa.Integer(), nullable=True))

    with op.batch_alter_table("bank_statement_line", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("detail_kind", sa.String(length=10), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("detail_import_no", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("detail_note", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(
            sa.Column("batch_id", sa.String(length=100), server_default="", nullable=False)
        )

    op.create_table(
        "bank_statement_detail",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("bank_account_no", sa.String(length=20), nullable=False),
        sa.Column("statement_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("line_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("detail_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("amount", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("booking_date", sa.Date(), nullable=True),
        sa.Column("text", sa.Text(), server_default="", nullable=False),
        sa.Column("counterparty_name", sa.String(length=140), server_default="", nullable=False),
        sa.Column("counterparty_account", sa.String(length=70), server_default="", nullable=False),
        sa.Column("references", sa.Text(), server_default="", nullable=False),
        sa.Column("end_to_end_id", sa.String(length=100), server_default="", nullable=False),
        sa.Column("import_no", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "bank_account_no", "statement_no", "line_no"],
            [
                "bank_statement_line.company_id",
                "bank_statement_line.bank_account_no",
                "bank_statement_line.statement_no",
                "bank_statement_line.line_no",
            ],
            name=op.f("fk_bank_statement_detail_company_id_bank_statement_line"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_bank_statement_detail_company_id_company")
        ),
        sa.PrimaryKeyConstraint(
            "company_id",
            "bank_account_no",
            "statement_no",
            "line_no",
            "detail_no",
            name=op.f("pk_bank_statement_detail"),
        ),
    )
    with op.batch_alter_table("bank_statement_detail", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bank_statement_detail_company_id_import_no"),
            ["company_id", "import_no"],
            unique=False,
        )

    op.create_table(
        "bank_detail_batch",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("import_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("batch_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("bank_account_no", sa.String(length=20), nullable=False),
        sa.Column("account", sa.String(length=70), server_default="", nullable=False),
        sa.Column("amount", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("booking_date", sa.Date(), nullable=True),
        sa.Column("bank_reference", sa.String(length=100), server_default="", nullable=False),
        sa.Column("batch_id", sa.String(length=100), server_default="", nullable=False),
        sa.Column("message_id", sa.String(length=100), server_default="", nullable=False),
        sa.Column("group_id", sa.String(length=100), server_default="", nullable=False),
        sa.Column("payments", sa.Integer(), nullable=False),
        sa.Column("details", sa.Text(), server_default="", nullable=False),
        sa.Column("statement_no", sa.Integer(), nullable=True),
        sa.Column("line_no", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id", "bank_account_no"],
            ["bank_account.company_id", "bank_account.no"],
            name=op.f("fk_bank_detail_batch_company_id_bank_account"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_bank_detail_batch_company_id_company")
        ),
        sa.PrimaryKeyConstraint(
            "company_id", "import_no", "batch_no", name=op.f("pk_bank_detail_batch")
        ),
    )
    with op.batch_alter_table("bank_detail_batch", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bank_detail_batch_company_id_bank_account_no_statement_no"),
            ["company_id", "bank_account_no", "statement_no"],
            unique=False,
        )

    op.create_table(
        "bank_account_csv_profile",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("bank_account_no", sa.String(length=20), nullable=False),
        sa.Column("profile_name", sa.String(length=50), server_default="", nullable=False),
        sa.Column("profile_json", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "bank_account_no"],
            ["bank_account.company_id", "bank_account.no"],
            name=op.f("fk_bank_account_csv_profile_company_id_bank_account"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_bank_account_csv_profile_company_id_company"),
        ),
        sa.PrimaryKeyConstraint(
            "company_id", "bank_account_no", name=op.f("pk_bank_account_csv_profile")
        ),
    )


def downgrade() -> None:
    op.drop_table("bank_account_csv_profile")
    with op.batch_alter_table("bank_detail_batch", schema=None) as batch_op:
        batch_op.drop_index(
            batch_op.f("ix_bank_detail_batch_company_id_bank_account_no_statement_no")
        )

    op.drop_table("bank_detail_batch")
    with op.batch_alter_table("bank_statement_detail", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_statement_detail_company_id_import_no"))

    op.drop_table("bank_statement_detail")
    with op.batch_alter_table("bank_statement_line", schema=None) as batch_op:
        batch_op.drop_column("batch_id")
        batch_op.drop_column("detail_note")
        batch_op.drop_column("detail_import_no")
        batch_op.drop_column("detail_kind")

    with op.batch_alter_table("bank_statement", schema=None) as batch_op:
        batch_op.drop_column("superseded_by")
        batch_op.drop_column("status")
