package dev.parley.client.globalkey;

import dev.parley.client.ui.common.Tasks;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the system-wide push-to-talk key as the settings say: turned on, off or to another key in the background
 * (hooking the keyboard can take a moment, never on the FX thread), with the platform's reason shown when it refuses.
 * Listens from {@link #start()} until {@link #close()}; FX thread only.
 */
public final class GlobalKeySetting implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GlobalKeySetting.class);

    private final GlobalPushToTalk key;
    private final Tasks tasks;
    private final ObservableBooleanValue on;
    private final ObservableStringValue keyName;
    private final StringProperty note;
    private boolean closed;

    /**
     * @param on      whether the key should work while Parley is not the focused window
     * @param keyName the key (a {@code javafx.scene.input.KeyCode} name)
     * @param note    set to why the key cannot work here, or to empty
     */
    public GlobalKeySetting(GlobalPushToTalk key, Tasks tasks, ObservableBooleanValue on, ObservableStringValue keyName,
                            StringProperty note) {
        this.key = key;
        this.tasks = tasks;
        this.on = on;
        this.keyName = keyName;
        this.note = note;
    }

    /** Applies the settings now and whenever they change. */
    public void start() {
        on.addListener((o, a, b) -> apply());
        keyName.addListener((o, a, b) -> apply());
        apply();
    }

    private void apply() {
        if (closed) {
            return;
        }
        boolean wanted = on.get();
        String name = keyName.get();
        tasks.run(() -> {
            if (wanted) {
                return key.enable(name).orElse("");
            }
            key.disable();
            return "";
        }, note::set, e -> log.warn("cannot change the global push-to-talk key: {}", e.toString()));
    }

    /** Stops listening for the key (a hold in progress is released). */
    @Override
    public void close() {
        closed = true;
        key.disable();
    }
}
