"""Operations that several entry points share."""

from __future__ import annotations

from django.core.management import call_command

from stopalprs.campaigns.services import load_default_campaign
from stopalprs.lawmakers.importer import ensure_reference_data
from stopalprs.staff.access import ensure_roles
from stopalprs.watch.importer import ensure_contract_actions


def prepare_database() -> None:
    """Bring a database, empty or not, up to date and make sure the default campaign exists.

    Idempotent: run at every start of `make run` and `make serve`.
    """
    call_command("migrate", interactive=False, verbosity=0)
    load_default_campaign()
    ensure_roles()
    ensure_reference_data()
    ensure_contract_actions()
