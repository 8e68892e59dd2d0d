package dev.parley.client.live;

import dev.parley.client.testing.MutableClock;
import dev.parley.protocol.AbortReason;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.VoiceCodec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LiveListeningTest {
    private final MutableClock clock = new MutableClock(0);
    private final ByteArrayOutputStream played = new ByteArrayOutputStream();
    private final List<String> events = new ArrayList<>();
    private final JitterBuffer buffer = new JitterBuffer((k, f, pcm) -> played.writeBytes(pcm), new JitterBuffer.Listener() {
        @Override
        public void started(LiveKey s) {
            events.add("started " + s.from());
        }

        @Override
        public void underrun(LiveKey s) {
            events.add("underrun " + s.from());
        }

        @Override
        public void dropped(LiveKey s, int bytes) {
            events.add("dropped " + s.from());
        }

        @Override
        public void finished(LiveKey s) {
            events.add("finished " + s.from());
        }

        @Override
        public void aborted(LiveKey s, AbortReason reason) {
            events.add("aborted " + s.from() + " " + reason.wire());
        }

        @Override
        public void stopped(LiveKey s) {
            events.add("stopped " + s.from());
        }
    }, clock);
    private final LiveListening listening = new LiveListening(buffer);

    private static byte[] chunk(int n) {
        byte[] b = new byte[640];
        Arrays.fill(b, (byte) n);
        return b;
    }

    @Test
    void aStreamPlaysAndItsStoredMessageEndsIt() {
        listening.started(new ServerMessage.VoiceStart("v-7", "alice", VoiceCodec.PCM16, 16000, 1, 0));
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (int n = 0; n < 3; n++) {
            listening.chunk(new ServerMessage.VoiceChunk("v-7", "alice", n), chunk(n + 1));
            sent.writeBytes(chunk(n + 1));
        }
        // another member's ordinary stored message does not end alice's stream
        listening.stored(new ServerMessage.Voice(4, "v-7", "bob", 0, 60, 16000, 1, 1964, false));
        buffer.pump();
        clock.advance(60); // exactly the 60 ms that came: no underrun
        buffer.pump();
        assertThat(events).containsExactly("started alice");
        listening.stored(new ServerMessage.Voice(5, "v-7", "alice", 0, 60, 16000, 1, 1964, false));
        buffer.pump();
        assertThat(played.toByteArray()).isEqualTo(sent.toByteArray());
        assertThat(events).containsExactly("started alice", "finished alice");
    }

    @Test
    void anAbortOrADroppedConnectionStopsStreams() {
        listening.started(new ServerMessage.VoiceStart("v-1", "alice", VoiceCodec.PCM16, 16000, 1, 0));
        listening.started(new ServerMessage.VoiceStart("v-2", "bob", VoiceCodec.PCM16, 16000, 1, 0));
        listening.aborted(new ServerMessage.VoiceAbort("v-1", "alice", AbortReason.CANCELLED));
        listening.lost();
        assertThat(events).containsExactly("aborted alice cancelled", "aborted bob interrupted");
        assertThat(buffer.isIdle()).isTrue();
    }
}
