"""core.bulk: inserting many rows and getting their keys back, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from wasl.core.bulk import insert_rows_returning_pks
from wasl.messaging.models import Conversation, Message, MessageStatus
from wasl.stores.models import Store

COLUMNS = [f.name for f in Message._meta.concrete_fields if not f.primary_key]


def _message(conversation: Conversation, key: str, **extra: object) -> Message:
    return Message(
        store_id=conversation.store_id,
        conversation=conversation,
        direction="out",
        channel="whatsapp",
        kind="template",
        event="shipment.out_for_delivery",
        language="ar",
        body="طردك في الطريق",
        template_params=["سارة", "#1001"],
        buttons=[{"id": "b1", "title": "نعم"}],
        extra={"header": "Wasl"},
        idempotency_key=key,
        status=MessageStatus.QUEUED,
        **extra,
    )


@pytest.fixture
def conversation(store: Store) -> Conversation:
    return Conversation.objects.create(store=store, channel="whatsapp", address="+966501234567")


@pytest.mark.django_db(transaction=True)
def test_every_row_gets_the_key_the_database_gave_it_and_its_values_round_trip(
    store: Store, conversation: Conversation
) -> None:
    rows = [_message(conversation, f"k{n}") for n in range(250)]
    insert_rows_returning_pks(rows, COLUMNS, key="idempotency_key", scope={"store_id": store.pk})
    stored = {m.pk: m for m in Message.objects.filter(store=store)}
    assert len(stored) == 250
    for row in rows:
        saved = stored[row.pk]
        assert saved.idempotency_key == row.idempotency_key
        assert saved.template_params == ["سارة", "#1001"]
        assert saved.buttons == [{"id": "b1", "title": "نعم"}]
        assert saved.extra == {"header": "Wasl"}
        assert saved.created_at is not None
        assert row._state.adding is False


@pytest.mark.django_db(transaction=True)
def test_a_row_that_breaks_a_unique_constraint_raises_integrity_error_and_inserts_nothing(
    store: Store, conversation: Conversation
) -> None:
    Message.objects.create(
        **{
            f.attname: getattr(_message(conversation, "dup"), f.attname)
            for f in Message._meta.concrete_fields
            if not f.primary_key
        }
    )
    rows = [_message(conversation, "fresh"), _message(conversation, "dup")]
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows_returning_pks(rows, COLUMNS, key="idempotency_key", scope={"store_id": store.pk})
    assert list(Message.objects.filter(store=store).values_list("idempotency_key", flat=True)) == ["dup"]


@pytest.mark.django_db
def test_nothing_to_insert_does_nothing(store: Store) -> None:
    insert_rows_returning_pks([], COLUMNS, key="idempotency_key", scope={"store_id": store.pk})
    assert Message.objects.count() == 0
