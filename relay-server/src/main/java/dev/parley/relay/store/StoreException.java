package dev.parley.relay.store;

/** Storage failed (disk full, file corrupt, ...). Nothing was stored by the failing call. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
