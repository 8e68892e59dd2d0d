package dev.parley.client.net;

import dev.parley.protocol.ServerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One frame from the relay, dispatched by type (one method per message type: a new type does not compile until it
 * is handled here). Stored messages, receipts, history ends and errors go through the {@link RelayConnection} (seq,
 * outbox, receipts, playedSince), the rest to its {@link RelayEvents} or, for live streams, its {@link LiveVoiceEvents}.
 */
final class Inbound implements ServerMessage.Handler {
    private static final Logger log = LoggerFactory.getLogger(Inbound.class);

    private final RelayConnection connection;
    private final RelaySocket socket;
    private final byte[] payload;
    private final RelayEvents events;
    private final LiveVoiceEvents live;

    /** @param payload what followed a binary frame's header, or {@code null} for a text frame */
    Inbound(RelayConnection connection, RelaySocket socket, byte[] payload, RelayEvents events, LiveVoiceEvents live) {
        this.connection = connection;
        this.socket = socket;
        this.payload = payload;
        this.events = events;
        this.live = live;
    }

    @Override
    public void welcome(ServerMessage.Welcome m) {
        connection.welcomed(socket, m);
    }

    @Override
    public void chat(ServerMessage.Chat m) {
        connection.stored(m, null);
    }

    @Override
    public void voice(ServerMessage.Voice m) {
        if (payload == null) {
            log.warn("ignoring a voice header the relay sent in a text frame");
            return;
        }
        connection.stored(m, payload);
        if (!m.replay()) {
            live.stored(m);
        }
    }

    @Override
    public void typing(ServerMessage.Typing m) {
        events.typing(m);
    }

    @Override
    public void presence(ServerMessage.Presence m) {
        events.presence(m);
    }

    @Override
    public void historyEnd(ServerMessage.HistoryEnd m) {
        connection.historyEnded(m);
    }

    @Override
    public void error(ServerMessage.Error m) {
        connection.refused(m);
        events.error(m);
    }

    @Override
    public void voiceStart(ServerMessage.VoiceStart m) {
        live.started(m);
    }

    @Override
    public void voiceChunk(ServerMessage.VoiceChunk m) {
        if (payload == null) {
            log.warn("ignoring a chunk header the relay sent in a text frame");
            return;
        }
        live.chunk(m, payload);
    }

    @Override
    public void voiceAbort(ServerMessage.VoiceAbort m) {
        live.aborted(m);
    }

    @Override
    public void played(ServerMessage.Played m) {
        connection.receipt(m);
    }
}
