"""Uploaded files keep their own name (issue 10's defect list): lists and downloads show the
name the file had on the user's computer, not the stored, renamed one."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from supervision.demo import PNG
from supervision.models import Evidence, Inspection
from supervision.tests.factories import make_inspection, make_order

pytestmark = pytest.mark.django_db


def test_evidence_keeps_its_original_name(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    inspection = make_inspection(world, status=Inspection.Status.IN_PROGRESS)
    client = client_for(world.officer)
    for _ in range(2):  # the second is stored under another name
        client.post(reverse("supervision:evidence_add", args=[inspection.pk]),
                    {"file": SimpleUploadedFile("团课 照片.png", PNG),
                     "produced_on": "2025-11-03"})
    first, second = Evidence.objects.order_by("pk")
    assert first.file.name != second.file.name
    assert first.original_name == second.original_name == "团课 照片.png"
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert page.count("团课 照片.png") >= 2
    assert second.file.name.rsplit("/", 1)[-1] not in page
    response = client.get(reverse("supervision:evidence_file", args=[second.pk]))
    assert "filename*=utf-8''%E5%9B%A2%E8%AF%BE%20%E7%85%A7%E7%89%87.png" in response[
        "Content-Disposition"]


def test_rectification_response_keeps_its_original_name(world, client_for, settings,
                                                        tmp_path):
    settings.MEDIA_ROOT = tmp_path
    order = make_order(make_inspection(world, status=Inspection.Status.PUBLISHED))
    client = client_for(world.secretary)
    client.post(reverse("supervision:order_respond", args=[order.pk]),
                {"text": "已补齐团员档案", "file": SimpleUploadedFile("整改报告.pdf",
                                                                   b"%PDF-1.4 x")})
    response = order.responses.get()
    assert response.original_name == "整改报告.pdf" and response.filename == "整改报告.pdf"
    page = client.get(order.get_absolute_url()).content.decode()
    assert "整改报告.pdf" in page
    download = client.get(reverse("supervision:response_file", args=[response.pk]))
    assert "%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A.pdf" in download["Content-Disposition"]
