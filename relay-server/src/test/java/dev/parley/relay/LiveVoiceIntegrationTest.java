package dev.parley.relay;

import dev.parley.protocol.AbortReason;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Chat;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.protocol.ServerMessage.Typing;
import dev.parley.protocol.ServerMessage.VoiceAbort;
import dev.parley.protocol.ServerMessage.VoiceStart;
import dev.parley.protocol.TypingState;
import dev.parley.protocol.VoiceCodec;
import dev.parley.protocol.Wav;
import dev.parley.relay.testing.Clips;
import dev.parley.relay.testing.MutableClock;
import dev.parley.relay.testing.ReceivedChunk;
import dev.parley.relay.testing.ReceivedVoice;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Protocol 2's live voice over real TLS: chunks forwarded while the speaker talks, the stored clip identical to the
 * same clip sent whole, version-1 members untouched, interrupted streams, late joiners, two speakers at once.
 */
class LiveVoiceIntegrationTest {
    private static final AtomicInteger ROOMS = new AtomicInteger();
    private static final MutableClock CLOCK = MutableClock.stopped();
    /** 20 ms of 16 kHz mono: the chunk PROTOCOL.md recommends. */
    static final int CHUNK_BYTES = 640;

    @TempDir
    static Path dataDir;
    static TestRelay relay;

    @BeforeAll
    static void startRelay() {
        relay = TestRelay.start(dataDir, c -> c.withClock(CLOCK).withLimits(new Limits(4000, 200_000, 5_000)));
    }

    @AfterAll
    static void stopRelay() {
        relay.close();
    }

    static String room() {
        return "live-" + ROOMS.incrementAndGet();
    }

    /** {@code count} chunks of recognisable PCM, each {@code bytes} long and different from the others. */
    static List<byte[]> chunks(int count, int bytes) {
        byte[] all = Clips.pcmBytes(count * bytes);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] c = new byte[bytes];
            System.arraycopy(all, i * bytes, c, 0, bytes);
            c[0] = (byte) i;
            out.add(c);
        }
        return out;
    }

    static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** A speaker and a listener, both on protocol 2, in a fresh room; presence consumed. */
    static TestClient[] livePair(String room) {
        TestClient alice = relay.connect("alice");
        alice.joinLive("alice", room);
        TestClient bob = relay.connect("bob");
        bob.joinLive("bob", room);
        alice.awaitNext(Presence.class);
        return new TestClient[] {alice, bob};
    }

    @Test
    void chunksReachListenersBeforeTheEndAndTheStoredClipIsTheSameAsSentWhole() {
        String room = room();
        TestClient[] p = livePair(room);
        TestClient alice = p[0];
        TestClient bob = p[1];
        List<byte[]> pcm = chunks(5, CHUNK_BYTES);

        alice.voiceStart("v-1", 16_000, 1);
        assertThat(bob.awaitNext(Typing.class)).isEqualTo(new Typing("alice", TypingState.RECORDING));
        assertThat(bob.awaitNext(VoiceStart.class))
                .isEqualTo(new VoiceStart("v-1", "alice", VoiceCodec.PCM16, 16_000, 1, 0));
        for (int n = 0; n < pcm.size(); n++) {
            alice.voiceChunk("v-1", n, pcm.get(n));
            ReceivedChunk got = bob.awaitNext(ReceivedChunk.class); // before the speaker has ended the stream
            assertThat(got.header()).isEqualTo(new ServerMessage.VoiceChunk("v-1", "alice", n));
            assertThat(got.pcm()).isEqualTo(pcm.get(n));
        }
        alice.voiceEnd("v-1");

        assertThat(bob.awaitNext(Typing.class).state()).isEqualTo(TypingState.IDLE);
        ReceivedVoice stored = bob.awaitNext(ReceivedVoice.class);
        byte[] expected = Wav.write(concat(pcm), 16_000, 1);
        assertThat(stored.clip()).isEqualTo(expected);
        assertThat(stored.header()).isEqualTo(new ServerMessage.Voice(1, "v-1", "alice", CLOCK.millis(), 100, 16_000, 1,
                expected.length, false));
        ReceivedVoice echo = alice.awaitNext(ReceivedVoice.class);
        assertThat(echo.header()).isEqualTo(stored.header());
        assertThat(echo.clip()).isEqualTo(expected);

        // The same clip sent whole by the same nick, with the same id, in a room of the same history: the same message.
        TestClient whole = relay.connect("alice-whole");
        whole.join("alice", room());
        whole.voice("v-1", expected);
        ReceivedVoice wholeEcho = whole.awaitNext(ReceivedVoice.class);
        assertThat(wholeEcho.header()).isEqualTo(stored.header());
        assertThat(wholeEcho.clip()).isEqualTo(stored.clip());
    }

    @Test
    void aVersionOneMemberSeesOnlyTheStoredMessage() {
        String room = room();
        TestClient[] p = livePair(room);
        TestClient alice = p[0];
        TestClient bob = p[1];
        TestClient carol = relay.join("carol", room);
        alice.awaitNext(Presence.class);
        bob.awaitNext(Presence.class);
        List<byte[]> pcm = chunks(3, CHUNK_BYTES);

        alice.voiceStart("v-1", 16_000, 1);
        for (int n = 0; n < pcm.size(); n++) {
            alice.voiceChunk("v-1", n, pcm.get(n));
        }
        alice.voiceEnd("v-1");
        alice.awaitNext(ReceivedVoice.class);
        bob.chat("c-after", "marker");

        // what a version-1 member saw is exactly what a clip sent whole after "recording" shows it
        assertThat(carol.awaitNext(Typing.class)).isEqualTo(new Typing("alice", TypingState.RECORDING));
        assertThat(carol.awaitNext(Typing.class)).isEqualTo(new Typing("alice", TypingState.IDLE));
        assertThat(carol.awaitNext(ReceivedVoice.class).clip()).isEqualTo(Wav.write(concat(pcm), 16_000, 1));
        assertThat(carol.awaitNext(Chat.class).id()).isEqualTo("c-after");
        assertThat(carol.pending()).isZero();
    }

    @Test
    void aSpeakerDroppedMidStreamIsAnInterruptionAndTheResendIsStoredOnce() {
        String room = room();
        TestClient[] p = livePair(room);
        TestClient alice = p[0];
        TestClient bob = p[1];
        List<byte[]> pcm = chunks(4, CHUNK_BYTES);
        alice.voiceStart("v-1", 16_000, 1);
        alice.voiceChunk("v-1", 0, pcm.get(0));
        alice.voiceChunk("v-1", 1, pcm.get(1));
        bob.awaitNext(Typing.class);
        bob.awaitNext(VoiceStart.class);
        bob.awaitNext(2, ReceivedChunk.class);

        alice.kill();

        assertThat(bob.awaitNext(VoiceAbort.class)).isEqualTo(new VoiceAbort("v-1", "alice", AbortReason.INTERRUPTED));
        assertThat(bob.awaitNext(Typing.class).state()).isEqualTo(TypingState.IDLE);
        assertThat(bob.awaitNext(Presence.class).event()).isEqualTo(Presence.Event.LEAVE);

        // the app keeps the whole recording and sends it whole after reconnecting, with the same id, maybe twice
        TestClient back = relay.connect("alice-again");
        assertThat(back.joinLive("alice", room).lastSeq()).as("nothing partial was stored").isZero();
        bob.awaitNext(Presence.class);
        byte[] clip = Wav.write(concat(pcm), 16_000, 1);
        back.voice("v-1", clip);
        back.voice("v-1", clip);
        ReceivedVoice first = back.awaitNext(ReceivedVoice.class);
        assertThat(back.awaitNext(ReceivedVoice.class).header()).isEqualTo(first.header());
        assertThat(first.seq()).isEqualTo(1);
        assertThat(bob.awaitNext(ReceivedVoice.class).clip()).isEqualTo(clip);
        back.chat("c-2", "after");
        assertThat(bob.awaitNext(Chat.class).seq()).as("stored once").isEqualTo(2);
    }

    @Test
    void aLateJoinerHearsTheStreamFromWhereItJoinedThenGetsTheStoredMessage() {
        String room = room();
        TestClient[] p = livePair(room);
        TestClient alice = p[0];
        TestClient bob = p[1];
        List<byte[]> pcm = chunks(7, CHUNK_BYTES);
        alice.voiceStart("v-1", 16_000, 1);
        for (int n = 0; n < 5; n++) {
            alice.voiceChunk("v-1", n, pcm.get(n));
        }
        bob.awaitNext(Typing.class);
        bob.awaitNext(VoiceStart.class);
        bob.awaitNext(5, ReceivedChunk.class); // the relay has all five

        TestClient dave = relay.connect("dave");
        dave.joinLive("dave", room);
        assertThat(dave.awaitNext(VoiceStart.class))
                .isEqualTo(new VoiceStart("v-1", "alice", VoiceCodec.PCM16, 16_000, 1, 100));
        alice.voiceChunk("v-1", 5, pcm.get(5));
        alice.voiceChunk("v-1", 6, pcm.get(6));
        List<ReceivedChunk> late = dave.awaitNext(2, ReceivedChunk.class);
        assertThat(late).extracting(ReceivedChunk::n).containsExactly(5L, 6L);
        assertThat(late.get(1).pcm()).isEqualTo(pcm.get(6));
        alice.voiceEnd("v-1");

        assertThat(dave.awaitNext(Typing.class).state()).isEqualTo(TypingState.IDLE);
        ReceivedVoice stored = dave.awaitNext(ReceivedVoice.class);
        assertThat(stored.clip()).isEqualTo(Wav.write(concat(pcm), 16_000, 1));
        assertThat(stored.header().durationMs()).isEqualTo(140);
    }

    @Test
    void twoSpeakersAtOnceAreBothDeliveredInterleavedAndComplete() {
        String room = room();
        TestClient[] p = livePair(room);
        TestClient alice = p[0];
        TestClient bob = p[1];
        TestClient carol = relay.connect("carol");
        carol.joinLive("carol", room);
        List<byte[]> a = chunks(6, CHUNK_BYTES);
        List<byte[]> b = chunks(6, 2 * CHUNK_BYTES); // bob streams stereo

        alice.voiceStart("a", 16_000, 1);
        bob.voiceStart("b", 16_000, 2);
        for (int n = 0; n < 6; n++) {
            alice.voiceChunk("a", n, a.get(n));
            bob.voiceChunk("b", n, b.get(n));
        }
        alice.voiceEnd("a");
        bob.voiceEnd("b");

        Map<String, List<Long>> order = new LinkedHashMap<>();
        Map<String, ByteArrayOutputStream> heard = new LinkedHashMap<>();
        Map<String, ReceivedVoice> stored = new LinkedHashMap<>();
        while (stored.size() < 2) {
            Object item = carol.awaitItems(1, TestClient.WAIT).get(0);
            if (item instanceof ReceivedChunk c) {
                order.computeIfAbsent(c.header().id(), k -> new ArrayList<>()).add(c.n());
                heard.computeIfAbsent(c.header().id(), k -> new ByteArrayOutputStream()).writeBytes(c.pcm());
            } else if (item instanceof ReceivedVoice v) {
                stored.put(v.header().id(), v);
            }
        }
        assertThat(order.get("a")).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(order.get("b")).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(heard.get("a").toByteArray()).isEqualTo(concat(a));
        assertThat(stored.get("a").clip()).isEqualTo(Wav.write(concat(a), 16_000, 1));
        assertThat(stored.get("b").clip()).isEqualTo(Wav.write(concat(b), 16_000, 2));
        assertThat(stored.get("b").header().from()).isEqualTo("bob");
        // each speaker heard the other one live (among its own echo and the rest, in an order that depends on timing)
        boolean typing = false;
        boolean started = false;
        while (!typing || !started) {
            Object item = alice.awaitItems(1, TestClient.WAIT).get(0);
            typing |= item instanceof Typing t && t.from().equals("bob");
            started |= item instanceof VoiceStart v && v.id().equals("b") && v.from().equals("bob");
        }
    }

    @Test
    void aCancelledStreamIsAbortedForListenersAndNothingIsStored() {
        TestClient[] p = livePair(room());
        p[0].voiceStart("v-1", 16_000, 1).voiceChunk("v-1", 0, chunks(1, CHUNK_BYTES).get(0)).voiceCancel("v-1");

        p[1].awaitNext(Typing.class);
        p[1].awaitNext(VoiceStart.class);
        p[1].awaitNext(ReceivedChunk.class);
        assertThat(p[1].awaitNext(VoiceAbort.class).reason()).isEqualTo(AbortReason.CANCELLED);
        assertThat(p[1].awaitNext(Typing.class).state()).isEqualTo(TypingState.IDLE);
        p[0].chat("c-1", "nothing before me");
        assertThat(p[1].awaitNext(Chat.class).seq()).isEqualTo(1);
    }

    @Test
    void streamingAnIdThatIsAlreadyStoredAnswersTheStoredCopyAndAbortsForListeners() {
        TestClient[] p = livePair(room());
        byte[] pcm = chunks(1, CHUNK_BYTES).get(0);
        p[0].voice("v-1", Wav.write(pcm, 16_000, 1));
        ReceivedVoice original = p[0].awaitNext(ReceivedVoice.class);
        p[1].awaitNext(ReceivedVoice.class);

        p[0].voiceStart("v-1", 16_000, 1).voiceChunk("v-1", 0, pcm).voiceEnd("v-1");

        assertThat(p[0].awaitNext(ReceivedVoice.class).header()).isEqualTo(original.header());
        p[1].awaitNext(Typing.class);
        p[1].awaitNext(VoiceStart.class);
        p[1].awaitNext(ReceivedChunk.class);
        assertThat(p[1].awaitNext(VoiceAbort.class).reason()).isEqualTo(AbortReason.DUPLICATE);
    }
}
