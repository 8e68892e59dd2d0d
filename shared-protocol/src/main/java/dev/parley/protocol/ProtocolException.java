package dev.parley.protocol;

/**
 * Input that breaks a rule of PROTOCOL.md. Carries the {@link ErrorCode} to answer with, the {@code id}
 * of the message concerned when known, and, for a {@code hello}, the close code that ends the session.
 */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String ref;
    private final int closeCode;

    public ProtocolException(ErrorCode code, String message) {
        this(code, message, null, 0);
    }

    public ProtocolException(ErrorCode code, String message, String ref) {
        this(code, message, ref, 0);
    }

    public ProtocolException(ErrorCode code, String message, String ref, int closeCode) {
        super(message, null, false, false);
        this.code = code;
        this.ref = ref;
        this.closeCode = closeCode;
    }

    /** The recoverable error code to answer with. */
    public ErrorCode code() {
        return code;
    }

    /** The {@code id} of the message concerned, or {@code null}. */
    public String ref() {
        return ref;
    }

    /** The close code to end the session with (non-zero only for a bad {@code hello}). */
    public int closeCode() {
        return closeCode;
    }

    /** The same problem, now known to concern message {@code id}. */
    public ProtocolException withRef(String id) {
        return new ProtocolException(code, getMessage(), id, closeCode);
    }
}
