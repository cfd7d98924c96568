"""Failed-delivery reasons read out of courier remarks in English, Arabic and French."""

from __future__ import annotations

import pytest

from wasl.carriers.base import classify_ndr_text

CASES = [
    # English
    ("Customer not available", "customer_unavailable"),
    ("Consignee Unavailable", "customer_unavailable"),
    ("Addressee not available", "customer_unavailable"),
    ("Recipient not available at the given address", "customer_unavailable"),
    ("Consignee out of station", "customer_unavailable"),
    ("Refused", "refused"),
    ("Customer refused delivery", "refused"),
    ("Attempted Delivery - Payment was Declined by Consignee / Awaiting Shipper Instructions", "refused"),
    ("Consignee refused to accept/order cancelled", "refused"),
    ("Customer does not want the product", "refused"),
    ("Cash not ready", "cod_not_ready"),
    ("COD amount not ready", "cod_not_ready"),
    ("On Hold - Payment not Ready / Delivery Rescheduled", "cod_not_ready"),
    ("Attempted Delivery - Unable To Collect Charges From The Customer", "cod_not_ready"),
    ("Incorrect address", "address_issue"),
    ("Address not found", "address_issue"),
    ("Attempted Delivery - Awaiting Correct Delivery Address", "address_issue"),
    ("Incomplete address & contact details", "address_issue"),
    ("Customer moved", "address_issue"),
    ("Wrong pincode", "address_issue"),
    ("ODA", "out_of_delivery_area"),
    ("Out of delivery area", "out_of_delivery_area"),
    ("Pincode non-serviceable", "out_of_delivery_area"),
    ("Shop closed", "premises_closed"),
    ("Premises closed", "premises_closed"),
    ("Business Closed", "premises_closed"),
    ("Office/Institute closed", "premises_closed"),
    ("Future delivery requested", "future_delivery_requested"),
    ("Customer asked to reschedule", "future_delivery_requested"),
    ("Delivery postponed by customer", "future_delivery_requested"),
    ("Phone not reachable", "phone_unreachable"),
    ("On Hold - Customer Mobile Cannot be Reached", "phone_unreachable"),
    ("No answer on phone", "phone_unreachable"),
    ("Mobile closed", "phone_unreachable"),
    ("Courier Called Customer – Number Unreachable", "phone_unreachable"),
    # Arabic
    ("العميل رفض الاستلام", "refused"),
    ("رفض", "refused"),
    ("ألغى الطلب", "refused"),
    ("العميل غير متواجد", "customer_unavailable"),
    ("الجوال مغلق", "phone_unreachable"),
    ("العميل لا يرد على الهاتف", "phone_unreachable"),
    ("العنوان غير صحيح", "address_issue"),
    ("خطأ في العنوان", "address_issue"),
    ("المبلغ غير جاهز", "cod_not_ready"),
    ("خارج منطقة التوصيل", "out_of_delivery_area"),
    ("المحل مغلق", "premises_closed"),
    ("العميل طلب موعد آخر", "future_delivery_requested"),
    ("طلب تأجيل التوصيل", "future_delivery_requested"),
    # French
    ("Client absent", "customer_unavailable"),
    ("Destinataire indisponible", "customer_unavailable"),
    ("Le client a refusé le colis", "refused"),
    ("Colis refusé", "refused"),
    ("Adresse introuvable", "address_issue"),
    ("Adresse incomplète", "address_issue"),
    ("Téléphone éteint", "phone_unreachable"),
    ("Client injoignable", "phone_unreachable"),
    ("Magasin fermé", "premises_closed"),
    ("Hors zone de livraison", "out_of_delivery_area"),
    ("Argent pas prêt", "cod_not_ready"),
    ("Livraison reportée à demain", "future_delivery_requested"),
]


@pytest.mark.parametrize(("text", "reason"), CASES)
def test_reason_is_read_from_text(text: str, reason: str) -> None:
    assert classify_ndr_text(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Delivered today",
        "Shipment exception - Barcode label unreadable and replaced",
        "Arrived at FedEx location",
        "Air-restricted product. Move by surface",
        "تم التسليم",
        "Colis en cours d'acheminement",
    ],
)
def test_text_without_a_reason_gives_nothing(text: str) -> None:
    assert classify_ndr_text(text) == ""
