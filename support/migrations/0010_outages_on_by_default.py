"""Outages at one's address by e-mail became a default of a new login; the logins made
before, which never had it on, get it too (a resident who never chose any outage notice
had no way to be told the water is off). One INSERT … SELECT, safe while the previous
release serves: it adds rows, and a login that has any outage choice keeps its own."""

from django.db import migrations

ADD = """
INSERT INTO support_notificationchoice (user_id, kind, channel)
SELECT u.id, 'outage', 'email' FROM accounts_user u
 WHERE u.kind = 'individual' AND u.is_active AND u.email <> ''
   AND NOT EXISTS (SELECT 1 FROM support_notificationchoice c
                    WHERE c.user_id = u.id AND c.kind = 'outage')
ON CONFLICT DO NOTHING
"""


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
        ("support", "0009_autopay_notices"),
    ]

    operations = [migrations.RunSQL(ADD, reverse_sql=migrations.RunSQL.noop)]
