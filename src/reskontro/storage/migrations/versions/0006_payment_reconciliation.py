"""payment reconciliation journal

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 14:20:11.402131
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_LINE_COLUMNS = ["company_id", "bank_account_no", "statement_no", "line_no"]
_LINE_TARGET = [
    "bank_statement_line.company_id",
    "bank_statement_line.bank_account_no",
    "bank_statement_line.statement_no",
    "bank_statement_line.line_no",
]


def _line_key(table: str) -> list[Any]:
    return [
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("bank_account_no", sa.String(length=20), nullable=False),
        sa.Column("statement_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("line_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.ForeignKeyConstraint(
            _LINE_COLUMNS, _LINE_TARGET, name=op.f(f"fk_{table}_company_id_bank_statement_line")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f(f"fk_{table}_company_id_company")
        ),
    ]


def upgrade() -> None:
    with op.batch_alter_table("bank_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "match_tolerance_type",
                sa.String(length=10),
                server_default="amount",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column(
                "match_tolerance_value", sa.String(length=32), server_default="0", nullable=False
            )
        )

    op.create_table(
        "payment_reconciliation",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("bank_account_no", sa.String(length=20), nullable=False),
        sa.Column("statement_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("posted_by", sa.String(length=100), server_default="", nullable=False),
        sa.Column("reconciled", sa.Boolean(), nullable=False),
        sa.Column("register_no", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id", "bank_account_no", "statement_no"],
            [
                "bank_statement.company_id",
                "bank_statement.bank_account_no",
                "bank_statement.statement_no",
            ],
            name=op.f("fk_payment_reconciliation_company_id_bank_statement"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_payment_reconciliation_company_id_company"),
        ),
        sa.PrimaryKeyConstraint(
            "company_id", "bank_account_no", "statement_no", name=op.f("pk_payment_reconciliation")
        ),
    )
    op.create_table(
        "applied_payment_entry",
        *_line_key("applied_payment_entry"),
        sa.Column("detail_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("application_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("part", sa.Integer(), nullable=False),
        sa.Column("account_type", sa.String(length=10), nullable=False),
        sa.Column("account_no", sa.String(length=20), nullable=False),
        sa.Column("entry_no", sa.Integer(), nullable=True),
        sa.Column("amount", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("discount", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("rule", sa.String(length=200), server_default="", nullable=False),
        sa.Column("explanation", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint(
            *_LINE_COLUMNS,
            "detail_no",
            "application_no",
            name=op.f("pk_applied_payment_entry"),
        ),
    )
    with op.batch_alter_table("applied_payment_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_applied_payment_entry_company_id_account_type_entry_no"),
            ["company_id", "account_type", "entry_no"],
            unique=False,
        )
    op.create_table(
        "payment_line_state",
        *_line_key("payment_line_state"),
        sa.Column("detail_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("notes", sa.Text(), server_default="", nullable=False),
        sa.Column("review_required", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint(*_LINE_COLUMNS, "detail_no", name=op.f("pk_payment_line_state")),
    )
    op.create_table(
        "posted_payment_line",
        *_line_key("posted_payment_line"),
        sa.Column("register_no", sa.Integer(), nullable=False),
        sa.Column("document_no", sa.String(length=20), nullable=False),
        sa.Column("bank_entry_no", sa.Integer(), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("posted_by", sa.String(length=100), server_default="", nullable=False),
        sa.PrimaryKeyConstraint(*_LINE_COLUMNS, name=op.f("pk_posted_payment_line")),
    )
    op.create_table(
        "text_to_account_mapping",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("mapping_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("text", sa.String(length=250), nullable=False),
        sa.Column("account_type", sa.String(length=10), nullable=False),
        sa.Column("debit_account_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("credit_account_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("account_no", sa.String(length=20), server_default="", nullable=False),
        sa.Column("learned", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_text_to_account_mapping_company_id_company"),
        ),
        sa.PrimaryKeyConstraint(
            "company_id", "mapping_no", name=op.f("pk_text_to_account_mapping")
        ),
    )
    op.create_table(
        "match_rule",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.String(length=10), nullable=False),
        sa.Column("priority", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("party", sa.String(length=20), nullable=False),
        sa.Column("document", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.String(length=20), nullable=False),
        sa.Column("structured_reference", sa.Boolean(), nullable=False),
        sa.Column("review_required", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_match_rule_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", "confidence", "priority", name=op.f("pk_match_rule")),
    )


def downgrade() -> None:
    op.drop_table("match_rule")
    op.drop_table("text_to_account_mapping")
    op.drop_table("posted_payment_line")
    op.drop_table("payment_line_state")
    with op.batch_alter_table("applied_payment_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_applied_payment_entry_company_id_account_type_entry_no"))
    op.drop_table("applied_payment_entry")
    op.drop_table("payment_reconciliation")
    with op.batch_alter_table("bank_account", schema=None) as batch_op:
        batch_op.drop_column("match_tolerance_value")
        batch_op.drop_column("match_tolerance_type")
