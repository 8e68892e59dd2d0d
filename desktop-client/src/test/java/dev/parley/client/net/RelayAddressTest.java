package dev.parley.client.net;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RelayAddressTest {

    @ParameterizedTest
    @CsvSource({
            "wss://192.168.1.20:55555, 192.168.1.20, 55555",   // full form
            "192.168.1.20:4000,        192.168.1.20, 4000",    // no scheme
            "relay.local,              relay.local,  55555",   // default port
            "WSS://Relay.Local:1/,     Relay.Local,  1",       // any case, trailing slash
            "'  10.0.0.2  ',           10.0.0.2,     55555",   // spaces around
            "'wss://[::1]:9000',       ::1,          9000",    // IPv6
    })
    void parsesWhatPeopleType(String typed, String host, int port) {
        assertThat(RelayAddress.parse(typed)).contains(new RelayAddress(host, port));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "http://host:1", "host:0", "host:70000", "host:abc", "wss://host:1/path", "user@host"})
    void refusesWhatIsNotAnAddress(String typed) {
        assertThat(RelayAddress.parse(typed)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void keyAndUri() {
        RelayAddress a = RelayAddress.parse("Relay.Local:1234").orElseThrow();
        assertThat(a.key()).isEqualTo("relay.local:1234");
        assertThat(a.uri().toString()).isEqualTo("wss://Relay.Local:1234/");
        assertThat(new RelayAddress("::1", 5).uri().toString()).isEqualTo("wss://[::1]:5/");
    }
}
