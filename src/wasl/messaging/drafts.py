"""What a notification says on each channel: a WhatsApp template outside the service window, text inside it."""

from __future__ import annotations

from collections.abc import Mapping

from wasl.messaging.rendering import render
from wasl.messaging.selectors import TemplateInForce
from wasl.messaging.services import Draft

EMPTY_PARAM = "-"  # WhatsApp refuses empty template parameters


def notification_draft(
    *,
    channel: str,
    event: str,
    language: str,
    template: TemplateInForce,
    values: Mapping[str, str],
    window_open: bool,
    subject: str = "",
) -> Draft:
    body = render(template.body, values)
    if channel == "whatsapp" and not window_open:
        params = tuple(values.get(name, "") or EMPTY_PARAM for name in template.param_names)
        return Draft(
            kind="template",
            body=body,
            language=language,
            event=event,
            template_name=template.provider_name,
            template_params=params,
        )
    if channel == "email":
        return Draft(kind="email", body=body, language=language, event=event, subject=subject)
    return Draft(kind="text", body=body, language=language, event=event)
