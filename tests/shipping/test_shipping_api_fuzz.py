"""Whatever a client sends to the tracking-event batch endpoint, the answer is coded, never a 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

texts = st.text(max_size=160)
times = st.one_of(
    st.datetimes(timezones=st.sampled_from([None, __import__("datetime").UTC])).map(lambda d: d.isoformat()),
    texts,
)
event = st.fixed_dictionaries(
    {"tracking_number": texts, "occurred_at": times},
    optional={
        "status": st.one_of(st.sampled_from(["delivered", "delivery_failed", "in_transit"]), texts),
        "carrier": st.one_of(st.sampled_from(["aramex", "smsa", "delhivery", "aftership"]), texts),
        "code": texts,
        "description": texts,
        "ndr_reason": st.one_of(st.sampled_from(["refused", "other"]), texts),
        "location": texts,
        "event_id": texts,
        "order_id": texts,
    },
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=st.lists(event, max_size=6))
def test_random_batches_get_coded_answers_never_a_server_error(api, events) -> None:
    response = api.post("/api/v1/tracking-events/batch", {"events": events})
    assert response.status_code in (200, 400, 422), response.content[:300]
    body = response.json()
    if response.status_code == 200:
        assert len(body["results"]) == len(events)
        assert all(e["code"] and e["message"] for e in body["errors"])
    else:
        assert body["code"] and body["message"]
