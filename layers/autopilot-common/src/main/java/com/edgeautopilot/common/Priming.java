package com.edgeautopilot.common;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * SnapStart priming: work run once before Lambda takes the function's snapshot ({@code beforeCheckpoint}), so the
 * classes and SDK clients of the invocation paths are loaded, initialised and JIT-warmed in the snapshot instead of in
 * the first invocation after a restore.
 *
 * <p>Rules for a priming action: read-only calls only (a GetItem of a key that is never written, no write, no publish,
 * no invalidation), and nothing unique kept (no ids, random values, timestamps or credentials stored in fields): the
 * snapshot is restored into many execution environments. A failing action is logged and ignored; it never fails the
 * function's init. Without SnapStart (local runs, tests) the hooks are registered and never called.
 */
public final class Priming {

    /** CRaC keeps registered resources weakly: hold them for the life of the runtime. */
    private static final List<Resource> HELD = new CopyOnWriteArrayList<>();

    private Priming() {
    }

    /** Registers {@code action} to run before the snapshot; returns the hook (tests run it through {@link Resource#beforeCheckpoint}). */
    public static Resource beforeSnapshot(String function, Runnable action, Log log) {
        Resource hook = new Resource() {
            @Override
            public void beforeCheckpoint(Context<? extends Resource> context) {
                long start = System.nanoTime();
                try {
                    action.run();
                    log.info("primed before the snapshot", "function", function, "millis", (System.nanoTime() - start) / 1_000_000);
                } catch (RuntimeException e) {
                    log.warn("priming failed; the first invocation after a restore pays for it", "function", function,
                            "errorType", e.getClass().getName(), "detail", String.valueOf(e.getMessage()));
                }
            }

            @Override
            public void afterRestore(Context<? extends Resource> context) {
                // nothing kept that would need refreshing: clients re-resolve credentials and connections on their own
            }
        };
        HELD.add(hook);
        Core.getGlobalContext().register(hook);
        return hook;
    }
}
