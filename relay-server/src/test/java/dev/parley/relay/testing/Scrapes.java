package dev.parley.relay.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a relay's metrics listener over plain HTTP, as Prometheus would, and parses what it answers. */
public final class Scrapes {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** One sample line of the text format: name, optional labels, value. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*})?) (\\S+)$");

    private Scrapes() {
    }

    /** An HTTP answer. */
    public record Answer(int status, String contentType, String body) {
    }

    /** {@code GET http://127.0.0.1:port/path}. */
    public static Answer get(int port, String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The samples of {@code GET /metrics}: {@code name{labels}} as printed (or the bare name) to value. */
    public static Map<String, Double> metrics(int port) {
        Answer a = get(port, "/metrics");
        if (a.status() != 200) {
            throw new AssertionError("GET /metrics answered " + a.status() + ": " + a.body());
        }
        return samples(a.body());
    }

    /** Parses the text format's sample lines; comments and blank lines are skipped. */
    public static Map<String, Double> samples(String text) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("not a sample line of the text format: " + line);
            }
            out.put(m.group(1), Double.parseDouble(m.group(3)));
        }
        return out;
    }
}
