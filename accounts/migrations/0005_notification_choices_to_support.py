# The notification choices moved to support (support/0005 takes the table over): here
# they leave accounts' state only; the table stays until support renames it.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_cabinet_cache'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='NotificationChoice')],
            database_operations=[],
        ),
    ]
