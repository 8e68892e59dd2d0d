package dev.parley.relay.core;

import dev.parley.protocol.AbortReason;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.TypingState;
import dev.parley.relay.store.AppendListener;
import dev.parley.relay.store.StoredMessage;

/**
 * Hands a stored message to the room, or a duplicate back to its sender alone. Runs on the store's writer thread.
 * For the clip of a live stream, listeners that heard the stream are also told when nothing new was stored.
 */
final class Delivery implements AppendListener {
    private final Session sender;
    private final LiveVoice live;
    private final String streamId;

    /** The delivery of a chat message or a whole clip. */
    Delivery(Session sender) {
        this(sender, null, null);
    }

    /** The delivery of the clip that live stream {@code streamId} made. */
    Delivery(Session sender, LiveVoice live, String streamId) {
        this.sender = sender;
        this.live = live;
        this.streamId = streamId;
    }

    @Override
    public void stored(StoredMessage message, boolean duplicate) {
        SharedFrame frame = Frames.live(message);
        Room room = sender.room();
        synchronized (room) {
            if (!duplicate) {
                if (sender.typing != TypingState.IDLE) {
                    sender.typing = TypingState.IDLE;
                    room.sendTyping(sender, Frames.typing(sender.nick(), TypingState.IDLE));
                }
                room.deliver(message.message().seq(), frame);
            } else if (streamId != null) {
                live.aborted(sender, streamId, AbortReason.DUPLICATE);
            }
        }
        if (duplicate && sender.state == Session.State.JOINED) {
            sender.member().send(frame);
        }
    }

    @Override
    public void failed(Exception cause) {
        if (streamId != null) {
            synchronized (sender.room()) {
                live.aborted(sender, streamId, AbortReason.FAILED);
            }
        }
        sender.member().close(CloseCodes.SERVER_ERROR, "the relay could not store the message; resend it after reconnecting");
    }
}
