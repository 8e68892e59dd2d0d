package dev.parley.client.chat;

import dev.parley.client.live.LiveKey;
import dev.parley.client.testing.Clips;
import dev.parley.client.testing.FakeSender;
import dev.parley.protocol.Limits;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ServerMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a played receipt is asked for: only when someone else's stored voice message was heard to its end, played
 * from its card or as it was spoken; never for a clip stopped or failed halfway, an own message, or a live stream
 * stopped before its end. (Once a session, the confirmation, the setting: {@code PlayedReceiptsTest}.)
 */
class HeardToItsEndTest extends PlaybackFixture {
    private final FakeSender sender = new FakeSender();
    private final ChatModel model = new ChatModel();
    private final PlayedReceiptSender receipts = new PlayedReceiptSender(sender);

    @BeforeEach
    void wire() {
        model.welcome(new ServerMessage.Welcome(Protocol.VERSION_3, "s", "alice", "lobby", List.of("alice", "bob"), 0,
                Limits.DEFAULTS, "r", 0), 0);
        vm.onHeardToItsEnd(receipts::heard);
        model.onHeardToItsEnd(receipts::heard);
    }

    @Test
    void aClipPlayedToItsEndAsksForAReceiptOneStoppedOrFailedHalfwayDoesNot() {
        TimelineItem a = clip(4);
        TimelineItem b = clip(5);
        TimelineItem c = clip(6);
        vm.toggle(a);
        io.playbacks.get(0).events.progress(150, 300);
        vm.toggle(b); // the person plays another: a stopped halfway
        vm.stop(); // and stops that one too
        assertThat(sender.played).isEmpty();

        vm.toggle(c);
        io.playbacks.get(2).events.failed("the speaker went away");
        assertThat(sender.played).isEmpty();

        vm.toggle(a);
        io.playbacks.get(3).events.finished();
        assertThat(sender.played).containsExactly(4L);
    }

    @Test
    void anOwnClipOrOneNotStoredYetAsksForNone() {
        TimelineItem mine = TimelineItem.voice(7, "v7", "alice", true, 7, ClipData.inMemory(Clips.tone(300, 440)), 300,
                false);
        vm.toggle(mine);
        io.playbacks.get(0).events.finished();
        TimelineItem pending = TimelineItem.voice(0, "v8", "alice", true, 8, ClipData.inMemory(Clips.tone(300, 440)),
                300, true);
        vm.toggle(pending);
        io.playbacks.get(1).events.finished();
        assertThat(sender.played).isEmpty();
    }

    private static ServerMessage.Voice storedLive(long seq) {
        return new ServerMessage.Voice(seq, "v-live", "bob", 5000, 1200, 16000, 1, 38444, false);
    }

    @Test
    void aLiveMessageHeardToItsEndBeforeItsStoredMessageCameAsksWhenItComes() {
        model.liveOpened(BOB_LIVE, true, 0);
        model.liveHeard(BOB_LIVE, true);
        model.livePlayedOut(BOB_LIVE);
        assertThat(sender.played).isEmpty();
        model.stored(storedLive(9), ClipData.inMemory(Clips.tone(1200, 440)));
        assertThat(sender.played).containsExactly(9L);
    }

    @Test
    void aLiveMessageStillPlayingWhenItsStoredMessageCameAsksOnceItPlaysOut() {
        model.liveOpened(BOB_LIVE, true, 0);
        model.liveHeard(BOB_LIVE, true);
        model.stored(storedLive(9), ClipData.inMemory(Clips.tone(1200, 440)));
        assertThat(sender.played).as("the last of it is still in the jitter buffer").isEmpty();
        model.livePlayedOut(BOB_LIVE);
        assertThat(sender.played).containsExactly(9L);
    }

    @Test
    void aLiveMessageThatWaitedBehindAnotherAsksOnceItPlaysOut() {
        model.liveOpened(BOB_LIVE, false, 0); // waits for the speaker
        model.stored(storedLive(9), ClipData.inMemory(Clips.tone(1200, 440)));
        model.liveHeard(BOB_LIVE, true);
        assertThat(sender.played).isEmpty();
        model.livePlayedOut(BOB_LIVE);
        assertThat(sender.played).containsExactly(9L);
    }

    @Test
    void aLiveMessageStoppedOrCutOffBeforeItsEndAsksForNone() {
        model.liveOpened(BOB_LIVE, true, 0);
        model.liveHeard(BOB_LIVE, true);
        model.stored(storedLive(9), ClipData.inMemory(Clips.tone(1200, 440)));
        model.liveStopped(BOB_LIVE); // the person stopped it
        model.livePlayedOut(BOB_LIVE);

        LiveKey carol = new LiveKey("carol", "v-c");
        model.liveOpened(carol, true, 0);
        model.liveHeard(carol, true);
        model.stored(new ServerMessage.Voice(10, "v-c", "carol", 5000, 1200, 16000, 1, 38444, false),
                ClipData.inMemory(Clips.tone(1200, 440)));
        model.liveHeard(carol, false); // aborted: the rest of it was dropped (the connection went)
        model.livePlayedOut(carol);

        model.liveOpened(new LiveKey("carol", "v-d"), true, 0);
        model.liveStopped(new LiveKey("carol", "v-d")); // stopped before its stored message came
        model.stored(new ServerMessage.Voice(11, "v-d", "carol", 5000, 1200, 16000, 1, 38444, false),
                ClipData.inMemory(Clips.tone(1200, 440)));
        assertThat(sender.played).isEmpty();
    }

    @Test
    void aStoredMessageNotSpokenLiveHereAsksForNoneUntilPlayed() {
        model.stored(storedLive(9), ClipData.inMemory(Clips.tone(1200, 440)));
        model.livePlayedOut(BOB_LIVE); // a stray end of a stream never seen
        assertThat(sender.played).isEmpty();
    }
}
