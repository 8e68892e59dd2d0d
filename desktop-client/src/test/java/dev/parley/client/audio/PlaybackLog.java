package dev.parley.client.audio;

import dev.parley.client.sound.VoiceIo;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Keeps every event a playback reports, with the thread it came on. */
final class PlaybackLog implements VoiceIo.PlaybackEvents {
    record Progress(long played, long total) {
    }

    final List<Progress> progress = new CopyOnWriteArrayList<>();
    final AtomicInteger finished = new AtomicInteger();
    final List<String> failures = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void progress(long playedMillis, long totalMillis) {
        threads.add(Thread.currentThread().getName());
        progress.add(new Progress(playedMillis, totalMillis));
    }

    @Override
    public void finished() {
        threads.add(Thread.currentThread().getName());
        finished.incrementAndGet();
    }

    @Override
    public void failed(String reason) {
        threads.add(Thread.currentThread().getName());
        failures.add(reason);
    }

    long lastPlayed() {
        return progress.isEmpty() ? 0 : progress.get(progress.size() - 1).played();
    }
}
