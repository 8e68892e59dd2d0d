package dev.parley.relay.core;

import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.VoiceFrame;
import dev.parley.protocol.Wav;
import dev.parley.relay.bus.ClusterBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.parley.relay.core.ClusterCores.join;
import static dev.parley.relay.core.ClusterCores.next;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stored clip reaches the other relays inside its bus event, or by reference when the relay's inline limit says so
 * (0: every clip): then the relays read it from the shared store at once, not after the gap wait, and their members
 * get the same bytes.
 */
class ClusterClipsByReferenceTest {
    /** Longer than {@link ClusterCores#next}'s 5 s: a clip read only after the gap wait would come too late. */
    private static final Duration LONG_GAP = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private ClusterCores cores;
    /** Every stored message's event on the bus, as a relay of the cluster hears it. */
    private final BlockingQueue<PeerEvent> stored = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        cores = new ClusterCores(dir, Clock.systemUTC());
        ClusterBus spy = cores.bus.newBus();
        cores.buses.add(spy);
        spy.start(new ClusterBus.Listener() {
            @Override
            public void received(String fromRelay, byte[] event) {
                PeerEvent e = PeerEvent.decode(event);
                if (e != null && e.type() == PeerEvent.Type.STORED) {
                    stored.add(e);
                }
            }

            @Override
            public void down() {
            }

            @Override
            public void up() {
            }
        });
    }

    @AfterEach
    void stop() {
        cores.close();
    }

    /** Alice's session on relay {@code a}, and bob on relay {@code b}; both in the lobby. */
    private record TwoRelays(Relay a, Session alice, ClipMember bob) {
    }

    /**
     * Relay {@code a} telling stored clips over {@code inlineClipBytes} by reference, with alice on it; relay
     * {@code b} waiting {@link #LONG_GAP} for a gap's messages, with bob on it. Returns once alice has seen bob join.
     */
    private TwoRelays twoRelays(int inlineClipBytes) throws InterruptedException {
        Relay a = cores.relay(inlineClipBytes, ClusterCores.GAP);
        Relay b = cores.relay(Integer.MAX_VALUE, LONG_GAP);
        FakeMember alice = new FakeMember();
        ClipMember bob = new ClipMember();
        Session as = join(a, alice, "alice");
        join(b, bob, "bob");
        next(alice, ServerMessage.Presence.class);
        return new TwoRelays(a, as, bob);
    }

    @Test
    void withLimitZeroAClipGoesByReferenceAndAMemberOnTheOtherRelayGetsItFromTheStoreAtOnce() throws Exception {
        TwoRelays two = twoRelays(0);

        byte[] clip = clip(16_000);
        two.a().onBinary(two.alice(), VoiceFrame.encode("{\"type\":\"voice\",\"id\":\"v-1\"}", clip));

        ServerMessage.Voice got = next(two.bob().fake, ServerMessage.Voice.class);
        assertThat(got.id()).isEqualTo("v-1");
        assertThat(two.bob().clips.poll(5, TimeUnit.SECONDS)).isEqualTo(clip);
        PeerEvent told = stored.poll(5, TimeUnit.SECONDS);
        assertThat(told).isNotNull();
        assertThat(told.number()).isEqualTo(got.seq());
        assertThat(told.payload()).as("by reference: no clip in the event").isNull();
    }

    @Test
    void chatStaysInlineAndClipsGoInlineUpToTheLimit() throws Exception {
        TwoRelays two = twoRelays(20_000);
        Relay a = two.a();

        a.onText(two.alice(), "{\"type\":\"chat\",\"id\":\"c-1\",\"text\":\"hello\"}");
        byte[] small = clip(8_000);
        a.onBinary(two.alice(), VoiceFrame.encode("{\"type\":\"voice\",\"id\":\"v-small\"}", small));
        byte[] big = clip(32_000);
        a.onBinary(two.alice(), VoiceFrame.encode("{\"type\":\"voice\",\"id\":\"v-big\"}", big));

        FakeMember bob = two.bob().fake;
        assertThat(next(bob, ServerMessage.Chat.class).id()).isEqualTo("c-1");
        assertThat(next(bob, ServerMessage.Voice.class).id()).isEqualTo("v-small");
        assertThat(next(bob, ServerMessage.Voice.class).id()).isEqualTo("v-big");
        assertThat(two.bob().clips.poll(5, TimeUnit.SECONDS)).isEqualTo(small);
        assertThat(two.bob().clips.poll(5, TimeUnit.SECONDS)).isEqualTo(big);
        assertThat(stored.poll(5, TimeUnit.SECONDS).payload()).as("chat inline").isNotNull();
        assertThat(stored.poll(5, TimeUnit.SECONDS).payload()).as("clip under the limit inline").isNotNull();
        assertThat(stored.poll(5, TimeUnit.SECONDS).payload()).as("clip over the limit by reference").isNull();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "null, 2147483647",   // not set: inline whenever the bus takes it
            "'', 2147483647",     // blank: the same
            "0, 0",               // every clip by reference
            "' 1048576 ', 1048576",
            "-1, 2147483647",     // negative: ignored with a warning
            "1MB, 2147483647",    // not a number: ignored with a warning
            "99999999999, 2147483647"})
    void theSystemPropertysValueIsReadAsBytesOrIgnored(String value, int limit) {
        assertThat(InlineClips.parse(value)).isEqualTo(limit);
    }

    /** A WAV of {@code bytes} bytes of 16 kHz mono noise (header included). */
    private static byte[] clip(int bytes) {
        byte[] pcm = new byte[bytes - Wav.HEADER_BYTES];
        new Random(bytes).nextBytes(pcm);
        return Wav.write(pcm, 16_000, 1);
    }

    /** A fake member that also keeps the clip bytes of every voice frame it is sent. */
    private static final class ClipMember implements Member {
        final FakeMember fake = new FakeMember();
        final BlockingQueue<byte[]> clips = new LinkedBlockingQueue<>();

        @Override
        public void sendText(String json) {
            fake.sendText(json);
        }

        @Override
        public void send(SharedFrame frame) {
            if (!frame.isText()) {
                ByteBuffer clip;
                try {
                    clip = VoiceFrame.split(frame.payload()).clip();
                } catch (ProtocolException e) {
                    throw new AssertionError("relay sent an invalid voice frame", e);
                }
                byte[] bytes = new byte[clip.remaining()];
                clip.get(bytes);
                clips.add(bytes);
            }
            fake.send(frame);
        }

        @Override
        public void close(int code, String reason) {
            fake.close(code, reason);
        }

        @Override
        public long bufferedBytes() {
            return fake.bufferedBytes();
        }

        @Override
        public boolean isOpen() {
            return fake.isOpen();
        }

        @Override
        public String remote() {
            return fake.remote();
        }

        @Override
        public String address() {
            return fake.address();
        }
    }
}
