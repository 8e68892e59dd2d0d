package dev.parley.client.net;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.AbortReason;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.VoiceCodec;
import dev.parley.protocol.TypingState;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of server message reaches its own handler method. A message type added to the protocol fails here
 * (no sample, no method) until {@link ServerMessages#dispatch} and {@link ServerMessageHandler} handle it.
 */
class ServerMessagesTest {
    private static final Map<Class<?>, ServerMessage> SAMPLES = Map.of(
            ServerMessage.Welcome.class, new ServerMessage.Welcome(1, "s", "alice", "lobby", List.of("alice"), 0,
                    Limits.DEFAULTS, "relay"),
            ServerMessage.Chat.class, new ServerMessage.Chat(1, "c-1", "bob", "hi", 5, false),
            ServerMessage.Voice.class, new ServerMessage.Voice(2, "v-1", "bob", 6, 1000, 16000, 1, 100, false),
            ServerMessage.Typing.class, new ServerMessage.Typing("bob", TypingState.TYPING),
            ServerMessage.Presence.class, new ServerMessage.Presence(ServerMessage.Presence.Event.JOIN, "bob",
                    List.of("alice", "bob")),
            ServerMessage.HistoryEnd.class, new ServerMessage.HistoryEnd(10, 0),
            ServerMessage.Error.class, new ServerMessage.Error(ErrorCode.RATE_LIMITED, "slow down", null),
            ServerMessage.VoiceStart.class, new ServerMessage.VoiceStart("v-2", "bob", VoiceCodec.PCM16, 16000, 1, 0),
            ServerMessage.VoiceChunk.class, new ServerMessage.VoiceChunk("v-2", "bob", 0),
            ServerMessage.VoiceAbort.class, new ServerMessage.VoiceAbort("v-2", "bob", AbortReason.INTERRUPTED));

    @Test
    void eachMessageTypeCallsTheHandlerMethodNamedAfterIt() {
        List<Class<?>> types = Arrays.stream(ServerMessage.class.getPermittedSubclasses())
                .filter(c -> !c.isInterface()).toList();
        assertThat(SAMPLES.keySet()).as("a sample (and a handler method) for every message type")
                .containsExactlyInAnyOrderElementsOf(types);
        for (Class<?> type : types) {
            List<String> called = new ArrayList<>();
            ServerMessageHandler handler = (ServerMessageHandler) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {ServerMessageHandler.class}, (proxy, method, args) -> {
                        called.add(method.getName());
                        assertThat(args).containsExactly(SAMPLES.get(type));
                        return null;
                    });
            ServerMessages.dispatch(SAMPLES.get(type), handler);
            String expected = Character.toLowerCase(type.getSimpleName().charAt(0)) + type.getSimpleName().substring(1);
            assertThat(called).as(type.getSimpleName()).containsExactly(expected);
        }
        assertThat(ServerMessageHandler.class.getMethods()).as("one method per type, no catch-all")
                .hasSize(types.size());
    }
}
