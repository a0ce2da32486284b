"""Writes on cadres and their posts that take more than a form save."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cadres.models import Cadre, Post
from portal.access import DISTRICT_EDITORS, SCHOOL_EDITORS


def can_edit_cadre(user, cadre: Cadre) -> bool:
    """Officers and administrators edit their district's cadres; a secretary those of their
    own school. (Fetching through `visible_to` has already kept out everything else.)"""
    if not user.is_authenticated or user.is_read_only:
        return False
    if user.is_secretary:
        return cadre.school_id is not None and cadre.school_id == user.school_id
    return user.is_superuser or user.role in DISTRICT_EDITORS


def check_can_edit_cadre(user, cadre: Cadre) -> None:
    if user.role not in SCHOOL_EDITORS and not user.is_superuser:
        raise PermissionDenied
    if not can_edit_cadre(user, cadre):
        raise PermissionDenied


@transaction.atomic
def post_end(*, post: Post, user, end: date) -> Post:
    """Close a post on its last day (the post stays in the cadre's timeline)."""
    check_can_edit_cadre(user, post.cadre)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.end is not None and post.end <= end:
        raise ValidationError(_("This post already ended on %(end)s.") % {"end": post.end})
    if end < post.start:
        raise ValidationError(
            _("A post cannot end (%(end)s) before it starts (%(start)s).")
            % {"end": end, "start": post.start})
    post.end = end
    post.save(update_fields=["end"])
    return post
