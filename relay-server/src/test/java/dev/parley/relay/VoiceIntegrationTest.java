package dev.parley.relay;

import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Chat;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.protocol.VoiceFrame;
import dev.parley.relay.testing.Clips;
import dev.parley.relay.testing.MutableClock;
import dev.parley.relay.testing.ReceivedVoice;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.parley.relay.testing.Clips.chunk;
import static dev.parley.relay.testing.Clips.fmt;
import static dev.parley.relay.testing.Clips.pcmBytes;
import static dev.parley.relay.testing.Clips.riff;
import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL.md "voice": byte-identical round trip, fields read from the clip, size limits and 1009. */
class VoiceIntegrationTest {
    private static final AtomicInteger ROOMS = new AtomicInteger();
    private static final MutableClock CLOCK = MutableClock.stopped();
    /** Small limits so the boundaries are cheap to reach. */
    private static final Limits LIMITS = new Limits(4000, 200_000, 5_000);

    @TempDir
    static Path dataDir;
    static TestRelay relay;

    @BeforeAll
    static void startRelay() {
        relay = TestRelay.start(dataDir, c -> c.withClock(CLOCK).withLimits(LIMITS));
    }

    @AfterAll
    static void stopRelay() {
        relay.close();
    }

    private static String room() {
        return "voice-" + ROOMS.incrementAndGet();
    }

    private record Pair(TestClient alice, TestClient bob) {
    }

    private static Pair pair() {
        String room = room();
        TestClient alice = relay.join("alice", room);
        TestClient bob = relay.join("bob", room);
        alice.awaitNext(Presence.class);
        return new Pair(alice, bob);
    }

    @Test
    void aClipArrivesByteIdenticalWithFieldsReadFromTheClip() {
        Pair p = pair();
        byte[] clip = Clips.pcm(37_600, 16_000, 1); // 2.35 s: the example of PROTOCOL.md
        assertThat(clip).hasSize(75_244);
        p.alice().voice("v-1", clip);
        ReceivedVoice got = p.bob().awaitNext(ReceivedVoice.class);
        assertThat(got.clip()).isEqualTo(clip);
        assertThat(got.header()).isEqualTo(new ServerMessage.Voice(1, "v-1", "alice", CLOCK.millis(), 2350, 16_000, 1,
                75_244, false));
        ReceivedVoice echo = p.alice().awaitNext(ReceivedVoice.class);
        assertThat(echo.header()).isEqualTo(got.header());
        assertThat(echo.clip()).isEqualTo(clip);
    }

    @Test
    void stereoAndEdgeSampleRatesAreReadFromTheClip() {
        Pair p = pair();
        byte[] stereo = Clips.pcm(44_100, 44_100, 2);
        byte[] low = Clips.pcm(8_000 / 4, 8_000, 1);
        byte[] high = Clips.pcm(48_000 / 10, 48_000, 2);
        p.alice().voice("s", stereo).voice("l", low).voice("h", high);
        ReceivedVoice s = p.bob().awaitNext(ReceivedVoice.class);
        assertThat(s.header().durationMs()).isEqualTo(1000);
        assertThat(s.header().sampleRate()).isEqualTo(44_100);
        assertThat(s.header().channels()).isEqualTo(2);
        assertThat(s.header().bytes()).isEqualTo(stereo.length);
        assertThat(s.clip()).isEqualTo(stereo);
        ReceivedVoice l = p.bob().awaitNext(ReceivedVoice.class);
        assertThat(l.header().durationMs()).isEqualTo(250);
        assertThat(l.header().sampleRate()).isEqualTo(8_000);
        assertThat(l.header().channels()).isEqualTo(1);
        ReceivedVoice h = p.bob().awaitNext(ReceivedVoice.class);
        assertThat(h.header().durationMs()).isEqualTo(100);
        assertThat(h.header().sampleRate()).isEqualTo(48_000);
        assertThat(h.header().seq()).isEqualTo(3);
        assertThat(h.clip()).isEqualTo(high);
    }

    @Test
    void otherChunksAreKeptAsTheyAre() {
        Pair p = pair();
        byte[] pcm = pcmBytes(16_000); // 0.5 s at 16 kHz mono
        byte[] clip = riff(
                chunk("LIST", "INFOISFT\u0005\u0000\u0000\u0000test\u0000".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)),
                chunk("fmt ", fmt(1, 1, 16_000, 16)),
                chunk("odd ", new byte[]{1, 2, 3}), // odd size: a pad byte follows
                chunk("data", pcm),
                chunk("id3 ", new byte[]{9, 8, 7, 6}));
        p.alice().voice("v-chunks", clip);
        ReceivedVoice got = p.bob().awaitNext(ReceivedVoice.class);
        assertThat(got.clip()).isEqualTo(clip);
        assertThat(got.header().durationMs()).isEqualTo(500);
        assertThat(got.header().bytes()).isEqualTo(clip.length);
    }

    @Test
    void anExtendedFmtChunkIsAccepted() {
        Pair p = pair();
        byte[] fmt18 = ByteBuffer.allocate(18).put(fmt(1, 2, 22_050, 16)).array(); // cbSize = 0
        byte[] clip = riff(chunk("fmt ", fmt18), chunk("data", pcmBytes(22_050 * 4)));
        p.alice().voice("v-fmt18", clip);
        ReceivedVoice got = p.bob().awaitNext(ReceivedVoice.class);
        assertThat(got.clip()).isEqualTo(clip);
        assertThat(got.header().durationMs()).isEqualTo(1000);
        assertThat(got.header().channels()).isEqualTo(2);
    }

    @Test
    void aClipAtTheLimitsIsAcceptedAndOneOverIsTooLarge() {
        Pair p = pair();
        byte[] longest = Clips.ofMillis(LIMITS.maxClipMillis(), 8_000, 1);
        p.alice().voice("long-ok", longest);
        assertThat(p.alice().awaitNext(ReceivedVoice.class).header().durationMs()).isEqualTo(LIMITS.maxClipMillis());
        byte[] tooLong = Clips.pcm((int) (LIMITS.maxClipMillis() * 8 + 8), 8_000, 1);
        p.alice().voice("long-no", tooLong);
        ServerMessage.Error e = p.alice().awaitNext(ServerMessage.Error.class);
        assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(e.ref()).isEqualTo("long-no");

        byte[] biggest = Clips.ofBytes(LIMITS.maxClipBytes(), 48_000);
        p.alice().voice("big-ok", biggest);
        assertThat(p.alice().awaitNext(ReceivedVoice.class).clip()).isEqualTo(biggest);
        p.alice().voice("big-no", Clips.ofBytes(LIMITS.maxClipBytes() + 2, 48_000));
        e = p.alice().awaitNext(ServerMessage.Error.class);
        assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(e.ref()).isEqualTo("big-no");

        // nothing of the refused clips was stored or sent: bob got exactly the two accepted ones
        assertThat(p.bob().awaitNext(ReceivedVoice.class).header().id()).isEqualTo("long-ok");
        assertThat(p.bob().awaitNext(ReceivedVoice.class).header().id()).isEqualTo("big-ok");
        p.alice().chat("after", "still works");
        assertThat(p.alice().awaitNext(Chat.class).seq()).isEqualTo(3);
        assertThat(p.bob().awaitNext(Chat.class).seq()).isEqualTo(3);
    }

    @Test
    void aBinaryFrameAtTheFrameLimitIsNotClosedButOneByteMoreClosesWith1009() {
        TestClient alice = relay.join("alice", room());
        int frameLimit = (int) LIMITS.maxBinaryFrameBytes();
        alice.sendRaw(frameOfSize("at-limit", frameLimit));
        ServerMessage.Error e = alice.awaitNext(ServerMessage.Error.class);
        assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(e.ref()).isEqualTo("at-limit");

        alice.sendRaw(frameOfSize("over-limit", frameLimit + 1));
        assertThat(alice.awaitClose()).isEqualTo(CloseCodes.TOO_BIG);
    }

    @Test
    void aBinaryFrameFarOverTheLimitClosesWith1009() {
        TestClient alice = relay.join("alice", room());
        alice.sendRaw(frameOfSize("huge", 3 * (int) LIMITS.maxBinaryFrameBytes()));
        assertThat(alice.awaitClose()).isEqualTo(CloseCodes.TOO_BIG);
    }

    /** A voice frame of exactly {@code total} bytes whose clip is a valid WAV. */
    private static ByteBuffer frameOfSize(String id, int total) {
        String header = "{\"type\":\"voice\",\"id\":\"" + id + "\"}";
        int clipBytes = total - 4 - header.length();
        String padded = clipBytes % 2 == 0 ? header : "{\"type\":\"voice\",\"id\":\"" + id + "\" }";
        clipBytes = total - 4 - padded.length();
        ByteBuffer frame = VoiceFrame.encode(padded, Clips.ofBytes(clipBytes, 48_000));
        assertThat(frame.remaining()).isEqualTo(total);
        return frame;
    }
}
