"""`portcullis.publication.v1` fee report messages to and from domain values."""

from portcullis.publication.v1 import publication_service_pb2 as pb
from portcullis_kit.errors import InvalidArgument
from publication.domain.fees import Channel, ChannelInput

CHANNEL_FROM_PROTO = {
    pb.FEE_CHANNEL_INTERNATIONAL_MAIL: Channel.INTERNATIONAL_MAIL,
    pb.FEE_CHANNEL_EXPRESS_CONSIGNMENT: Channel.EXPRESS_CONSIGNMENT,
    pb.FEE_CHANNEL_INFORMAL_ENTRIES: Channel.INFORMAL_ENTRIES,
}
CHANNEL_TO_PROTO = {v: k for k, v in CHANNEL_FROM_PROTO.items()}


def channel_from_proto(message: pb.ChannelVolumes, index: int) -> ChannelInput:
    channel = CHANNEL_FROM_PROTO.get(message.channel)
    if channel is None:
        raise InvalidArgument(f"channels[{index}].channel", "must be a FEE_CHANNEL_ value")
    return ChannelInput(
        channel,
        message.items,
        tuple((u.fee.strip(), u.units) for u in message.fee_units),
        message.inspected,
        message.seizures,
        message.processing_cost_cents,
        message.inspection_cost_cents,
        message.seizure_cost_cents,
    )
