package com.edgeautopilot.cli;

/** A failure the user can act on: printed as {@code error: <message>} without a stack trace, with an exit status. */
public class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Exit status for a wrong command line (unknown option, missing argument). */
    public static final int USAGE = 2;
    /** Exit status for everything else that went wrong (unreadable input, a function that failed, a stand-in that did not start). */
    public static final int FAILURE = 1;

    private final int exitStatus;

    public CliException(int exitStatus, String message) {
        super(message);
        this.exitStatus = exitStatus;
    }

    public CliException(int exitStatus, String message, Throwable cause) {
        super(message, cause);
        this.exitStatus = exitStatus;
    }

    public static CliException usage(String message) {
        return new CliException(USAGE, message);
    }

    public static CliException failure(String message) {
        return new CliException(FAILURE, message);
    }

    public int exitStatus() {
        return exitStatus;
    }
}
