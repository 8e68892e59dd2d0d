package dev.parley.client.audio;

import dev.parley.client.sound.VoiceIo;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event a capture reports, with the thread it came on. */
final class CaptureLog implements VoiceIo.CaptureEvents {
    record Level(double rms, double peak) {
    }

    final List<Level> levels = new CopyOnWriteArrayList<>();
    final List<VoiceIo.Clip> autoStopped = new CopyOnWriteArrayList<>();
    final List<String> failures = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    /** Every captured piece, concatenated; guarded by itself. */
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    /** How many bytes had been captured when each {@code autoStopped} came. */
    final List<Integer> capturedAtAutoStop = new CopyOnWriteArrayList<>();

    @Override
    public void captured(byte[] pcm, int offset, int length) {
        threads.add(Thread.currentThread().getName());
        synchronized (captured) {
            captured.write(pcm, offset, length);
        }
    }

    /** The captured pieces so far, one after the other. */
    byte[] captured() {
        synchronized (captured) {
            return captured.toByteArray();
        }
    }

    @Override
    public void level(double rms, double peak) {
        threads.add(Thread.currentThread().getName());
        levels.add(new Level(rms, peak));
    }

    @Override
    public void autoStopped(VoiceIo.Clip clip) {
        threads.add(Thread.currentThread().getName());
        capturedAtAutoStop.add(captured().length);
        autoStopped.add(clip);
    }

    @Override
    public void failed(String reason) {
        threads.add(Thread.currentThread().getName());
        failures.add(reason);
    }

    /** Whether a loud chunk was followed by a silent one. */
    boolean heardSoundThenSilence() {
        boolean loud = false;
        for (Level l : levels) {
            if (l.rms() > 0.05) {
                loud = true;
            } else if (loud && l.peak() == 0) {
                return true;
            }
        }
        return false;
    }
}
