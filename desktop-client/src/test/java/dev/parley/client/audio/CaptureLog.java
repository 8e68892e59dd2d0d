package dev.parley.client.audio;

import dev.parley.client.sound.VoiceIo;

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

    @Override
    public void level(double rms, double peak) {
        threads.add(Thread.currentThread().getName());
        levels.add(new Level(rms, peak));
    }

    @Override
    public void autoStopped(VoiceIo.Clip clip) {
        threads.add(Thread.currentThread().getName());
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
