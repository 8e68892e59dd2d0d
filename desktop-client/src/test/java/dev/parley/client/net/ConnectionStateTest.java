package dev.parley.client.net;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionStateTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "DISCONNECTED, CONNECTING,   true",  // connect()
            "DISCONNECTED, DISCONNECTED, true",  // the person leaves after the attempt failed
            "DISCONNECTED, JOINED,       false",
            "DISCONNECTED, RECONNECTING, false",
            "CONNECTING,   JOINED,       true",  // first welcome
            "CONNECTING,   DISCONNECTED, true",  // the first attempt failed, or the person left
            "CONNECTING,   CONNECTING,   false", // a protocol fall-back stays CONNECTING without a move
            "CONNECTING,   RECONNECTING, false", // nothing is retried before the first welcome
            "JOINED,       RECONNECTING, true",  // dropped
            "JOINED,       DISCONNECTED, true",  // refused for good, untrusted, or left
            "JOINED,       JOINED,       false", // a second welcome is ignored, not a move
            "JOINED,       CONNECTING,   false",
            "RECONNECTING, JOINED,       true",  // welcome again
            "RECONNECTING, RECONNECTING, true",  // another attempt failed
            "RECONNECTING, DISCONNECTED, true",  // refused for good, untrusted, or left
            "RECONNECTING, CONNECTING,   false",
    })
    void everyMoveOfTheDiagramAndNoOther(ConnectionState from, ConnectionState to, boolean allowed) {
        assertThat(from.canBecome(to)).isEqualTo(allowed);
        if (allowed) {
            assertThat(from.to(to)).isEqualTo(to);
        } else {
            assertThatThrownBy(() -> from.to(to)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("a connection cannot go from " + from + " to " + to);
        }
    }
}
