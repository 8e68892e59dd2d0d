package dev.parley.relay.web.browser;

import dev.parley.relay.testing.TestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a protocol client received, read in order but picking out what a test waits for: the page's presence,
 * typing and the like arrive in between, in an order a browser test should not pin down. Everything taken is
 * kept, so a test can look back (all chunks before the stored message) and a failure shows what did come.
 */
public final class Inbox {
    private final TestClient client;
    private final List<Object> taken = new ArrayList<>();

    public Inbox(TestClient client) {
        this.client = client;
    }

    public TestClient client() {
        return client;
    }

    /** Waits for the next frame that is a {@code type} matching {@code match}; frames before it are kept, not checked. */
    public <T> T await(Class<T> type, Predicate<? super T> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Object item;
            try {
                item = left > 0 ? client.awaitItems(1, Duration.ofNanos(left)).get(0) : null;
            } catch (AssertionError noFrame) {
                item = null;
            }
            if (item == null) {
                throw new AssertionError(client.label() + ": no " + type.getSimpleName() + " as expected within "
                        + timeout.toMillis() + " ms; received meanwhile: " + describe(taken));
            }
            taken.add(item);
            if (type.isInstance(item) && match.test(type.cast(item))) {
                return type.cast(item);
            }
        }
    }

    public <T> T await(Class<T> type, Predicate<? super T> match) {
        return await(type, match, TestClient.WAIT);
    }

    /** Everything that arrives within {@code period} (a test that something does not come). */
    public List<Object> collectFor(Duration period) {
        long deadline = System.nanoTime() + period.toNanos();
        List<Object> out = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            try {
                Object item = client.awaitItems(1, Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))).get(0);
                out.add(item);
                taken.add(item);
            } catch (AssertionError quiet) {
                break;
            }
        }
        return out;
    }

    /** Frames taken so far, in arrival order. */
    public List<Object> taken() {
        return List.copyOf(taken);
    }

    /** Frames taken so far that are a {@code type}. */
    public <T> List<T> taken(Class<T> type) {
        return taken.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static String describe(List<Object> items) {
        List<String> out = new ArrayList<>();
        for (Object o : items.subList(Math.max(0, items.size() - 30), items.size())) {
            String s = String.valueOf(o);
            out.add(s.length() > 160 ? s.substring(0, 160) + "…" : s);
        }
        return items.size() + " frame(s), last " + out.size() + ": " + out;
    }
}
