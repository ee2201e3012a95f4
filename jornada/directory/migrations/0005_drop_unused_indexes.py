"""Drop the directory's indexes that no query uses: every import and merge paid to keep them.

- ``normalised_name`` of employers, recruiters and agents: records are resolved in memory from
  their spellings, and nothing looks one up by it (an agent's is also the first column of
  ``agent_unique``).
- ``recruiter`` of a recruiter's offices and people: the first column of their unique
  constraints, which serve the same look-ups.
- ``slug`` of a search entry: shown in results, never looked up.
- On PostgreSQL, the ``…_like`` copies (``varchar_pattern_ops``) Django adds beside every
  indexed or unique text column, for ``LIKE 'prefix%'`` outside the C locale: the directory
  filters only one text column by its beginning, the search vocabulary's words (a half-typed
  word in the search box), and that one copy stays. The ordinary unique indexes stay.

Importing H-2A FY2017 and H-2B Appendix C now writes about 53,000 fewer index entries on
PostgreSQL and 18,000 fewer on SQLite. In six alternating runs, measured while the vocabulary's
prefix copy was dropped too (6,878 entries more), PostgreSQL's server spent 0.17 s less (median),
and both databases imported the two files about 5% faster.

The indexes are dropped by name, without rebuilding any table: on SQLite, Django alters a field
by remaking its table, which would also drop the search entries' full-text triggers. Django's
state keeps the unique fields as they are, so an ``AlterField`` of one of them in a later
migration may bring its ``…_like`` index back; ``test_migrations`` fails if one exists.
"""

from __future__ import annotations

import django.db.models.deletion
from django.db import migrations, models

# (model, field, suffixes of its single-column indexes to drop: "" for the index, "_like" for
# PostgreSQL's pattern copy)
UNUSED = [
    ("agent", "normalised_name", ("", "_like")),
    ("employer", "normalised_name", ("", "_like")),
    ("recruiter", "normalised_name", ("", "_like")),
    ("recruiteroffice", "recruiter", ("",)),
    ("recruiterperson", "recruiter", ("",)),
    ("searchentry", "slug", ("", "_like")),
    ("agent", "slug", ("_like",)),
    ("employer", "slug", ("_like",)),
    ("recruiter", "slug", ("_like",)),
    ("case", "case_number", ("_like",)),
    ("debarment", "row_key", ("_like",)),
    ("whdcase", "case_id", ("_like",)),
    ("importrun", "sha256", ("_like",)),
]


def _indexes(apps):
    for model_name, field_name, suffixes in UNUSED:
        model = apps.get_model("directory", model_name)
        yield model, model._meta.get_field(field_name), suffixes


def drop(apps, schema_editor):
    for model, field, suffixes in _indexes(apps):
        for suffix in suffixes:
            name = schema_editor._create_index_name(model._meta.db_table, [field.column], suffix=suffix)
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def restore(apps, schema_editor):
    for model, field, suffixes in _indexes(apps):
        if "" in suffixes:
            schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))
        if "_like" in suffixes and schema_editor.connection.vendor == "postgresql":
            statement = schema_editor._create_like_index_sql(model, field)
            if statement is not None:
                schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_case_links_without_redundant_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop, restore)],
            state_operations=[
                migrations.AlterField(
                    model_name="agent",
                    name="normalised_name",
                    field=models.CharField(editable=False, max_length=300),
                ),
                migrations.AlterField(
                    model_name="employer",
                    name="normalised_name",
                    field=models.CharField(editable=False, max_length=300),
                ),
                migrations.AlterField(
                    model_name="recruiter",
                    name="normalised_name",
                    field=models.CharField(editable=False, max_length=300),
                ),
                migrations.AlterField(
                    model_name="recruiteroffice",
                    name="recruiter",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="offices",
                        to="directory.recruiter",
                    ),
                ),
                migrations.AlterField(
                    model_name="recruiterperson",
                    name="recruiter",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="people",
                        to="directory.recruiter",
                    ),
                ),
                migrations.AlterField(
                    model_name="searchentry",
                    name="slug",
                    field=models.SlugField(db_index=False, max_length=140),
                ),
            ],
        ),
    ]
