package dev.parley.client.chat;

import dev.parley.client.sound.VoiceIo;
import dev.parley.client.ui.common.Tasks;
import dev.parley.client.ui.common.UiThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Plays one clip at a time on the speaker without its caller ever waiting for the sound device: reading the clip,
 * opening the speaker, pausing, resuming, changing speed and stopping all run in order on the {@code audio} tasks'
 * thread, and what the playback reports comes back through the {@link UiThread} door, reports of a clip no longer
 * playing dropped.
 *
 * <p>Call it on the UI thread. The audio tasks must run one at a time in order (one thread): a clip's stop then runs
 * before the next clip opens the speaker, so two clips never play at once.
 */
final class ClipPlayer {
    private static final Logger log = LoggerFactory.getLogger(ClipPlayer.class);

    /** What one clip's playback reports, on the UI thread. */
    interface Listener {
        void progress(double fraction);

        void finished();

        /** It could not be read, or the speaker went away while it played; a sentence for people. */
        void failed(String sentence);

        /** The speaker could not be opened (none, busy, refused); a sentence for people. */
        void unavailable(String sentence);
    }

    /** One clip's playback; {@link #device} is set and used on the audio thread only. */
    private static final class Playing {
        VoiceIo.Playback device;
    }

    private final VoiceIo io;
    private final Tasks audio;
    private final UiThread ui;
    private final Function<String, String> unreadable;
    /** The clip playing or opening (UI thread), or {@code null}. */
    private Playing current;

    /**
     * @param audio      runs the device work, one task at a time, in order
     * @param unreadable the sentence for a clip that cannot be read, from the system's reason
     */
    ClipPlayer(VoiceIo io, Tasks audio, UiThread ui, Function<String, String> unreadable) {
        this.io = io;
        this.audio = audio;
        this.ui = ui;
        this.unreadable = unreadable;
    }

    /** Stops the clip before, then reads and plays {@code clip} at {@code speed}. */
    void play(ClipData clip, double speed, Listener listener) {
        stop();
        Playing p = new Playing();
        current = p;
        byte[] ready = clip.loadNow(); // a clip in memory, or one that just arrived: no disk needed
        onDevice(() -> {
            byte[] wav = ready != null ? ready : clip.load();
            p.device = io.play(wav, speed, new Events(p, listener));
            return null;
        }, failure -> {
            if (p != current) {
                return;
            }
            current = null;
            if (failure instanceof IOException) {
                listener.failed(unreadable.apply(reason(failure)));
            } else {
                if (!(failure instanceof VoiceIo.VoiceUnavailableException)) {
                    log.warn("cannot play a clip", failure);
                }
                listener.unavailable(reason(failure));
            }
        });
    }

    void pause() {
        command(VoiceIo.Playback::pause);
    }

    void resume() {
        command(VoiceIo.Playback::resume);
    }

    /** Plays on at {@code speed}, from what has not yet gone to the speaker. */
    void speed(double speed) {
        command(d -> d.speed(speed));
    }

    /** Stops the clip playing, if any; nothing more is reported of it. */
    void stop() {
        Playing p = current;
        if (p != null) {
            command(VoiceIo.Playback::stop);
            current = null;
        }
    }

    private void command(Consumer<VoiceIo.Playback> action) {
        Playing p = current;
        if (p == null) {
            return;
        }
        onDevice(() -> {
            if (p.device != null) { // null: it failed to open
                action.accept(p.device);
            }
            return null;
        }, failure -> log.warn("the speaker refused a command: {}", failure.toString()));
    }

    private void onDevice(Callable<Void> work, Consumer<Exception> failed) {
        try {
            audio.run(work, done -> { }, failed);
        } catch (RejectedExecutionException e) {
            log.debug("the room was left; the speaker is not touched any more");
        }
    }

    private static String reason(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Events of one playback, handed to the UI thread; those of a clip no longer playing are dropped. */
    private final class Events implements VoiceIo.PlaybackEvents {
        private final Playing owner;
        private final Listener listener;

        Events(Playing owner, Listener listener) {
            this.owner = owner;
            this.listener = listener;
        }

        @Override
        public void progress(long playedMillis, long totalMillis) {
            ui.run(() -> {
                if (owner == current && totalMillis > 0) {
                    listener.progress(Math.min(1, playedMillis / (double) totalMillis));
                }
            });
        }

        @Override
        public void finished() {
            ui.run(() -> {
                if (owner == current) {
                    current = null;
                    listener.finished();
                }
            });
        }

        @Override
        public void failed(String reason) {
            ui.run(() -> {
                if (owner == current) {
                    current = null;
                    listener.failed(reason);
                }
            });
        }
    }
}
