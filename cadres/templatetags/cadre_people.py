"""Masked personal data in templates: ``{{ cadre|phone_for:user }}``."""

from django import template

register = template.Library()


@register.filter
def phone_for(cadre, user) -> str:
    return cadre.phone_for(user)


@register.filter
def id_number_for(cadre, user) -> str:
    return cadre.id_number_for(user)
