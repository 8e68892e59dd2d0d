package dev.parley.client.globalkey;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Turns a stream of system-wide key presses and releases into one press and one release per hold of one key.
 * A held key's auto-repeat arrives either as repeated presses or, on X11 without detectable auto-repeat, as
 * release-press pairs a few milliseconds apart; neither may split a recording. So repeated presses are ignored,
 * and a release only counts when no press of the same key follows within {@link #REPEAT_GAP_MILLIS}.
 * Callbacks run on the scheduler's thread or the hook's thread; the owner moves them to the FX thread.
 */
public final class HeldKey {
    /** Longer than the gap inside an auto-repeat release-press pair (under 1 ms on X11), shorter than a person. */
    static final long REPEAT_GAP_MILLIS = 40;

    private final ScheduledExecutorService scheduler;
    private final Runnable onPress;
    private final Runnable onRelease;
    private volatile int keyCode;
    private boolean held;
    private ScheduledFuture<?> pendingRelease;

    public HeldKey(int keyCode, ScheduledExecutorService scheduler, Runnable onPress, Runnable onRelease) {
        this.keyCode = keyCode;
        this.scheduler = scheduler;
        this.onPress = onPress;
        this.onRelease = onRelease;
    }

    /** Watches another key from now on (a hold of the old one in progress is released). */
    public void watch(int newKeyCode) {
        synchronized (this) {
            if (newKeyCode == keyCode) {
                return;
            }
            keyCode = newKeyCode;
        }
        releaseNow();
    }

    public void pressed(int code) {
        if (code != keyCode) {
            return;
        }
        synchronized (this) {
            if (pendingRelease != null) {
                pendingRelease.cancel(false); // the release was auto-repeat: still held
                pendingRelease = null;
                return;
            }
            if (held) {
                return;
            }
            held = true;
        }
        onPress.run();
    }

    public void released(int code) {
        if (code != keyCode) {
            return;
        }
        synchronized (this) {
            if (!held || pendingRelease != null) {
                return;
            }
            pendingRelease = scheduler.schedule(this::releaseIfStillPending, REPEAT_GAP_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void releaseIfStillPending() {
        synchronized (this) {
            if (pendingRelease == null) {
                return;
            }
            pendingRelease = null;
        }
        releaseNow();
    }

    /** Ends a hold at once (the hook is going away, or the key changed). */
    public void releaseNow() {
        synchronized (this) {
            if (pendingRelease != null) {
                pendingRelease.cancel(false);
                pendingRelease = null;
            }
            if (!held) {
                return;
            }
            held = false;
        }
        onRelease.run();
    }
}
