# The notification choices moved here from accounts: the model enters support's state on
# the table accounts made, which is then renamed; no row is copied.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_notification_choices_to_support'),
        ('support', '0004_notice_in_the_cabinet'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='NotificationChoice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('tariff_change', 'Tariff changes'), ('reading_reminder', 'Meter reading reminders'), ('verification_due', 'Meter verification due'), ('question_answered', 'Answers to my questions'), ('payment_received', 'Payments received'), ('paperless_receipt', 'Monthly receipt by e-mail (paperless)'), ('document_published', 'New documents from the utility')], max_length=32, verbose_name='notice')),
                        ('channel', models.CharField(choices=[('email', 'E-mail'), ('sms', 'SMS')], max_length=8, verbose_name='channel')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notification_choices', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'notification choice',
                        'verbose_name_plural': 'notification choices',
                        'db_table': 'accounts_notificationchoice',
                        'indexes': [models.Index(fields=['kind', 'channel'], name='notification_choice_fanout')],
                        'constraints': [models.UniqueConstraint(fields=('user', 'kind', 'channel'), name='notification_choice_once'), models.CheckConstraint(condition=models.Q(('channel', 'sms'), ('kind', 'paperless_receipt'), _negated=True), name='notification_choice_receipt_by_email')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name='notificationchoice', table=None),
    ]
