package dev.parley.client.live;

import dev.parley.client.net.LiveVoiceSender;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Records what a {@link LiveSender} sends, in order; can refuse streams or stop taking chunks after a number. */
final class FakeLiveVoiceSender implements LiveVoiceSender {
    final List<String> calls = new ArrayList<>();
    final List<byte[]> chunks = new ArrayList<>();
    byte[] endedWav;
    boolean offersLive = true;
    /** Chunks accepted before the stream "drops"; negative: all. */
    int acceptChunks = -1;

    @Override
    public boolean startStream(String id, int sampleRate, int channels) {
        calls.add("start " + id + " " + sampleRate + "/" + channels);
        return offersLive;
    }

    @Override
    public boolean sendChunk(String id, long n, byte[] pcm) {
        if (acceptChunks >= 0 && chunks.size() >= acceptChunks) {
            calls.add("chunk " + id + " " + n + " refused");
            return false;
        }
        calls.add("chunk " + id + " " + n + " " + pcm.length);
        chunks.add(pcm);
        return true;
    }

    @Override
    public void endStream(String id, byte[] wav) {
        calls.add("end " + id);
        endedWav = wav;
    }

    @Override
    public void cancelStream(String id) {
        calls.add("cancel " + id);
    }

    byte[] chunkBytes() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        chunks.forEach(all::writeBytes);
        return all.toByteArray();
    }
}
