package dev.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each client message reaches its own handler method, once, and names the id an error about it refers to. */
class ClientMessageTest {

    static Stream<Arguments> everyType() {
        return Stream.of(
                // the first frame: no id to refer to
                Arguments.of(new ClientMessage.Hello(2, "alice", "lobby", 5L, "pw", "test"), "hello", null),
                Arguments.of(new ClientMessage.Chat("c-1", "hi"), "chat", "c-1"),
                // a whole clip's header
                Arguments.of(new ClientMessage.Voice("v-1"), "voice", "v-1"),
                Arguments.of(new ClientMessage.Typing(TypingState.TYPING), "typing", null),
                Arguments.of(new ClientMessage.History(10, 50), "history", null),
                Arguments.of(new ClientMessage.VoiceStart("v-2", VoiceCodec.PCM16, 16_000, 1), "voiceStart", "v-2"),
                Arguments.of(new ClientMessage.VoiceChunk("v-2", 3), "voiceChunk", "v-2"),
                Arguments.of(new ClientMessage.VoiceEnd("v-2"), "voiceEnd", "v-2"),
                Arguments.of(new ClientMessage.VoiceCancel("v-3"), "voiceCancel", "v-3"),
                // a receipt names a seq, not an id: an error about it has no ref
                Arguments.of(new ClientMessage.Played(57), "played", null),
                Arguments.of(new ClientMessage.Hello(3, "alice", "lobby", 5L, null, null, 812L), "hello", null));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("everyType")
    void acceptCallsTheOneMethodForItsTypeWithItself(ClientMessage message, String method, String ref) {
        Recording handler = new Recording();

        message.accept(handler);

        assertThat(handler.calls).containsExactly(method);
        assertThat(handler.received).containsExactly(message);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("everyType")
    void refIsTheMessagesIdOrNullWhenItHasNone(ClientMessage message, String method, String ref) {
        assertThat(message.ref()).isEqualTo(ref);
    }

    @Test
    void everyTypeIsInTheTable() {
        List<Class<?>> inTable = everyType().<Class<?>>map(a -> a.get()[0].getClass()).distinct().toList();
        assertThat(inTable).containsExactlyInAnyOrder(ClientMessage.class.getPermittedSubclasses());
    }

    @Test
    void aStoredMessageAsReplayIsMarkedAndOtherwiseTheSame() {
        ServerMessage.Stored chat = new ServerMessage.Chat(3, "c-1", "alice", "hi", 7, false);
        ServerMessage.Stored voice = new ServerMessage.Voice(4, "v-1", "alice", 8, 1000, 16_000, 1, 32_044, false);

        assertThat(chat.asReplay()).isEqualTo(new ServerMessage.Chat(3, "c-1", "alice", "hi", 7, true));
        assertThat(voice.asReplay()).isEqualTo(new ServerMessage.Voice(4, "v-1", "alice", 8, 1000, 16_000, 1, 32_044, true));
        ServerMessage.Stored replayed = voice.asReplay();
        assertThat(replayed.asReplay()).as("already marked").isSameAs(replayed);
    }

    @Test
    void aReceiptAsReplayIsMarkedAndOtherwiseTheSame() {
        ServerMessage.Played live = new ServerMessage.Played(57, "bob", 1_765_090_000_123L, 812, false);

        assertThat(live.asReplay()).isEqualTo(new ServerMessage.Played(57, "bob", 1_765_090_000_123L, 812, true));
        ServerMessage.Played replayed = live.asReplay();
        assertThat(replayed.asReplay()).as("already marked").isSameAs(replayed);
    }

    private static final class Recording implements ClientMessage.Handler {
        final List<String> calls = new ArrayList<>();
        final List<ClientMessage> received = new ArrayList<>();

        private void called(String method, ClientMessage m) {
            calls.add(method);
            received.add(m);
        }

        @Override
        public void hello(ClientMessage.Hello m) {
            called("hello", m);
        }

        @Override
        public void chat(ClientMessage.Chat m) {
            called("chat", m);
        }

        @Override
        public void voice(ClientMessage.Voice m) {
            called("voice", m);
        }

        @Override
        public void typing(ClientMessage.Typing m) {
            called("typing", m);
        }

        @Override
        public void history(ClientMessage.History m) {
            called("history", m);
        }

        @Override
        public void voiceStart(ClientMessage.VoiceStart m) {
            called("voiceStart", m);
        }

        @Override
        public void voiceChunk(ClientMessage.VoiceChunk m) {
            called("voiceChunk", m);
        }

        @Override
        public void voiceEnd(ClientMessage.VoiceEnd m) {
            called("voiceEnd", m);
        }

        @Override
        public void voiceCancel(ClientMessage.VoiceCancel m) {
            called("voiceCancel", m);
        }

        @Override
        public void played(ClientMessage.Played m) {
            called("played", m);
        }
    }
}
