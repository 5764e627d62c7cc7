"""One public way to forget the process-wide memos."""

from __future__ import annotations

import pytest

from stopalprs.actions import senders
from stopalprs.campaigns import services as campaigns
from stopalprs.lawmakers import services as lawmakers
from stopalprs.lib.memo import reset_caches

pytestmark = pytest.mark.django_db


def test_reset_caches_forgets_every_memo_a_signature_fills(client, campaign, alice, settings):
    settings.PAGE_CACHE_SECONDS = 60  # as in production: the campaign is memoized
    client.post("/c/stop-alprs/", alice)  # a signature: campaign, ZIP code, today's key
    assert campaigns._memo and senders._KEYS
    assert lawmakers._zip_code.cache_info().currsize > 0
    reset_caches()
    assert not campaigns._memo and not senders._KEYS
    assert lawmakers._zip_code.cache_info().currsize == 0
