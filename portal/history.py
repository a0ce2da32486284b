"""History of rows a deletion changes (issue 26).

A foreign key with ``on_delete=SET_NULL`` is emptied by the database update Django runs when the
row it points to is deleted: no ``save()``, so no history row. Deleting a branch emptied its
applicants' branch with nothing to say who did it or when. Here a ``pre_delete`` receiver on
every model such a key points to writes one history row ("~") per row about to be emptied,
with the key already empty, the user of the request (or the deleted row's ``_history_user``)
and a reason naming what was deleted. It runs inside the deletion's transaction: a deletion
that fails leaves no history either.
"""

from __future__ import annotations

from collections import defaultdict

from django.apps import apps
from django.db import models
from django.db.models.signals import pre_delete

REASON_MAX_LENGTH = 100  # the history's change reason holds 100 characters


def has_history(model) -> bool:
    return bool(getattr(model._meta, "simple_history_manager_attribute", None))


def set_null_keys() -> dict[type[models.Model], list[models.ForeignKey]]:
    """{model pointed to: the SET_NULL keys of models with history that point to it}."""
    found = defaultdict(list)
    for model in apps.get_models():
        if not has_history(model):
            continue
        for field in model._meta.concrete_fields:
            if (isinstance(field, models.ForeignKey)
                    and field.remote_field.on_delete is models.SET_NULL):
                found[field.related_model].append(field)
    return dict(found)


def _record_emptied(sender, instance, using, **kwargs) -> None:
    default_user = getattr(instance, "_history_user", None)
    for field in KEYS.get(sender, ()):
        model = field.model
        rows = list(model._base_manager.using(using).filter(**{field.name: instance}))
        if not rows:
            continue
        for row in rows:
            setattr(row, field.attname, None)
        reason = f"{field.name} emptied: {sender._meta.model_name} {instance.pk} deleted"
        manager = getattr(model, model._meta.simple_history_manager_attribute)
        manager.bulk_history_create(rows, update=True, default_user=default_user,
                                    default_change_reason=reason[:REASON_MAX_LENGTH])


KEYS: dict[type[models.Model], list[models.ForeignKey]] = {}


def connect() -> None:
    """Called once the models are loaded (PortalConfig.ready)."""
    KEYS.clear()
    KEYS.update(set_null_keys())
    for target in KEYS:
        pre_delete.connect(_record_emptied, sender=target,
                           dispatch_uid=f"history-set-null-{target._meta.label}")


def start_history(*labels: str, reason: str = "history started"):
    """A migration's RunPython step for models that gain a history: one "+" row per row that
    exists, so the first change made afterwards has a state to be compared with. ``labels``
    are "app_label.ModelName" (the historical model is "app_label.HistoricalModelName")."""

    def run(apps, schema_editor):
        from django.utils import timezone

        now = timezone.now()
        for label in labels:
            app_label, name = label.split(".")
            model = apps.get_model(app_label, name)
            historical = apps.get_model(app_label, f"Historical{name}")
            copied = [f.attname for f in historical._meta.concrete_fields
                      if not f.name.startswith("history_")]
            historical.objects.bulk_create(
                (historical(**{a: getattr(row, a) for a in copied}, history_date=now,
                            history_type="+", history_change_reason=reason)
                 for row in model._base_manager.order_by("pk").iterator()),
                batch_size=500)

    return run
