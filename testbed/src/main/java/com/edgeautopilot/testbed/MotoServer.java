package com.edgeautopilot.testbed;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * moto's server ({@code moto_server}) in a child process on a free loopback port, one per JVM ({@link #shared()}):
 * the stand-in for CloudFront, SNS and SQS (and whatever else moto serves).
 *
 * <p>Which executable: system property {@code edgeautopilot.motoServer}, else environment {@code MOTO_SERVER},
 * else the project tools' venv ({@code $EDGE_AUTOPILOT_TOOLS/venv}, default {@code ~/.cache/edge-autopilot/venv}, made by
 * {@code scripts/setup}), else {@code <repo>/.venv/bin/moto_server}, else {@code moto_server} on the PATH, else
 * {@code python3 -m moto.server}. Its output goes to {@link #logFile()} (under {@code target/testbed}).
 * Remember moto is permissive (no IfMatch/ETag checks, no CallerReference idempotency, no invalidation limits).
 */
public final class MotoServer implements AutoCloseable {

    public static final String EXECUTABLE_PROPERTY = "edgeautopilot.motoServer";
    public static final String EXECUTABLE_ENV = "MOTO_SERVER";
    public static final String START_TIMEOUT_PROPERTY = "edgeautopilot.motoStartTimeoutSeconds";
    static final String INSTALL_HINT = "Run the project's setup script (./scripts/setup, which creates a Python venv with "
            + "moto[server]) or install it yourself: pip install 'moto[server]'. To use a specific executable, set -D"
            + EXECUTABLE_PROPERTY + "=/path/to/moto_server or the environment variable " + EXECUTABLE_ENV + ".";

    private static MotoServer shared;
    private static boolean hookInstalled;

    private final Process process;
    private final int port;
    private final Path logFile;
    private final Duration startupTime;
    private final List<String> command;

    private MotoServer(Process process, int port, Path logFile, Duration startupTime, List<String> command) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
        this.startupTime = startupTime;
        this.command = command;
    }

    /** The JVM's moto server, started on first use (again after {@link #close()}). */
    public static synchronized MotoServer shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start();
            System.out.println("[testbed] moto server on " + shared.endpoint() + ", started in " + shared.startupTime.toMillis()
                    + " ms (" + String.join(" ", shared.command) + "; log " + shared.logFile + ")");
            if (!hookInstalled) {
                hookInstalled = true;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> running().ifPresent(MotoServer::close), "moto-server-stop"));
            }
        }
        return shared;
    }

    /** The shared instance when it is running, without starting it. */
    public static synchronized Optional<MotoServer> running() {
        return shared == null || !shared.process.isAlive() ? Optional.empty() : Optional.of(shared);
    }

    static MotoServer start() {
        List<String> base = executable();
        Duration timeout = Duration.ofSeconds(Long.getLong(START_TIMEOUT_PROPERTY, 30));
        String last = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            int port = Loopback.freePort();
            List<String> command = new ArrayList<>(base);
            command.addAll(List.of("-H", Loopback.HOST, "-p", Integer.toString(port)));
            Path log = RepoPaths.outputDir().resolve("moto-server-" + port + ".log");
            long started = System.nanoTime();
            Process process;
            try {
                process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start moto's server (" + String.join(" ", command) + "): "
                        + e.getMessage() + ". " + INSTALL_HINT, e);
            }
            MotoServer server = new MotoServer(process, port, log, null, command);
            long deadline = started + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    break;
                }
                if (server.answers()) {
                    return new MotoServer(process, port, log, Duration.ofNanos(System.nanoTime() - started), command);
                }
                sleep(100);
            }
            String output = Processes.tail(log, 30);
            server.close();
            if (output.contains("No module named") || output.contains("command not found") || output.contains("ModuleNotFoundError")) {
                throw new IllegalStateException("moto's server is not installed (" + String.join(" ", command) + " said: "
                        + lastLine(output) + "). " + INSTALL_HINT);
            }
            if (output.contains("Address already in use")) {
                last = "port " + port + " was taken";
                continue; // lost the race for the port: try another
            }
            throw new IllegalStateException("moto's server did not answer on " + Loopback.endpoint(port) + " within "
                    + timeout.toSeconds() + " s (" + String.join(" ", command) + "). Its output (" + log + "):\n" + output
                    + "\nIf it is missing or broken: " + INSTALL_HINT);
        }
        throw new IllegalStateException("moto's server could not bind a free port: " + last);
    }

    /** The command that starts moto's server, without host and port. */
    static List<String> executable() {
        String configured = System.getProperty(EXECUTABLE_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(EXECUTABLE_ENV);
        }
        if (configured != null && !configured.isBlank()) {
            if (!Files.isExecutable(Paths.get(configured))) {
                throw new IllegalStateException("moto's server '" + configured + "' (from -D" + EXECUTABLE_PROPERTY + " or "
                        + EXECUTABLE_ENV + ") is not an executable file. " + INSTALL_HINT);
            }
            return List.of(configured);
        }
        Path tools = toolsVenvMotoServer();
        if (Files.isExecutable(tools)) {
            return List.of(tools.toString());
        }
        try {
            Path venv = RepoPaths.root().resolve(".venv").resolve("bin").resolve("moto_server");
            if (Files.isExecutable(venv)) {
                return List.of(venv.toString());
            }
        } catch (IllegalStateException noRepoRoot) {
            // not inside the repository: fall through to PATH
        }
        Optional<Path> onPath = onPath("moto_server");
        if (onPath.isPresent()) {
            return List.of(onPath.get().toString());
        }
        Optional<Path> python = onPath("python3");
        if (python.isPresent()) {
            return List.of(python.get().toString(), "-m", "moto.server");
        }
        throw new IllegalStateException("moto's server is not installed: no moto_server and no python3 on the PATH. " + INSTALL_HINT);
    }

    /** Where scripts/lib/common.sh (ensure_tools) installs moto's server. */
    static Path toolsVenvMotoServer() {
        String tools = System.getenv("EDGE_AUTOPILOT_TOOLS");
        Path home;
        if (tools != null && !tools.isBlank()) {
            home = Paths.get(tools);
        } else {
            String cache = System.getenv("XDG_CACHE_HOME");
            home = (cache != null && !cache.isBlank() ? Paths.get(cache) : Paths.get(System.getProperty("user.home"), ".cache"))
                    .resolve("edge-autopilot");
        }
        return home.resolve("venv").resolve("bin").resolve("moto_server");
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Paths.get(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** True when the server answers HTTP at all (any status). */
    boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint().resolve("/moto-api/").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2_000);
            int status = connection.getResponseCode();
            connection.disconnect();
            return status > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return Loopback.endpoint(port);
    }

    public int port() {
        return port;
    }

    /** Where moto's stdout and stderr go. */
    public Path logFile() {
        return logFile;
    }

    /** From process start to the first HTTP answer. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Forgets every resource in every service ({@code POST /moto-api/reset}). */
    public void reset() {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint().resolve("/moto-api/reset").toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setConnectTimeout(2_000);
            connection.setReadTimeout(10_000);
            connection.setDoOutput(true);
            connection.getOutputStream().close();
            int status = connection.getResponseCode();
            connection.disconnect();
            if (status / 100 != 2) {
                throw new IllegalStateException("moto reset answered HTTP " + status + "; see " + logFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("moto reset failed: " + e + "; see " + logFile, e);
        }
    }

    /** Stops the server and every process it started. Safe to call twice. */
    @Override
    public void close() {
        Processes.destroyTree(process, Duration.ofSeconds(5));
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1];
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for moto's server", e);
        }
    }

    @Override
    public String toString() {
        return "moto server at " + endpoint() + " (" + String.join(" ", command) + ", log " + logFile + ")";
    }
}
