package dev.parley.relay.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * What a starting relay has opened so far, closed in the reverse order when the start fails before the relay runs
 * (and nothing when it got that far: {@link #keep()}). A failing undo is logged, and the others still run.
 */
final class Unwind implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Unwind.class);

    private final Deque<Runnable> undo = new ArrayDeque<>();

    /** Runs {@code close} if the start fails from here on; returns {@code thing}. */
    <T> T opened(T thing, Consumer<? super T> close) {
        undo.push(() -> close.accept(thing));
        return thing;
    }

    /** The relay runs: nothing is undone. */
    void keep() {
        undo.clear();
    }

    @Override
    public void close() {
        while (!undo.isEmpty()) {
            try {
                undo.pop().run();
            } catch (RuntimeException e) {
                log.warn("while undoing a failed start: {}", e.toString());
            }
        }
    }
}
