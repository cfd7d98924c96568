"""Plain views that belong to no domain."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse


def health(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers and for benchmarks' baseline: touches nothing."""
    return JsonResponse({"ok": True})
