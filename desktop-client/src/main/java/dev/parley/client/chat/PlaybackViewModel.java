package dev.parley.client.chat;

import dev.parley.client.ui.common.UiThread;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Plays voice clips one at a time: {@link #toggle} plays, pauses or resumes; starting another clip stops the
 * current one. With auto-play on (walkie-talkie mode), clips arriving from others are queued and played in
 * arrival order. FX thread only; playback events come in through the {@link UiThread} door.
 */
public final class PlaybackViewModel {
    private static final Logger log = LoggerFactory.getLogger(PlaybackViewModel.class);

    private final VoiceIo io;
    private final UiThread ui;
    private final BooleanProperty autoPlay;
    private final Consumer<String> notice;
    private final String noSpeakerText;
    private final Deque<TimelineItem> queue = new ArrayDeque<>();
    private final ReadOnlyObjectWrapper<TimelineItem> current = new ReadOnlyObjectWrapper<>();
    private VoiceIo.Playback playback;
    private boolean paused;
    private int generation;

    public PlaybackViewModel(VoiceIo io, UiThread ui, BooleanProperty autoPlay, Consumer<String> notice,
                             String noSpeakerText) {
        this.io = io;
        this.ui = ui;
        this.autoPlay = autoPlay;
        this.notice = notice;
        this.noSpeakerText = noSpeakerText;
    }

    /** The clip playing or paused, or {@code null}. */
    public ReadOnlyObjectProperty<TimelineItem> currentProperty() {
        return current.getReadOnlyProperty();
    }

    public boolean isPaused() {
        return paused;
    }

    /** Play, pause or resume {@code item}. */
    public void toggle(TimelineItem item) {
        if (item == current.get() && playback != null) {
            if (paused) {
                playback.resume();
                paused = false;
                item.playingProperty().set(true);
            } else {
                playback.pause();
                paused = true;
                item.playingProperty().set(false);
            }
            return;
        }
        queue.clear();
        play(item);
    }

    /** A clip arrived live from someone else: queue it when auto-play is on. */
    public void arrived(TimelineItem item) {
        if (item.kind() != TimelineItem.Kind.VOICE || !autoPlay.get()) {
            return;
        }
        if (current.get() == null) {
            play(item);
        } else {
            queue.addLast(item);
        }
    }

    /** Stops whatever plays and forgets the queue. */
    public void stop() {
        queue.clear();
        stopCurrent();
    }

    /** Writes a clip to a .wav file. */
    public boolean save(TimelineItem item, Path file) {
        try {
            Files.write(file, item.clip());
            return true;
        } catch (IOException e) {
            log.warn("cannot save clip to {}: {}", file, e.getMessage());
            notice.accept(e.getMessage());
            return false;
        }
    }

    private void play(TimelineItem item) {
        stopCurrent();
        if (!io.hasOutput()) {
            notice.accept(noSpeakerText);
            return;
        }
        int mine = ++generation;
        try {
            playback = io.play(item.clip(), new Events(mine, item));
        } catch (VoiceIo.VoiceUnavailableException e) {
            notice.accept(e.getMessage());
            return;
        }
        paused = false;
        current.set(item);
        item.playedProperty().set(true);
        item.playingProperty().set(true);
        item.progressProperty().set(0);
    }

    private void stopCurrent() {
        TimelineItem item = current.get();
        if (playback != null) {
            playback.stop();
        }
        playback = null;
        generation++;
        paused = false;
        if (item != null) {
            item.playingProperty().set(false);
            item.progressProperty().set(0);
        }
        current.set(null);
    }

    private void ended() {
        stopCurrent();
        TimelineItem next = queue.pollFirst();
        if (next != null) {
            play(next);
        }
    }

    /** Events of one playback; stale ones are ignored. */
    private final class Events implements VoiceIo.PlaybackEvents {
        private final int owner;
        private final TimelineItem item;

        Events(int owner, TimelineItem item) {
            this.owner = owner;
            this.item = item;
        }

        @Override
        public void progress(long playedMillis, long totalMillis) {
            ui.run(() -> {
                if (owner == generation && totalMillis > 0) {
                    item.progressProperty().set(Math.min(1, playedMillis / (double) totalMillis));
                }
            });
        }

        @Override
        public void finished() {
            ui.run(() -> {
                if (owner == generation) {
                    ended();
                }
            });
        }

        @Override
        public void failed(String reason) {
            ui.run(() -> {
                if (owner == generation) {
                    notice.accept(reason);
                    ended();
                }
            });
        }
    }
}
