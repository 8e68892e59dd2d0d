package dev.parley.relay;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading {@code --cluster} and {@code --cluster-name}: what is accepted, what is refused and why, credentials hidden. */
class ClusterOptionsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // one server
            "nats://127.0.0.1:4222 | 127.0.0.1:4222",
            // the port defaults to NATS's own
            "nats://nats.lan | nats.lan:4222",
            // several, with spaces and credentials
            "nats://a:1, nats://u:p@b:2,nats://token@c:3 | a:1,b:2,c:3",
            // IPv6, a trailing slash
            "nats://[::1]:4222/ | [::1]:4222",
            // the scheme in capitals
            "NATS://h:5 | h:5"})
    void acceptsServerLists(String servers, String hostPorts) {
        ClusterOptions options = ClusterOptions.parse(servers, null);
        assertThat(options.hostPorts()).isEqualTo(hostPorts);
        assertThat(options.name()).isEqualTo("parley");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "127.0.0.1:4222", "tls://h:4222", "http://h:4222", "nats://", "nats://h:0",
            "nats://h:70000", "nats://h:abc", "nats://h:4222/path", "nats://h:4222?x=1", "nats://h:1,,nats://g:2",
            "nats://h:1,", "nats://h 1:2", "nats://:4222"})
    void refusesWhatIsNotAServerList(String servers) {
        assertThatThrownBy(() -> ClusterOptions.parse(servers, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("Exception");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a.b", "a*", "a>", "x123456789012345678901234567890123", "é"})
    void refusesClusterNamesThatAreNotOneSubjectToken(String name) {
        assertThatThrownBy(() -> ClusterOptions.parse("nats://h:1", name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cluster name");
    }

    @Test
    void acceptsNamesOfLettersDigitsUnderscoresAndDashes() {
        assertThat(ClusterOptions.parse("nats://h:1", "Site_2-north").name()).isEqualTo("Site_2-north");
        assertThat(ClusterOptions.parse("nats://h:1", "x".repeat(32)).name()).hasSize(32);
    }

    @Test
    void credentialsAreNeitherShownNorRepeatedInErrors() {
        ClusterOptions options = ClusterOptions.parse("nats://parley:s3cret@h:1,nats://tok3n@g:2", "c");
        assertThat(options.toString()).isEqualTo("cluster c on h:1,g:2");
        assertThat(options.servers().get(0).getUserInfo()).isEqualTo("parley:s3cret");
        assertThatThrownBy(() -> ClusterOptions.parse("nats://parley:s3cret@h:99999", null))
                .hasMessageNotContaining("s3cret").hasMessageContaining("***@");
        assertThatThrownBy(() -> ClusterOptions.parse("tls://parley:s3cret@h:1", null))
                .hasMessageNotContaining("s3cret");
        assertThat(ClusterOptions.redact("Unable to connect to NATS servers: [nats://u:p@h:1, nats://t@g:2]"))
                .isEqualTo("Unable to connect to NATS servers: [nats://***@h:1, nats://***@g:2]");
    }
}
