"""The evaluation reports' model now belongs to the reports app (`reports.0001_initial`); the
table stays. Its content type follows it, so the permissions granted on it are kept, and a
PDF build still queued names the task at its new path."""

from django.db import migrations


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="reports", model="evaluationreport").exists():
        ContentType.objects.filter(app_label="portal", model="evaluationreport").update(
            app_label="reports")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="portal", model="evaluationreport").exists():
        ContentType.objects.filter(app_label="reports", model="evaluationreport").update(
            app_label="portal")


OLD_TASK, NEW_TASK = ("portal.evaluation.services.build_report",
                      "reports.services.build_report")


def move_queued_tasks(apps, schema_editor):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    DBTaskResult.objects.filter(task_path=OLD_TASK).update(task_path=NEW_TASK)


def move_queued_tasks_back(apps, schema_editor):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    DBTaskResult.objects.filter(task_path=NEW_TASK).update(task_path=OLD_TASK)


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0012_notifications_kinds_outbox_robots'),
        ('reports', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('django_tasks_database', '0021_conditional_partial_index_ordering'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.DeleteModel(name='EvaluationReport'),
        ]),
        migrations.RunPython(move_content_type, move_content_type_back),
        migrations.RunPython(move_queued_tasks, move_queued_tasks_back),
    ]
