"""The buyer's returns portal: /r/<store>/."""

from django.urls import path

from wasl.portal import views_returns, views_returns_request, views_returns_status

app_name = "returns_portal"

urlpatterns = [
    path("<slug:store_slug>/", views_returns.find_order, name="find"),
    path("<slug:store_slug>/code/", views_returns.verify_code, name="verify"),
    path("<slug:store_slug>/sign-out/", views_returns.sign_out, name="sign_out"),
    path("<slug:store_slug>/order/", views_returns_request.choose_items, name="items"),
    path(
        "<slug:store_slug>/order/photos/<int:photo_id>/remove/",
        views_returns_request.remove_photo,
        name="remove_photo",
    ),
    path("<slug:store_slug>/order/options/", views_returns_request.choose_options, name="options"),
    path("<slug:store_slug>/return/<str:code>/", views_returns_status.return_page, name="return"),
    path("<slug:store_slug>/return/<str:code>/qr.png", views_returns_status.return_qr_png, name="qr_png"),
    path("<slug:store_slug>/return/<str:code>/label.pdf", views_returns_status.return_label, name="label"),
    path("<slug:store_slug>/return/<str:code>/pay/", views_returns_status.pay_difference, name="pay"),
    path("<slug:store_slug>/return/<str:code>/withdraw/", views_returns_status.withdraw, name="withdraw"),
]
