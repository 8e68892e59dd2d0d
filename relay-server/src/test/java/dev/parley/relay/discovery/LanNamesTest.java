package dev.parley.relay.discovery;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LanNamesTest {

    @Test
    void theInstanceNameIsOneDnsLabelOfAtMost63Bytes() {
        assertThat(LanNames.instance("studio.example.org")).isEqualTo("studio example org");
        assertThat(LanNames.instance("Zoë’s relay")).isEqualTo("Zoë’s relay");
        String cut = LanNames.instance("话".repeat(40));
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
        assertThat(cut).isEqualTo("话".repeat(21));
        assertThat(LanNames.instance("...")).isEqualTo("Parley relay");
    }

    @Test
    void theHostLabelIsPlainAscii() {
        assertThat(LanNames.hostLabel("parley-relay", "Studio_PC.local")).isEqualTo("parley-relay-studio-pc-local");
        assertThat(LanNames.hostLabel("parley-relay", "中文")).isEqualTo("parley-relay");
        assertThat(LanNames.hostLabel("parley-relay", "x".repeat(80))).hasSize(63);
    }

    @Test
    void theDefaultNameIsAShortHostName() {
        assertThat(LanNames.localHost()).isNotBlank().doesNotContain(".");
    }
}
