package dev.parley.client.audio;

import dev.parley.client.sound.VoiceIo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.SourceDataLine;

/**
 * One clip playing on an open {@link SourceDataLine}: a daemon thread named {@code parley-player} converts the clip
 * if the line has another format, writes it in ~40 ms chunks, {@linkplain TimeStretch time-stretched} to the speed
 * asked for, and reports progress in the clip's time from the line's frame position, then drains the line and
 * reports {@code finished} once (after a last {@code progress(total, total)}). {@link #speed(double)} applies to
 * what has not yet been written to the line (at most its ~200 ms buffer is still at the old speed).
 *
 * <p>{@link #pause()} stops the line, keeping what it holds and its position; {@link #resume()} starts it again.
 * {@link #stop()} ends playback for good: no {@code finished} follows, and the line is closed when it returns.
 * A line that goes away while playing gives {@code failed} with a sentence for people. The line is closed before
 * {@code finished} or {@code failed} fires.
 */
final class Player implements VoiceIo.Playback {
    private static final Logger log = LoggerFactory.getLogger(Player.class);
    static final String THREAD_NAME = "parley-player";
    private static final int CHUNK_MILLIS = 40;
    private static final long END_WAIT_MILLIS = 500;
    /** How long to wait before writing again when the line took nothing. */
    private static final long RETRY_MILLIS = 10;
    /** A line that takes nothing this many times in a row (about 2 s) while playing is taken as gone. */
    private static final int STALL_RETRIES = 200;

    private enum Outcome { FINISHED, STOPPED, FAILED }

    private final SourceDataLine line;
    /** What goes wrong, in the app\'s language. */
    private final SoundTexts texts;
    private final byte[] clipPcm;
    private final PcmConverter converter;
    private final long totalMillis;
    private final int chunkBytes;
    private final float lineRate;
    private final VoiceIo.PlaybackEvents events;
    private final Thread thread;
    private volatile double speed;
    /** Made by the playing thread (converting and stretching take a moment); read only there. */
    private TimeStretch stretch;
    private final Object lock = new Object();
    private boolean paused;
    private boolean stopped;

    /**
     * @param clipPcm     the clip's samples, signed 16-bit little-endian at {@code clipRate} with {@code clipChannels}
     * @param totalMillis the clip's duration
     */
    Player(Devices.Opened<SourceDataLine> opened, byte[] clipPcm, int clipRate, int clipChannels, long totalMillis,
           double speed, VoiceIo.PlaybackEvents events) {
        this.line = opened.line();
        this.texts = opened.texts();
        AudioFormat format = opened.format();
        this.clipPcm = clipPcm;
        this.converter = PcmConverter.matches(format, clipRate, clipChannels) ? null
                : new PcmConverter(Formats.pcm16(clipRate, clipChannels, false), Math.round(format.getSampleRate()),
                format.getChannels());
        this.totalMillis = totalMillis;
        this.lineRate = format.getFrameRate();
        this.chunkBytes = Math.max(1, Math.round(lineRate * CHUNK_MILLIS / 1000f)) * format.getFrameSize();
        this.events = events;
        this.speed = checked(speed);
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
    }

    /** Starts the line and the writing thread. */
    void start() {
        line.start();
        thread.start();
    }

    // pause and resume change the line and the flag together, under the lock: the writing thread must never see
    // "playing" while the line is still stopped, or a drain would return at once and the clip count as finished

    @Override
    public void pause() {
        synchronized (lock) {
            if (stopped || paused) {
                return;
            }
            paused = true;
            Devices.quietly(line::stop, "stop");
        }
    }

    @Override
    public void resume() {
        synchronized (lock) {
            if (stopped || !paused) {
                return;
            }
            Devices.quietly(line::start, "start");
            paused = false;
            lock.notifyAll();
        }
    }

    @Override
    public void speed(double newSpeed) {
        speed = checked(newSpeed);
    }

    private static double checked(double speed) {
        if (!(speed >= TimeStretch.MIN_SPEED && speed <= TimeStretch.MAX_SPEED)) {
            throw new IllegalArgumentException("speed must be " + TimeStretch.MIN_SPEED + " to "
                    + TimeStretch.MAX_SPEED + ": " + speed);
        }
        return speed;
    }

    @Override
    public void stop() {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            stopped = true;
            lock.notifyAll();
        }
        // a write or drain in progress returns when the line stops or is flushed
        Devices.quietly(line::stop, "stop");
        Devices.quietly(line::flush, "flush");
        if (Thread.currentThread() != thread) {
            try {
                thread.join(END_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Devices.quietly(line::close, "close");
    }

    private void run() {
        Outcome outcome;
        try {
            outcome = play();
        } catch (RuntimeException e) {
            log.warn("playback failed", e);
            outcome = Outcome.FAILED;
        } finally {
            Devices.quietly(line::close, "close");
        }
        if (isStopped()) {
            return;
        }
        if (outcome == Outcome.FINISHED) {
            events.progress(totalMillis, totalMillis);
            events.finished();
        } else if (outcome == Outcome.FAILED) {
            events.failed(texts.get(SoundTexts.SPEAKER_LOST));
        }
    }

    private Outcome play() {
        byte[] pcm = converter == null ? clipPcm : converter.convert(clipPcm, 0, clipPcm.length);
        AudioFormat format = line.getFormat();
        stretch = new TimeStretch(pcm, Math.round(format.getSampleRate()), format.getChannels());
        byte[] chunk = new byte[chunkBytes];
        int len = 0;
        int off = 0;
        int refused = 0;
        while (true) {
            if (off == len) {
                stretch.speed(speed);
                len = stretch.read(chunk, 0, chunk.length);
                off = 0;
                if (len == 0) {
                    break;
                }
            }
            if (!awaitPlaying()) {
                return Outcome.STOPPED;
            }
            int n = line.write(chunk, off, len - off);
            off += Math.max(0, n);
            if (n > 0) {
                refused = 0;
                progress();
                continue;
            }
            // nothing taken: paused or stopped meanwhile, or the device is gone
            if (!line.isOpen()) {
                return isStopped() ? Outcome.STOPPED : Outcome.FAILED;
            }
            refused = isPaused() ? 0 : refused + 1;
            if (refused > STALL_RETRIES) {
                return Outcome.FAILED;
            }
            waitBriefly();
        }
        while (true) {
            if (!awaitPlaying()) {
                return Outcome.STOPPED;
            }
            line.drain();
            synchronized (lock) {
                if (stopped) {
                    return Outcome.STOPPED;
                }
                if (!paused) {
                    // drain also returns when the line is closed under us
                    return line.isOpen() ? Outcome.FINISHED : Outcome.FAILED;
                }
            }
        }
    }

    private void progress() {
        if (isStopped()) {
            return;
        }
        // the line counts frames played; the stretch says which frame of the clip each one was
        long played = (long) (stretch.inputFrameAt(line.getLongFramePosition()) * 1000 / lineRate);
        events.progress(Math.min(played, totalMillis), totalMillis);
    }

    /** Waits while paused; returns {@code false} once stopped. */
    private boolean awaitPlaying() {
        synchronized (lock) {
            while (paused && !stopped) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return !stopped;
        }
    }

    private void waitBriefly() {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            try {
                lock.wait(RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean isStopped() {
        synchronized (lock) {
            return stopped;
        }
    }

    private boolean isPaused() {
        synchronized (lock) {
            return paused;
        }
    }
}
