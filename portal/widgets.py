"""A multi-select over hundreds of rows (the schools or cadres of a district) that searches
as you type.

Without script it is the plain ``<select multiple>`` with every row. With script,
``portal.js`` puts the widget's ``<template>`` in its place: the rows chosen (checked
checkboxes of the field's name, unticked to leave them out), and a search box labelled by the
field's label whose results come from ``search_url`` through htmx — the rows the user may
see, a page at a time (`portal.choices.ChoiceSearch`). Choosing a result (click, Enter or
Space; the arrow keys move from the box through the results) adds it to the chosen rows."""

from __future__ import annotations

from django import forms


class SearchSelectMultiple(forms.SelectMultiple):
    template_name = "portal/widgets/search_select_multiple.html"

    def __init__(self, attrs=None, search_url: str = ""):
        super().__init__(attrs)
        self.search_url = search_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["search_url"] = str(self.search_url)
        widget["chosen"] = [option for _group, options, _index in widget["optgroups"]
                            for option in options if option["selected"]]
        widget["attrs"].setdefault("size", 10)
        if widget["attrs"].get("id"):
            widget["attrs"]["aria-describedby"] = " ".join(filter(None, [
                widget["attrs"].get("aria-describedby"), f"{widget['attrs']['id']}-keys"]))
        return context
