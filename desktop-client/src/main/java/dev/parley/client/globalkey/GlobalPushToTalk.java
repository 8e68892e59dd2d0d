package dev.parley.client.globalkey;

import com.github.kwhat.jnativehook.GlobalScreen;
import com.github.kwhat.jnativehook.keyboard.NativeKeyEvent;
import com.github.kwhat.jnativehook.keyboard.NativeKeyListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;

/**
 * The push-to-talk key while Parley is not the focused window, through JNativeHook (a system-wide keyboard hook:
 * X11 on Linux, the usual hooks on Windows and macOS). Off by default; where the platform does not allow it
 * (Wayland, no display, macOS without the accessibility permission) {@link #enable} says why in a sentence and
 * nothing else changes: the focused-window key keeps working.
 */
public final class GlobalPushToTalk {
    private static final Logger log = LoggerFactory.getLogger(GlobalPushToTalk.class);

    /** Why a platform cannot have a global key, for people; {@code null} when it may. */
    public interface Problems {
        String wayland();

        String failed(String detail);

        String unknownKey(String key);
    }

    private final HeldKey held;
    private final Problems problems;
    private final Map<String, String> env;
    private final NativeKeyListener listener = new NativeKeyListener() {
        @Override
        public void nativeKeyPressed(NativeKeyEvent e) {
            held.pressed(e.getKeyCode());
        }

        @Override
        public void nativeKeyReleased(NativeKeyEvent e) {
            held.released(e.getKeyCode());
        }
    };
    private boolean enabled;

    public GlobalPushToTalk(ScheduledExecutorService scheduler, Runnable press, Runnable release, Problems problems) {
        this(scheduler, press, release, problems, System.getenv());
    }

    GlobalPushToTalk(ScheduledExecutorService scheduler, Runnable press, Runnable release, Problems problems,
                     Map<String, String> env) {
        this.held = new HeldKey(-1, scheduler, press, release);
        this.problems = problems;
        this.env = env;
    }

    /** Listens for {@code fxKeyName} (a {@code javafx.scene.input.KeyCode} name) everywhere; returns why not. */
    public synchronized Optional<String> enable(String fxKeyName) {
        int code = nativeCode(fxKeyName);
        if (code < 0) {
            return Optional.of(problems.unknownKey(fxKeyName));
        }
        if (isWayland(env)) {
            return Optional.of(problems.wayland());
        }
        if (isLinux() && !env.containsKey("DISPLAY")) {
            // without X11 the native library fails, and leaves the JVM exiting with an error: do not load it
            return Optional.of(problems.failed("no X11 display"));
        }
        held.watch(code);
        if (enabled) {
            return Optional.empty();
        }
        try {
            java.util.logging.Logger.getLogger(GlobalScreen.class.getPackage().getName()).setLevel(Level.WARNING);
            java.util.logging.Logger.getLogger(GlobalScreen.class.getPackage().getName()).setUseParentHandlers(false);
            GlobalScreen.registerNativeHook();
            GlobalScreen.addNativeKeyListener(listener);
            enabled = true;
            log.info("global push-to-talk key {} on", fxKeyName);
            return Optional.empty();
        } catch (Exception | LinkageError e) {
            log.info("global push-to-talk key unavailable: {}", e.toString());
            return Optional.of(problems.failed(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
        }
    }

    /** Stops listening (a hold in progress is released). */
    public synchronized void disable() {
        held.releaseNow();
        if (!enabled) {
            return;
        }
        enabled = false;
        GlobalScreen.removeNativeKeyListener(listener);
        try {
            GlobalScreen.unregisterNativeHook();
        } catch (Exception | LinkageError e) {
            log.debug("unregistering the keyboard hook failed: {}", e.toString());
        }
    }

    public synchronized boolean isEnabled() {
        return enabled;
    }

    /** The key handling, for tests that feed key events without a native hook. */
    HeldKey heldKey() {
        return held;
    }

    private static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
    }

    static boolean isWayland(Map<String, String> env) {
        return "wayland".equalsIgnoreCase(env.getOrDefault("XDG_SESSION_TYPE", ""))
                || (env.containsKey("WAYLAND_DISPLAY") && !env.containsKey("DISPLAY"));
    }

    /**
     * JNativeHook's virtual key code for a JavaFX key name: {@code F8} → {@code VC_F8}, {@code DIGIT1} →
     * {@code VC_1}, {@code WINDOWS}/{@code COMMAND} → {@code VC_META}; -1 when it has none.
     */
    static int nativeCode(String fxKeyName) {
        if (fxKeyName == null || fxKeyName.isBlank()) {
            return -1;
        }
        String name = switch (fxKeyName) {
            case "WINDOWS", "COMMAND", "META" -> "META";
            case "BACK_SPACE" -> "BACKSPACE";
            default -> fxKeyName.startsWith("DIGIT") ? fxKeyName.substring(5) : fxKeyName;
        };
        try {
            return NativeKeyEvent.class.getField("VC_" + name).getInt(null);
        } catch (ReflectiveOperationException e) {
            return -1;
        }
    }
}
