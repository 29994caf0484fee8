package com.edgeautopilot.testbed;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal Lambda Runtime API (version 2018-06-01) over HTTP/1.1 on 127.0.0.1, as the runtime interface client
 * sees it inside Lambda: {@code GET /runtime/invocation/next} (long poll), {@code POST /runtime/invocation/{id}/response},
 * {@code POST /runtime/invocation/{id}/error}, {@code POST /runtime/init/error}, and the SnapStart pair
 * {@code GET /runtime/restore/next}, {@code POST /runtime/restore/error}.
 */
final class RuntimeApiServer implements AutoCloseable {

    static final String PREFIX = "/2018-06-01/runtime/";

    /** What the runtime posted back. */
    record Posted(boolean error, String body, String errorTypeHeader) {
    }

    /** One queued or in-flight invocation; its deadline starts when the runtime takes it, as in Lambda. */
    static final class Pending {
        final String requestId = UUID.randomUUID().toString();
        final byte[] payload;
        final long timeoutMillis;
        final String functionArn;
        final String traceId = traceId();
        final CompletableFuture<Posted> result = new CompletableFuture<>();
        /** System.nanoTime() when the runtime took it with /next; 0 while queued. */
        volatile long dispatchedAtNanos;
        /** System.nanoTime() when the runtime posted the response or error; 0 before. */
        volatile long answeredAtNanos;

        Pending(byte[] payload, long timeoutMillis, String functionArn) {
            this.payload = payload;
            this.timeoutMillis = timeoutMillis;
            this.functionArn = functionArn;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<Posted> initError = new CompletableFuture<>();
    private final AtomicInteger nextCalls = new AtomicInteger();
    private volatile boolean restoreCalled;
    private volatile boolean closed;

    RuntimeApiServer() throws IOException {
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "lambda-runtime-api-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(Loopback.HOST), 0), 16);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code 127.0.0.1:<port>}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return Loopback.HOST + ":" + server.getAddress().getPort();
    }

    Pending enqueue(byte[] payload, long timeoutMillis, String functionArn) {
        Pending pending = new Pending(payload, timeoutMillis, functionArn);
        queue.add(pending);
        return pending;
    }

    CompletableFuture<Posted> initError() {
        return initError;
    }

    /** How many times the runtime asked for the next invocation (1 after a successful init, before any event). */
    int nextCalls() {
        return nextCalls.get();
    }

    boolean restoreCalled() {
        return restoreCalled;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            byte[] body = readBody(exchange.getRequestBody());
            if (!path.startsWith(PREFIX)) {
                send(exchange, 404, "{\"errorMessage\":\"Unknown path\",\"errorType\":\"NotFound\"}");
                return;
            }
            String resource = path.substring(PREFIX.length());
            if (method.equals("GET") && resource.equals("invocation/next")) {
                next(exchange);
            } else if (method.equals("POST") && resource.startsWith("invocation/") && resource.endsWith("/response")) {
                complete(exchange, resource.substring("invocation/".length(), resource.length() - "/response".length()),
                        new Posted(false, utf8(body), null));
            } else if (method.equals("POST") && resource.startsWith("invocation/") && resource.endsWith("/error")) {
                complete(exchange, resource.substring("invocation/".length(), resource.length() - "/error".length()),
                        new Posted(true, utf8(body), exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type")));
            } else if (method.equals("POST") && (resource.equals("init/error") || resource.equals("restore/error"))) {
                initError.complete(new Posted(true, utf8(body), exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type")));
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("GET") && resource.equals("restore/next")) {
                restoreCalled = true;
                exchange.sendResponseHeaders(200, -1);
            } else {
                send(exchange, 404, "{\"errorMessage\":\"Unknown resource " + method + " " + resource + "\",\"errorType\":\"NotFound\"}");
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        nextCalls.incrementAndGet();
        Pending pending = null;
        while (pending == null && !closed) {
            try {
                pending = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (pending == null) {
            send(exchange, 500, "{\"errorMessage\":\"Runtime API shutting down\",\"errorType\":\"Runtime.Shutdown\"}");
            return;
        }
        inFlight.put(pending.requestId, pending);
        pending.dispatchedAtNanos = System.nanoTime();
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", pending.requestId);
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + pending.timeoutMillis));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", pending.functionArn);
        headers.set("Lambda-Runtime-Trace-Id", pending.traceId);
        exchange.sendResponseHeaders(200, pending.payload.length == 0 ? -1 : pending.payload.length);
        if (pending.payload.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(pending.payload);
            }
        }
    }

    private void complete(HttpExchange exchange, String requestId, Posted posted) throws IOException {
        Pending pending = inFlight.remove(requestId);
        if (pending == null) {
            send(exchange, 400, "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");
            return;
        }
        pending.answeredAtNanos = System.nanoTime();
        pending.result.complete(posted);
        send(exchange, 202, "{\"status\":\"OK\"}");
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** An X-Ray trace header in Lambda's format (not sampled). */
    private static String traceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("Root=1-%08x-%024x;Parent=%016x;Sampled=0",
                System.currentTimeMillis() / 1000, new java.math.BigInteger(96, random), random.nextLong() & Long.MAX_VALUE);
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }
}
