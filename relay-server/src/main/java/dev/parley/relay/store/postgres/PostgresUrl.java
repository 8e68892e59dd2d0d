package dev.parley.relay.store.postgres;

import org.postgresql.Driver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where the store's database is ({@code --database jdbc:postgresql://HOST:PORT/DB[?user=..&password=..]}), and as
 * whom to log in: the URL's {@code user} and {@code password} parameters, else the environment's {@code PGUSER} and
 * {@code PGPASSWORD} (which pgJDBC does not read by itself). The credentials are kept apart from the URL handed to
 * the driver, the pool and the migrations, so none of them can print the password; logs name {@link #shown()} only.
 */
public final class PostgresUrl {
    private static final String PREFIX = "jdbc:postgresql://";

    private final String url;
    private final String user;
    private final String password;
    private final String shown;

    private PostgresUrl(String url, String user, String password, String shown) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.shown = shown;
    }

    /**
     * Reads a {@code jdbc:postgresql://} URL, taking credentials from {@code env} ({@code PGUSER}, {@code PGPASSWORD})
     * where the URL has none. Throws {@link IllegalArgumentException} saying what is wrong (never quoting a password).
     */
    public static PostgresUrl parse(String value, Map<String, String> env) {
        String v = value == null ? "" : value.strip();
        if (!v.startsWith(PREFIX)) {
            throw new IllegalArgumentException("expected a PostgreSQL URL, jdbc:postgresql://HOST:PORT/DATABASE");
        }
        int query = v.indexOf('?');
        String base = query < 0 ? v : v.substring(0, query);
        String user = null;
        String password = null;
        List<String> kept = new ArrayList<>();
        if (query >= 0) {
            for (String param : v.substring(query + 1).split("&")) {
                if (param.isEmpty()) {
                    continue;
                }
                int eq = param.indexOf('=');
                String name = (eq < 0 ? param : param.substring(0, eq)).toLowerCase(Locale.ROOT);
                String raw = eq < 0 ? "" : param.substring(eq + 1);
                if (name.equals("user")) {
                    user = decode(raw);
                } else if (name.equals("password")) {
                    password = decode(raw);
                } else {
                    kept.add(param);
                }
            }
        }
        String url = kept.isEmpty() ? base : base + "?" + String.join("&", kept);
        checkPorts(base);
        Properties parsed = Driver.parseURL(url, null);
        if (parsed == null || parsed.getProperty("PGDBNAME", "").isEmpty()) {
            throw new IllegalArgumentException("expected jdbc:postgresql://HOST:PORT/DATABASE, not a URL the"
                    + " PostgreSQL driver can read" + (base.length() <= PREFIX.length() ? "" : " (" + base + ")"));
        }
        if (user == null) {
            user = env.get("PGUSER");
        }
        if (password == null) {
            password = env.get("PGPASSWORD");
        }
        String shown = hostsAndPorts(parsed) + "/" + parsed.getProperty("PGDBNAME");
        return new PostgresUrl(url, user, password, shown);
    }

    /** As {@link #parse(String, Map)} with this process's environment. */
    public static PostgresUrl parse(String value) {
        return parse(value, System.getenv());
    }

    /** Refuses a port that is not 1-65535 before the driver sees it (it would log a warning of its own). */
    private static void checkPorts(String base) {
        int slash = base.indexOf('/', PREFIX.length());
        String authority = base.substring(PREFIX.length(), slash < 0 ? base.length() : slash);
        for (String host : authority.split(",")) {
            int colon = host.lastIndexOf(':');
            if (colon < 0 || colon < host.lastIndexOf(']')) {
                continue;
            }
            String port = host.substring(colon + 1);
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new IllegalArgumentException("the database port must be 1-65535, not \"" + port + "\"");
            }
        }
    }

    private static String hostsAndPorts(Properties parsed) {
        String[] hosts = parsed.getProperty("PGHOST", "").split(",");
        String[] ports = parsed.getProperty("PGPORT", "").split(",");
        List<String> out = new ArrayList<>(hosts.length);
        for (int i = 0; i < hosts.length; i++) {
            out.add(hosts[i] + ":" + (i < ports.length ? ports[i] : "5432"));
        }
        return String.join(",", out);
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    /** The URL without credentials, for the driver. */
    String url() {
        return url;
    }

    /** The user to log in as, or {@code null} for the driver's default. */
    String user() {
        return user;
    }

    /** The password, or {@code null} for none. */
    String password() {
        return password;
    }

    /** {@code HOST:PORT/DATABASE}, what logs and messages name. */
    public String shown() {
        return shown;
    }

    @Override
    public String toString() {
        return shown;
    }
}
