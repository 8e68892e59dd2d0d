package dev.parley.relay.core;

import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.ServerMessage;
import dev.parley.relay.RelayEvents;
import dev.parley.relay.store.ReceiptListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a stored played receipt to the room's version-3 members, a repeated one back to its sender alone, and a
 * refused one back as an error. Runs on the store's writer thread.
 */
final class ReceiptDelivery implements ReceiptListener {
    private static final Logger log = LoggerFactory.getLogger(ReceiptDelivery.class);

    private final Session sender;
    private final long seq;
    private final RelayEvents events;

    /** The delivery of {@code sender}'s receipt for voice message {@code seq}; {@code events} hears of refusals. */
    ReceiptDelivery(Session sender, long seq, RelayEvents events) {
        this.sender = sender;
        this.seq = seq;
        this.events = events;
    }

    @Override
    public void stored(ServerMessage.Played receipt, boolean duplicate) {
        if (!duplicate) {
            SharedFrame frame = SharedFrame.text(ServerCodec.encode(receipt));
            Room room = sender.room();
            synchronized (room) {
                room.deliverReceipt(receipt.id(), frame);
            }
        } else if (sender.state == Session.State.JOINED) {
            sender.member().sendText(ServerCodec.encode(receipt));
        }
    }

    @Override
    public void refused(Refusal why) {
        switch (why) {
            case NO_VOICE_MESSAGE -> error(ErrorCode.NOT_FOUND, "no voice message with seq " + seq + " in this room");
            case OWN_MESSAGE -> error(ErrorCode.BAD_REQUEST, "voice message " + seq + " is your own");
        }
    }

    @Override
    public void failed(Exception cause) {
        sender.member().close(CloseCodes.SERVER_ERROR,
                "the relay could not store a played receipt; send it again after reconnecting");
    }

    private void error(ErrorCode code, String message) {
        if (sender.state == Session.State.JOINED) {
            log.debug("error to {}: {} {}", sender.nick(), code.wire(), message);
            events.refused(RelayEvents.Refusal.of(code));
            sender.member().sendText(ServerCodec.encode(new ServerMessage.Error(code, message, null)));
        }
    }
}
