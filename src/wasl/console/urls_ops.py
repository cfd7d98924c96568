"""Console pages of one area, included by wasl.console.urls under the console namespace: the operations pages
(queues, the warehouse dock, inventory) and the CSV exports."""

from django.urls import URLPattern, path, register_converter

from wasl.console import views_exports, views_inventory, views_queues, views_receiving


class ReturnCode:
    """A return's code as it appears in links: letters and digits (the lookup itself ignores case)."""

    regex = "[A-Za-z0-9]{1,20}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class TableName:
    regex = "[a-z_]{1,40}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReturnCode, "returncode")
register_converter(TableName, "tablename")

STORE = "<slug:store_slug>/"
DOCK = STORE + "receiving/"
RETURN = DOCK + "<returncode:code>/"
QUEUE_RETURN = STORE + "queues/returns/<returncode:code>/"
INVENTORY = STORE + "inventory/"

urlpatterns: list[URLPattern] = [
    path(STORE + "queues/", views_queues.queues_view, name="queues"),
    path(QUEUE_RETURN + "approve/", views_queues.queue_approve_view, name="queue_approve"),
    path(QUEUE_RETURN + "reject/", views_queues.queue_reject_view, name="queue_reject"),
    path(DOCK, views_receiving.receiving_view, name="receiving"),
    path(DOCK + "scan/", views_receiving.receiving_scan_view, name="receiving_scan"),
    path(RETURN, views_receiving.receiving_return_view, name="receiving_return"),
    path(RETURN + "inspect/", views_receiving.receiving_inspect_view, name="receiving_inspect"),
    path(RETURN + "photos/", views_receiving.receiving_photo_view, name="receiving_photo"),
    path(
        RETURN + "photos/<int:photo_id>/",
        views_receiving.receiving_photo_file_view,
        name="receiving_photo_file",
    ),
    path(RETURN + "resolve/", views_receiving.receiving_resolve_view, name="receiving_resolve"),
    path(INVENTORY, views_inventory.inventory_view, name="inventory"),
    path(INVENTORY + "threshold/", views_inventory.inventory_threshold_view, name="inventory_threshold"),
    path(
        INVENTORY + "variants/<int:variant_id>/threshold/",
        views_inventory.variant_threshold_view,
        name="variant_threshold",
    ),
    path(STORE + "export/", views_exports.exports_view, name="exports"),
    path(STORE + "export/<tablename:table>.csv", views_exports.export_view, name="export"),
]
