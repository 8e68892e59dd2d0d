package dev.parley.client.testing;

import dev.parley.client.net.LiveVoiceSender;
import dev.parley.client.net.RelaySender;
import dev.parley.protocol.TypingState;

import java.util.ArrayList;
import java.util.List;

/**
 * Records what view models send. As a {@link LiveVoiceSender} it offers no live stream unless {@link #offersLive};
 * a clip handed to {@code endStream} counts as sent (in {@link #voices}) either way, as the connection delivers it.
 */
public final class FakeSender implements RelaySender, LiveVoiceSender {
    /** Stream starts, chunks ({@code "chunk id n bytes"}), ends and cancels, in order. */
    public final List<String> live = new ArrayList<>();
    public boolean offersLive;
    public final List<String> chats = new ArrayList<>();
    public final List<String> voiceIds = new ArrayList<>();
    public final List<byte[]> voices = new ArrayList<>();
    public final List<TypingState> typing = new ArrayList<>();
    public final List<long[]> history = new ArrayList<>();
    /** Played receipts asked for, by seq, in order. */
    public final List<Long> played = new ArrayList<>();
    /** Whether receipts are told (the setting), as last set. */
    public boolean tellPlayed = true;

    @Override
    public void sendChat(String id, String text) {
        chats.add(id + ":" + text);
    }

    @Override
    public void sendVoice(String id, byte[] wav) {
        voiceIds.add(id);
        voices.add(wav);
    }

    @Override
    public void sendTyping(TypingState state) {
        typing.add(state);
    }

    @Override
    public void requestHistory(long before, int limit) {
        history.add(new long[]{before, limit});
    }

    @Override
    public void sendPlayed(long seq) {
        played.add(seq);
    }

    @Override
    public void tellPlayed(boolean on) {
        tellPlayed = on;
    }

    @Override
    public boolean startStream(String id, int sampleRate, int channels) {
        live.add("start " + id);
        return offersLive;
    }

    @Override
    public boolean sendChunk(String id, long n, byte[] pcm) {
        live.add("chunk " + id + " " + n + " " + pcm.length);
        return offersLive;
    }

    @Override
    public void endStream(String id, byte[] wav) {
        live.add("end " + id);
        sendVoice(id, wav);
    }

    @Override
    public void cancelStream(String id) {
        live.add("cancel " + id);
    }
}
