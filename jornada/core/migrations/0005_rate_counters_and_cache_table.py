"""Rate-limit counters in their own table, and the database cache's table (``db://``).

Counters have their own table so that the cache's culling (which deletes a third of the
entries, live or not, once MAX_ENTRIES is passed) can never reset a client's count.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_moderator_memberships_to_grants'),
    ]

    operations = [
        migrations.CreateModel(
            name='CacheEntry',
            fields=[
                ('cache_key', models.CharField(max_length=255, primary_key=True, serialize=False)),
                ('value', models.TextField()),
                ('expires', models.DateTimeField(db_index=True)),
            ],
            options={
                'verbose_name': 'cache entry',
                'verbose_name_plural': 'cache entries',
                'db_table': 'jornada_cache',
            },
        ),
        migrations.CreateModel(
            name='RateCounter',
            fields=[
                ('name', models.CharField(max_length=200, primary_key=True, serialize=False)),
                ('count', models.PositiveIntegerField(default=0)),
                ('expires', models.BigIntegerField(db_index=True)),
            ],
            options={
                'verbose_name': 'rate-limit counter',
                'verbose_name_plural': 'rate-limit counters',
            },
        ),
    ]
