"""The figure registry's definitions (指标口径) in pages: home panels and the reports page."""

from django import template

register = template.Library()


@register.inclusion_tag("portal/_definition.html")
def figure_definition(key: str, label: str = ""):
    """The registry's definition of a figure (指标口径) as a disclosure: a button-like
    <summary> that opens on click, tap or keyboard, its text also a hover title."""
    from portal import figures

    figures.discover()
    if key not in figures.DEFINITIONS:
        return {"rows": []}
    rows = figures.definition(key).describe()
    return {"key": key, "label": label or figures.label(key), "rows": rows,
            "title": " · ".join(f"{term}: {text}" for term, text in rows)}
