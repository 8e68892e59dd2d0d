package dev.parley.relay;

import java.nio.file.Path;

/**
 * Whether the relay answers plain HTTPS requests on its port with the web client, and where its files come from.
 *
 * @param enabled serve the web client; off, a plain request gets the refusal a WebSocket-only relay gives
 * @param folder  a folder to read the files from on every request (development: edits show on reload), or
 *                {@code null} for the files built into the relay's jar
 */
public record WebClient(boolean enabled, Path folder) {
    /** The files built into the relay (the default). */
    public static final WebClient BUILT_IN = new WebClient(true, null);
    /** No web client ({@code --no-web}). */
    public static final WebClient OFF = new WebClient(false, null);

    public WebClient {
        if (folder != null && !enabled) {
            throw new IllegalArgumentException("a web folder needs the web client on");
        }
    }

    /** The files read from {@code folder} on every request. */
    public static WebClient fromFolder(Path folder) {
        return new WebClient(true, folder);
    }
}
