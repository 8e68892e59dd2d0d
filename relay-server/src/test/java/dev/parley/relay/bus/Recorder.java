package dev.parley.relay.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A bus listener that keeps every call: events with their sender, down/up signals in order, the threads it ran on. */
public final class Recorder implements ClusterBus.Listener {
    /** One call: an event (with {@code from} and {@code bytes}) or a signal ({@code "down"}, {@code "up"}). */
    public record Call(String kind, String from, byte[] bytes) {
        public String text() {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private volatile RuntimeException failOn;

    @Override
    public void received(String fromRelay, byte[] event) {
        threads.add(Thread.currentThread());
        calls.add(new Call("event", fromRelay, event));
        if (failOn != null) {
            RuntimeException e = failOn;
            failOn = null;
            throw e;
        }
    }

    @Override
    public void down() {
        threads.add(Thread.currentThread());
        calls.add(new Call("down", null, null));
    }

    @Override
    public void up() {
        threads.add(Thread.currentThread());
        calls.add(new Call("up", null, null));
    }

    /** The next event throws {@code e} after it is recorded. */
    public void failOnNext(RuntimeException e) {
        failOn = e;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> events() {
        return calls.stream().filter(c -> c.kind().equals("event")).toList();
    }

    /** The events' texts, in arrival order. */
    public List<String> texts() {
        return events().stream().map(Call::text).toList();
    }

    /** The texts of the events {@code relay} sent, in arrival order. */
    public List<String> textsFrom(String relay) {
        return events().stream().filter(c -> c.from().equals(relay)).map(Call::text).toList();
    }

    /** "down" and "up", in order. */
    public List<String> signals() {
        List<String> s = new ArrayList<>();
        for (Call c : calls) {
            if (!c.kind().equals("event")) {
                s.add(c.kind());
            }
        }
        return s;
    }

    public Set<Thread> threads() {
        return Set.copyOf(threads);
    }
}
