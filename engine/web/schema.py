"""The stored tables, and the one migration step that brings any earlier log up to them.

Times are ISO-8601 UTC text to the second ("2026-03-02T08:00:00+00:00"): they sort as they read in
SQLite and PostgreSQL alike, so one query serves both engines and the reports slice by date prefix.
"""
from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

questions = sa.Table(
    "questions", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("asked_at", sa.String(25), nullable=False),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("as_of", sa.String(10)),
    sa.Column("confidence", sa.String(8)),
    sa.Column("answer", sa.Text),
    sa.Column("doc", sa.Text),
    sa.Column("helpful", sa.Integer),
    sa.Column("comment", sa.Text),
    sa.Column("feedback_at", sa.String(25)),
    sa.Column("topic", sa.Text),
    sa.Column("portal", sa.String(40)),       # the portal the question came from; NULL: the service itself
    sa.Column("curated", sa.String(80)),      # id of the curated entry that answered first, if one did
    sa.Column("feedback_answer", sa.String(80)),  # id of the answer (widget card) the feedback was given on
    sa.Index("questions_asked_at", "asked_at"),
    sa.Index("questions_portal_asked_at", "portal", "asked_at"),
)

# Any fixed number: it only has to be the same in every process that migrates this database.
PG_MIGRATION_LOCK = 17_2026


def migrate(engine: sa.Engine) -> None:
    """Create what is missing: tables, then columns added since (all nullable), then indexes.

    Runs in every worker at start-up; one transaction under a database-wide lock (an advisory
    lock on PostgreSQL, BEGIN IMMEDIATE on SQLite), so workers starting together do not race."""
    with engine.connect().execution_options(sqlite_immediate=True) as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK})
        metadata.create_all(conn)
        inspector = sa.inspect(conn)
        for table in metadata.sorted_tables:
            present = {c["name"] for c in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name not in present:
                    kind = column.type.compile(conn.dialect)
                    conn.execute(sa.text(f"ALTER TABLE {table.name} ADD COLUMN {column.name} {kind}"))
            indexed = {i["name"] for i in inspector.get_indexes(table.name)}
            for index in table.indexes:
                if index.name not in indexed:
                    index.create(conn)
