package dev.parley.client.audio;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Control;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineListener;
import javax.sound.sampled.LineUnavailableException;

/**
 * What the virtual microphone and speaker lines share: open/close, start/stop, and a device clock that moves at the
 * format's frame rate while the line runs, so that sound takes real time as it does on a sound card. Blocking calls
 * wait on {@link #lock} and are woken by stop, flush and close, as {@code DataLine} requires.
 */
abstract class VirtualLine implements DataLine {
    private static final int DEFAULT_BUFFER_MILLIS = 500;

    protected final Object lock = new Object();
    private final DataLine.Info info;
    private final VirtualMixer mixer;
    protected AudioFormat format;
    protected int bufferSize;
    protected boolean open;
    protected boolean running;
    /** Counts flushes and closes, so a blocked read or write can tell it must return. */
    protected int interruptions;
    private long tick;
    /** {@link System#nanoTime()} when the line was first started; 0 before. */
    volatile long startedNanos;

    VirtualLine(DataLine.Info info, VirtualMixer mixer) {
        this.info = info;
        this.mixer = mixer;
    }

    /** Moves the device clock to now (under {@link #lock}), consuming {@link #elapsedFrames}. */
    protected abstract void advance();

    /** Frames the clock moved since the last call, 0 while stopped. Under {@link #lock}. */
    protected final double elapsedFrames() {
        long now = System.nanoTime();
        double frames = running ? (now - tick) * (double) format.getFrameRate() / 1e9 : 0;
        tick = now;
        return frames;
    }

    /** Waits on {@link #lock} for about the time {@code frames} take to play, at least 1 ms. */
    protected final void waitFor(long frames) {
        long millis = Math.max(1, Math.min(50, (long) Math.ceil(frames * 1000.0 / format.getFrameRate())));
        try {
            lock.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Opens in {@code format} if the mixer offers it. */
    protected final void openLine(AudioFormat format, int bufferSize) throws LineUnavailableException {
        if (mixer.busy()) {
            throw new LineUnavailableException(mixer.getMixerInfo().getName() + " is busy");
        }
        if (!info.isFormatSupported(format)) {
            throw new IllegalArgumentException(mixer.getMixerInfo().getName() + " does not support " + format);
        }
        synchronized (lock) {
            if (open) {
                throw new IllegalStateException("line is already open");
            }
            int frame = format.getFrameSize();
            int size = bufferSize > 0 ? bufferSize
                    : Math.round(format.getFrameRate() * DEFAULT_BUFFER_MILLIS / 1000) * frame;
            this.format = format;
            this.bufferSize = Math.max(frame, size - size % frame);
            this.open = true;
            this.running = false;
        }
    }

    protected final void requireWholeFrames(int len) {
        if (format != null && len % format.getFrameSize() != 0) {
            throw new IllegalArgumentException(len + " bytes is not a whole number of frames");
        }
    }

    @Override
    public void start() {
        synchronized (lock) {
            if (open && !running) {
                elapsedFrames();
                if (startedNanos == 0) {
                    startedNanos = System.nanoTime();
                }
                running = true;
                lock.notifyAll();
            }
        }
    }

    @Override
    public void stop() {
        synchronized (lock) {
            if (running) {
                advance();
                running = false;
                lock.notifyAll();
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (open) {
                advance();
            }
            open = false;
            running = false;
            interruptions++;
            lock.notifyAll();
        }
    }

    @Override
    public boolean isOpen() {
        synchronized (lock) {
            return open;
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }

    @Override
    public boolean isActive() {
        return isRunning();
    }

    @Override
    public AudioFormat getFormat() {
        synchronized (lock) {
            return format != null ? format : info.getFormats()[0];
        }
    }

    @Override
    public int getBufferSize() {
        synchronized (lock) {
            return bufferSize;
        }
    }

    @Override
    public int getFramePosition() {
        return (int) getLongFramePosition();
    }

    @Override
    public long getMicrosecondPosition() {
        synchronized (lock) {
            return format == null ? 0 : (long) (getLongFramePosition() * 1e6 / format.getFrameRate());
        }
    }

    @Override
    public float getLevel() {
        return AudioSystem.NOT_SPECIFIED;
    }

    @Override
    public Line.Info getLineInfo() {
        return info;
    }

    @Override
    public void open() throws LineUnavailableException {
        openLine(info.getFormats()[0], AudioSystem.NOT_SPECIFIED);
    }

    @Override
    public Control[] getControls() {
        return new Control[0];
    }

    @Override
    public boolean isControlSupported(Control.Type control) {
        return false;
    }

    @Override
    public Control getControl(Control.Type control) {
        throw new IllegalArgumentException("no controls");
    }

    @Override
    public void addLineListener(LineListener listener) {
        // the code under test listens to no line events
    }

    @Override
    public void removeLineListener(LineListener listener) {
        // the code under test listens to no line events
    }
}
