from django.db import migrations, models


class Migration(migrations.Migration):
    """Each row is now written once, with its answer. A row without one was never committed
    by the earlier code (it was written in the request's transaction), so none is lost."""

    dependencies = [("vodokanal", "0002_idempotent_requests")]

    operations = [
        migrations.RunSQL("DELETE FROM vodokanal_idempotentrequest WHERE status IS NULL "
                          "OR body IS NULL", reverse_sql=migrations.RunSQL.noop),
        migrations.AlterField(model_name="idempotentrequest", name="status",
                              field=models.PositiveSmallIntegerField()),
        migrations.AlterField(model_name="idempotentrequest", name="body",
                              field=models.JSONField()),
    ]
