package dev.parley.client.discovery;

import dev.parley.client.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 11 item 6: a relay on this computer is listed even when multicast DNS does not show it. */
class LocalRelayProbeTest {
    @TempDir
    Path dir;

    @Test
    void aRelayListeningOnThisComputerIsFoundWithoutAnAnnouncedFingerprint() {
        try (TestRelay relay = new TestRelay(dir.resolve("relay"))) {
            FoundRelay found = new LocalRelayProbe("This computer", relay.address().port()).probeOnce().orElseThrow();
            assertThat(found.name()).isEqualTo("This computer");
            assertThat(found.address()).isEqualTo(relay.address());
            assertThat(found.fingerprint()).as("nothing was announced to compare with").isNull();
            assertThat(found.compatible()).isTrue();
            assertThat(found.peopleKnown()).isFalse();
        }
    }

    @Test
    void nothingListensNothingIsFound() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        assertThat(new LocalRelayProbe("This computer", free).probeOnce()).isEmpty();
    }

    @Test
    void somethingThatIsNotTlsIsNotARelay() throws Exception {
        try (ServerSocket plain = new ServerSocket(0)) {
            Thread t = new Thread(() -> {
                try (var s = plain.accept()) {
                    s.getOutputStream().write("HTTP/1.0 200 OK\r\n\r\n".getBytes());
                } catch (Exception e) {
                    // the probe hung up
                }
            });
            t.start();
            assertThat(new LocalRelayProbe("This computer", plain.getLocalPort()).probeOnce()).isEmpty();
            t.join(5000);
        }
    }
}
