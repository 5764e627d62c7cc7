from __future__ import annotations

import csv
import io

import pytest
from django.conf import settings
from django.core.management import call_command

from stopalprs.lawmakers.importer import import_reference_data
from stopalprs.lawmakers.models import DistrictOffice, Legislator, ZipCode

pytestmark = pytest.mark.django_db


def rows(name: str) -> int:
    with (settings.REFERENCE_DATA_DIR / name).open(newline="") as f:
        return sum(1 for _ in csv.DictReader(f))


def test_the_session_import_loaded_every_shipped_row():
    assert ZipCode.objects.count() == rows("zip_geo/zip_city_state_latlon.csv") == 42789
    assert Legislator.objects.filter(chamber__in=["house", "senate"]).count() == 537
    assert Legislator.objects.exclude(chamber__in=["house", "senate"]).count() == rows(
        "state_legislators/openstates_current_legislators.csv"
    )
    assert DistrictOffice.objects.count() == rows("congress/legislators-district-offices.csv")


def test_importing_again_changes_nothing():
    report = import_reference_data()
    assert all(counts == {"created": 0, "updated": 0, "deleted": 0} for counts in report.values())


def test_a_refresh_updates_changed_rows_and_removes_vanished_ones():
    Legislator.objects.filter(source_id="P000197").update(phone="000")
    Legislator.objects.create(source_id="GONE", chamber="house", state="CA", name="Former")
    report = import_reference_data()
    assert report["legislators"] == {"created": 0, "updated": 1, "deleted": 1}
    assert Legislator.objects.get(source_id="P000197").phone == "202-225-4965"


def test_the_command_reports_what_it_did():
    out, err = io.StringIO(), io.StringIO()
    call_command("import_lawmakers", stdout=out, stderr=err)
    assert "zip codes: 0 created, 0 updated, 0 deleted" in out.getvalue()
    assert "rows" in err.getvalue()  # the progress bar
