from __future__ import annotations

import csv

import pytest
from django.conf import settings

from stopalprs.watch.importer import import_contract_actions
from stopalprs.watch.models import ContractAction

pytestmark = pytest.mark.django_db


def test_every_shipped_row_is_loaded_with_its_source_and_reloading_changes_nothing():
    with (settings.REFERENCE_DATA_DIR / "alpr" / "alpr_contract_actions.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert ContractAction.objects.count() == len(rows) == 157
    assert all(a.source_url.startswith("http") for a in ContractAction.objects.all())
    before = sorted(ContractAction.objects.values_list("city", "date", "action", "source_url"))
    import_contract_actions()
    after = sorted(ContractAction.objects.values_list("city", "date", "action", "source_url"))
    assert before == after
