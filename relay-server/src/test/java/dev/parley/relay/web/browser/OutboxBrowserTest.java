package dev.parley.relay.web.browser;

import dev.parley.protocol.ServerMessage;
import dev.parley.relay.testing.ReceivedChunk;
import dev.parley.relay.testing.ReceivedVoice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What was sent while the relay was away survives the page: reloaded while the relay is down (the browser shows its
 * error page), opened again once the relay is back, joined again with the remembered name and room, and the message
 * or recording arrives once with its id, shown once. Nothing is resent by the page after that.
 */
class OutboxBrowserTest {
    /** The ids the page's IndexedDB holds in its outbox (the page has opened the database by then). */
    private static final String SAVED_IDS = """
            const done = arguments[arguments.length - 1];
            const open = indexedDB.open('parley', 1);
            open.onerror = () => done(null);
            open.onsuccess = () => {
              const db = open.result;
              const all = db.transaction('outbox').objectStore('outbox').getAll();
              all.onsuccess = () => { db.close(); done(all.result.map(r => r.id)); };
              all.onerror = () => { db.close(); done(null); };
            };""";

    /** Records, per message id, whether each timeline card of it was first seen pending or stored. */
    private static final String RECORD_FIRST_SEEN = """
            window.__firstSeen = {};
            const snap = () => {
              for (const a of document.querySelectorAll('#timeline article.msg')) {
                const id = a.dataset.id;
                if (id && !(id in window.__firstSeen)) window.__firstSeen[id] = a.dataset.pending === 'true' ? 'pending' : 'stored';
              }
            };
            new MutationObserver(snap).observe(document.getElementById('timeline'),
                {subtree: true, childList: true, attributes: true});
            snap();""";

    @RegisterExtension
    final WebClientFixture web = new WebClientFixture();

    @Test
    void aMessageTypedWhileTheRelayIsDownIsSentOnceAfterThePageIsReloadedAndJoinsAgain() {
        Inbox bob = web.join("bob", "lobby");
        ParleyPage alice = web.openPage(web.desktop()).join("alice", "lobby");
        alice.sendWithEnter("before the relay went");
        ServerMessage.Chat before = bob.await(ServerMessage.Chat.class, c -> c.from().equals("alice"));

        web.relay().closeRelay();
        alice.browser().await("the page notices the relay is gone", b -> !"joined".equals(alice.status()));
        alice.sendWithEnter("typed, then the page was reloaded");
        ParleyPage.Message pending = alice.awaitMessage("the message shown as pending",
                m -> "typed, then the page was reloaded".equals(m.text()));
        assertThat(pending.pending()).isTrue();
        alice.browser().await("the message saved on the device", b -> savedIds(alice).contains(pending.id()));

        alice.browser().driver().navigate().refresh(); // the relay is down: the browser's own error page
        assertThat(alice.browser().findAll("#join-screen")).as("the page is gone with the relay").isEmpty();

        web.relay().restart();
        Inbox bobAgain = new Inbox(web.relay().connect("bob"));
        bobAgain.client().join("bob", "lobby", before.seq());
        alice.open();
        assertThat(alice.browser().find("#nick").getDomProperty("value")).as("the name remembered").isEqualTo("alice");
        assertThat(alice.browser().find("#room").getDomProperty("value")).as("the room remembered").isEqualTo("lobby");
        alice.browser().js(RECORD_FIRST_SEEN);
        alice.browser().find("#join").click();
        alice.awaitStatus("joined");

        ServerMessage.Chat resent = bobAgain.await(ServerMessage.Chat.class,
                c -> c.from().equals("alice") && c.text().equals("typed, then the page was reloaded"), Duration.ofSeconds(20));
        assertThat(resent.id()).as("sent with the id it had before the reload").isEqualTo(pending.id());
        alice.awaitMessage("the message stored", m -> m.seq() != null && m.seq() == resent.seq() && !m.pending());
        Map<String, String> firstSeen = alice.browser().js("return window.__firstSeen;");
        assertThat(firstSeen.get(pending.id())).as("shown as pending before it was stored").isEqualTo("pending");
        assertThat(bobAgain.collectFor(Duration.ofSeconds(2))).as("arrived once")
                .noneMatch(o -> o instanceof ServerMessage.Chat c && c.from().equals("alice"));
        assertThat(alice.messages()).filteredOn(m -> "typed, then the page was reloaded".equals(m.text()))
                .as("shown once").hasSize(1);
        alice.browser().await("forgotten on the device once stored", b -> savedIds(alice).isEmpty());

        alice.open().join("alice", "lobby");
        assertThat(bobAgain.collectFor(Duration.ofSeconds(2))).as("nothing sent again by the next page")
                .noneMatch(o -> o instanceof ServerMessage.Chat c && c.from().equals("alice"));
        assertThat(alice.messages()).filteredOn(m -> "typed, then the page was reloaded".equals(m.text()))
                .as("shown once, stored, after another load").singleElement()
                .satisfies(m -> assertThat(m.pending()).isFalse());
    }

    @Test
    void aRecordingCutByTheRelayGoingAwayIsSentWholeOnceAfterThePageIsReloaded() {
        Inbox bob = web.joinLive("bob", "lobby");
        ParleyPage alice = web.openPage(web.desktop()).join("alice", "lobby");

        alice.pressTalkWithMouse();
        ServerMessage.VoiceStart start = bob.await(ServerMessage.VoiceStart.class, s -> s.from().equals("alice"));
        int[] seen = {0};
        bob.await(ReceivedChunk.class, c -> c.header().id().equals(start.id()) && ++seen[0] >= 25);
        web.relay().closeRelay();
        alice.browser().await("the page notices the relay is gone", b -> !"joined".equals(alice.status()));
        alice.releaseTalkWithMouse();
        alice.browser().await("#talk idle after the release", b -> "idle".equals(alice.talkState()));
        alice.browser().await("the recording saved on the device", b -> savedIds(alice).contains(start.id()));

        alice.browser().driver().navigate().refresh();
        web.relay().restart();
        Inbox bobAgain = new Inbox(web.relay().connect("bob"));
        bobAgain.client().join("bob", "lobby", 0L);
        alice.open();
        alice.recordVoiceCards();
        alice.browser().find("#join").click();
        alice.awaitStatus("joined");

        ReceivedVoice whole = web.awaitRecordingResentWhole(bobAgain, alice, start,
                "recording kept across the reload and sent whole");
        List<ParleyPage.CardChange> changes = alice.cardHistory("alice", start.id());
        assertThat(changes).as("the card first shown pending (no seq), then stored").isNotEmpty();
        assertThat(changes.get(0).seq()).isNull();
        assertThat(changes.get(changes.size() - 1).seq()).isEqualTo(whole.seq());
        alice.browser().await("forgotten on the device once stored", b -> savedIds(alice).isEmpty());
    }

    private static List<String> savedIds(ParleyPage page) {
        List<String> ids = page.browser().jsAsync(SAVED_IDS);
        assertThat(ids).as("the page's IndexedDB could be read").isNotNull();
        return ids;
    }
}
