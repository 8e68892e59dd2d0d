package dev.parley.relay.web.browser;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.devtools.DevTools;
import org.openqa.selenium.devtools.v156.log.Log;
import org.openqa.selenium.devtools.v156.network.Network;
import org.openqa.selenium.devtools.v156.runtime.Runtime;
import org.openqa.selenium.devtools.v156.runtime.model.RemoteObject;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Headless Chromium from Debian's packages, driven by its own chromedriver (never one Selenium Manager would
 * download), with a fresh profile in a temporary folder, the certificate warning skipped, audio allowed to play
 * without a gesture and a fake microphone that plays a WAV file in a loop (see shared/GOTCHAS.md, "A real browser
 * here"). Console messages, uncaught exceptions and browser log entries (CSP violations among them) are collected
 * for failure reports, and the bytes of every response are counted through the DevTools protocol.
 */
public final class Browser implements AutoCloseable {
    /** Where Debian's {@code chromium} package puts the browser; {@code -Dparley.test.chromium} overrides it. */
    public static final Path CHROMIUM = Path.of(System.getProperty("parley.test.chromium", "/usr/bin/chromium"));
    /** Where Debian's {@code chromium-driver} package puts the driver; {@code -Dparley.test.chromedriver} overrides it. */
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("parley.test.chromedriver", "/usr/bin/chromedriver"));
    /**
     * {@code -Dparley.test.browsers=optional} skips browser tests on a machine without Chromium; by default they fail
     * there, so that CI cannot pass without running them.
     */
    public static final String OPTIONAL_PROPERTY = "parley.test.browsers";
    /** How long a test waits for something the page should do promptly. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(Browser.class.getName());
    private static final int DESKTOP_WIDTH = 1280;
    private static final int DESKTOP_HEIGHT = 900;
    private static final int PHONE_WIDTH = 360;
    private static final int PHONE_HEIGHT = 640;
    private static final String PHONE_USER_AGENT = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36";
    /** Content setting value that blocks a permission (Chromium's CONTENT_SETTING_BLOCK). */
    private static final int CONTENT_SETTING_BLOCK = 2;

    private final BrowserOptions options;
    private final Path profile;
    private final ChromeDriver driver;
    private final DevTools devTools;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Map<String, String> urlByRequest = new ConcurrentHashMap<>();
    private final Map<String, Long> bytesByRequest = new ConcurrentHashMap<>();
    private final Map<String, Long> connectionByRequest = new ConcurrentHashMap<>();

    private Browser(BrowserOptions options, Path profile, ChromeDriver driver) {
        this.options = options;
        this.profile = profile;
        this.driver = driver;
        this.devTools = driver.getDevTools();
        devTools.createSession();
        devTools.send(Runtime.enable());
        devTools.send(Log.enable());
        devTools.send(Network.enable(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()));
        devTools.addListener(Runtime.consoleAPICalled(), e -> log.add("console." + e.getType() + ": "
                + String.join(" ", e.getArgs().stream().map(Browser::describe).toList())));
        devTools.addListener(Runtime.exceptionThrown(), e -> log.add("uncaught: " + e.getExceptionDetails().getText()
                + " " + e.getExceptionDetails().getException().map(Browser::describe).orElse("")
                + " at " + e.getExceptionDetails().getUrl().orElse("?") + ":" + e.getExceptionDetails().getLineNumber()));
        devTools.addListener(Log.entryAdded(), e -> log.add("log." + e.getSource() + "." + e.getLevel() + ": "
                + e.getText() + e.getUrl().map(u -> " (" + u + ")").orElse("")));
        devTools.addListener(Network.responseReceived(), e -> {
            urlByRequest.put(e.getRequestId().toString(), e.getResponse().getStatus() + " " + e.getResponse().getUrl());
            connectionByRequest.put(e.getRequestId().toString(), e.getResponse().getConnectionId().longValue());
        });
        devTools.addListener(Network.loadingFinished(), e -> bytesByRequest.put(e.getRequestId().toString(),
                e.getEncodedDataLength().longValue()));
    }

    /** Starts a browser, or fails saying what to install (skips instead under {@code -Dparley.test.browsers=optional}). */
    public static Browser start(BrowserOptions options) {
        requireInstalled();
        Path profile;
        try {
            profile = Files.createTempDirectory("parley-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = null;
        try {
            driver = new ChromeDriver(service, chromeOptions(options, profile));
            return new Browser(options, profile, driver);
        } catch (RuntimeException e) {
            if (driver != null) {
                driver.quit();
            }
            deleteProfile(profile);
            throw e;
        }
    }

    private static void requireInstalled() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String message = "browser tests need Debian's Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                + ": apt-get install -y chromium chromium-driver (.ci/run installs them)";
        if ("optional".equals(System.getProperty(OPTIONAL_PROPERTY))) {
            Assumptions.abort(message);
        }
        throw new AssertionError(message);
    }

    private static ChromeOptions chromeOptions(BrowserOptions options, Path profile) {
        ChromeOptions chrome = new ChromeOptions();
        chrome.setBinary(CHROMIUM.toFile());
        chrome.setAcceptInsecureCerts(true);
        chrome.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--user-data-dir=" + profile,
                "--ignore-certificate-errors",
                "--autoplay-policy=no-user-gesture-required",
                "--use-fake-device-for-media-stream",
                // the audio service's sandbox could not read the WAV file ("Could not start audio source")
                "--disable-features=AudioServiceSandbox",
                "--lang=" + options.language());
        if (options.microphone() == BrowserOptions.Microphone.FAKE_FILE) {
            chrome.addArguments(
                    "--use-fake-ui-for-media-stream",
                    "--use-file-for-fake-audio-capture=" + options.microphoneWav());
        }
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("intl.accept_languages", options.language() + "," + options.language().split("-")[0]);
        if (options.microphone() == BrowserOptions.Microphone.DENIED) {
            prefs.put("profile.default_content_setting_values.media_stream_mic", CONTENT_SETTING_BLOCK);
            prefs.put("profile.managed_default_content_settings.media_stream_mic", CONTENT_SETTING_BLOCK);
        }
        chrome.setExperimentalOption("prefs", prefs);
        if (options.phone()) {
            chrome.setExperimentalOption("mobileEmulation", Map.of(
                    "deviceMetrics", Map.of("width", PHONE_WIDTH, "height", PHONE_HEIGHT, "pixelRatio", 3.0,
                            "touch", true, "mobile", true),
                    "userAgent", PHONE_USER_AGENT));
        } else {
            chrome.addArguments("--window-size=" + DESKTOP_WIDTH + "," + DESKTOP_HEIGHT);
        }
        return chrome;
    }

    private static String describe(RemoteObject o) {
        return o.getValue().map(String::valueOf).or(o::getDescription).orElse(String.valueOf(o.getType()));
    }

    public BrowserOptions options() {
        return options;
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void open(URI uri) {
        driver.get(uri.toString());
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Runs {@code script} in the page ({@code arguments[i]} are {@code args}) and returns what it returns. */
    @SuppressWarnings("unchecked")
    public <T> T js(String script, Object... args) {
        return (T) ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Runs an async script: the last argument is the callback that completes it. */
    @SuppressWarnings("unchecked")
    public <T> T jsAsync(String script, Object... args) {
        return (T) ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /** Waits until {@code condition} returns something other than null or false, and returns it. */
    public <T> T await(String what, Duration timeout, Function<Browser, T> condition) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(50));
        wait.withMessage(() -> what + "\n" + recentLog());
        return wait.until(d -> condition.apply(this));
    }

    public <T> T await(String what, Function<Browser, T> condition) {
        return await(what, WAIT, condition);
    }

    /** A CDP command (no typed API needed), e.g. {@code Input.dispatchTouchEvent}. */
    public Map<String, Object> cdp(String command, Map<String, Object> params) {
        return driver.executeCdpCommand(command, params);
    }

    /** Console messages, uncaught exceptions and browser log entries so far, oldest first. */
    public List<String> log() {
        return List.copyOf(log);
    }

    private String recentLog() {
        List<String> all = log();
        List<String> tail = all.subList(Math.max(0, all.size() - 20), all.size());
        return tail.isEmpty() ? "(browser log empty)" : "browser log (last " + tail.size() + "):\n  " + String.join("\n  ", tail);
    }

    /** Bytes on the wire (headers and encoded body) of every finished response, by "status url", in no order. */
    public List<Map.Entry<String, Long>> responseBytes() {
        List<Map.Entry<String, Long>> out = new ArrayList<>();
        bytesByRequest.forEach((id, bytes) -> out.add(Map.entry(urlByRequest.getOrDefault(id, "? " + id), bytes)));
        return out;
    }

    /** How many network connections the responses to URLs starting with {@code prefix} came over. */
    public long connectionsUsed(String prefix) {
        return connectionByRequest.entrySet().stream()
                .filter(e -> urlByRequest.getOrDefault(e.getKey(), "").contains(" " + prefix))
                .map(Map.Entry::getValue).distinct().count();
    }

    /** Writes a screenshot, the page's HTML and the browser log into {@code dir}, for a failed test. */
    public void dump(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        try {
            Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            Files.writeString(dir.resolve(name + ".html"), String.valueOf(driver.getPageSource()), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            log.add("(could not capture the page: " + e + ")");
        }
        Files.write(dir.resolve(name + ".log"), log(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            devTools.close();
        } finally {
            driver.quit();
            deleteProfile(profile);
        }
    }

    private static void deleteProfile(Path profile) {
        try (Stream<Path> files = Files.walk(profile)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not delete the browser profile " + profile, e);
        }
    }
}
