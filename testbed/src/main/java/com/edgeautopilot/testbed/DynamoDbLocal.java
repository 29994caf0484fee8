package com.edgeautopilot.testbed;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * DynamoDB Local running inside the test JVM on a free port, one per JVM ({@link #shared()}).
 *
 * <p>In-memory, {@code -sharedDb} (one database whatever the credentials and region, so a function run by
 * {@link LambdaRuntimeHarness} in a child JVM sees the tables a test created) and {@code -disableTelemetry}.
 * Clients reach it at {@link #endpoint()} ({@code http://127.0.0.1:<port>}); note DynamoDB Local's Jetty listens
 * on all interfaces of that port, as its command line offers no bind address.
 */
public final class DynamoDbLocal implements AutoCloseable {

    private static DynamoDbLocal shared;
    private static boolean hookInstalled;

    private final DynamoDBProxyServer server;
    private final int port;
    private final Duration startupTime;
    private volatile boolean closed;

    private DynamoDbLocal(DynamoDBProxyServer server, int port, Duration startupTime) {
        this.server = server;
        this.port = port;
        this.startupTime = startupTime;
    }

    /** The JVM's DynamoDB Local, started on first use (again after {@link #close()}). */
    public static synchronized DynamoDbLocal shared() {
        if (shared == null || shared.closed) {
            shared = start();
            System.out.println("[testbed] DynamoDB Local on " + shared.endpoint() + ", started in " + shared.startupTime.toMillis() + " ms");
            if (!hookInstalled) {
                hookInstalled = true;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    DynamoDbLocal running = running().orElse(null);
                    if (running != null) {
                        running.close();
                    }
                }, "dynamodb-local-stop"));
            }
        }
        return shared;
    }

    /** The shared instance when it is running, without starting it. */
    public static synchronized Optional<DynamoDbLocal> running() {
        return shared == null || shared.closed ? Optional.empty() : Optional.of(shared);
    }

    private static DynamoDbLocal start() {
        SqliteNatives.ensureLibraryPath();
        long started = System.nanoTime();
        Exception last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            int port = Loopback.freePort();
            try {
                DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                        new String[]{"-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)});
                server.start();
                awaitListening(port);
                return new DynamoDbLocal(server, port, Duration.ofNanos(System.nanoTime() - started));
            } catch (Exception e) {
                last = e; // most likely the port was taken between freePort() and bind: try another one
            }
        }
        throw new IllegalStateException("DynamoDB Local did not start (3 attempts); last error: " + last
                + ". sqlite4java.library.path=" + System.getProperty(SqliteNatives.LIBRARY_PATH_PROPERTY), last);
    }

    private static void awaitListening(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(Loopback.HOST, port), 2_000);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return Loopback.endpoint(port);
    }

    public int port() {
        return port;
    }

    /** How long starting took (including extracting sqlite4java on first start). */
    public Duration startupTime() {
        return startupTime;
    }

    /** Stops the server; all tables are gone. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "DynamoDB Local at " + endpoint() + (closed ? " (stopped)" : "");
    }
}
