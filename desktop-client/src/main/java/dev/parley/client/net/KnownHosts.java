package dev.parley.client.net;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * Certificates trusted per relay ({@code host:port} → SHA-256 fingerprint), like SSH's known_hosts, kept in
 * {@code known-relays.properties} in the settings folder. Removing a line there is how a person resets trust.
 */
public final class KnownHosts {
    private static final Logger log = LoggerFactory.getLogger(KnownHosts.class);
    public static final String FILE_NAME = "known-relays.properties";

    private final Path file;
    private final Properties entries = new Properties();

    public KnownHosts(Path settingsDir) {
        this.file = settingsDir.resolve(FILE_NAME);
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                entries.load(in);
            } catch (IOException e) {
                log.warn("cannot read {}: {}", file, e.getMessage());
            }
        }
    }

    /** The file people edit to forget a relay. */
    public Path file() {
        return file;
    }

    public synchronized Optional<String> fingerprint(RelayAddress address) {
        return Optional.ofNullable(entries.getProperty(address.key()));
    }

    /** Trusts {@code fingerprint} for {@code address} from now on and saves. */
    public synchronized void trust(RelayAddress address, String fingerprint) {
        entries.setProperty(address.key(), fingerprint);
        save();
    }

    /** Every remembered relay ({@code host:port} → fingerprint), sorted by relay. */
    public synchronized java.util.SortedMap<String, String> entries() {
        java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
        entries.forEach((k, v) -> out.put((String) k, (String) v));
        return out;
    }

    /** Forgets the relay remembered under {@code key} ({@code host:port}, as in {@link #entries()}). */
    public synchronized void forget(String key) {
        if (entries.remove(key) != null) {
            save();
        }
    }

    /** Forgets the certificate of {@code address}. */
    public synchronized void forget(RelayAddress address) {
        entries.remove(address.key());
        save();
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                entries.store(out, "Parley: trusted relay certificates (host:port = SHA-256). Delete a line to forget a relay.");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("cannot save {}: {}", file, e.getMessage());
        }
    }
}
