package dev.parley.client.chat;

import dev.parley.client.live.LiveKey;
import dev.parley.client.net.TrustProblem;
import dev.parley.client.testing.Clips;
import dev.parley.client.testing.MutableClock;
import dev.parley.protocol.AbortReason;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ServerMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one door: network and speaker events change the model only once they have crossed to the FX thread, each
 * behind everything that happened before it (a clip written to the cache on the way), whatever thread they came from.
 */
class ChatEventsTest {
    private static final LiveKey BOB = new LiveKey("bob", "v-7");

    /** The disk thread and the FX thread, run by hand: what is queued has not happened yet. */
    private final Queue<Runnable> disk = new ArrayDeque<>();
    private final Queue<Runnable> fx = new ArrayDeque<>();
    private final ChatModel model = new ChatModel();
    private final ClipCache clips = ClipCache.create();
    private final List<String> heard = new ArrayList<>();
    private final ChatEvents events = new ChatEvents(model, fx::add, disk::add, new MutableClock(5000), clips,
            new ChatEvents.Listeners() {
                @Override
                public void untrusted(TrustProblem problem) {
                    heard.add("untrusted");
                }

                @Override
                public void liveStarting(LiveKey stream) {
                    heard.add("starting " + stream.id());
                }

                @Override
                public void liveEnded(LiveKey stream) {
                    heard.add("ended " + stream.id());
                }

                @Override
                public void problem(String sentence) {
                    heard.add(sentence);
                }
            });

    @BeforeEach
    void join() {
        events.welcome(new ServerMessage.Welcome(2, "s", "alice", "lobby", List.of("alice", "bob"), 3, Limits.DEFAULTS, "r"));
        runAll();
    }

    @AfterEach
    void closeCache() {
        clips.close();
    }

    private void runDisk() {
        while (!disk.isEmpty()) {
            disk.poll().run();
        }
    }

    private void runAll() {
        runDisk();
        while (!fx.isEmpty()) {
            fx.poll().run();
        }
    }

    @Test
    void aLiveCardAndItsStoredMessageReachTheModelOnlyOnTheFxThreadInTheOrderTheyCame() {
        events.opened(BOB, true);
        events.audio(BOB, 0.5f, 20);
        events.speaker().started(BOB);
        events.stored(new ServerMessage.Voice(4, "v-7", "bob", 6000, 300, 16000, 1, 9644, false), Clips.tone(300, 440));
        events.speaker().finished(BOB);
        runDisk();
        assertThat(model.timeline()).as("nothing changes off the FX thread").isEmpty();
        assertThat(heard).isEmpty();

        fx.poll().run();
        TimelineItem card = model.liveItem(BOB);
        assertThat(card.live().heardProperty().get()).isTrue();
        assertThat(card.tsProperty().get()).as("stamped with the injected clock").isEqualTo(5000);
        fx.poll().run();
        assertThat(card.durationMs()).isEqualTo(20);
        fx.poll().run();
        fx.poll().run();
        assertThat(model.timeline()).singleElement().satisfies(stored -> {
            assertThat(stored.live()).isNull();
            assertThat(stored.seq()).isEqualTo(4);
            assertThat(stored.clip().size()).as("written to the cache on the way").isEqualTo(9644);
            assertThat(stored.playedProperty().get()).as("heard live to its end").isTrue();
        });
        fx.poll().run();
        assertThat(fx).isEmpty();
        assertThat(heard).containsExactly("starting v-7", "starting v-7", "ended v-7");
    }

    @Test
    void anAbortedLiveCardSaysWhyAndTheSpeakersProblemsAreTold() {
        events.opened(BOB, false);
        events.aborted(BOB, AbortReason.TOO_LARGE);
        events.problem("The speaker stopped working while playing.");
        runAll();
        assertThat(model.liveItem(BOB).live().stoppedProperty().get()).isEqualTo(AbortReason.TOO_LARGE);
        assertThat(heard).containsExactly("The speaker stopped working while playing.");
    }

    @Test
    void eventsAfterTheSessionClosedAreDropped() {
        ChatEvents closed = new ChatEvents(model, fx::add, task -> {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        }, new MutableClock(0), clips, null);
        closed.opened(BOB, false);
        closed.error(new ServerMessage.Error(dev.parley.protocol.ErrorCode.BAD_REQUEST, "x", null));
        assertThat(fx).isEmpty();
    }
}
