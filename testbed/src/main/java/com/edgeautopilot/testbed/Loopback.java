package com.edgeautopilot.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;

/** Loopback-only networking helpers: every stand-in listens on, and every client targets, 127.0.0.1. */
public final class Loopback {

    /** The address every stand-in binds and every endpoint names. */
    public static final String HOST = "127.0.0.1";

    private Loopback() {
    }

    /** A port that was free on 127.0.0.1 a moment ago (callers retry on the rare bind race). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port: " + e, e);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public static URI endpoint(int port) {
        return URI.create("http://" + HOST + ":" + port);
    }

    /** True when the URI is http(s) to a loopback address (127.0.0.0/8, ::1 or localhost) without DNS lookups. */
    public static boolean isLoopback(URI uri) {
        if (uri == null || uri.getHost() == null) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return false;
        }
        String host = uri.getHost();
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
            return false; // a name other than localhost would need DNS: not accepted
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress(); // literal address: no lookup happens
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Throws when {@code value} (a configured endpoint named {@code setting}) is not a loopback URL. */
    public static URI requireLoopback(String setting, String value) {
        URI uri;
        try {
            uri = URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + "=" + value + " is not a URL; the test bed only targets loopback stand-ins");
        }
        if (!isLoopback(uri)) {
            throw new IllegalStateException(setting + "=" + value + " is not a loopback address: the test bed never "
                    + "targets real AWS or other hosts. Unset it (or point it at 127.0.0.1) for the tests.");
        }
        return uri;
    }
}
