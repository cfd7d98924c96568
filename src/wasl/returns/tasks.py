"""Background work for returns: the first carrier scan of a reverse parcel."""

from __future__ import annotations

from django_tasks import task

from wasl.core.retry import TransientError, retrying
from wasl.payments.models import RefundStatus
from wasl.returns.models import ReturnRequest
from wasl.returns.resolve import return_resolve
from wasl.returns.services import return_mark_in_transit


@task()
@retrying(max_attempts=8, base=10.0, cap=1800.0, retry_on=(TransientError,))
def return_first_scan(return_id: int) -> str:
    """Safe to run twice: the move happens once (state check), the refund once (outcome check and its key)."""
    ret = ReturnRequest.objects.filter(pk=return_id).select_related("reverse_shipment").first()
    if ret is None:
        return "gone"
    status = ret.reverse_shipment.status if ret.reverse_shipment else ""
    ret, _moved = return_mark_in_transit(ret=ret, tracking_status=status)
    if not ret.refund_at_first_scan or ret.outcome:
        return str(ret.outcome or ret.state)
    ret = return_resolve(ret=ret, actor="policy", early=True)
    if ret.refund is not None and ret.refund.status == RefundStatus.REQUESTED and ret.refund.error_code:
        # The provider was away; the payments retry task already has it. Nothing more to do here.
        return "refund_pending"
    return str(ret.outcome or ret.state)


@task()
def notify_return_step(return_id: int, step: str) -> str:
    """Safe to run twice: the message's key is the return and the step."""
    from wasl.returns.notify import return_notification_send

    return return_notification_send(return_id=return_id, step=step)
