"""One Appendix C link per case, recruiter spelling and office, naming its people as text.

DOL lists one row per person; a link used to be stored per row, with a foreign key to the
person (40,887 rows with five keys for FY2022 Q2). The rows of one link are folded into the
first of them, which keeps its row key, so a forced re-import of an Appendix C file imported
before this migration replaces those links once (the file's plain re-import is skipped by its
content hash). The people themselves stay listed under their recruiter.
"""

from collections import defaultdict

from django.db import migrations, models

BATCH = 1000


def fold_rows_into_links(apps, schema_editor):
    CaseRecruiter = apps.get_model("directory", "CaseRecruiter")
    links = defaultdict(list)
    rows = CaseRecruiter.objects.order_by("id").values_list(
        "id", "case_id", "recruiter_id", "recruiter_name_id", "office_id", "person__name"
    )
    for pk, case_id, recruiter_id, name_id, office_id, person in rows.iterator(chunk_size=5000):
        links[(case_id, recruiter_id, name_id, office_id)].append((pk, person))
    folded, people = [], {}
    for link_rows in links.values():
        names = sorted({person for _pk, person in link_rows if person})
        if names:
            people[link_rows[0][0]] = "\n".join(names)
        folded.extend(pk for pk, _person in link_rows[1:])
    for start in range(0, len(folded), BATCH):
        CaseRecruiter.objects.filter(id__in=folded[start : start + BATCH]).delete()
    kept = [CaseRecruiter(id=pk, people=names) for pk, names in people.items()]
    CaseRecruiter.objects.bulk_update(kept, ["people"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_search_indexes")]

    operations = [
        migrations.AddField(
            model_name="caserecruiter",
            name="people",
            field=models.TextField(blank=True, help_text="As published, one per line.", verbose_name="people listed"),
        ),
        # Irreversible in content: undone, each link keeps its row and loses its people.
        migrations.RunPython(fold_rows_into_links, migrations.RunPython.noop),
        migrations.RemoveField(model_name="caserecruiter", name="person"),
    ]
