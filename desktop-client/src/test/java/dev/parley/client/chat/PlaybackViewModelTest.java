package dev.parley.client.chat;

import dev.parley.client.live.JitterBuffer;
import dev.parley.client.live.LiveKey;
import dev.parley.client.live.LiveRoom;
import dev.parley.client.testing.Clips;
import dev.parley.client.testing.FakeVoiceIo;
import dev.parley.client.testing.MutableClock;
import dev.parley.protocol.AbortReason;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.VoiceCodec;
import javafx.beans.property.SimpleBooleanProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

class PlaybackViewModelTest {
    private final FakeVoiceIo io = new FakeVoiceIo();
    private final SimpleBooleanProperty autoPlay = new SimpleBooleanProperty();
    private final StringBuilder notice = new StringBuilder();
    /** Live audio that reached the "speaker", and what the buffer reported, in order. */
    private final List<String> heard = new ArrayList<>();
    private final MutableClock clock = new MutableClock(0);
    private final JitterBuffer buffer = new JitterBuffer(
            (key, format, pcm) -> heard.add("pcm " + key.id() + " " + pcm.length), new Heard(), clock);
    private final LiveRoom room = new LiveRoom(buffer, autoPlay::get,
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
    private final PlaybackViewModel vm = new PlaybackViewModel(io, Runnable::run, Runnable::run, Runnable::run, room,
            autoPlay, notice::append, "no speaker", why -> "cannot: " + why);

    private final class Heard implements JitterBuffer.Listener {
        @Override
        public void started(LiveKey stream) {
            heard.add("started " + stream.id());
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

    private static TimelineItem clip(long seq) {
        return TimelineItem.voice(seq, "v" + seq, "bob", false, seq, ClipData.inMemory(Clips.tone(300, 440)), 300, false);
    }

    @Test
    void playsOneAtATimeAndPausesAndResumes() {
        TimelineItem a = clip(1);
        TimelineItem b = clip(2);
        assertThat(a.playedProperty().get()).isFalse();
        vm.toggle(a);
        assertThat(a.playingProperty().get()).isTrue();
        assertThat(a.playedProperty().get()).isTrue();
        vm.toggle(a);
        assertThat(io.playbacks.get(0).paused).isTrue();
        assertThat(a.playingProperty().get()).isFalse();
        vm.toggle(a);
        assertThat(io.playbacks.get(0).paused).isFalse();
        vm.toggle(b);
        assertThat(io.playbacks.get(0).stopped).isTrue();
        assertThat(a.playingProperty().get()).isFalse();
        assertThat(vm.currentProperty().get()).isSameAs(b);
        io.playbacks.get(1).events.progress(150, 300);
        assertThat(b.progressProperty().get()).isEqualTo(0.5);
        io.playbacks.get(1).events.finished();
        assertThat(vm.currentProperty().get()).isNull();
        assertThat(b.playingProperty().get()).isFalse();
    }

    @Test
    void autoPlayPlaysArrivalsInOrder() throws Exception {
        TimelineItem a = clip(1);
        TimelineItem b = clip(2);
        vm.arrived(a);
        assertThat(io.playbacks).isEmpty();
        autoPlay.set(true);
        vm.arrived(a);
        vm.arrived(b);
        assertThat(io.playbacks).hasSize(1);
        io.playbacks.get(0).events.finished();
        assertThat(io.playbacks).hasSize(2);
        assertThat(io.playbacks.get(1).wav).isSameAs(b.clip().load());
        // a late event from the first playback changes nothing
        io.playbacks.get(0).events.progress(10, 300);
        assertThat(a.progressProperty().get()).isZero();
    }

    @Test
    void withoutASpeakerItSaysSoAndSavingStillWorks(@TempDir Path dir) throws Exception {
        io.output = false;
        TimelineItem a = clip(1);
        vm.toggle(a);
        assertThat(notice.toString()).isEqualTo("no speaker");
        Path file = dir.resolve("a.wav");
        vm.save(a, file);
        assertThat(Files.readAllBytes(file)).isEqualTo(a.clip().load());
    }

    @Test
    void clipsKeptOnDiskArePlayedAndSavedFromTheirFile(@TempDir Path dir) throws Exception {
        byte[] wav = Clips.tone(500, 330);
        try (ClipCache cache = ClipCache.create()) {
            ClipData kept = cache.keep(wav);
            assertThat(kept.inMemory()).isFalse();
            assertThat(kept.size()).isEqualTo(wav.length);
            assertThat(kept.peaks()).containsExactly(ClipPeaks.of(wav, ClipData.PEAKS));
            TimelineItem item = TimelineItem.voice(1, "v1", "bob", false, 1, kept, 500, false);
            vm.toggle(item);
            assertThat(io.playbacks).hasSize(1);
            assertThat(io.playbacks.get(0).wav).isEqualTo(wav);
            Path file = dir.resolve("saved.wav");
            vm.save(item, file);
            assertThat(Files.readAllBytes(file)).isEqualTo(wav);

            for (int i = 0; i < 4; i++) {
                cache.keep(Clips.tone(100, 440)); // later arrivals push this one out of memory: it is read from disk
            }
            assertThat(kept.loadNow()).isNull();
            assertThat(kept.load()).isEqualTo(wav);
            vm.stop();
            vm.toggle(item);
            assertThat(io.playbacks).hasSize(2);
            assertThat(io.playbacks.get(1).wav).isEqualTo(wav);
            vm.stop();

            Path folder = cache.dir();
            cache.close();
            assertThat(folder).doesNotExist();
            TimelineItem gone = TimelineItem.voice(2, "v2", "bob", false, 2, kept, 500, false);
            vm.toggle(gone);
            assertThat(notice.toString()).startsWith("cannot: ");
            assertThat(vm.currentProperty().get()).isNull();
            assertThat(io.playbacks).hasSize(2);
        }
    }

    @Test
    void clipsPlayAtTheChosenSpeedAndAChangeReachesTheClipPlaying() {
        TimelineItem a = clip(1);
        assertThat(vm.speedProperty().get()).isEqualTo(1.0);
        vm.nextSpeed();
        assertThat(vm.speedProperty().get()).isEqualTo(1.5);
        vm.toggle(a);
        assertThat(io.playbacks.get(0).speed).isEqualTo(1.5);
        vm.nextSpeed();
        assertThat(io.playbacks.get(0).speed).as("while playing").isEqualTo(2.0);
        vm.nextSpeed();
        assertThat(vm.speedProperty().get()).as("after 2x comes 1x").isEqualTo(1.0);
        assertThat(io.playbacks.get(0).speed).isEqualTo(1.0);
        // progress stays in the clip's own time whatever the speed
        vm.speedProperty().set(2);
        io.playbacks.get(0).events.progress(150, 300);
        assertThat(a.progressProperty().get()).isEqualTo(0.5);
    }

    @Test
    void aSpeedNotOfferedBecomesTheNearestOffered() {
        vm.speedProperty().set(1.7);
        assertThat(vm.speedProperty().get()).isEqualTo(1.5);
        vm.speedProperty().set(2.9);
        assertThat(vm.speedProperty().get()).isEqualTo(2.0);
        assertThat(PlaybackViewModel.speedText(1)).isEqualTo("1\u00d7");
        assertThat(PlaybackViewModel.speedText(1.5)).isEqualTo("1.5\u00d7");
        assertThat(PlaybackViewModel.speedText(2)).isEqualTo("2\u00d7");
    }

    private static final LiveKey BOB_LIVE = new LiveKey("bob", "v-live");

    private void bobStarts() {
        room.started(new ServerMessage.VoiceStart("v-live", "bob",
                VoiceCodec.PCM16, 16000, 1, 0));
    }

    private void bobSays(int chunks) {
        for (int i = 0; i < chunks; i++) {
            room.chunk(new ServerMessage.VoiceChunk("v-live", "bob", i), new byte[640]);
        }
    }

    @Test
    void aLiveMessageTakesTheSpeakerFromTheClipPlayingWhichResumesAfterIt() {
        TimelineItem a = clip(1);
        vm.toggle(a);
        vm.liveStarting(BOB_LIVE);
        assertThat(io.playbacks.get(0).paused).isTrue();
        assertThat(a.playingProperty().get()).isFalse();
        assertThat(vm.hearingLive()).isTrue();
        vm.liveEnded(BOB_LIVE);
        assertThat(io.playbacks.get(0).paused).isFalse();
        assertThat(a.playingProperty().get()).isTrue();
        assertThat(vm.hearingLive()).isFalse();
    }

    @Test
    void clipsArrivingWhileALiveMessageIsHeardWaitForIt() {
        autoPlay.set(true);
        vm.liveStarting(BOB_LIVE);
        TimelineItem a = clip(1);
        vm.arrived(a);
        assertThat(io.playbacks).as("never two voices at once").isEmpty();
        vm.liveEnded(BOB_LIVE);
        assertThat(io.playbacks).singleElement().satisfies(p -> assertThat(p.wav).isSameAs(a.clip().loadNow()));
    }

    @Test
    void aMessageHeardLiveIsNotPlayedAgainWhenItsStoredMessageArrives() {
        autoPlay.set(true);
        TimelineItem stored = clip(7);
        stored.playedProperty().set(true); // the model marks a message heard live as played
        vm.arrived(stored);
        assertThat(io.playbacks).isEmpty();
    }

    @Test
    void playingAClipByHandStopsHearingTheLiveMessage() {
        autoPlay.set(true);
        bobStarts();
        vm.liveStarting(BOB_LIVE);
        bobSays(5);
        vm.toggle(clip(1));
        assertThat(heard).contains("stopped v-live");
        assertThat(io.playbacks).hasSize(1);
        assertThat(buffer.isIdle()).isTrue();
    }

    @Test
    void pressingPlayOnALiveCardLateHearsItFromItsFirstChunkWhole() {
        bobStarts(); // walkie-talkie mode is off: not heard
        bobSays(20); // 400 ms said before the person presses play
        assertThat(heard).containsExactly("opened v-live false");
        TimelineItem card = TimelineItem.live(BOB_LIVE, 0);
        vm.toggle(card);
        assertThat(vm.hearingLive()).isTrue();
        long played = 0;
        for (int t = 0; t <= 600; t += 10) {
            buffer.pump();
            clock.advance(10);
        }
        for (String h : heard) {
            if (h.startsWith("pcm ")) {
                played += Long.parseLong(h.substring(h.lastIndexOf(' ') + 1));
            }
        }
        assertThat(played).as("all 400 ms, none dropped to catch up").isEqualTo(20 * 640);
    }

    @Test
    void aLiveMessageTheSpeakerFailedOnPlaysAgainOnPlayAndTheQueueGoesOnAfterIt() {
        autoPlay.set(true);
        bobStarts();
        vm.liveStarting(BOB_LIVE); // as the session does for a card opened heard
        bobSays(5);
        buffer.stop(BOB_LIVE); // what the live player does when the speaker fails (unplugged, busy)
        assertThat(vm.hearingLive()).isFalse();
        TimelineItem card = TimelineItem.live(BOB_LIVE, 0);
        vm.toggle(card); // the person presses play on the card again
        assertThat(buffer.contains(BOB_LIVE)).as("it goes to the speaker again").isTrue();
        room.stored(new ServerMessage.Voice(8, "v-live", "bob", 0, 100, 16000, 1, 3244, false));
        for (int t = 0; t <= 300; t += 10) {
            buffer.pump();
            clock.advance(10);
        }
        assertThat(heard).contains("finished v-live");
        assertThat(vm.hearingLive()).isFalse();
        TimelineItem next = clip(9);
        vm.arrived(next);
        assertThat(io.playbacks).as("the queue is not held up by a live message that is not heard").hasSize(1);
    }

    @Test
    void resumingAClipPausedForALiveMessageStopsHearingItSoTheyNeverMix() {
        autoPlay.set(true);
        TimelineItem a = clip(1);
        vm.toggle(a);
        bobStarts();
        vm.liveStarting(BOB_LIVE);
        bobSays(5);
        assertThat(io.playbacks.get(0).paused).isTrue();
        vm.toggle(a); // the person presses play on the paused clip while bob is heard
        assertThat(io.playbacks.get(0).paused).isFalse();
        assertThat(heard).as("the live message stops, as for any clip played by hand").contains("stopped v-live");
        assertThat(vm.hearingLive()).isFalse();
        assertThat(buffer.isIdle()).isTrue();
    }

    @Test
    void aClipWhoseArrivalWasOnItsWayWhenTheRoomWasLeftIsNotPlayed() {
        autoPlay.set(true);
        ExecutorService audio = Executors.newSingleThreadExecutor();
        PlaybackViewModel left = new PlaybackViewModel(io, Runnable::run, Runnable::run, audio, room, autoPlay,
                notice::append, "no speaker", why -> "cannot: " + why);
        left.close(); // the session shuts its audio executor down right after
        audio.shutdown();
        left.arrived(clip(1)); // handed to the FX thread by the disk thread before the session closed
        assertThat(left.currentProperty().get()).isNull();
        assertThat(io.playbacks).isEmpty();
    }
}
