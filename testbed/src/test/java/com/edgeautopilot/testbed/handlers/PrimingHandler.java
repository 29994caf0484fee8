package com.edgeautopilot.testbed.handlers;

import com.amazonaws.services.lambda.crac.Context;
import com.amazonaws.services.lambda.crac.Core;
import com.amazonaws.services.lambda.crac.Resource;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.util.Map;

/** Test handler registering CRaC hooks with the runtime's own CRaC shim, as SnapStart priming code does. */
public class PrimingHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static volatile boolean primed;
    private static volatile boolean restored;

    /** Held strongly: CRaC contexts may keep resources only weakly. */
    private static final Resource HOOKS = new Resource() {
        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) {
            primed = true;
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) {
            restored = true;
        }
    };

    static {
        Core.getGlobalContext().register(HOOKS);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, com.amazonaws.services.lambda.runtime.Context context) {
        return Map.of("primed", primed, "restored", restored);
    }
}
