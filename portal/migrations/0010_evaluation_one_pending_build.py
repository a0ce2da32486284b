"""One queued or running build per PDF. Duplicates left by simultaneous requests before this
migration are marked failed (the oldest of each is kept); their queued tasks skip them."""

from django.db import migrations, models


def fail_duplicate_builds(apps, schema_editor):
    EvaluationReport = apps.get_model("portal", "EvaluationReport")
    seen = set()
    pending = EvaluationReport.objects.filter(status__in=["queued", "running"]).order_by(
        "created_at", "pk")
    for report in pending:
        key = (report.kind, report.district_id, report.school_id, report.period_start,
               report.period_end, report.language)
        if key in seen:
            EvaluationReport.objects.filter(pk=report.pk).update(
                status="failed", error="A duplicate of a build of the same PDF.")
        seen.add(key)


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0009_import_batch_params'),
        ('schools', '0005_applicant_status'),
    ]

    operations = [
        migrations.RunPython(fail_duplicate_builds, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='evaluationreport',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'district'), ('status__in', ['queued', 'running'])), fields=('district', 'period_start', 'period_end', 'language'), name='evaluationreport_one_pending_district_build'),
        ),
        migrations.AddConstraint(
            model_name='evaluationreport',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'school'), ('status__in', ['queued', 'running'])), fields=('school', 'period_start', 'period_end', 'language'), name='evaluationreport_one_pending_school_build'),
        ),
    ]
