package com.edgeautopilot.testbed;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.testbed.handlers.SqsBatchFailuresHandler;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness runs handlers through the real runtime interface client and reports every outcome clearly. */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class LambdaRuntimeHarnessTest {

    private static final String HANDLERS = "com.edgeautopilot.testbed.handlers.";
    private final LambdaRuntimeHarness harness = LambdaRuntimeHarness.create();

    static String fixture(String name) {
        try (InputStream in = LambdaRuntimeHarnessTest.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theRuntimeDeserializesAnSqsEventIntoTheHandlersType() {
        Invocation result = harness.invoke(SqsBatchFailuresHandler.class.getName() + "::handleRequest",
                fixture("sqs-two-records.json"), Map.of());

        Map<String, Object> response = result.responseObject();
        assertEquals(List.of(
                        Map.of("itemIdentifier", "059f36b4-87a3-44ab-83d2-661975830a7d"),
                        Map.of("itemIdentifier", "2e1424d4-f796-459a-8184-9c92662be6da")),
                response.get("batchItemFailures"), result.logs());
        assertTrue(result.stdout().contains("handled 2 records"), result.logs());
        assertTrue(result.stdout().contains("arn:aws:sqs:us-east-1:123456789012:edge-autopilot-changes"), result.logs());
    }

    @Test
    void anEventTheRuntimeCannotMapGivesTheHandlerNoRecords() {
        // The check above is meaningful: an event whose records the runtime cannot map reaches the handler empty.
        String misshapen = fixture("sqs-two-records.json").replace("\"Records\"", "\"records_\"");
        Invocation result = harness.invoke(SqsBatchFailuresHandler.class.getName(), misshapen, Map.of());

        assertEquals(List.of(), result.responseObject().get("batchItemFailures"), result.logs());
    }

    @Test
    void aHandlerExceptionIsAFunctionError() {
        Invocation result = harness.invoke(HANDLERS + "FailingHandler::handleRequest", "{\"reason\":\"testing\"}", Map.of());

        assertEquals(Invocation.Outcome.FUNCTION_ERROR, result.outcome(), result + result.logs());
        assertEquals("java.lang.IllegalStateException", result.errorType());
        assertEquals("boom: testing", result.errorMessage());
        assertTrue(result.errorJson().contains("stackTrace"), result.errorJson());
        assertTrue(result.stderr().contains("about to fail for testing"), result.logs());
        assertNull(result.response());
    }

    @Test
    void aMissingHandlerClassIsReportedWithItsName() {
        Invocation result = harness.invoke(HANDLERS + "NoSuchHandler::handleRequest", "{}", Map.of());

        // As in Lambda: the runtime reports a missing class on the first invocation, not as an init error.
        assertEquals(Invocation.Outcome.FUNCTION_ERROR, result.outcome(), result.toString());
        assertEquals("java.lang.ClassNotFoundException", result.errorType());
        assertEquals("Class not found: com.edgeautopilot.testbed.handlers.NoSuchHandler", result.errorMessage());
    }

    @Test
    void aConstructorFailureIsAnInitError() {
        Invocation result = harness.invoke(HANDLERS + "BrokenInitHandler::handleRequest", "{}", Map.of());

        assertEquals(Invocation.Outcome.INIT_ERROR, result.outcome(), result + result.logs());
        assertTrue(result.errorMessage().contains("PENDING_TABLE is required but not set")
                        || result.errorJson().contains("PENDING_TABLE is required but not set"),
                result.errorJson());
    }

    @Test
    void aHandlerThatOverrunsItsTimeoutIsKilled() {
        FunctionProcess process = harness.timeout(Duration.ofSeconds(1)).start(HANDLERS + "SlowHandler", Map.of());
        try (process) {
            Invocation result = process.invoke("{\"sleepMillis\": 30000}");

            assertEquals(Invocation.Outcome.TIMEOUT, result.outcome(), result.toString());
            assertTrue(result.duration().compareTo(Duration.ofSeconds(10)) < 0, result.toString());
            assertFalse(process.isAlive());
            assertEquals(Invocation.Outcome.RUNTIME_EXITED, process.invoke("{}").outcome());
        }
    }

    @Test
    void aWarmProcessInitializesOnceAndSeesALambdaEnvironment() {
        try (FunctionProcess process = harness.functionName("coalescer").memoryMb(256)
                .start(HANDLERS + "EnvironmentHandler::handleRequest", Map.of("PENDING_TABLE", "pending-test"))) {
            Map<String, Object> first = process.invoke("{}").responseObject();
            Map<String, Object> second = process.invoke("{}").responseObject();

            assertEquals(1, ((Number) second.get("initCount")).intValue());
            assertEquals(1, ((Number) first.get("invocations")).intValue());
            assertEquals(2, ((Number) second.get("invocations")).intValue());
            assertEquals("coalescer", first.get("functionName"));
            assertEquals("coalescer", first.get("AWS_LAMBDA_FUNCTION_NAME"));
            assertEquals(256, ((Number) first.get("memoryLimitInMB")).intValue());
            assertEquals("arn:aws:lambda:us-east-1:123456789012:function:coalescer", first.get("invokedFunctionArn"));
            assertEquals("us-east-1", first.get("AWS_REGION"));
            assertEquals("pending-test", first.get("PENDING_TABLE"));
            assertNull(first.get("HOME"), "the child must not inherit the test's environment");
            assertTrue(Loopback.isLoopback(java.net.URI.create((String) first.get("AWS_ENDPOINT_URL"))));
            long remaining = ((Number) first.get("remainingTimeInMillis")).longValue();
            assertTrue(remaining > 20_000 && remaining <= 30_000, "remaining " + remaining);
            long heap = ((Number) first.get("maxHeapMb")).longValue();
            assertTrue(heap > 150 && heap <= 218, "max heap " + heap + " MB for 256 MB");
            assertFalse(first.get("awsRequestId").equals(second.get("awsRequestId")));
        }
    }

    @Test
    void largePayloadsTravelBothWays() {
        String padding = "p".repeat(300_000);
        Invocation result = harness.invoke(HANDLERS + "LargeResponseHandler",
                "{\"size\": 1000000, \"padding\": \"" + padding + "\"}", Map.of());

        String response = result.assertSucceeded();
        assertEquals(1_000_000 + "300000".length() + 2, response.length()); // a JSON string: quotes around it
    }

    @Test
    void snapStartRunsThePrimingHooksBeforeTheFirstInvocation() {
        Map<String, Object> withSnapStart = harness.snapStart(true)
                .invoke(HANDLERS + "PrimingHandler", "{}", Map.of()).responseObject();
        Map<String, Object> onDemand = harness.invoke(HANDLERS + "PrimingHandler", "{}", Map.of()).responseObject();

        assertEquals(Map.of("primed", true, "restored", true), withSnapStart);
        assertEquals(Map.of("primed", false, "restored", false), onDemand);
    }
}
