package com.edgeautopilot.cli.functions;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * Keeps a function's own output (structured logs, EMF metric lines, anything it prints) out of the CLI's stdout,
 * which belongs to the command's result: {@code System.out} points at {@code logs} while the function runs.
 * Some function code writes to {@code System.out} directly (Lambda sends stdout to CloudWatch Logs), hence this.
 */
public final class FunctionOutput {

    /** Where output goes when nobody wants it. */
    public static final PrintStream DISCARD = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);

    private FunctionOutput() {
    }

    /**
     * Runs {@code work} with {@code System.out} and {@code System.err} captured (libraries that print banners while
     * starting); returns its result, or throws with the captured text attached to the failure's message.
     */
    public static synchronized <T> T silenced(Callable<T> work) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            return work.call();
        } catch (Exception e) {
            String text = captured.toString(StandardCharsets.UTF_8).strip();
            throw new IllegalStateException(e.getMessage() + (text.isEmpty() ? "" : "\n" + text), e);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    public static synchronized <T> T redirected(PrintStream logs, Callable<T> work) throws Exception {
        PrintStream original = System.out;
        System.setOut(logs);
        try {
            return work.call();
        } finally {
            System.out.flush();
            System.setOut(original);
        }
    }
}
