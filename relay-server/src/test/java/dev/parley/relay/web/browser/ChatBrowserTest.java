package dev.parley.relay.web.browser;

import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Joining and chatting from the web client, against a real relay and a protocol client in the same room. */
class ChatBrowserTest {
    @RegisterExtension
    final WebClientFixture web = new WebClientFixture();

    @Test
    void joinsAndChatsBothWaysWithAProtocolClient() {
        Inbox bob = web.join("bob", "lobby");
        ParleyPage alice = web.openPage(web.desktop()).join("alice", "lobby");

        bob.await(ServerMessage.Presence.class, p -> p.event() == ServerMessage.Presence.Event.JOIN && p.nick().equals("alice"));
        alice.browser().await("both members listed", b -> b.findAll("#members li[data-nick='alice']").size() == 1
                && b.findAll("#members li[data-nick='bob']").size() == 1);

        alice.sendWithEnter("hello from the browser");
        ServerMessage.Chat fromAlice = bob.await(ServerMessage.Chat.class, c -> c.from().equals("alice"));
        assertThat(fromAlice.text()).isEqualTo("hello from the browser");
        assertThat(alice.composerText()).as("Enter sent and emptied the composer").isEmpty();
        ParleyPage.Message own = alice.awaitMessage("own message stored (data-seq " + fromAlice.seq() + ", not pending)",
                m -> m.seq() != null && m.seq() == fromAlice.seq() && !m.pending());
        assertThat(own.id()).isEqualTo(fromAlice.id());
        assertThat(own.from()).isEqualTo("alice");
        assertThat(own.text()).isEqualTo("hello from the browser");

        bob.client().chat("b-1", "hello from java");
        ParleyPage.Message fromBob = alice.awaitMessage("bob's message", m -> "bob".equals(m.from()) && "b-1".equals(m.id()));
        assertThat(fromBob.text()).isEqualTo("hello from java");
        assertThat(fromBob.pending()).isFalse();
        assertThat(fromBob.seq()).isEqualTo(fromAlice.seq() + 1);
        assertThat(alice.messages()).extracting(ParleyPage.Message::text).containsSubsequence("hello from the browser", "hello from java");
    }

    @Test
    void typingAndRecordingAreShownBothWays() {
        Inbox bob = web.join("bob", "lobby");
        ParleyPage alice = web.openPage(web.desktop()).join("alice", "lobby");

        alice.type("hel");
        bob.await(ServerMessage.Typing.class, t -> t.from().equals("alice") && t.state() == TypingState.TYPING);

        bob.client().typing(TypingState.TYPING);
        alice.browser().await("#typing says bob is typing", b -> b.find("#typing").getText().contains("bob")
                && b.find("#typing").getText().contains("typing"));
        bob.client().typing(TypingState.RECORDING);
        alice.browser().await("#typing says bob is recording", b -> b.find("#typing").getText().contains("bob")
                && b.find("#typing").getText().contains("recording"));
        bob.client().typing(TypingState.IDLE);
        alice.browser().await("#typing no longer names bob", b -> !b.find("#typing").getText().contains("bob"));
    }

    @Test
    void aChineseBrowserGetsTheChineseJoinScreen() {
        Browser browser = web.browser(web.desktop().inLanguage("zh-CN"));
        ParleyPage page = new ParleyPage(browser, web.link()).open();
        String join = browser.await("the join button translated", b -> {
            String t = b.find("#join").getText();
            return t.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN) ? t : null;
        });
        String nickLabel = browser.find("label[for='nick']").getText();
        System.out.println("zh-CN join screen: button '" + join + "', name label '" + nickLabel + "'");
        assertThat(nickLabel).isNotEqualTo("Your name");
        page.join("小明", "lobby");
        assertThat(browser.find("#talk").getAccessibleName()).isNotEqualTo("Hold to talk").isNotBlank();
    }

    @Test
    void aThreeLineMessageKeepsItsLinesBothWays() {
        Inbox bob = web.join("bob", "lobby");
        ParleyPage alice = web.openPage(web.desktop()).join("alice", "lobby");

        alice.sendWithEnter("line one\nline two\nline three");
        ServerMessage.Chat sent = bob.await(ServerMessage.Chat.class, c -> c.from().equals("alice"));
        assertThat(sent.text()).as("Shift+Enter is a new line, Enter sends").isEqualTo("line one\nline two\nline three");
        ParleyPage.Message own = alice.awaitMessage("own three lines stored", m -> m.seq() != null && m.seq() == sent.seq());
        assertThat(own.shownText()).as("shown on three lines").isEqualTo("line one\nline two\nline three");

        bob.client().chat("b-3", "first\nsecond\nthird");
        ParleyPage.Message received = alice.awaitMessage("bob's three lines", m -> "b-3".equals(m.id()));
        assertThat(received.text()).isEqualTo("first\nsecond\nthird");
        assertThat(received.shownText()).isEqualTo("first\nsecond\nthird");
    }

    /** Each is sent by a protocol client and typed in the page; none may become markup or run. */
    private static final List<String> HOSTILE = List.of(
            "<img src=x onerror=\"window.pwned=(window.pwned||0)+1;document.title='pwned'\">",
            "<script>window.pwned=(window.pwned||0)+1;document.title='pwned'</script>",
            "<a href=\"javascript:window.pwned=(window.pwned||0)+1\">click me</a>",
            "javascript:window.pwned=(window.pwned||0)+1",
            "<svg onload=\"window.pwned=1\"><iframe src=\"javascript:window.pwned=1\"></iframe></svg>",
            "<b>bold</b> &amp; &lt;i&gt; <style>body{display:none}</style>");

    @Test
    void htmlAndScriptInMessagesAreShownAsTextAndNothingRuns() {
        Inbox bob = web.join("bob", "lobby");
        ParleyPage alice = web.openPage(web.desktop()).join("alice", "lobby");
        String title = alice.browser().js("return document.title");

        bob.client().chat("plain-bob", "plain words");
        alice.sendWithEnter("plain words too");
        for (int i = 0; i < HOSTILE.size(); i++) {
            bob.client().chat("h-" + i, HOSTILE.get(i));
            alice.sendWithEnter(HOSTILE.get(i));
            String expected = HOSTILE.get(i);
            ServerMessage.Chat typed = bob.await(ServerMessage.Chat.class, c -> c.from().equals("alice") && c.text().equals(expected));
            assertThat(typed.text()).as("typed in the page, received as typed").isEqualTo(expected);
        }
        bob.client().chat("link", "docs at https://example.com/a?b=1 and javascript:alert(1) here");
        alice.awaitMessage("the last message shown", m -> "link".equals(m.id()));
        alice.browser().await("all of alice's messages stored", b -> alice.messages().stream()
                .filter(m -> "alice".equals(m.from())).filter(m -> m.seq() != null && !m.pending()).count() == HOSTILE.size() + 1);

        List<ParleyPage.Message> shown = alice.messages();
        for (String text : HOSTILE) {
            assertThat(shown).filteredOn(m -> text.equals(m.text())).as("shown as text, from both: %s", text).hasSize(2);
        }
        Map<String, Object> page = alice.browser().js("""
                const t = document.getElementById('timeline');
                const elementsIn = a => a.querySelectorAll('*').length;
                const article = (from, text) => [...t.querySelectorAll('article.msg')].find(a =>
                    a.dataset.from === from && a.querySelector('.text') && a.querySelector('.text').textContent === text);
                const counts = {};
                for (const from of ['alice', 'bob']) {
                  counts[from] = arguments[0].map(text => elementsIn(article(from, text)));
                }
                return {
                  pwned: window.pwned === undefined ? null : window.pwned, title: document.title,
                  baseline: {alice: elementsIn(article('alice', 'plain words too')), bob: elementsIn(article('bob', 'plain words'))},
                  counts: counts,
                  foreign: [...t.querySelectorAll('.text *')].filter(e => e.tagName !== 'A' && e.tagName !== 'BR').map(e => e.outerHTML),
                  injected: t.querySelectorAll('img[src="x"], script, iframe, style, object, embed, svg[onload]').length,
                  javascriptLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
                  links: [...t.querySelectorAll('.text a')].map(a => ({href: a.getAttribute('href'), target: a.target, rel: a.rel, text: a.textContent}))
                };""", HOSTILE);
        assertThat(page.get("pwned")).as("no injected script ran").isNull();
        assertThat(page.get("title")).as("document.title untouched").isEqualTo(title);
        assertThat((List<?>) page.get("foreign")).as("nothing but links inside message text").isEmpty();
        assertThat(((Number) page.get("injected")).intValue()).as("no element made from a message").isZero();
        assertThat(((Number) page.get("javascriptLinks")).intValue()).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> baseline = (Map<String, Object>) page.get("baseline");
        @SuppressWarnings("unchecked")
        Map<String, List<Object>> counts = (Map<String, List<Object>>) page.get("counts");
        assertThat(counts.get("alice")).as("each hostile message of alice has as many elements as a plain one")
                .allSatisfy(n -> assertThat(n).isEqualTo(baseline.get("alice")));
        assertThat(counts.get("bob")).as("each hostile message of bob has as many elements as a plain one")
                .allSatisfy(n -> assertThat(n).isEqualTo(baseline.get("bob")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> links = (List<Map<String, Object>>) page.get("links");
        assertThat(links).as("only the https URL became a link, opened safely").singleElement().satisfies(a -> {
            assertThat(a.get("href")).isEqualTo("https://example.com/a?b=1");
            assertThat(a.get("target")).isEqualTo("_blank");
            assertThat(String.valueOf(a.get("rel")).split("\\s+")).contains("noopener", "noreferrer");
        });
        assertThat(alice.browser().log()).as("no uncaught error, no content-security refusal")
                .noneMatch(line -> line.startsWith("uncaught") || line.contains("Content Security Policy"));
        assertThat(bob.collectFor(Duration.ofMillis(300))).noneMatch(o -> o instanceof ServerMessage.Error);
    }
}
