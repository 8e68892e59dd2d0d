package dev.parley.relay;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --metrics HOST:PORT}: what it accepts, how it reads it, and what it refuses. */
class MetricsEndpointTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "127.0.0.1:9464, 127.0.0.1, 9464, 127.0.0.1:9464",
            "localhost:0, localhost, 0, localhost:0",         // 0: a free port
            "[::1]:9464, ::1, 9464, [::1]:9464",               // IPv6 in brackets, printed the same way
            "' 10.0.0.5:65535 ', 10.0.0.5, 65535, 10.0.0.5:65535", // surrounding blanks ignored
            "metrics.lan:80, metrics.lan, 80, metrics.lan:80",
    })
    void readsHostAndPort(String value, String host, int port, String printed) {
        MetricsEndpoint at = MetricsEndpoint.parse(value);
        assertThat(at.host()).isEqualTo(host);
        assertThat(at.port()).isEqualTo(port);
        assertThat(at).hasToString(printed);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "9464", "127.0.0.1", "127.0.0.1:", ":9464", "127.0.0.1:65536", "127.0.0.1:-1",
            "127.0.0.1:0x10", "::1:9464", "[::1:9464", "::1]:9464", "[]:9464", "[127.0.0.1]:9464",
            "http://127.0.0.1:9464", "127.0.0.1:9464/metrics", "user@127.0.0.1:9464", "a b:9464",
            "127.0.0.1:99999999999"})
    void refusesWhatIsNotHostColonPortSayingWhat(String value) {
        assertThatThrownBy(() -> MetricsEndpoint.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("Exception").message().isNotBlank();
    }
}
