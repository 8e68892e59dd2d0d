package dev.parley.relay.testing;

/**
 * Surefire runs tests with {@code -ea}, which also enables Java-WebSocket's internal {@code assert}s, and the tests'
 * clients are Java-WebSocket. One of them ({@code SSLSocketChannel2.processHandshake}: "could only leave
 * NOT_HANDSHAKING after createBuffers") fails when a TLS connection is force-closed with writes queued (seen when the
 * relay, then on Java-WebSocket too, dropped clients as slow consumers) and kills the library's thread. The desktop
 * app runs without assertions, as users do. Turning them off for that package (before its classes load) keeps the
 * relay's own assertions on and makes the tests' clients behave as the app's does.
 */
final class LibraryAssertions {
    private LibraryAssertions() {
    }

    static void disable() {
        TestRelay.class.getClassLoader().setPackageAssertionStatus("org.java_websocket", false);
    }
}
