from django.db import migrations, models


class Migration(migrations.Migration):
    """The salt of the name hash a certificate binds (printed on the PDF/QR only) and why it was revoked."""

    dependencies = [
        ("graders", "0004_quiz_item_responses"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="name_salt",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AddField(
            model_name="certificate",
            name="revocation_reason",
            field=models.CharField(blank=True, default="", max_length=500),
        ),
    ]
