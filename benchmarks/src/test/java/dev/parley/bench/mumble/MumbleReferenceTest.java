package dev.parley.bench.mumble;

import dev.parley.protocol.PinningTrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Against the real murmurd (Debian's mumble-server); skipped only when it is not installed. {@code -Dparley.murmurd=path}
 * names another binary (a path that does not exist shows the skip).
 */
class MumbleReferenceTest {
    private static final MumbleReference.Options OPTIONS =
            new MumbleReference.Options(System.getProperty("parley.murmurd"), 0, 0, 79, 7L);
    private static Optional<String> missing;
    private static MumbleReference mumble;
    private static Path murmurDir;

    @BeforeAll
    static void startMurmur() throws Exception {
        missing = MumbleReference.unavailable(OPTIONS);
        if (missing.isEmpty()) {
            mumble = MumbleReference.start(OPTIONS);
            murmurDir = Path.of("/proc", Long.toString(mumble.pid()), "cwd").toRealPath();
        }
    }

    /** Per test, so that each shows as skipped with the reason (an assumption in @BeforeAll shows as 0 tests run). */
    @BeforeEach
    void murmurIsInstalled() {
        assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
    }

    @AfterAll
    static void stopMurmur() {
        if (mumble != null) {
            long pid = mumble.pid();
            mumble.close();
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "murmurd stopped");
            assertFalse(Files.exists(murmurDir), "its temporary folder removed");
        }
    }

    @Test
    void bothListenersGetTheSpeakersPacketsByteExactWithItsSession() throws Exception {
        List<byte[]> first = new CopyOnWriteArrayList<>();
        List<byte[]> second = new CopyOnWriteArrayList<>();
        List<byte[]> echo = new CopyOnWriteArrayList<>();
        try (MumbleClient a = mumble.connect("test-listener-a", (p, t) -> first.add(p));
             MumbleClient b = mumble.connect("test-listener-b", (p, t) -> second.add(p));
             MumbleClient speaker = mumble.connect("test-speaker", (p, t) -> echo.add(p))) {
            assertNotEquals(a.session(), b.session());
            assertNotEquals(a.session(), speaker.session());
            List<byte[]> sent = new ArrayList<>();
            for (int seq = 0; seq < 5; seq++) {
                byte[] packet = VoicePacket.fromClient(seq, VoicePacket.syntheticOpus(7, seq, 79), seq == 4);
                sent.add(packet);
                speaker.sendVoice(packet);
                Thread.sleep(20); // real time: murmur drops voice over its bandwidth limit without a word
            }
            await(() -> first.size() >= 5 && second.size() >= 5, Duration.ofSeconds(10));
            Thread.sleep(100); // nothing more should come
            for (List<byte[]> got : List.of(first, second)) {
                assertEquals(5, got.size());
                for (int k = 0; k < 5; k++) {
                    assertArrayEquals(VoicePacket.relayedCopy(speaker.session(), sent.get(k)), got.get(k), "packet " + k);
                    VoicePacket.Relayed r = VoicePacket.parseRelayed(got.get(k));
                    assertEquals(speaker.session(), r.session());
                    assertEquals(k == 4, r.last());
                }
            }
            assertTrue(echo.isEmpty(), "the speaker hears nothing of its own");
            assertTrue(speaker.tls().startsWith("TLSv1."), speaker.tls());
        }
    }

    @Test
    void answersPings() throws Exception {
        try (MumbleClient c = mumble.connect("test-pinger", null)) {
            c.ping();
            c.ping();
            await(() -> c.pongs() >= 2, Duration.ofSeconds(10));
            assertEquals(null, c.failure());
        }
    }

    @Test
    void aClientPinningAnotherCertificateDoesNotConnect() throws Exception {
        SSLContext other = SSLContext.getInstance("TLS");
        other.init(null, new TrustManager[] {new PinningTrustManager(
                "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF")},
                null);
        assertThrows(IOException.class, () -> MumbleClient.connect(MurmurServer.HOST, mumble.port(), other,
                "test-unpinned", null, null, Duration.ofSeconds(5), Duration.ofSeconds(5)));
    }

    @Test
    void anInvalidUsernameIsRejectedWithTheServersReason() {
        IOException e = assertThrows(IOException.class, () -> mumble.connect("no spaces!", null));
        assertTrue(e.getMessage().contains("rejected (type 2)"), e.getMessage()); // Reject.InvalidUsername
    }

    @Test
    void theSameNameFromTheSameAddressTakesOverTheFirstConnection() throws Exception {
        // murmur 1.3 lets an unregistered name be reused from the same IP and drops the older connection: the
        // benchmark's clients all come from 127.0.0.1, so each needs a name of its own
        try (MumbleClient first = mumble.connect("test-twin", null);
             MumbleClient second = mumble.connect("test-twin", null)) {
            await(() -> first.failure() != null, Duration.ofSeconds(10));
            assertEquals(null, second.failure());
        }
    }

    @Test
    void measureCountsEveryCopyAndReadsMurmursCpu() throws Exception {
        MumbleReference.Result r = mumble.measure(2, 1, 2);
        assertEquals(List.of(), r.problems());
        assertEquals(2 * 2 * 50, r.expectedCopies());
        assertEquals(r.expectedCopies(), r.exactCopies());
        assertTrue(r.complete());
        assertEquals(2, r.transmissions().size());
        assertTrue(r.transmissions().get(0).wallSeconds() >= 1.0, "real time: 50 packets take a second");
        assertTrue(r.cpuMsPerListenerSecond().min() >= 0);
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout);
            }
            Thread.sleep(10);
        }
    }
}
