"""bank reconciliation

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 05:07:31.175711
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bank_reconciliation",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("bank_account_no", sa.String(length=20), nullable=False),
        sa.Column("statement_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("posted_by", sa.String(length=100), server_default="", nullable=False),
        sa.Column("previous_statement_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("previous_balance", sa.BigInteger(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "bank_account_no", "statement_no"],
            [
                "bank_statement.company_id",
                "bank_statement.bank_account_no",
                "bank_statement.statement_no",
            ],
            name=op.f("fk_bank_reconciliation_company_id_bank_statement"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_bank_reconciliation_company_id_company")
        ),
        sa.PrimaryKeyConstraint(
            "company_id", "bank_account_no", "statement_no", name=op.f("pk_bank_reconciliation")
        ),
    )
    op.create_table(
        "bank_rec_match",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("bank_account_no", sa.String(length=20), nullable=False),
        sa.Column("statement_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("line_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("bank_entry_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("match_kind", sa.String(length=10), nullable=False),
        sa.Column("explanation", sa.String(length=500), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "bank_account_no", "statement_no", "line_no"],
            [
                "bank_statement_line.company_id",
                "bank_statement_line.bank_account_no",
                "bank_statement_line.statement_no",
                "bank_statement_line.line_no",
            ],
            name=op.f("fk_bank_rec_match_company_id_bank_statement_line"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_bank_rec_match_company_id_company")
        ),
        sa.PrimaryKeyConstraint(
            "company_id",
            "bank_account_no",
            "statement_no",
            "line_no",
            "bank_entry_no",
            name=op.f("pk_bank_rec_match"),
        ),
    )
    with op.batch_alter_table("bank_rec_match", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bank_rec_match_company_id_bank_entry_no"),
            ["company_id", "bank_entry_no"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("bank_rec_match", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_rec_match_company_id_bank_entry_no"))

    op.drop_table("bank_rec_match")
    op.drop_table("bank_reconciliation")
