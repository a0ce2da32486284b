"""The evaluation reports' model moves here from the portal app. Its table is the one the portal
app made (`portal_evaluationreport`): only Django's idea of which app owns it changes."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('portal', '0012_notifications_kinds_outbox_robots'),
        ('schools', '0005_applicant_status'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='EvaluationReport',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('district', 'District evaluation summary'), ('school', 'School evaluation')], max_length=20, verbose_name='kind')),
                    ('period_start', models.DateField(verbose_name='from')),
                    ('period_end', models.DateField(verbose_name='to')),
                    ('period_label', models.CharField(blank=True, max_length=100, verbose_name='period')),
                    ('language', models.CharField(choices=[('zh-hans', 'Simplified Chinese'), ('en', 'English')], max_length=10, verbose_name='language')),
                    ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Building'), ('done', 'Ready'), ('failed', 'Failed')], default='queued', max_length=20, verbose_name='status')),
                    ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='progress (%)')),
                    ('error', models.TextField(blank=True, verbose_name='error')),
                    ('file', models.FileField(blank=True, upload_to='evaluation/%Y/%m/', verbose_name='file')),
                    ('fingerprint', models.CharField(blank=True, max_length=64, verbose_name='data fingerprint')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='requested at')),
                    ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                    ('district', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evaluation_reports', to='portal.district', verbose_name='district')),
                    ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
                    ('school', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='evaluation_reports', to='schools.school', verbose_name='school')),
                ],
                options={
                    'verbose_name': 'evaluation report',
                    'verbose_name_plural': 'evaluation reports',
                    'db_table': 'portal_evaluationreport',
                    'ordering': ['-created_at', '-pk'],
                    'indexes': [models.Index(fields=['district', 'kind', 'period_start', 'period_end'], name='portal_eval_distric_d18b01_idx')],
                    'constraints': [models.CheckConstraint(condition=models.Q(('period_start__lte', models.F('period_end'))), name='evaluationreport_period_ordered', violation_error_message='The period ends before it starts.'), models.CheckConstraint(condition=models.Q(models.Q(('kind', 'district'), ('school__isnull', True)), models.Q(('kind', 'school'), ('school__isnull', False)), _connector='OR'), name='evaluationreport_school_matches_kind', violation_error_message='A school evaluation needs a school, and only it.'), models.UniqueConstraint(condition=models.Q(('kind', 'district'), ('status__in', ['queued', 'running'])), fields=('district', 'period_start', 'period_end', 'language'), name='evaluationreport_one_pending_district_build'), models.UniqueConstraint(condition=models.Q(('kind', 'school'), ('status__in', ['queued', 'running'])), fields=('school', 'period_start', 'period_end', 'language'), name='evaluationreport_one_pending_school_build')],
                },
            ),
        ]),
    ]
