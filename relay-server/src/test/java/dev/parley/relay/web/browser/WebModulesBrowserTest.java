package dev.parley.relay.web.browser;

import dev.parley.relay.WebClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The web client's modules of pure logic (audio codecs and buffers, the protocol, the room's state, …) unit-tested in
 * the real headless Chromium, with no Node.js: a relay serves the production files with the tests of
 * {@code src/test/resources/web-unit/} beside them ({@link WebUnitSite}), the browser opens {@code /web-unit/index.html} under
 * the relay's strict CSP, the page's runner imports every test module and runs it, and each JavaScript test becomes
 * a JUnit test here, failing with the JavaScript message.
 *
 * <p>{@code -Dparley.test.webDir=FOLDER} tests the client files of another folder (a work tree being written).
 */
class WebModulesBrowserTest {
    /** How long the whole JavaScript run may take (it takes a few seconds). */
    private static final Duration RUN_LIMIT = Duration.ofSeconds(40);
    private static final String RESULTS = "return window.webUnit && window.webUnit.done ? window.webUnit : null";

    @TestFactory
    Stream<DynamicNode> webClientModules(@TempDir Path dir) throws IOException {
        Path site = WebUnitSite.assemble(dir.resolve("site"));
        List<String> modules = WebUnitSite.testModules(site);
        Map<String, Object> run;
        List<String> log;
        try (TestRelay relay = TestRelay.start(dir.resolve("relay"), c -> c.withWeb(WebClient.fromFolder(site)));
             Browser browser = Browser.start(withoutMicrophone())) {
            browser.open(URI.create("https://127.0.0.1:" + relay.port() + "/" + WebUnitSite.UNIT_FOLDER + "/index.html?lang=en"));
            assertThat(browser.<Boolean>js("return document.getElementById('results') !== null"))
                    .as("the runner page loaded; browser log: %s", browser.log()).isTrue();
            run = browser.await("the web client's unit tests to finish", RUN_LIMIT, b -> b.<Map<String, Object>>js(RESULTS));
            log = browser.log();
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) run.get("results");
        System.out.println("web client unit tests: " + results.size() + " in " + run.get("ms") + " ms in the browser");
        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(DynamicTest.dynamicTest("every test module ran", () -> assertThat(
                results.stream().map(r -> (String) r.get("module")).distinct().sorted().toList())
                .as("runner.js's MODULES list against the *.test.js files").isEqualTo(modules)));
        nodes.add(DynamicTest.dynamicTest("the page logged no error and no CSP violation", () -> assertThat(
                log.stream().filter(WebModulesBrowserTest::isProblem).toList()).isEmpty()));
        byModule(results).forEach((module, tests) -> nodes.add(DynamicContainer.dynamicContainer(module,
                tests.stream().map(WebModulesBrowserTest::asJUnit))));
        return nodes.stream();
    }

    /** No fake microphone is needed: the unit tests never ask for one. */
    private static BrowserOptions withoutMicrophone() {
        return new BrowserOptions(BrowserOptions.Microphone.DENIED, null, false, "en-US");
    }

    private static boolean isProblem(String entry) {
        return entry.startsWith("uncaught") || entry.startsWith("console.error") || entry.contains(".error:")
                || entry.contains("Content Security Policy");
    }

    private static Map<String, List<Map<String, Object>>> byModule(List<Map<String, Object>> results) {
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        for (Map<String, Object> r : results) {
            out.computeIfAbsent((String) r.get("module"), m -> new ArrayList<>()).add(r);
        }
        return out;
    }

    private static DynamicTest asJUnit(Map<String, Object> result) {
        String name = (String) result.get("name");
        String where = result.get("module") + " › " + name;
        boolean passed = Boolean.TRUE.equals(result.get("passed"));
        String message = (String) result.get("message");
        return DynamicTest.dynamicTest(name, () -> {
            if (!passed) {
                fail(where + "\n" + message);
            }
        });
    }
}
