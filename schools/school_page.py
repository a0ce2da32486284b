"""The school page's link to its evaluation PDF (profile, honours, inspections, compliance,
volunteering), for everyone who may see the school."""

from django.template.loader import render_to_string


def section(request, school) -> str | None:
    return render_to_string("schools/_evaluation_link.html", {"school": school},
                            request=request)
