"""Models of the channels app, one module per concern; Django finds them through this package."""

from klantbeeld.channels.models.counter import (
    Appointment,
    AppointmentSlot,
    AppointmentStatus,
    Visit,
    VisitStatus,
)
from klantbeeld.channels.models.inbound import (
    ChannelAccount,
    InboundFile,
    InboundMessage,
    OutboundMessage,
)
from klantbeeld.channels.models.phone import Call, CallbackRequest, CallbackStatus

__all__ = [
    "Appointment",
    "AppointmentSlot",
    "AppointmentStatus",
    "Call",
    "CallbackRequest",
    "CallbackStatus",
    "ChannelAccount",
    "InboundFile",
    "InboundMessage",
    "OutboundMessage",
    "Visit",
    "VisitStatus",
]
