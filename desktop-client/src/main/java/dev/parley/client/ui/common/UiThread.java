package dev.parley.client.ui.common;

/**
 * The one door to the FX thread. Network and audio events cross into the UI only through this; tests use a
 * same-thread implementation so view models run without the toolkit.
 */
@FunctionalInterface
public interface UiThread {
    /** Runs {@code action} on the UI thread, after everything handed over before it. */
    void run(Runnable action);
}
