package com.edgeautopilot.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a handler the way the Lambda Java runtime does: the real runtime interface client
 * ({@code aws-lambda-java-runtime-interface-client}, main class {@code AWSLambda}) in a child JVM, talking HTTP/1.1
 * to a small Lambda Runtime API served by the test on 127.0.0.1. The event JSON is deserialized by the runtime's
 * own serializer (aws-lambda-java-serialization inside the RIC), not by the test's Jackson, so an input type the
 * runtime cannot read fails here as it would in Lambda.
 *
 * <pre>{@code
 * Invocation result = LambdaRuntimeHarness.create().invoke(
 *         "com.edgeautopilot.coalescer.handler.CoalescerHandler::handleRequest",
 *         RepoPaths.event("sqs/s3-put.json"),
 *         Map.of("PENDING_TABLE", DYNAMO.tableName("PendingChangesTable")));
 * String json = result.assertSucceeded();
 * }</pre>
 *
 * <p>The child gets a clean, Lambda-like environment (nothing inherited from the test's environment):
 * {@code AWS_LAMBDA_RUNTIME_API}, {@code _HANDLER}, {@code AWS_LAMBDA_FUNCTION_NAME}/{@code _MEMORY_SIZE}/{@code _VERSION},
 * {@code AWS_LAMBDA_LOG_GROUP_NAME}/{@code _STREAM_NAME}, {@code AWS_EXECUTION_ENV}, {@code LAMBDA_TASK_ROOT},
 * {@code TZ}, then {@link LocalAws#lambdaEnvironment()} (region, fake credentials, loopback endpoints of the stand-ins
 * running now, {@link LocalAws#NOWHERE} for the others), then the caller's variables. Every
 * {@code AWS_ENDPOINT_URL*} must be loopback. The JVM is the test's own ({@code java} of the running JDK) with the
 * test's classpath (or the one given to {@link #classpath(List)}) and Lambda's java21 flags (serial GC, C1 only, heap
 * 85% of the memory size).
 */
public final class LambdaRuntimeHarness {

    static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private static Path extractedJni;

    final String functionName;
    final int memoryMb;
    final Duration timeout;
    final Duration startupTimeout;
    final boolean snapStart;
    final List<String> jvmOptions;
    /** The child's classpath; null: the test's own ({@link #classpath()}). */
    final String classpath;

    private LambdaRuntimeHarness(String functionName, int memoryMb, Duration timeout, Duration startupTimeout,
                                 boolean snapStart, List<String> jvmOptions, String classpath) {
        this.functionName = functionName;
        this.memoryMb = memoryMb;
        this.timeout = timeout;
        this.startupTimeout = startupTimeout;
        this.snapStart = snapStart;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.classpath = classpath;
    }

    /** Defaults: function {@code test-function}, 512 MB, timeout 30 s, 60 s allowed for JVM start and init, no SnapStart. */
    public static LambdaRuntimeHarness create() {
        return new LambdaRuntimeHarness("test-function", 512, Duration.ofSeconds(30), Duration.ofSeconds(60), false, List.of(), null);
    }

    /** {@code AWS_LAMBDA_FUNCTION_NAME} (and the ARN, log group). */
    public LambdaRuntimeHarness functionName(String name) {
        return new LambdaRuntimeHarness(Objects.requireNonNull(name), memoryMb, timeout, startupTimeout, snapStart, jvmOptions, classpath);
    }

    /** {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}; the child's max heap is 85% of it, as on Lambda. */
    public LambdaRuntimeHarness memoryMb(int memory) {
        if (memory < 128 || memory > 10240) {
            throw new IllegalArgumentException("Lambda memory is 128..10240 MB, got " + memory);
        }
        return new LambdaRuntimeHarness(functionName, memory, timeout, startupTimeout, snapStart, jvmOptions, classpath);
    }

    /** The function timeout: the deadline the handler sees ({@code Context.getRemainingTimeInMillis()}) and the harness enforces. */
    public LambdaRuntimeHarness timeout(Duration functionTimeout) {
        return new LambdaRuntimeHarness(functionName, memoryMb, Objects.requireNonNull(functionTimeout), startupTimeout, snapStart, jvmOptions, classpath);
    }

    /** Extra time allowed for the child JVM to start and the handler to initialize before the first invocation. */
    public LambdaRuntimeHarness startupTimeout(Duration startup) {
        return new LambdaRuntimeHarness(functionName, memoryMb, timeout, Objects.requireNonNull(startup), snapStart, jvmOptions, classpath);
    }

    /**
     * SnapStart-like init: {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}, so the runtime runs the CRaC
     * {@code beforeCheckpoint} hooks (priming) after init, calls {@code /runtime/restore/next}, then runs
     * {@code afterRestore} hooks. No snapshot is taken; it checks the hooks run and do not break the function.
     */
    public LambdaRuntimeHarness snapStart(boolean enabled) {
        return new LambdaRuntimeHarness(functionName, memoryMb, timeout, startupTimeout, enabled, jvmOptions, classpath);
    }

    /** Extra JVM options for the child (e.g. {@code -Dsome.flag=x}), after the Lambda-like defaults. */
    public LambdaRuntimeHarness jvmOptions(String... options) {
        List<String> all = new ArrayList<>(jvmOptions);
        all.addAll(List.of(options));
        return new LambdaRuntimeHarness(functionName, memoryMb, timeout, startupTimeout, snapStart, all, classpath);
    }

    /**
     * The child's classpath instead of the test's own: e.g. what Lambda would put there (the runtime interface
     * client's jars, the function's artifact, the layers' {@code java/lib} jars), for measuring a real cold start.
     */
    public LambdaRuntimeHarness classpath(List<Path> entries) {
        List<String> parts = new ArrayList<>();
        for (Path entry : entries) {
            parts.add(entry.toAbsolutePath().toString());
        }
        return new LambdaRuntimeHarness(functionName, memoryMb, timeout, startupTimeout, snapStart, jvmOptions,
                String.join(java.io.File.pathSeparator, parts));
    }

    /**
     * Cold-starts the handler in a fresh child JVM, sends one event, stops the child, and returns the outcome with
     * the child's complete stdout and stderr.
     *
     * @param handler   {@code package.Class::method} or {@code package.Class} (as in the template's {@code Handler})
     * @param eventJson the event, e.g. the text of a file from {@code events/} ({@link RepoPaths#event})
     * @param env       the function's environment variables (added after the harness's defaults)
     */
    public Invocation invoke(String handler, String eventJson, Map<String, String> env) {
        FunctionProcess process = start(handler, env);
        Invocation first;
        try {
            first = process.invoke(eventJson);
        } finally {
            process.close();
        }
        return new Invocation(first.outcome(), first.requestId(), first.response(), first.errorJson(), first.errorType(),
                first.errorMessage(), process.stdout(), process.stderr(), first.duration());
    }

    /**
     * Starts the handler in a child JVM that stays up for several invocations (a warm execution environment).
     * Close it (try-with-resources) to stop the child.
     */
    public FunctionProcess start(String handler, Map<String, String> env) {
        return new FunctionProcess(this, handler, env == null ? Map.of() : env);
    }

    // ------------------------------------------------------------------------------------------ child JVM

    /** The running JVM's {@code java} executable. */
    static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .filter(command -> Files.isExecutable(Paths.get(command)))
                .orElse(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The test's classpath: Surefire's real test classpath when present (its own java.class.path is a manifest-only jar). */
    static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /**
     * The RIC's JNI library, extracted once per JVM to a private temp file and passed to the child with
     * {@code -D...NativeClient.JNI=}: left to itself the RIC writes every child's copy to the same
     * {@code /tmp/.libaws-lambda-jni.so}, a race when children start together.
     */
    static synchronized Path jniLibrary() {
        if (extractedJni != null) {
            return extractedJni;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            throw new IllegalStateException("The Lambda runtime interface client's native client is Linux-only (x86_64, aarch64);"
                    + " this is " + System.getProperty("os.name") + ". Run these tests on Linux (as CI does).");
        }
        boolean musl = Files.exists(Paths.get("/lib/ld-musl-x86_64.so.1")) || Files.exists(Paths.get("/lib/ld-musl-aarch64.so.1"));
        String cpu = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> throw new IllegalStateException("The Lambda runtime interface client has no native client for " + arch);
        };
        String name = "libaws-lambda-jni." + (musl ? "linux_musl-" : "linux-") + cpu + ".so";
        try (InputStream in = LambdaRuntimeHarness.class.getResourceAsStream("/jni/" + name)) {
            if (in == null) {
                throw new IllegalStateException("/jni/" + name + " not found on the classpath; is "
                        + "com.amazonaws:aws-lambda-java-runtime-interface-client on the test classpath?");
            }
            Path dir = Files.createTempDirectory("edge-autopilot-ric-");
            dir.toFile().deleteOnExit(); // registered first: deleted after the file
            Path file = dir.resolve(name);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            extractedJni = file;
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the runtime interface client's native library: " + e, e);
        }
    }
}
