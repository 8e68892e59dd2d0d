package dev.parley.relay.web.browser;

import dev.parley.relay.RelayConfig;
import dev.parley.relay.WebClient;

import java.nio.file.Path;

/** Points a relay config at a folder of web client files (development). */
final class WebDir {
    private WebDir() {
    }

    static RelayConfig serve(RelayConfig config, Path folder) {
        return config.withWeb(WebClient.fromFolder(folder));
    }
}
