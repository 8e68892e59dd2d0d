package dev.parley.client.chat;

import dev.parley.client.testing.Clips;
import dev.parley.client.testing.FakeVoiceIo;
import dev.parley.client.ui.common.Tasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** Playing, pausing, auto-playing, speeding up and saving clips. */
class PlaybackViewModelTest extends PlaybackFixture {
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

    @Test
    void aClipWhoseArrivalWasOnItsWayWhenTheRoomWasLeftIsNotPlayed() {
        autoPlay.set(true);
        ExecutorService audio = Executors.newSingleThreadExecutor();
        PlaybackViewModel left = new PlaybackViewModel(io, PlaybackViewModel.Threads.of(Runnable::run, audio), room,
                autoPlay, notice::append, "no speaker", why -> "cannot: " + why);
        left.close(); // the session shuts its audio executor down right after
        audio.shutdown();
        left.arrived(clip(1)); // handed to the FX thread by the disk thread before the session closed
        assertThat(left.currentProperty().get()).isNull();
        assertThat(io.playbacks).isEmpty();
    }

    @Test
    void theSpeakerIsTouchedOnlyByTheAudioTasksOneAfterTheOther() {
        ArrayDeque<Runnable> audio = new ArrayDeque<>();
        PlaybackViewModel later = new PlaybackViewModel(io, new PlaybackViewModel.Threads(Runnable::run,
                new Tasks(audio::add, Runnable::run), new Tasks(Runnable::run, Runnable::run)), room, autoPlay,
                notice::append, "no speaker", why -> "cannot: " + why);
        TimelineItem a = clip(1);
        TimelineItem b = clip(2);
        later.toggle(a);
        later.toggle(a); // pause
        later.speedProperty().set(2);
        later.toggle(b); // a stops, b plays
        assertThat(a.playingProperty().get()).as("the card follows at once").isFalse();
        assertThat(later.currentProperty().get()).isSameAs(b);
        assertThat(io.playbacks).as("nothing reached the speaker on the calling thread").isEmpty();

        while (!audio.isEmpty()) {
            audio.poll().run();
        }
        assertThat(io.playbacks).hasSize(2);
        FakeVoiceIo.FakePlayback first = io.playbacks.get(0);
        assertThat(first.paused).isTrue();
        assertThat(first.speed).isEqualTo(2.0);
        assertThat(first.stopped).as("stopped before the next opened").isTrue();
        assertThat(io.playbacks.get(1).speed).isEqualTo(2.0);
        first.events.progress(150, 300); // a late report of the clip stopped
        assertThat(a.progressProperty().get()).isZero();
        io.playbacks.get(1).events.finished();
        assertThat(later.currentProperty().get()).isNull();
    }
}

