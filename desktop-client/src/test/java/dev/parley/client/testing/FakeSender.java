package dev.parley.client.testing;

import dev.parley.client.net.RelaySender;
import dev.parley.protocol.TypingState;

import java.util.ArrayList;
import java.util.List;

/** Records what view models send. */
public final class FakeSender implements RelaySender {
    public final List<String> chats = new ArrayList<>();
    public final List<String> voiceIds = new ArrayList<>();
    public final List<byte[]> voices = new ArrayList<>();
    public final List<TypingState> typing = new ArrayList<>();
    public final List<long[]> history = new ArrayList<>();

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
}
