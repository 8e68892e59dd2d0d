package dev.parley.relay;

import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.relay.testing.Clips;
import dev.parley.relay.testing.RawWebSocketClient;
import dev.parley.relay.testing.ReceivedVoice;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A consumer that stops reading is dropped once its unsent data passes {@code maxBufferedBytes} (close 1013), while
 * everyone else keeps receiving everything, in order.
 */
class SlowConsumerIntegrationTest {
    /** Well above what a reading client lags behind while clips go out one at a time, well below what is sent. */
    private static final long BOUND = 2L << 20;
    private static final int CLIP_BYTES = 256 * 1024;
    private static final int SMALL_RECEIVE_BUFFER = 16 * 1024;

    @TempDir
    Path dataDir;

    @Test
    void aConsumerThatNeverReadsIsDroppedWhileTenOthersReceiveEverything() throws Exception {
        int clips = 40; // 10 MiB: more than the bound plus what socket buffers can hold
        try (TestRelay relay = TestRelay.start(dataDir, c -> c.withMaxBufferedBytes(BOUND))) {
            List<TestClient> fast = new ArrayList<>();
            fast.add(relay.join("fast-0", "lobby"));
            try (RawWebSocketClient slow = RawWebSocketClient.connect(relay.port(), relay.tls(), SMALL_RECEIVE_BUFFER)) {
                slow.sendText(ClientCodec.encode(new ClientMessage.Hello(Protocol.VERSION, "slow", "lobby", null, null, null)));
                assertThat(fast.get(0).awaitNext(Presence.class).nick()).isEqualTo("slow");
                for (int i = 1; i < 10; i++) {
                    fast.add(relay.join("fast-" + i, "lobby"));
                }
                List<byte[]> sent = new ArrayList<>();
                List<List<Object>> seen = new ArrayList<>();
                fast.forEach(c -> seen.add(new ArrayList<>()));
                for (int k = 0; k < clips; k++) {
                    byte[] clip = Clips.ofBytes(CLIP_BYTES, 16_000);
                    clip[100] = (byte) k; // every clip distinct
                    sent.add(clip);
                    fast.get(0).voice("v-" + k, clip);
                    awaitOwnEcho(fast.get(0), "v-" + k, seen.get(0));
                }
                for (int i = 0; i < fast.size(); i++) {
                    TestClient c = fast.get(i);
                    List<ReceivedVoice> voices = new ArrayList<>();
                    boolean slowLeft = false;
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    List<Object> already = seen.get(i);
                    while (voices.size() < clips || !slowLeft) {
                        assertThat(System.nanoTime()).as(c.label() + ": " + voices.size() + " clips, slow left: " + slowLeft)
                                .isLessThan(deadline);
                        Object o = already.isEmpty() ? c.awaitItems(1, Duration.ofSeconds(30)).get(0) : already.remove(0);
                        if (o instanceof Presence p) {
                            if (p.event() == Presence.Event.LEAVE) {
                                assertThat(p.nick()).isEqualTo("slow");
                                assertThat(p.members()).doesNotContain("slow");
                                slowLeft = true;
                            }
                        } else {
                            assertThat(o).isInstanceOf(ReceivedVoice.class);
                            voices.add((ReceivedVoice) o);
                        }
                    }
                    for (int k = 0; k < clips; k++) {
                        assertThat(voices.get(k).seq()).isEqualTo(k + 1);
                        assertThat(voices.get(k).clip()).as(c.label() + " clip " + k).isEqualTo(sent.get(k));
                    }
                }
                // the relay closed the slow connection: reading it now reaches its end
                slow.setReadTimeout(10_000);
                long received = 0;
                Integer closeCode = null;
                try {
                    while (true) {
                        RawWebSocketClient.Frame f = slow.readFrame();
                        received += f.payload().length;
                        if (f.opcode() == RawWebSocketClient.Frame.CLOSE) {
                            closeCode = f.closeCode();
                            break;
                        }
                    }
                } catch (IOException endOfStream) {
                    // the relay closed the TCP connection: expected, the close frame may be lost with the backlog
                }
                assertThat(received).as("the slow consumer got less than everything").isLessThan((long) clips * CLIP_BYTES);
                if (closeCode != null) {
                    assertThat(closeCode).isEqualTo(1013);
                }
            }
        }
    }

    @Test
    void aConsumerThatFallsBehindAndThenReadsAgainIsToldWhyWith1013() {
        int clips = 32; // 8 MiB
        try (TestRelay relay = TestRelay.start(dataDir, c -> c.withMaxBufferedBytes(BOUND))) {
            TestClient sender = relay.join("sender", "lobby");
            TestClient lagging = relay.connect("lagging", SMALL_RECEIVE_BUFFER);
            lagging.join("lagging", "lobby");
            sender.awaitNext(Presence.class);
            lagging.stopReading();
            List<Object> seen = new ArrayList<>();
            for (int k = 0; k < clips; k++) {
                sender.voice("v-" + k, Clips.ofBytes(CLIP_BYTES, 16_000));
                awaitOwnEcho(sender, "v-" + k, seen);
            }
            lagging.resumeReading();
            assertThat(lagging.awaitClose(Duration.ofSeconds(20))).isEqualTo(1013);
            assertThat(lagging.closedByRelay()).isTrue();
            if (seen.stream().noneMatch(o -> o instanceof Presence p && p.event() == Presence.Event.LEAVE)) {
                assertThat(sender.awaitNext(Presence.class).event()).isEqualTo(Presence.Event.LEAVE);
            }

            // it resumes with since, missing nothing
            TestClient back = relay.connect("lagging-back");
            back.join("lagging", "lobby", 0L);
            List<ReceivedVoice> replay = back.awaitNext(clips, ReceivedVoice.class);
            assertThat(replay.get(clips - 1).seq()).isEqualTo(clips);
        }
    }

    /** Waits for the sender's own echo of {@code id}, keeping whatever else arrives first in {@code other}. */
    private static void awaitOwnEcho(TestClient sender, String id, List<Object> other) {
        while (true) {
            Object o = sender.awaitItems(1, Duration.ofSeconds(30)).get(0);
            other.add(o);
            if (o instanceof ReceivedVoice v && v.header().id().equals(id)) {
                return;
            }
        }
    }
}
