package com.edgeautopilot.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A function running in a child JVM under the real Lambda runtime interface client, kept warm between invocations
 * (one execution environment). Made by {@link LambdaRuntimeHarness#start}; always close it.
 *
 * <p>Invocations are sequential, as in one Lambda execution environment. After a timeout, an init error or a crash
 * the process is gone and further invocations report {@link Invocation.Outcome#RUNTIME_EXITED}: start a new one.
 * The child's stdout/stderr are files under {@code target/testbed/lambda/<function>-<test JVM pid>-<n>/}.
 */
public final class FunctionProcess implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final LambdaRuntimeHarness config;
    private final String handler;
    private final RuntimeApiServer api;
    private final Process process;
    private final Path directory;
    private final Path stdoutFile;
    private final Path stderrFile;
    private final String functionArn;
    private long startedAtNanos;
    private RuntimeApiServer.Pending last;
    private long stdoutOffset;
    private long stderrOffset;
    private String ended;

    FunctionProcess(LambdaRuntimeHarness config, String handler, Map<String, String> callerEnv) {
        this.config = config;
        this.handler = requireHandler(handler);
        this.functionArn = "arn:aws:lambda:" + LocalAws.REGION + ":123456789012:function:" + config.functionName;
        try {
            this.api = new RuntimeApiServer();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Lambda Runtime API on 127.0.0.1: " + e, e);
        }
        try {
            String safe = config.functionName.replaceAll("[^A-Za-z0-9_.-]", "_");
            this.directory = Files.createDirectories(RepoPaths.outputDir().resolve("lambda").resolve(safe + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet()));
            Path taskRoot = Files.createDirectories(directory.resolve("task"));
            this.stdoutFile = directory.resolve("stdout.log");
            this.stderrFile = directory.resolve("stderr.log");
            Path argFile = directory.resolve("java.args");
            Files.writeString(argFile, "-cp\n\"" + (config.classpath != null ? config.classpath : LambdaRuntimeHarness.classpath()).replace("\\", "\\\\") + "\"\n", StandardCharsets.UTF_8);

            List<String> command = new ArrayList<>();
            command.add(LambdaRuntimeHarness.javaExecutable());
            long heapKb = config.memoryMb * 1024L * 85 / 100;
            command.addAll(List.of(
                    "-XX:MaxHeapSize=" + heapKb + "k",
                    "-XX:+UseSerialGC",
                    "-XX:+TieredCompilation",
                    "-XX:TieredStopAtLevel=1",
                    "-Xshare:auto",
                    "-Djava.net.preferIPv4Stack=true",
                    "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "-D" + LambdaRuntimeHarness.JNI_PROPERTY + "=" + LambdaRuntimeHarness.jniLibrary()));
            if (Runtime.version().feature() >= 22) {
                command.add("--enable-native-access=ALL-UNNAMED"); // the RIC loads its JNI client; JDK 22+ warns otherwise
            }
            command.addAll(config.jvmOptions);
            command.add("@" + argFile);
            command.add(LambdaRuntimeHarness.RIC_MAIN);
            command.add(this.handler);
            Files.writeString(directory.resolve("command.txt"), String.join(" ", command) + "\n", StandardCharsets.UTF_8);

            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(taskRoot.toFile())
                    .redirectOutput(stdoutFile.toFile())
                    .redirectError(stderrFile.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment(taskRoot, callerEnv));
            this.startedAtNanos = System.nanoTime();
            this.process = builder.start();
        } catch (IOException e) {
            api.close();
            throw new UncheckedIOException("cannot start the function's JVM: " + e, e);
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
    }

    private static String requireHandler(String handler) {
        if (handler == null || handler.isBlank()) {
            throw new IllegalArgumentException("handler is required (package.Class::method or package.Class)");
        }
        return handler.trim();
    }

    private Map<String, String> environment(Path taskRoot, Map<String, String> callerEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        // A run under libfaketime (how the suite is proven independent of the date: README "Time-proof tests") moves
        // this process's clock; the function's JVM must share it, as Lambda's host and its runtime share one clock.
        System.getenv().forEach((name, value) -> {
            if (name.equals("LD_PRELOAD") && value.contains("faketime") || name.startsWith("FAKETIME")) {
                env.put(name, value);
            }
        });
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_NAME", config.functionName);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(config.memoryMb));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + config.functionName);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]testbed" + SEQUENCE.get());
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", config.snapStart ? "snap-start" : "on-demand");
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", taskRoot.toString());
        env.putAll(LocalAws.current().lambdaEnvironment());
        env.putAll(callerEnv);
        // What makes this a Lambda runtime: not overridable.
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("_HANDLER", handler);
        env.forEach((name, value) -> {
            if (name.toUpperCase(java.util.Locale.ROOT).startsWith("AWS_ENDPOINT_URL")) {
                Loopback.requireLoopback("function environment " + name, value);
            }
        });
        return env;
    }

    /** Sends one event and waits for the outcome (bounded by the startup timeout, then the function timeout). */
    public synchronized Invocation invoke(String eventJson) {
        long started = System.nanoTime();
        if (ended != null) {
            return result(Invocation.Outcome.RUNTIME_EXITED, null, null, null, "Harness.ProcessEnded",
                    "the function process has ended (" + ended + "); start a new one", started);
        }
        RuntimeApiServer.Pending pending = api.enqueue(eventJson.getBytes(StandardCharsets.UTF_8),
                config.timeout.toMillis(), functionArn);
        last = pending;
        while (true) {
            RuntimeApiServer.Posted posted = poll(pending, 20);
            if (posted != null) {
                return posted.error()
                        ? error(Invocation.Outcome.FUNCTION_ERROR, pending.requestId, posted, started)
                        : result(Invocation.Outcome.SUCCESS, pending.requestId, posted.body(), null, null, null, started);
            }
            if (api.initError().isDone()) {
                ended = "init error";
                awaitExit(Duration.ofSeconds(5));
                return error(Invocation.Outcome.INIT_ERROR, pending.requestId, api.initError().join(), started);
            }
            if (!process.isAlive()) {
                posted = poll(pending, 300); // a response racing the exit
                if (posted != null) {
                    return posted.error()
                            ? error(Invocation.Outcome.FUNCTION_ERROR, pending.requestId, posted, started)
                            : result(Invocation.Outcome.SUCCESS, pending.requestId, posted.body(), null, null, null, started);
                }
                ended = "exited with code " + process.exitValue();
                return result(Invocation.Outcome.RUNTIME_EXITED, pending.requestId, null, null, "Runtime.ExitError",
                        "the function's JVM " + ended + " without answering; see stderr", started);
            }
            long dispatched = pending.dispatchedAtNanos;
            long now = System.nanoTime();
            if (dispatched == 0 && now - started > config.startupTimeout.toNanos()) {
                ended = "startup timeout";
                Processes.destroyTree(process, Duration.ofSeconds(2));
                return result(Invocation.Outcome.TIMEOUT, pending.requestId, null, null, "Harness.StartupTimeout",
                        "the runtime did not ask for the event within " + config.startupTimeout.toSeconds()
                                + " s of start (JVM start + handler init)", started);
            }
            if (dispatched != 0 && now - dispatched > config.timeout.toNanos()) {
                ended = "timeout";
                Processes.destroyTree(process, Duration.ofSeconds(2));
                return result(Invocation.Outcome.TIMEOUT, pending.requestId, null, null, "Sandbox.Timedout",
                        "Task timed out after " + config.timeout.toMillis() / 1000.0 + " seconds", started);
            }
        }
    }

    private static RuntimeApiServer.Posted poll(RuntimeApiServer.Pending pending, long millis) {
        try {
            return pending.result.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the function", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private Invocation error(Invocation.Outcome outcome, String requestId, RuntimeApiServer.Posted posted, long started) {
        String type = posted.errorTypeHeader();
        String message = null;
        try {
            Map<String, Object> error = Invocation.parseObject(posted.body());
            if (error.get("errorType") != null) {
                type = error.get("errorType").toString();
            }
            message = error.get("errorMessage") == null ? null : error.get("errorMessage").toString();
        } catch (IllegalArgumentException notJson) {
            message = posted.body();
        }
        return result(outcome, requestId, null, posted.body(), type, message, started);
    }

    private Invocation result(Invocation.Outcome outcome, String requestId, String response, String errorJson,
                              String errorType, String errorMessage, long started) {
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        String out = readFrom(stdoutFile, stdoutOffset);
        String err = readFrom(stderrFile, stderrOffset);
        stdoutOffset = size(stdoutFile);
        stderrOffset = size(stderrFile);
        return new Invocation(outcome, requestId, response, errorJson, errorType, errorMessage, out, err, duration);
    }

    private void awaitExit(Duration grace) {
        try {
            process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code System.nanoTime()} just before the child JVM was started. */
    public long startedAtNanos() {
        return startedAtNanos;
    }

    /**
     * {@code System.nanoTime()} when the runtime took the latest invocation with {@code /next} (0 if it never did).
     * For the first invocation of a cold start (sent at once), this is the end of init: JVM start, handler constructed,
     * and with SnapStart the {@code beforeCheckpoint} hooks run.
     */
    public long lastDispatchedAtNanos() {
        return last == null ? 0 : last.dispatchedAtNanos;
    }

    /** {@code System.nanoTime()} when the runtime posted the latest invocation's response or error (0 if it did not). */
    public long lastAnsweredAtNanos() {
        return last == null ? 0 : last.answeredAtNanos;
    }

    /** True while the child JVM runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The child's process ID. */
    public long pid() {
        return process.pid();
    }

    /** Everything the child wrote to stdout so far. */
    public String stdout() {
        return readFrom(stdoutFile, 0);
    }

    /** Everything the child wrote to stderr so far. */
    public String stderr() {
        return readFrom(stderrFile, 0);
    }

    /** Folder with stdout.log, stderr.log, the exact command and the task root. */
    public Path directory() {
        return directory;
    }

    /** Stops the child JVM (and anything it started) and the Runtime API. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (ended == null) {
            ended = "closed";
        }
        Processes.destroyTree(process, Duration.ofSeconds(2));
        api.close();
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String readFrom(Path file, long offset) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            byte[] bytes = Files.readAllBytes(file);
            int from = (int) Math.min(offset, bytes.length);
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    @Override
    public String toString() {
        return "function " + config.functionName + " (" + handler + ") pid " + process.pid() + " in " + directory;
    }
}
