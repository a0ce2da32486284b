"""`{% todo_list %}`: the user's to-do list (`portal.todo.collect_todos`), on the home page
and on the pages that serve as a home (the organisation department's, the leaders' reports)."""

from django import template
from django.utils import timezone

from portal.todo import collect_todos

register = template.Library()


@register.inclusion_tag("portal/_todo_list.html", takes_context=True)
def todo_list(context, hide_empty: bool = False) -> dict:
    user = context["request"].user
    today = timezone.localdate()
    rows = [{"item": item, "overdue": item.days_overdue(today), "left": item.days_left(today)}
            for item in collect_todos(user, today)]
    return {"rows": rows, "hide_empty": hide_empty, "today": today}
