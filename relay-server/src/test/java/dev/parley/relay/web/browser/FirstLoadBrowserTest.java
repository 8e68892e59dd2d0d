package dev.parley.relay.web.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Figures of a first visit: bytes transferred (asserted: at most 150 KB) and the time from the link to joined (printed). */
class FirstLoadBrowserTest {
    /** The budget for the whole client on first load, in bytes (150 KB, counted as 150,000). */
    private static final long BUDGET_BYTES = 150_000;

    /** Transfer and body sizes of the navigation and every resource the page loaded (worklets included where listed). */
    private static final String RESOURCES = """
            return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
                .map(e => ({name: e.name, type: e.initiatorType || e.entryType, transfer: e.transferSize,
                            encoded: e.encodedBodySize, decoded: e.decodedBodySize}));""";

    /** Waits until no response has finished for a second (what the join started, the audio modules, has loaded). */
    private static void awaitNetworkQuiet(Browser browser) {
        long[] last = {-1, System.nanoTime()};
        browser.await("no new response for a second", java.time.Duration.ofSeconds(15), b -> {
            int n = b.responseBytes().size();
            if (n != last[0]) {
                last[0] = n;
                last[1] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - last[1] > 1_000_000_000L;
        });
    }

    @RegisterExtension
    final WebClientFixture web = new WebClientFixture();

    @Test
    void theWholeClientIsAtMost150KBOnFirstLoadAndJoinsFromTheLink() {
        Browser browser = web.browser(web.desktop());
        ParleyPage page = new ParleyPage(browser, web.link());
        long opened = System.nanoTime();
        page.open("room=lobby");
        long joinScreen = System.nanoTime();
        assertThat(browser.find("#room").getDomProperty("value")).as("#room=NAME preselects the room").isEqualTo("lobby");

        page.fill("#nick", "alice");
        browser.js("""
                window.__joinTiming = {};
                document.getElementById('join').addEventListener('click', () => window.__joinTiming.clicked = performance.now(), true);
                new MutationObserver(() => {
                  if (document.getElementById('status').dataset.state === 'joined' && !window.__joinTiming.joined) {
                    window.__joinTiming.joined = performance.now();
                  }
                }).observe(document.getElementById('status'), {attributes: true, attributeFilter: ['data-state']});""");
        browser.find("#join").click();
        page.awaitStatus("joined");
        Map<String, Object> timing = browser.js("""
                const nav = performance.getEntriesByType('navigation')[0];
                const scripts = performance.getEntriesByType('resource').filter(e => e.initiatorType === 'script');
                return {firstByte: nav.responseStart, html: nav.responseEnd,
                        lastScript: Math.max(0, ...scripts.map(e => e.responseEnd)),
                        medianRequest: scripts.map(e => e.responseEnd - e.requestStart).sort((a, b) => a - b)[scripts.length >> 1] || 0,
                        domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
                        clicked: window.__joinTiming.clicked, joined: window.__joinTiming.joined};""");
        // everything a joined session loads: what comes after the join (audio modules) counts too
        awaitNetworkQuiet(browser);

        List<Map<String, Object>> entries = browser.js(RESOURCES);
        long transfer = entries.stream().mapToLong(e -> ((Number) e.get("transfer")).longValue()).sum();
        long encoded = entries.stream().mapToLong(e -> ((Number) e.get("encoded")).longValue()).sum();
        long decoded = entries.stream().mapToLong(e -> ((Number) e.get("decoded")).longValue()).sum();
        // the browser's own pages (chrome://new-tab-page before the link opens) are not the client's
        String origin = web.link().toString();
        List<Map.Entry<String, Long>> wire = browser.responseBytes().stream()
                .filter(e -> e.getKey().substring(e.getKey().indexOf(' ') + 1).startsWith(origin)).toList();
        long wireTotal = wire.stream().mapToLong(Map.Entry::getValue).sum();

        System.out.printf("first load: %d requests (resource timing), %,d bytes transferred (%,d encoded bodies, %,d decoded); "
                        + "DevTools: %d responses over %d connections, %,d bytes on the wire (headers included)%n",
                entries.size(), transfer, encoded, decoded, wire.size(), browser.connectionsUsed(origin), wireTotal);
        entries.stream().sorted(Comparator.comparing(e -> -((Number) e.get("transfer")).longValue()))
                .forEach(e -> System.out.printf("  %,8d transferred %,8d encoded  %s (%s)%n", ((Number) e.get("transfer")).longValue(),
                        ((Number) e.get("encoded")).longValue(), e.get("name"), e.get("type")));
        double click = ((Number) timing.get("clicked")).doubleValue();
        double joined = ((Number) timing.get("joined")).doubleValue();
        System.out.printf("link to joined on loopback: join screen shown %d ms after the link was opened (in the page: "
                        + "TLS and first byte %.0f ms, HTML %.0f ms, last module %.0f ms (a module's request took %.0f ms, median), DOMContentLoaded %.0f ms, load %.0f ms); "
                        + "Join pressed to joined %.0f ms; link to join screen plus Join to joined: %.0f ms%n",
                (joinScreen - opened) / 1_000_000, ((Number) timing.get("firstByte")).doubleValue(),
                ((Number) timing.get("html")).doubleValue(), ((Number) timing.get("lastScript")).doubleValue(),
                ((Number) timing.get("medianRequest")).doubleValue(),
                ((Number) timing.get("domContentLoaded")).doubleValue(), ((Number) timing.get("load")).doubleValue(),
                joined - click, (joinScreen - opened) / 1e6 + joined - click);

        assertThat(transfer).as("bytes transferred on first load (resource timing)").isLessThanOrEqualTo(BUDGET_BYTES);
        assertThat(wireTotal).as("bytes on the wire on first load (DevTools)").isLessThanOrEqualTo(BUDGET_BYTES);
        assertThat(browser.log()).as("no uncaught error, no content-security refusal while loading and joining")
                .noneMatch(line -> line.startsWith("uncaught") || line.contains("Content Security Policy"));
    }
}
