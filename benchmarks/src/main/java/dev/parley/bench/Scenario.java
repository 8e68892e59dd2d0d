package dev.parley.bench;

/**
 * One load scenario of {@link Bench}: it starts the servers it measures, prints a table per phase and adds its key
 * figures to the session's summary.
 */
interface Scenario {
    /**
     * Refuses options that cannot work together (e.g. a memory figure of a relay given by --relay) with an
     * {@link IllegalArgumentException} saying which, before anything starts.
     */
    default void check(Session session) {
    }

    void run(Session session) throws Exception;
}
