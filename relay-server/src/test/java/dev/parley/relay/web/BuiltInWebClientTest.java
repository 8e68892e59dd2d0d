package dev.parley.relay.web;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web client built into the relay, as the relay serves it: every file in the resource folder is served with a
 * type, the whole client fits the first-load budget, every module a script imports is there, and the page has
 * nothing its Content-Security-Policy would block (inline scripts, styles or handlers, other origins).
 */
class BuiltInWebClientTest {
    /** The issue's budget for the first load of the whole client, in bytes transferred (before TLS and HTTP framing). */
    private static final int FIRST_LOAD_BUDGET = 150_000;
    private static final Pattern IMPORT = Pattern.compile(
            "(?:import|export)\\s[^;]*?from\\s*['\"]([^'\"]+)['\"]|import\\s*\\(\\s*['\"]([^'\"]+)['\"]\\s*\\)"
                    + "|import\\s*['\"]([^'\"]+)['\"]|addModule\\(\\s*['\"]([^'\"]+)['\"]"
                    + "|new URL\\(\\s*['\"]([^'\"]+)['\"]\\s*,\\s*import\\.meta\\.url");

    private static WebFiles files;
    private static Path folder;

    @BeforeAll
    static void load() throws Exception {
        files = WebFiles.builtIn();
        folder = Path.of(BuiltInWebClientTest.class.getClassLoader().getResource("web/index.html").toURI()).getParent();
    }

    @Test
    void everyFileInTheFolderIsServedWithAType() throws IOException {
        List<String> served = new ArrayList<>();
        files.paths().forEach(served::add);
        try (Stream<Path> walk = Files.walk(folder)) {
            List<String> onDisk = walk.filter(Files::isRegularFile)
                    .map(p -> "/" + folder.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.endsWith("/README.md") && !p.contains("/."))
                    .sorted().toList();
            assertThat(served).as("a file of a type the relay does not serve would be missing from the page")
                    .containsExactlyElementsOf(onDisk);
        }
        assertThat(served).contains("/index.html");
        for (String path : served) {
            assertThat(files.find(path)).get().satisfies(f -> assertThat(f.contentType()).isNotBlank());
        }
        assertThat(files.find("/")).get().extracting(StaticFile::path).isEqualTo("/index.html");
    }

    @Test
    void theWholeClientFitsTheFirstLoadBudget() {
        long total = 0;
        for (String path : files.paths()) {
            StaticFile f = files.find(path).orElseThrow();
            total += f.gzipped() != null ? f.gzipped().length : f.bytes().length;
        }
        System.out.printf("web client: %d files, %,d bytes transferred (gzip where it pays) on a first load%n",
                count(), total);
        assertThat(total).isLessThanOrEqualTo(FIRST_LOAD_BUDGET);
    }

    @Test
    void everyModuleAScriptImportsIsServed() {
        for (String path : files.paths()) {
            if (!path.endsWith(".js")) {
                continue;
            }
            String source = text(path);
            Matcher m = IMPORT.matcher(source);
            while (m.find()) {
                String target = null;
                for (int g = 1; g <= m.groupCount() && target == null; g++) {
                    target = m.group(g);
                }
                String resolved = URI.create("https://relay" + path).resolve(target).getPath();
                assertThat(files.find(resolved)).as(path + " imports " + target).isPresent();
            }
        }
    }

    @Test
    void thePageHasNothingItsSecurityPolicyWouldBlock() {
        for (String path : files.paths()) {
            if (!path.endsWith(".html")) {
                continue;
            }
            String html = text(path);
            Matcher script = Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE)
                    .matcher(html);
            while (script.find()) {
                assertThat(script.group(1)).as(path + ": scripts come from files").contains("src=");
                assertThat(script.group(2).strip()).as(path + ": no inline script").isEmpty();
            }
            assertThat(html).as(path + ": no inline style").doesNotContainPattern("(?i)<style|\\sstyle\\s*=");
            assertThat(html).as(path + ": no inline handler").doesNotContainPattern("(?i)\\son[a-z]+\\s*=");
            assertThat(html).as(path + ": nothing from elsewhere").doesNotContainPattern("(?i)(src|href)\\s*=\\s*['\"]?(https?:)?//");
        }
        for (String path : files.paths()) {
            if (path.endsWith(".css")) {
                assertThat(text(path)).as(path + ": nothing from elsewhere").doesNotContainPattern("(?i)url\\(\\s*['\"]?(https?:)?//|@import");
            }
            if (path.endsWith(".js")) {
                assertThat(text(path)).as(path + ": no eval").doesNotContainPattern("\\beval\\(|new Function\\(");
                // nothing is ever parsed as HTML: text from the network could reach it
                assertThat(text(path)).as(path + ": no HTML parsing").doesNotContainPattern(
                        "innerHTML|outerHTML|insertAdjacentHTML|document\\.write|createContextualFragment|DOMParser");
            }
        }
    }

    private static int count() {
        int n = 0;
        for (String ignored : files.paths()) {
            n++;
        }
        return n;
    }

    private static String text(String path) {
        return new String(files.find(path).orElseThrow().bytes(), StandardCharsets.UTF_8);
    }
}
