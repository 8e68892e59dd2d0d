package dev.parley.relay.web.browser;

import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The web client as a person uses it, through the ids and states of the page contract (spec/web.md, "Page
 * contract"): join, type and send, hold the talk button, read the timeline. Nothing here knows how the page is
 * built beyond that contract.
 */
public final class ParleyPage {
    /** One {@code article.msg} of {@code #timeline} as the page shows it. */
    public record Message(Long seq, String id, String from, boolean pending, boolean voice, boolean live,
                          String state, boolean unplayed, String text, String shownText) {
    }

    private static final String READ_TIMELINE = """
            return [...document.querySelectorAll('#timeline article.msg')].map(a => {
              const text = a.querySelector('.text');
              const dot = a.querySelector('.unplayed');
              return {
                seq: a.dataset.seq === undefined || a.dataset.seq === '' ? null : Number(a.dataset.seq),
                id: a.dataset.id ?? null, from: a.dataset.from ?? null,
                pending: a.dataset.pending === 'true', voice: a.classList.contains('voice'),
                live: a.classList.contains('live') || a.dataset.live === 'true', state: a.dataset.state ?? null,
                unplayed: !!dot && !dot.hidden && dot.getClientRects().length > 0,
                text: text ? text.textContent : null, shown: text ? text.innerText : null};
            });""";

    /**
     * Records every change of the voice cards (state, live, seq, unplayed dot) with {@code performance.now()}, so a
     * test sees states that last less than a poll (playing for a short clip) and the order they came in.
     */
    private static final String RECORD_CARDS = """
            if (window.__cardLog) return;
            window.__cardLog = [];
            const last = new Map();
            const snap = () => {
              for (const a of document.querySelectorAll('#timeline article.msg.voice')) {
                const dot = a.querySelector('.unplayed');
                const s = {id: a.dataset.id ?? null, from: a.dataset.from ?? null, seq: a.dataset.seq ?? null,
                           state: a.dataset.state ?? null, live: a.classList.contains('live') || a.dataset.live === 'true',
                           unplayed: !!dot && !dot.hidden && dot.getClientRects().length > 0};
                const key = s.from + '/' + s.id;
                const json = JSON.stringify(s);
                if (last.get(key) !== json) {
                  last.set(key, json);
                  window.__cardLog.push(Object.assign({t: performance.now()}, s));
                }
              }
            };
            new MutationObserver(snap).observe(document.getElementById('timeline'),
                {subtree: true, childList: true, attributes: true, characterData: false});
            snap();""";

    private final Browser browser;
    private final URI address;

    public ParleyPage(Browser browser, URI address) {
        this.browser = browser;
        this.address = address;
    }

    public Browser browser() {
        return browser;
    }

    /** Opens the link, as a person following it would; {@code fragment} is the part after {@code #} or null. */
    public ParleyPage open(String fragment) {
        browser.open(fragment == null ? address : address.resolve("#" + fragment));
        browser.await("the join screen (#join-screen with #nick and #join)", b -> !b.findAll("#join-screen #nick").isEmpty()
                && b.find("#join").isDisplayed());
        return this;
    }

    public ParleyPage open() {
        return open(null);
    }

    /** Fills the join form and presses Join; returns once {@code #status} says joined. */
    public ParleyPage join(String nick, String room) {
        fill("#nick", nick);
        fill("#room", room);
        browser.find("#join").click();
        awaitStatus("joined");
        return this;
    }

    /**
     * Clicks {@code element} as a person would; a control drawn by CSS over a visually hidden input (a switch for a
     * checkbox) gets the click through its label, as the person's click would reach it.
     */
    public void click(WebElement element) {
        try {
            element.click();
        } catch (ElementNotInteractableException hidden) {
            browser.js("const e = arguments[0]; (e.labels && e.labels[0] ? e.labels[0] : e).click();", element);
        }
    }

    public void fill(String css, String value) {
        WebElement field = browser.find(css);
        field.clear();
        field.sendKeys(value);
    }

    public String status() {
        return browser.find("#status").getDomAttribute("data-state");
    }

    public void awaitStatus(String state) {
        awaitStatus(state, Browser.WAIT);
    }

    public void awaitStatus(String state, Duration timeout) {
        browser.await("#status data-state=" + state + " (it is " + statusOrNothing() + ")", timeout,
                b -> state.equals(statusOrNothing()));
    }

    private String statusOrNothing() {
        return browser.js("const s = document.getElementById('status'); return s ? s.dataset.state ?? null : null;");
    }

    /** Types {@code text} into the composer, each line break as Shift+Enter (a new line, not a send). */
    public ParleyPage type(String text) {
        WebElement box = browser.find("#text");
        box.click();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                box.sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
            }
            if (!lines[i].isEmpty()) {
                box.sendKeys(lines[i]);
            }
        }
        return this;
    }

    /** Types {@code text} and presses Enter, which sends on a computer. */
    public ParleyPage sendWithEnter(String text) {
        type(text);
        browser.find("#text").sendKeys(Keys.ENTER);
        return this;
    }

    /** Types {@code text} and presses the Send button. */
    public ParleyPage sendWithButton(String text) {
        type(text);
        browser.find("#send").click();
        return this;
    }

    public String composerText() {
        return browser.find("#text").getDomProperty("value");
    }

    /** The timeline, top to bottom. */
    public List<Message> messages() {
        List<Map<String, Object>> raw = browser.js(READ_TIMELINE);
        List<Message> out = new ArrayList<>();
        for (Map<String, Object> m : raw) {
            out.add(new Message(m.get("seq") == null ? null : ((Number) m.get("seq")).longValue(),
                    (String) m.get("id"), (String) m.get("from"), Boolean.TRUE.equals(m.get("pending")),
                    Boolean.TRUE.equals(m.get("voice")), Boolean.TRUE.equals(m.get("live")), (String) m.get("state"),
                    Boolean.TRUE.equals(m.get("unplayed")), (String) m.get("text"), (String) m.get("shown")));
        }
        return out;
    }

    /** Waits for a message matching {@code match} and returns it. */
    public Message awaitMessage(String what, Duration timeout, Predicate<Message> match) {
        return browser.await(what + "; the timeline: " + describeTimeline(), timeout,
                b -> messages().stream().filter(match).findFirst().orElse(null));
    }

    public Message awaitMessage(String what, Predicate<Message> match) {
        return awaitMessage(what, Browser.WAIT, match);
    }

    private String describeTimeline() {
        try {
            return messages().toString();
        } catch (RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** The message element whose {@code data-seq} is {@code seq}. */
    public WebElement messageElement(long seq) {
        return browser.find("#timeline article.msg[data-seq='" + seq + "']");
    }

    // ------------------------------------------------------------------ talking

    public String talkState() {
        return browser.find("#talk").getDomAttribute("data-state");
    }

    public void awaitTalkState(String state) {
        browser.await("#talk data-state=" + state + " (it is " + talkState() + ")", b -> state.equals(talkState()));
    }

    /** Presses the mouse on the talk button and keeps it down. */
    public void pressTalkWithMouse() {
        new Actions(browser.driver()).moveToElement(browser.find("#talk")).clickAndHold().perform();
    }

    /** Lets the mouse button go (over the talk button). */
    public void releaseTalkWithMouse() {
        new Actions(browser.driver()).release().perform();
    }

    // ------------------------------------------------------------------ voice cards

    /**
     * What a stored voice card says about who played it ({@code p.receipts}): the text shown (null when the line is
     * hidden), its title, and the accessible name a screen reader reads (the button's when some names are left out).
     */
    public record ReceiptLine(String shown, String title, String spoken) {
    }

    private static final String READ_RECEIPTS = """
            const p = document.querySelector(`#timeline article.msg[data-seq='${arguments[0]}'] p.receipts`);
            if (!p) return null;
            if (p.hidden) return {shown: null, title: null, button: null};
            const short = p.querySelector('.short');
            return {shown: (short ?? p).textContent, title: p.getAttribute('title'), button: p.querySelector('button')};""";

    /** The receipt line of the card of message {@code seq}; null when there is no such card. */
    public ReceiptLine receiptLine(long seq) {
        Map<String, Object> raw = browser.js(READ_RECEIPTS, seq);
        if (raw == null) {
            return null;
        }
        WebElement button = (WebElement) raw.get("button");
        String shown = (String) raw.get("shown");
        return new ReceiptLine(shown, (String) raw.get("title"), button != null ? button.getAccessibleName() : shown);
    }

    /** Waits until the card of message {@code seq} shows {@code shown} as its receipt line, and returns the line. */
    public ReceiptLine awaitReceiptLine(long seq, String shown) {
        return browser.await("the card of " + seq + " saying \"" + shown + "\" (it says " + receiptLineOrNothing(seq) + ")",
                b -> {
                    ReceiptLine line = receiptLine(seq);
                    return line != null && Objects.equals(shown, line.shown()) ? line : null;
                });
    }

    private String receiptLineOrNothing(long seq) {
        try {
            return String.valueOf(receiptLine(seq));
        } catch (RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** Clicks the play/pause button of the card of message {@code seq}. */
    public void clickPlay(long seq) {
        messageElement(seq).findElement(org.openqa.selenium.By.cssSelector("button.play")).click();
    }

    /** The duration text of the card of message {@code seq} ("0:03", or "0:01 / 0:03" while it plays). */
    public String durationText(long seq) {
        return messageElement(seq).findElement(org.openqa.selenium.By.cssSelector(".duration")).getText();
    }

    /** From now on, every change of a voice card is recorded (see {@link #cardHistory}). */
    public void recordVoiceCards() {
        browser.js(RECORD_CARDS);
    }

    /** One recorded change of a voice card. */
    public record CardChange(double t, String id, String from, Long seq, String state, boolean live, boolean unplayed) {
    }

    /** The recorded changes of the card of {@code from}'s message {@code id}, oldest first. */
    public List<CardChange> cardHistory(String from, String id) {
        List<Map<String, Object>> raw = browser.js("return window.__cardLog || [];");
        List<CardChange> out = new ArrayList<>();
        for (Map<String, Object> m : raw) {
            if (Objects.equals(from, m.get("from")) && Objects.equals(id, m.get("id"))) {
                Object seq = m.get("seq");
                out.add(new CardChange(((Number) m.get("t")).doubleValue(), id, from,
                        seq == null ? null : Long.valueOf(seq.toString()), (String) m.get("state"),
                        Boolean.TRUE.equals(m.get("live")), Boolean.TRUE.equals(m.get("unplayed"))));
            }
        }
        return out;
    }
}
