"""SQLAlchemy 2.0 tables, the unit of work, repositories and Alembic migrations."""
