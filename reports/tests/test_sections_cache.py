"""The reports page's kept sections (reports.collect.cached_district_sections):
one request collects at a time; the others show the kept sections or wait for the
collection under way."""

import threading
import time

import pytest
from django.core.cache import cache
from django.utils import timezone, translation

from portal.school_year import school_year_of
from reports import collect


@pytest.fixture
def period():
    return school_year_of(timezone.localdate())


def _key(district, period):
    return (f"evaluation-sections:{district.pk}:{period.start}:{period.end}:"
            f"{translation.get_language()}:{timezone.localdate()}")


@pytest.fixture
def collections(monkeypatch):
    made = []

    def collect_now(*, district, period):
        made.append(district.pk)
        return [f"collected {len(made)}"]

    monkeypatch.setattr(collect, "district_sections", collect_now)
    cache.clear()
    yield made
    cache.clear()


@pytest.mark.django_db
def test_fresh_sections_are_kept_and_stale_ones_collected_again(world, period, collections):
    first = collect.cached_district_sections(district=world.district, period=period)
    assert collect.cached_district_sections(district=world.district, period=period) == first
    assert collections == [world.district.pk]
    key = _key(world.district, period)
    cache.set(key, (time.time() - 1, first))  # older than PAGE_CACHE_SECONDS
    again = collect.cached_district_sections(district=world.district, period=period)
    assert again == ["collected 2"] and len(collections) == 2
    assert cache.get(f"{key}:building") is None


@pytest.mark.django_db
def test_while_one_request_refreshes_the_others_show_the_kept_sections(world, period,
                                                                       collections):
    key = _key(world.district, period)
    cache.set(key, (time.time() - 1, ["kept"]))
    cache.add(f"{key}:building", 1, 30)  # another request is collecting
    assert collect.cached_district_sections(district=world.district, period=period) == ["kept"]
    assert collections == []


@pytest.mark.django_db
def test_with_nothing_kept_the_others_wait_for_the_collection_under_way(world, period,
                                                                       collections):
    key = _key(world.district, period)
    cache.add(f"{key}:building", 1, 30)

    def the_other_request_finishes():
        time.sleep(0.3)
        cache.set(key, (time.time() + 300, ["theirs"]))
        cache.delete(f"{key}:building")

    other = threading.Thread(target=the_other_request_finishes)
    other.start()
    try:
        got = collect.cached_district_sections(district=world.district, period=period)
    finally:
        other.join()
    assert got == ["theirs"] and collections == []


@pytest.mark.django_db
def test_if_the_collecting_request_fails_the_waiting_one_collects(world, period, collections):
    key = _key(world.district, period)
    cache.add(f"{key}:building", 1, 30)
    threading.Timer(0.2, cache.delete, args=[f"{key}:building"]).start()
    got = collect.cached_district_sections(district=world.district, period=period)
    assert got == ["collected 1"] and collections == [world.district.pk]
