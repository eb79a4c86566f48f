"""Storage: SQLAlchemy models, the engine with its pragmas, and alembic migrations."""
