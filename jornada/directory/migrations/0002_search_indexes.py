"""Database-specific search structures behind SearchEntry and SearchWord.

PostgreSQL: full-text (a GIN index over the 'simple' tsvector of each entry's text) and pg_trgm
(a GIN trigram index over the vocabulary, for typo correction).
SQLite: an FTS5 table over each entry's text kept in step by triggers; typo correction runs in
Python over the vocabulary (jornada/directory/search/).
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX directory_searchentry_fts ON directory_searchentry USING gin (to_tsvector('simple', text))",
    "CREATE INDEX directory_searchword_trgm ON directory_searchword USING gin (word gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS directory_searchentry_fts",
    "DROP INDEX IF EXISTS directory_searchword_trgm",
]
SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE directory_searchentry_fts USING fts5(
         text, content='directory_searchentry', content_rowid='id',
         tokenize="unicode61 remove_diacritics 2", prefix='2 3')""",
    """CREATE TRIGGER directory_searchentry_ai AFTER INSERT ON directory_searchentry BEGIN
         INSERT INTO directory_searchentry_fts(rowid, text) VALUES (new.id, new.text); END""",
    """CREATE TRIGGER directory_searchentry_ad AFTER DELETE ON directory_searchentry BEGIN
         INSERT INTO directory_searchentry_fts(directory_searchentry_fts, rowid, text)
         VALUES ('delete', old.id, old.text); END""",
    """CREATE TRIGGER directory_searchentry_au AFTER UPDATE OF text ON directory_searchentry BEGIN
         INSERT INTO directory_searchentry_fts(directory_searchentry_fts, rowid, text)
         VALUES ('delete', old.id, old.text);
         INSERT INTO directory_searchentry_fts(rowid, text) VALUES (new.id, new.text); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS directory_searchentry_ai",
    "DROP TRIGGER IF EXISTS directory_searchentry_ad",
    "DROP TRIGGER IF EXISTS directory_searchentry_au",
    "DROP TABLE IF EXISTS directory_searchentry_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
