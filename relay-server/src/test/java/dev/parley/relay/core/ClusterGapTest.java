package dev.parley.relay.core;

import dev.parley.protocol.ServerMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static dev.parley.relay.core.ClusterCores.join;
import static dev.parley.relay.core.ClusterCores.next;
import static dev.parley.relay.core.ClusterCores.stream;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A relay's own stored message or receipt that leaves a gap (another relay stored the ones before it and the bus never
 * said so: it is down, or that relay died between its commit and its event) is not held forever: the gap is read from
 * the shared store, so the relay's members keep getting their room in order with no other relay's help.
 */
class ClusterGapTest {
    @TempDir
    Path dir;
    private ClusterCores cores;

    @BeforeEach
    void start() throws Exception {
        cores = new ClusterCores(dir, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        cores.close();
    }

    private Relay relay() {
        return cores.relay();
    }

    @Test
    void whileTheBusIsDownAMessageStoredHereAfterOneStoredElsewhereArrivesInOrder() throws Exception {
        Relay a = relay();
        Relay b = relay();
        FakeMember alice = new FakeMember();
        FakeMember bob = new FakeMember();
        Session as = join(a, alice, "alice");
        Session bs = join(b, bob, "bob");
        next(alice, ServerMessage.Presence.class);
        cores.bus.disconnect();

        b.onText(bs, "{\"type\":\"chat\",\"id\":\"b-1\",\"text\":\"stored by b, unheard by a\"}");
        assertThat(next(bob, ServerMessage.Chat.class).seq()).isEqualTo(1);
        a.onText(as, "{\"type\":\"chat\",\"id\":\"a-1\",\"text\":\"stored by a after it\"}");
        ServerMessage.Chat first = next(alice, ServerMessage.Chat.class);
        ServerMessage.Chat second = next(alice, ServerMessage.Chat.class);
        assertThat(List.of(first.seq(), second.seq())).containsExactly(1L, 2L);
        assertThat(List.of(first.id(), second.id())).containsExactly("b-1", "a-1");
    }

    @Test
    void whileTheBusIsDownAReceiptStoredHereAfterOneStoredElsewhereArrivesInOrder() throws Exception {
        Relay a = relay();
        Relay b = relay();
        FakeMember alice = new FakeMember();
        FakeMember bob = new FakeMember();
        FakeMember carol = new FakeMember();
        Session as = join(a, alice, "alice");
        Session bs = join(b, bob, "bob");
        Session cs = join(b, carol, "carol");
        next(alice, ServerMessage.Presence.class);
        next(alice, ServerMessage.Presence.class);
        stream(b, cs, "v-1", 1, true);
        long seq = next(alice, ServerMessage.Voice.class).seq();
        next(bob, ServerMessage.Voice.class);
        cores.bus.disconnect();

        b.onText(bs, "{\"type\":\"played\",\"seq\":" + seq + "}");
        long bobsReceipt = next(bob, ServerMessage.Played.class).id();
        a.onText(as, "{\"type\":\"played\",\"seq\":" + seq + "}");
        ServerMessage.Played first = next(alice, ServerMessage.Played.class);
        ServerMessage.Played second = next(alice, ServerMessage.Played.class);
        assertThat(List.of(first.id(), second.id())).containsExactly(bobsReceipt, bobsReceipt + 1);
        assertThat(List.of(first.nick(), second.nick())).containsExactly("bob", "alice");
    }
}
