"""The checks the Cloud API makes on a send request body, for the message types Wasl sends.

Each check returns what is wrong, in the words a developer needs, or None. The stand-in answers any
problem the way Meta does: Graph error 100 ("Invalid parameter") with HTTP 400 and the problem in
`error_data.details`. Limits are Meta's published ones for text, reply buttons, lists, location
requests and templates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

TEXT_BODY_MAX = 4096
INTERACTIVE_BODY_MAX = 1024
HEADER_MAX = 60
FOOTER_MAX = 60
BUTTONS_MAX = 3
BUTTON_TITLE_MAX = 20
BUTTON_ID_MAX = 256
LIST_BUTTON_MAX = 20
SECTIONS_MAX = 10
ROWS_MAX = 10
ROW_TITLE_MAX = 24
ROW_ID_MAX = 200
ROW_DESCRIPTION_MAX = 72
SECTION_TITLE_MAX = 24
TRACKER_MAX = 512
TEMPLATE_COMPONENT_TYPES = frozenset({"header", "body", "button"})
MESSAGE_TYPES = frozenset(
    {
        "text",
        "interactive",
        "template",
        "image",
        "audio",
        "video",
        "document",
        "sticker",
        "location",
        "contacts",
        "reaction",
    }
)

_PHONE = re.compile(r"\+?[0-9]{6,15}")


def send_problem(body: Any) -> str | None:
    """What makes `body` an invalid send request, or None when Meta would accept it."""
    if not isinstance(body, dict):
        return "the request body must be a JSON object"
    if body.get("messaging_product") != "whatsapp":
        return "messaging_product must be 'whatsapp'"
    to = body.get("to")
    if not isinstance(to, str) or not to.strip():
        return "The parameter to is required."
    if not _PHONE.fullmatch(to.strip()):
        return f"to: not a phone number: {to!r}"
    tracker = body.get("biz_opaque_callback_data")
    if tracker is not None and (not isinstance(tracker, str) or len(tracker) > TRACKER_MAX):
        return f"biz_opaque_callback_data: a string of at most {TRACKER_MAX} characters"
    kind = body.get("type", "text")
    if kind not in MESSAGE_TYPES:
        return f"Param type must be one of {{{', '.join(sorted(MESSAGE_TYPES))}}} - got {kind!r}."
    content = body.get(kind)
    if not isinstance(content, dict):
        return f"the parameter {kind} is required for type {kind}"
    check = _CHECKS.get(kind)
    return check(content) if check else None


def _text(content: dict[str, Any]) -> str | None:
    return _string(content.get("body"), "text.body", TEXT_BODY_MAX)


def _interactive(content: dict[str, Any]) -> str | None:
    kind = content.get("type")
    check = _INTERACTIVE_CHECKS.get(kind) if isinstance(kind, str) else None
    if check is None:
        return f"interactive.type: unsupported {kind!r}; one of {', '.join(sorted(_INTERACTIVE_CHECKS))}"
    body = content.get("body")
    problem = _string(
        body.get("text") if isinstance(body, dict) else None, "interactive.body.text", INTERACTIVE_BODY_MAX
    )
    problem = problem or _optional_header(content.get("header"))
    problem = problem or _optional_text(content.get("footer"), "interactive.footer.text", FOOTER_MAX)
    action = content.get("action")
    if not isinstance(action, dict):
        return problem or "interactive.action is required"
    return problem or check(action)


def _reply_buttons(action: dict[str, Any]) -> str | None:
    buttons = action.get("buttons")
    if not isinstance(buttons, list) or not buttons:
        return "interactive.action.buttons: at least one button is required"
    if len(buttons) > BUTTONS_MAX:
        return f"interactive.action.buttons: at most {BUTTONS_MAX} buttons, got {len(buttons)}"
    ids, titles = [], []
    for index, button in enumerate(buttons):
        where = f"interactive.action.buttons[{index}]"
        reply = button.get("reply") if isinstance(button, dict) else None
        if not isinstance(button, dict) or button.get("type") != "reply" or not isinstance(reply, dict):
            return f"{where}: expected {{'type': 'reply', 'reply': {{'id': ..., 'title': ...}}}}"
        problem = _string(reply.get("title"), f"{where}.reply.title", BUTTON_TITLE_MAX)
        problem = problem or _string(reply.get("id"), f"{where}.reply.id", BUTTON_ID_MAX)
        if problem:
            return problem
        ids.append(reply["id"])
        titles.append(reply["title"])
    if len(set(ids)) != len(ids) or len(set(titles)) != len(titles):
        return "interactive.action.buttons: button ids and titles must be unique"
    return None


def _list(action: dict[str, Any]) -> str | None:
    problem = _string(action.get("button"), "interactive.action.button", LIST_BUTTON_MAX)
    sections = action.get("sections")
    if problem:
        return problem
    if not isinstance(sections, list) or not sections or len(sections) > SECTIONS_MAX:
        return f"interactive.action.sections: between 1 and {SECTIONS_MAX} sections"
    row_ids: list[str] = []
    for index, section in enumerate(sections):
        where = f"interactive.action.sections[{index}]"
        if not isinstance(section, dict) or not isinstance(section.get("rows"), list) or not section["rows"]:
            return f"{where}.rows: at least one row is required"
        # A title is required once there are several sections, and must be valid whenever it is given.
        titled = len(sections) > 1 or "title" in section
        problem = _string(section.get("title"), f"{where}.title", SECTION_TITLE_MAX) if titled else None
        problem = problem or _rows(section["rows"], where, row_ids)
        if problem:
            return problem
    if len(row_ids) > ROWS_MAX:
        return f"interactive.action.sections: at most {ROWS_MAX} rows in all, got {len(row_ids)}"
    if len(set(row_ids)) != len(row_ids):
        return "interactive.action.sections: row ids must be unique"
    return None


def _rows(rows: list[Any], where: str, row_ids: list[str]) -> str | None:
    for index, row in enumerate(rows):
        at = f"{where}.rows[{index}]"
        if not isinstance(row, dict):
            return f"{at}: expected an object"
        problem = _string(row.get("id"), f"{at}.id", ROW_ID_MAX)
        problem = problem or _string(row.get("title"), f"{at}.title", ROW_TITLE_MAX)
        problem = problem or _optional_string(
            row.get("description"), f"{at}.description", ROW_DESCRIPTION_MAX
        )
        if problem:
            return problem
        row_ids.append(row["id"])
    return None


def _location_request(action: dict[str, Any]) -> str | None:
    if action.get("name") != "send_location":
        return "interactive.action.name must be 'send_location'"
    return None


def _template(content: dict[str, Any]) -> str | None:
    problem = _string(content.get("name"), "template.name", 512)
    language = content.get("language")
    code = language.get("code") if isinstance(language, dict) else None
    problem = problem or _string(code, "template.language.code", 15)
    components = content.get("components", [])
    if problem:
        return problem
    if not isinstance(components, list):
        return "template.components: expected a list"
    for index, component in enumerate(components):
        where = f"template.components[{index}]"
        kind = component.get("type") if isinstance(component, dict) else None
        if not isinstance(kind, str) or kind.lower() not in TEMPLATE_COMPONENT_TYPES:
            return f"{where}.type: one of {', '.join(sorted(TEMPLATE_COMPONENT_TYPES))}"
        parameters = component.get("parameters", [])
        if not isinstance(parameters, list):
            return f"{where}.parameters: expected a list"
        for position, parameter in enumerate(parameters):
            if not isinstance(parameter, dict) or not isinstance(parameter.get("type"), str):
                return f"{where}.parameters[{position}]: expected an object with a type"
            if parameter["type"] == "text" and not isinstance(parameter.get("text"), str):
                return f"{where}.parameters[{position}].text is required"
    return None


def _optional_header(header: Any) -> str | None:
    if header is None:
        return None
    if not isinstance(header, dict) or header.get("type") != "text":
        return "interactive.header: only text headers are accepted here"
    return _string(header.get("text"), "interactive.header.text", HEADER_MAX)


def _optional_text(container: Any, where: str, limit: int) -> str | None:
    if container is None:
        return None
    return _string(container.get("text") if isinstance(container, dict) else None, where, limit)


def _optional_string(value: Any, where: str, limit: int) -> str | None:
    return None if value is None else _string(value, where, limit)


def _string(value: Any, where: str, limit: int) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return f"{where} is required and must not be empty"
    if len(value) > limit:
        return f"{where}: at most {limit} characters, got {len(value)}"
    return None


_CHECKS: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "text": _text,
    "interactive": _interactive,
    "template": _template,
}
_INTERACTIVE_CHECKS: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "button": _reply_buttons,
    "list": _list,
    "location_request_message": _location_request,
}
