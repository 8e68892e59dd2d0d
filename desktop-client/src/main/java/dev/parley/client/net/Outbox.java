package dev.parley.client.net;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Unacknowledged messages in the order they were sent. Thread-safe. */
public final class Outbox {
    private final Map<String, Outgoing> pending = new LinkedHashMap<>();

    public synchronized void add(Outgoing message) {
        pending.put(message.id(), message);
    }

    /** Removes a message the relay acknowledged (or refused); returns whether it was pending. */
    public synchronized boolean remove(String id) {
        return pending.remove(id) != null;
    }

    public synchronized Outgoing get(String id) {
        return pending.get(id);
    }

    /** A copy of what is pending, oldest first. */
    public synchronized List<Outgoing> snapshot() {
        return new ArrayList<>(pending.values());
    }

    public synchronized int size() {
        return pending.size();
    }
}
