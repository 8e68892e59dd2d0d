package dev.parley.client.audio;

import dev.parley.client.sound.Levels;
import dev.parley.client.sound.VoiceIo;
import dev.parley.protocol.Wav;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.TargetDataLine;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One recording from an open {@link TargetDataLine}: a daemon thread named {@code parley-recorder} reads ~20 ms
 * chunks, converts them to 16 kHz mono when the device gave another format, keeps them and reports their level.
 *
 * <p>States: recording, then exactly one of stopped ({@link #stop()}), cancelled ({@link #cancel()}), auto-stopped
 * (the clip reached {@code maxMillis}: {@code autoStopped} fires) or failed (the device stopped working:
 * {@code failed} fires). Whichever comes first wins; {@link #stop()} after an auto-stop returns that same clip, so a
 * key released just as the limit hits sends the clip once. The line is closed by the time {@link #stop()} or
 * {@link #cancel()} returns and before {@code autoStopped} or {@code failed} fires. {@link #stop()} keeps what the
 * device captured up to the moment it was called, including what was still in the line's buffer.
 *
 * <p>Every piece kept is also handed to {@code captured} as it is kept, on the recorder thread: exactly the clip's
 * samples, in order (the part that fits when the clip becomes full; what is read after {@link #stop()}), all before
 * {@link #stop()} returns or {@code autoStopped} fires. It is called with the recorder's lock held, so nothing is
 * delivered once {@link #cancel()} has returned; it must not block, nor stop or cancel the recording.
 */
final class Recorder implements VoiceIo.Capture {
    private static final Logger log = LoggerFactory.getLogger(Recorder.class);
    static final String THREAD_NAME = "parley-recorder";
    private static final int CHUNK_MILLIS = 20;
    /** How long stop() and cancel() wait for the reading thread; it normally ends within one chunk. */
    private static final long END_WAIT_MILLIS = 500;
    /** A device that delivers nothing for this long while recording is taken as gone. */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(2);

    private enum State { RECORDING, STOPPING, CANCELLED, AUTO_STOPPED, FAILED }

    private final TargetDataLine line;
    /** What goes wrong, in the app\'s language. */
    private final SoundTexts texts;
    private final PcmConverter converter;
    private final int chunkBytes;
    private final int maxBytes;
    private final VoiceIo.CaptureEvents events;
    private final AtomicReference<State> state = new AtomicReference<>(State.RECORDING);
    private final Thread thread;
    /** 16 kHz mono samples so far; guarded by {@code this}. */
    private final ByteArrayOutputStream pcm = new ByteArrayOutputStream();
    /** Built once from {@link #pcm}; guarded by {@code this}. */
    private VoiceIo.Clip clip;
    private boolean discarded;

    Recorder(Devices.Opened<TargetDataLine> opened, long maxMillis, VoiceIo.CaptureEvents events) {
        this.line = opened.line();
        this.texts = opened.texts();
        AudioFormat format = opened.format();
        this.converter = PcmConverter.matches(format, Formats.CLIP_RATE, Formats.CLIP_CHANNELS) ? null
                : new PcmConverter(format, Formats.CLIP_RATE, Formats.CLIP_CHANNELS);
        this.chunkBytes = Math.max(1, Math.round(format.getFrameRate() * CHUNK_MILLIS / 1000f)) * format.getFrameSize();
        long maxFrames = Math.min(maxMillis * Formats.CLIP_RATE / 1000, Integer.MAX_VALUE / 4);
        this.maxBytes = (int) maxFrames * 2 * Formats.CLIP_CHANNELS;
        this.events = events;
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
    }

    /** Starts the line and the reading thread. */
    void start() {
        line.start();
        thread.start();
    }

    @Override
    public VoiceIo.Clip stop() {
        if (state.compareAndSet(State.RECORDING, State.STOPPING)) {
            Devices.quietly(line::stop, "stop");
        }
        awaitEnd();
        return clip();
    }

    @Override
    public void cancel() {
        state.set(State.CANCELLED);
        Devices.quietly(line::stop, "stop");
        Devices.quietly(line::flush, "flush");
        awaitEnd();
        synchronized (this) {
            discarded = true;
            pcm.reset();
            clip = null;
        }
    }

    private void run() {
        State outcome;
        VoiceIo.Clip done = null;
        try {
            outcome = capture();
            if (outcome == State.AUTO_STOPPED) {
                done = clip();
            }
        } catch (RuntimeException e) {
            log.warn("recording failed", e);
            outcome = end(State.FAILED);
        } finally {
            Devices.quietly(line::close, "close");
        }
        if (outcome == State.AUTO_STOPPED) {
            events.autoStopped(done);
        } else if (outcome == State.FAILED) {
            events.failed(texts.get(SoundTexts.MICROPHONE_LOST));
        }
    }

    /** Reads until stopped, cancelled, full or failed, and says which. */
    private State capture() {
        byte[] buffer = new byte[chunkBytes];
        long stalledSince = 0;
        boolean stalled = false;
        while (true) {
            int n = line.read(buffer, 0, buffer.length);
            State now = state.get();
            if (now == State.CANCELLED) {
                return now;
            }
            if (n > 0) {
                stalled = false;
                byte[] chunk = converter == null ? Arrays.copyOf(buffer, n) : converter.convert(buffer, 0, n);
                boolean full = keep(chunk);
                if (now == State.RECORDING) {
                    Levels levels = Levels.of(chunk, 0, chunk.length);
                    events.level(levels.rms(), levels.peak());
                }
                if (full) {
                    return end(State.AUTO_STOPPED);
                }
            }
            if (now == State.STOPPING) {
                keepRest(buffer);
                return now;
            }
            if (n <= 0) {
                if (!line.isOpen()) {
                    return end(State.FAILED);
                }
                long t = System.nanoTime();
                if (!stalled) {
                    stalled = true;
                    stalledSince = t;
                } else if (t - stalledSince > STALL_NANOS) {
                    return end(State.FAILED);
                }
                // a stopped or starving line returns at once: do not spin
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
    }

    /** After stop: what the line captured before it stopped is still in its buffer. */
    private void keepRest(byte[] buffer) {
        int frame = line.getFormat().getFrameSize();
        int available;
        while ((available = line.available()) >= frame) {
            int n = line.read(buffer, 0, Math.min(buffer.length, available - available % frame));
            if (n <= 0 || keep(converter == null ? Arrays.copyOf(buffer, n) : converter.convert(buffer, 0, n))) {
                return;
            }
        }
    }

    /** Moves from recording to {@code to} if nothing else ended the recording first; returns the state that won. */
    private State end(State to) {
        return state.compareAndSet(State.RECORDING, to) ? to : state.get();
    }

    /**
     * Keeps a converted chunk, up to the longest clip, and hands what it kept to {@code captured}; returns whether
     * the clip is now full.
     */
    private synchronized boolean keep(byte[] chunk) {
        if (discarded) {
            return false; // cancelled while a read was under way: the next look at the state ends the loop
        }
        int kept = Math.min(maxBytes - pcm.size(), chunk.length);
        if (kept > 0) {
            pcm.write(chunk, 0, kept);
            events.captured(chunk, 0, kept);
        }
        return pcm.size() >= maxBytes;
    }

    private synchronized VoiceIo.Clip clip() {
        if (clip == null && !discarded && pcm.size() > 0) {
            long frames = pcm.size() / (2L * Formats.CLIP_CHANNELS);
            long durationMs = (frames * 1000 + Formats.CLIP_RATE / 2) / Formats.CLIP_RATE;
            clip = new VoiceIo.Clip(Wav.write(pcm.toByteArray(), Formats.CLIP_RATE, Formats.CLIP_CHANNELS), durationMs);
        }
        return clip;
    }

    /** Waits for the reading thread to finish; if it hangs in a driver, closes the line from here. */
    private void awaitEnd() {
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(END_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("recorder thread did not end within {} ms; closing the line", END_WAIT_MILLIS);
            Devices.quietly(line::close, "close");
        }
    }
}
