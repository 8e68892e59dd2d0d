package dev.parley.client;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppOptionsTest {

    @Test
    void readsEveryOption() {
        AppOptions o = AppOptions.parse(List.of("--relay", "wss://10.0.0.2:4000", "--nick=alice", "--room", "team",
                "--trust", "00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF", "--password", "pw",
                "--settings-dir", "/tmp/x", "--host", "--host-port", "0", "--no-discovery"));
        assertThat(o.relay()).isEqualTo("wss://10.0.0.2:4000");
        assertThat(o.nick()).isEqualTo("alice");
        assertThat(o.room()).isEqualTo("team");
        assertThat(o.trust()).startsWith("00:11:22").endsWith("EE:FF");
        assertThat(o.password()).isEqualTo("pw");
        assertThat(o.settingsDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(o.host()).isTrue();
        assertThat(o.hostPort()).isZero();
        assertThat(o.discovery()).isFalse();
        assertThat(AppOptions.parse(List.of()).discovery()).as("on unless turned off").isTrue();
        assertThat(o.joinAtOnce()).isTrue();
    }

    @Test
    void joinsAtOnceOnlyWithRelayNickAndRoom() {
        assertThat(AppOptions.parse(List.of()).joinAtOnce()).isFalse();
        assertThat(AppOptions.parse(List.of("--relay", "h", "--nick", "a")).joinAtOnce()).isFalse();
        assertThat(AppOptions.parse(List.of("--relay", "h", "--nick", "a", "--room", "r")).joinAtOnce()).isTrue();
    }

    @Test
    void refusesMistakesWithAReason() {
        assertThatThrownBy(() -> AppOptions.parse(List.of("--trust", "abc"))).hasMessageContaining("SHA-256");
        assertThatThrownBy(() -> AppOptions.parse(List.of("--relay", "http://x"))).hasMessageContaining("wss://");
        assertThatThrownBy(() -> AppOptions.parse(List.of("--nick"))).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> AppOptions.parse(List.of("--colour", "red"))).hasMessageContaining("unknown option");
    }
}
