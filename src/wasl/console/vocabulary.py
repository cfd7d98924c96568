"""Labels of other apps that console pages show (statuses, channels, payment methods).

Listed here so that they are extracted into the console's translation catalogue: Django merges every
catalogue, so the labels read in Arabic and French wherever they appear, until their own apps have one.
"""

from django.utils.translation import gettext_lazy as _

LABELS = (
    # orders.OrderStatus, orders.PaymentMethod
    _("Pending"),
    _("Shipped"),
    _("Delivered"),
    _("Returned to origin"),
    _("Returned by buyer"),
    _("Lost"),
    _("Cancelled"),
    _("Cash on delivery"),
    _("Prepaid"),
    # shipping.ShipmentStatus
    _("Created"),
    _("Picked up"),
    _("In transit"),
    _("Out for delivery"),
    _("Delivery failed"),
    _("Return to origin started"),
    _("Returning to origin"),
    _("Returned to origin"),
    # messaging.ConversationState, ChannelName, MessageStatus
    _("Bot"),
    _("With an agent"),
    _("Closed"),
    _("WhatsApp"),
    _("SMS"),
    _("E-mail"),
    _("Queued"),
    _("Sending"),
    _("Sent"),
    _("Read"),
    _("Failed"),
    _("Not sent (rule)"),
    _("Received"),
    # stores.SettingAction
    _("Set"),
    _("Cleared"),
)
