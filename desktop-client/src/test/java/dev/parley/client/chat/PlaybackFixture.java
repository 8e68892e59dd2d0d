package dev.parley.client.chat;

import dev.parley.client.live.JitterBuffer;
import dev.parley.client.live.LiveKey;
import dev.parley.client.live.LiveRoom;
import dev.parley.client.testing.Clips;
import dev.parley.client.testing.FakeVoiceIo;
import dev.parley.client.testing.MutableClock;
import dev.parley.client.ui.common.Tasks;
import dev.parley.protocol.AbortReason;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.VoiceCodec;
import javafx.beans.property.SimpleBooleanProperty;

import java.util.ArrayList;
import java.util.List;

/**
 * What the playback tests share: a {@link PlaybackViewModel} on a fake speaker with every step on the calling thread,
 * and a live room whose buffer's sink and events are recorded in {@link #heard}.
 */
abstract class PlaybackFixture {
    final FakeVoiceIo io = new FakeVoiceIo();
    final SimpleBooleanProperty autoPlay = new SimpleBooleanProperty();
    final StringBuilder notice = new StringBuilder();
    /** Live audio that reached the "speaker", and what the buffer reported, in order. */
    final List<String> heard = new ArrayList<>();
    final MutableClock clock = new MutableClock(0);
    final JitterBuffer buffer = new JitterBuffer(
            (key, format, pcm) -> heard.add("pcm " + key.id() + " " + pcm.length), new Heard(), clock);
    final LiveRoom room = new LiveRoom(buffer, autoPlay::get,
            new LiveRoom.Cards() {
                @Override
                public void opened(LiveKey stream, boolean isHeard) {
                    heard.add("opened " + stream.id() + " " + isHeard);
                }

                @Override
                public void audio(LiveKey stream, float peak, long millisSoFar) {
                }

                @Override
                public void aborted(LiveKey stream, AbortReason reason) {
                }
            });
    final PlaybackViewModel vm = new PlaybackViewModel(io, sameThread(), room, autoPlay, notice::append,
            "no speaker", why -> "cannot: " + why);

    /** Everything on the calling thread, at once. */
    static PlaybackViewModel.Threads sameThread() {
        return new PlaybackViewModel.Threads(Runnable::run, new Tasks(Runnable::run, Runnable::run),
                new Tasks(Runnable::run, Runnable::run));
    }

    final class Heard implements JitterBuffer.Listener {
        @Override
        public void started(LiveKey stream) {
            heard.add("started " + stream.id());
            vm.liveStarting(stream); // as the session does when a stream's audio starts
        }

        @Override
        public void underrun(LiveKey stream) {
        }

        @Override
        public void dropped(LiveKey stream, int bytes) {
        }

        @Override
        public void finished(LiveKey stream) {
            heard.add("finished " + stream.id());
            vm.liveEnded(stream);
        }

        @Override
        public void aborted(LiveKey stream, AbortReason reason) {
            vm.liveEnded(stream);
        }

        @Override
        public void stopped(LiveKey stream) {
            heard.add("stopped " + stream.id());
            vm.liveEnded(stream);
        }
    }

    static TimelineItem clip(long seq) {
        return TimelineItem.voice(seq, "v" + seq, "bob", false, seq, ClipData.inMemory(Clips.tone(300, 440)), 300, false);
    }

    static final LiveKey BOB_LIVE = new LiveKey("bob", "v-live");

    void bobStarts() {
        room.started(new ServerMessage.VoiceStart("v-live", "bob",
                VoiceCodec.PCM16, 16000, 1, 0));
    }

    void bobSays(int chunks) {
        for (int i = 0; i < chunks; i++) {
            room.chunk(new ServerMessage.VoiceChunk("v-live", "bob", i), new byte[640]);
        }
    }
}
