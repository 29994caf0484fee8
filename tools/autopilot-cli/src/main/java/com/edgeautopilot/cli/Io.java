package com.edgeautopilot.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a command reads and writes: standard streams and the process environment (passed in, so tests can run
 * commands in process with their own).
 */
public record Io(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {

    public static Io system() {
        return new Io(System.in, System.out, System.err, System.getenv());
    }

    /** Whether progress may redraw one line ({@code ./autopilot} sets -Dautopilot.tty=true when stderr is a terminal). */
    public boolean interactive() {
        return err == System.err && Boolean.getBoolean("autopilot.tty");
    }
}
