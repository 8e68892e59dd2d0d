package dev.parley.client.net;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps every chat and voice message until the relay acknowledges it: sent at once when joined, again after every
 * {@code welcome} (same id: the relay deduplicates), again {@value #RATE_LIMIT_RETRY_MILLIS} ms after a
 * {@code rate_limited} refusal, and dropped after any other refusal. Thread-safe; it never holds its own lock while
 * sending, so the connection may call it holding its own.
 */
final class Outbox {
    static final long RATE_LIMIT_RETRY_MILLIS = 2000;

    /** Where messages go: the connection's current socket, when joined. */
    interface Wire {
        /** Sends {@code message} if the connection is joined now; otherwise nothing (it goes after the next welcome). */
        void sendIfJoined(Outgoing message);
    }

    private final Map<String, Outgoing> pending = new LinkedHashMap<>();
    private final Wire wire;
    private final ScheduledExecutorService scheduler;

    Outbox(Wire wire, ScheduledExecutorService scheduler) {
        this.wire = wire;
        this.scheduler = scheduler;
    }

    /** Keeps {@code message} and sends it now if joined. */
    void send(Outgoing message) {
        keep(message);
        wire.sendIfJoined(message);
    }

    /** Keeps {@code message} without sending it now (its caller sends it, or the next welcome does). */
    synchronized void keep(Outgoing message) {
        pending.put(message.id(), message);
    }

    /** After a welcome: everything not yet acknowledged, oldest first. */
    void resendAll() {
        for (Outgoing message : snapshot()) {
            wire.sendIfJoined(message);
        }
    }

    /** Sends the message with this id again, if it is still waiting for its acknowledgement. */
    void resend(String id) {
        Outgoing message = get(id);
        if (message != null) {
            wire.sendIfJoined(message);
        }
    }

    /** The relay stored (or had stored) the message with this id. */
    synchronized void acknowledged(String id) {
        pending.remove(id);
    }

    /**
     * The relay refused a message: a rate limit is waited out and the message tried again; any other refusal is
     * final (the same message would be refused again). Errors about other ids are none of the outbox's business.
     */
    void refused(ServerMessage.Error error) {
        String id = error.ref();
        if (id == null || get(id) == null) {
            return;
        }
        if (error.code() == ErrorCode.RATE_LIMITED) {
            scheduler.schedule(() -> resend(id), RATE_LIMIT_RETRY_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            acknowledged(id);
        }
    }

    synchronized Outgoing get(String id) {
        return pending.get(id);
    }

    /** What is waiting, oldest first. */
    synchronized List<Outgoing> snapshot() {
        return new ArrayList<>(pending.values());
    }

    synchronized int size() {
        return pending.size();
    }
}
