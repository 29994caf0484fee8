package com.edgeautopilot.coalescer.cdn;

/** CloudFront declined for now; the same request can succeed later. */
public final class InvalidationRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Reason { TOO_MANY_IN_PROGRESS, THROTTLED, SERVICE_UNAVAILABLE }

    private final Reason reason;

    public InvalidationRefused(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
