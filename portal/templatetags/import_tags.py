"""``{% import_button "kind" %}``: the 导入 entry of a register's list page, for the roles that
may write the register (see each app's ``imports.py``)."""

from django import template

from portal.imports import registry

register = template.Library()


@register.inclusion_tag("portal/imports/_button.html", takes_context=True)
def import_button(context, *kinds):
    user = context["request"].user
    found = []
    for kind in kinds:
        importer_class = registry.importers().get(kind)
        if importer_class is not None and registry.may_import(user, importer_class):
            found.append((kind, importer_class.title))
    return {"kinds": found}
