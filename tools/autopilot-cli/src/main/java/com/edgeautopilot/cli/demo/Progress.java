package com.edgeautopilot.cli.demo;

import java.io.PrintStream;

/**
 * Progress of a long step on stderr. On a terminal, one line redrawn in place; otherwise a line at the start and at
 * each quarter, so logs stay short.
 */
final class Progress {

    private final PrintStream err;
    private final boolean interactive;
    private final boolean enabled;
    private String label;
    private long total;
    private int lastQuarter;

    Progress(PrintStream err, boolean interactive, boolean enabled) {
        this.err = err;
        this.interactive = interactive;
        this.enabled = enabled;
    }

    void note(String message) {
        if (enabled) {
            if (interactive) {
                err.print("\r\033[K");
            }
            err.println("   … " + message);
            err.flush();
        }
    }

    void start(String label, long total) {
        this.label = label;
        this.total = total;
        this.lastQuarter = 0;
        update(0, "");
    }

    void update(long done, String detail) {
        if (!enabled) {
            return;
        }
        String text = "   … " + label + " " + Narrator.count(done) + "/" + Narrator.count(total) + (detail.isEmpty() ? "" : " · " + detail);
        if (interactive) {
            err.print("\r\033[K" + text);
            err.flush();
            return;
        }
        int quarter = total == 0 ? 4 : (int) (done * 4 / total);
        if (done == 0 || quarter > lastQuarter) {
            lastQuarter = quarter;
            err.println(text);
            err.flush();
        }
    }

    void done() {
        if (enabled && interactive) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
