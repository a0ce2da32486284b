"""Writes on cadres and their posts that take more than a form save."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cadres.models import Cadre, Post
from portal import access
from portal.access import Refused


def can_edit_cadre(user, cadre: Cadre) -> bool:
    """Officers and administrators edit their district's cadres; a secretary those of their
    own school; leaders none."""
    if access.is_read_only(user):
        return False
    if access.is_secretary(user):
        return access.secretary_of(user, cadre.school_id)
    return access.edits_district(user, cadre.district_id)


def check_can_edit_cadre(user, cadre: Cadre) -> None:
    if not can_edit_cadre(user, cadre):
        raise Refused(_("Only officers of the district and the cadre's school keep its "
                        "record."))


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
