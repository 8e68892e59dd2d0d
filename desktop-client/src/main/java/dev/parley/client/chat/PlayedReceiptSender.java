package dev.parley.client.chat;

import dev.parley.client.net.RelaySender;

/**
 * Says when this person heard someone else's stored voice message to its end (played from its card, or as it was
 * spoken): a played receipt for its {@code seq} goes to the {@link RelaySender}, which says it once a session, keeps
 * it until the relay confirms it, and says nothing while the person's setting is off. Never for own messages, live
 * cards (no {@code seq} yet) or text. FX thread.
 */
final class PlayedReceiptSender {
    private final RelaySender sender;

    PlayedReceiptSender(RelaySender sender) {
        this.sender = sender;
    }

    /** {@code item} was heard to its end. */
    void heard(TimelineItem item) {
        if (item.kind() == TimelineItem.Kind.VOICE && item.live() == null && !item.mine() && item.seq() > 0) {
            sender.sendPlayed(item.seq());
        }
    }
}
