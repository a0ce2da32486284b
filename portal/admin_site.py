"""The admin site: Django's, with every registered form refusing ids beyond the database's
integer range (issue 26). A many-to-many or foreign-key choice of 99999999999999999999 went to
the database, where SQLite raises OverflowError: a 500 on the add page instead of "not one of
the available choices". The portal's own forms do this through `PortalFormMixin`; here every
ModelAdmin's form, add form and inline form gets the same check when it is registered."""

from __future__ import annotations

from functools import cache

from django.contrib import admin
from django.db.models.base import ModelBase

from portal.forms import bound_model_choices


@cache
def bounded_form(form_class):
    """A subclass of ``form_class`` whose model choice fields refuse out-of-range ids."""

    def __init__(self, *args, **kwargs):
        form_class.__init__(self, *args, **kwargs)
        bound_model_choices(self)

    return type(form_class.__name__, (form_class,), {
        "__init__": __init__, "__module__": form_class.__module__})


def bound_admin_forms(model_admin) -> None:
    model_admin.form = bounded_form(model_admin.form)
    if getattr(model_admin, "add_form", None) is not None:
        model_admin.add_form = bounded_form(model_admin.add_form)
    model_admin.inlines = [
        type(inline.__name__, (inline,), {"form": bounded_form(inline.form),
                                          "__module__": inline.__module__})
        for inline in model_admin.inlines]


class PortalAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, admin_class, **options)
        models = ([model_or_iterable] if isinstance(model_or_iterable, ModelBase)
                  else model_or_iterable)
        for model in models:
            if model in self._registry:  # (a swapped model, auth.User, is not registered)
                bound_admin_forms(self._registry[model])
