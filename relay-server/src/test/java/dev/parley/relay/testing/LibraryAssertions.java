package dev.parley.relay.testing;

/**
 * Surefire runs tests with {@code -ea}, which also enables Java-WebSocket's internal {@code assert}s. One of them
 * ({@code SSLSocketChannel2.processHandshake}: "could only leave NOT_HANDSHAKING after createBuffers") fails on the
 * relay's selector thread when the relay force-closes TLS connections that still have queued writes (seen when a
 * burst made the relay drop clients as slow consumers) and kills that thread, which stops the whole relay. In
 * production assertions are off and the library carries on. Turning them off for that package (before its classes
 * load) keeps the relay's own assertions on and makes the tests see what users see.
 */
final class LibraryAssertions {
    private LibraryAssertions() {
    }

    static void disable() {
        TestRelay.class.getClassLoader().setPackageAssertionStatus("org.java_websocket", false);
    }
}
