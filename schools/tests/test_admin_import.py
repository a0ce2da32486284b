"""The admin's import (django-import-export) runs full model validation and shows row
messages, never a traceback (issue 11)."""

from django.contrib.admin.sites import site
from django.core.files.uploadedfile import SimpleUploadedFile

from schools.models import School


def post_csv(client, text):
    admin = site._registry[School]
    formats = admin.get_import_formats()
    index = next(i for i, f in enumerate(formats) if f().get_title() == "csv")
    return client.post("/admin/schools/school/import/", {
        "format": str(index),
        "import_file": SimpleUploadedFile("schools.csv", text.encode("utf-8")),
    })


def test_a_row_with_a_wrong_level_or_no_level_is_refused(world, client_for):
    client = client_for(world.admin)
    response = post_csv(client, "district,name,level\n渝中区,乙小学,zzz\n渝中区,丙小学,\n")
    page = response.content.decode()
    assert response.status_code == 200
    assert "zzz" in page
    # The preview refuses the file: no confirm form to import it.
    assert 'name="import_file_name"' not in page
    assert not School.objects.filter(name__in=["乙小学", "丙小学"]).exists()


def test_wrong_headers_give_a_message_without_traceback(world, client_for):
    response = post_csv(client_for(world.admin), "学校,学段\n乙小学,小学\n")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Traceback" not in page and "site-packages" not in page and ".py" not in page
    assert "district" in page
    assert not School.objects.filter(name="乙小学").exists()
