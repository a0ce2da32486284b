import pytest
from django.core.management import call_command

from supervision.models import Indicator, Standard


@pytest.mark.django_db(transaction=True)
def test_standards_come_back_after_a_flush():
    call_command("flush", interactive=False, verbosity=0)
    assert Standard.objects.filter(code="middle-league", is_draft=False).exists()
    assert Indicator.objects.filter(standard__code="middle-league").count() == 12
