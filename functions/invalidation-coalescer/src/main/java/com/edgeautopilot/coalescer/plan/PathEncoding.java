package com.edgeautopilot.coalescer.plan;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Turns raw URL paths into invalidation paths exactly as CloudFront wants them.
 *
 * <p>CloudFront compares an invalidation path with the URL it cached, so the path must be encoded the way
 * viewers' URLs are: URL-encode (UTF-8 bytes, {@code %XX} upper case) non-ASCII characters, control characters
 * and the characters RFC 1738 calls unsafe, and <em>nothing else</em> (an over-encoded path is accepted but
 * silently misses the cached object). Encoded here:
 * <ul>
 *   <li>RFC 1738 unsafe: space {@code " < > # % { } | \ ^ ~ [ ] `} (raw spaces and {@code ~} are also rejected by
 *       CloudFront);</li>
 *   <li>{@code ?}, which would start a query string;</li>
 *   <li>{@code *}: only a trailing {@code *} is a wildcard, so a {@code *} that is part of an object key becomes
 *       {@code %2A} wherever it is (a wildcard is appended after encoding, see {@link #wildcard});</li>
 *   <li>control characters (U+0000–U+001F, U+007F) and every non-ASCII character.</li>
 * </ul>
 * Left as they are: letters, digits, {@code / + ( ) & = $ , ; : @ ! ' - _ .}.
 *
 * <p>Encoding works character by character, so {@code encode(a + b) == encode(a) + encode(b)}: a wildcard over
 * the encoded form of a raw prefix matches exactly the encoded paths whose raw form starts with that prefix.
 */
public final class PathEncoding {

    /** Longest path CloudFront accepts in an invalidation, counted after encoding. */
    public static final int MAX_PATH_LENGTH = 4000;

    private static final boolean[] ASCII_ENCODED = new boolean[128];
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    static {
        for (int c = 0; c < 0x20; c++) {
            ASCII_ENCODED[c] = true;
        }
        ASCII_ENCODED[0x7F] = true;
        for (char c : " \"<>#%{}|\\^~[]`?*".toCharArray()) {
            ASCII_ENCODED[c] = true;
        }
    }

    private PathEncoding() {
    }

    /**
     * Encodes a raw (decoded) URL path for {@code CreateInvalidation}.
     *
     * @param rawPath a path starting with {@code /}, as a viewer would request it before URL encoding
     * @return the encoded path; may be longer than {@link #MAX_PATH_LENGTH} (the planner covers such paths with a
     *         shorter wildcard)
     * @throws IllegalArgumentException when the path does not start with {@code /} or holds an unpaired surrogate
     */
    public static String encode(String rawPath) {
        requireRawPath(rawPath);
        return encodePrefix(rawPath);
    }

    /** Encodes {@code rawPrefix} and appends the wildcard: every path whose raw form starts with the prefix. */
    public static String wildcard(String rawPrefix) {
        requireRawPath(rawPrefix);
        return encodePrefix(rawPrefix) + "*";
    }

    /** Length of {@link #encode}'s result, without building it. */
    public static int encodedLength(String rawPath) {
        return encodedLength(rawPath, 0, rawPath.length());
    }

    /** Encoded length of {@code s.substring(from, to)}; {@code from} and {@code to} must not split a surrogate pair. */
    static int encodedLength(String s, int from, int to) {
        int length = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length += ASCII_ENCODED[c] ? 3 : 1;
            } else if (c < 0x800) {
                length += 6;
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 12;
                i++;
            } else {
                length += 9;
            }
        }
        return length;
    }

    /** Whether the path, once encoded, is short enough to be sent as an exact path. */
    public static boolean fits(String rawPath) {
        return encodedLength(rawPath) <= MAX_PATH_LENGTH;
    }

    /**
     * Inverse of {@link #encode} (also accepts lower-case hex). Meant for tests, logs and reading back paths that
     * were produced by {@link #encode}; a trailing wildcard must be removed first.
     *
     * @throws IllegalArgumentException on a malformed escape or bytes that are not UTF-8
     */
    public static String decode(String encoded) {
        Objects.requireNonNull(encoded, "encoded");
        if (encoded.indexOf('%') < 0) {
            return encoded;
        }
        StringBuilder out = new StringBuilder(encoded.length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < encoded.length()) {
            char c = encoded.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            bytes.reset();
            while (i < encoded.length() && encoded.charAt(i) == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new IllegalArgumentException("truncated escape at " + i + " in " + encoded);
                }
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad escape at " + i + " in " + encoded);
                }
                bytes.write(hi << 4 | lo);
                i += 3;
            }
            byte[] chunk = bytes.toByteArray();
            String text = new String(chunk, StandardCharsets.UTF_8);
            if (!java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), chunk)) {
                throw new IllegalArgumentException("escapes are not UTF-8 in " + encoded);
            }
            out.append(text);
        }
        return out.toString();
    }

    private static void requireRawPath(String rawPath) {
        Objects.requireNonNull(rawPath, "rawPath");
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            throw new IllegalArgumentException("an invalidation path must start with '/': " + abbreviate(rawPath));
        }
    }

    private static String encodePrefix(String raw) {
        int first = firstToEncode(raw);
        if (first < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length() + 16);
        out.append(raw, 0, first);
        byte[] utf8 = new byte[4];
        for (int i = first; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x80) {
                if (ASCII_ENCODED[c]) {
                    escape(out, c);
                } else {
                    out.append(c);
                }
                continue;
            }
            int codePoint;
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= raw.length() || !Character.isLowSurrogate(raw.charAt(i + 1))) {
                    throw new IllegalArgumentException("unpaired surrogate at " + i + " in " + abbreviate(raw));
                }
                codePoint = Character.toCodePoint(c, raw.charAt(++i));
            } else if (Character.isLowSurrogate(c)) {
                throw new IllegalArgumentException("unpaired surrogate at " + i + " in " + abbreviate(raw));
            } else {
                codePoint = c;
            }
            int n = utf8(codePoint, utf8);
            for (int b = 0; b < n; b++) {
                escape(out, utf8[b] & 0xFF);
            }
        }
        return out.toString();
    }

    private static int firstToEncode(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= 0x80 || ASCII_ENCODED[c]) {
                return i;
            }
        }
        return -1;
    }

    private static int utf8(int cp, byte[] out) {
        if (cp < 0x80) {
            out[0] = (byte) cp;
            return 1;
        }
        if (cp < 0x800) {
            out[0] = (byte) (0xC0 | cp >> 6);
            out[1] = (byte) (0x80 | cp & 0x3F);
            return 2;
        }
        if (cp < 0x10000) {
            out[0] = (byte) (0xE0 | cp >> 12);
            out[1] = (byte) (0x80 | cp >> 6 & 0x3F);
            out[2] = (byte) (0x80 | cp & 0x3F);
            return 3;
        }
        out[0] = (byte) (0xF0 | cp >> 18);
        out[1] = (byte) (0x80 | cp >> 12 & 0x3F);
        out[2] = (byte) (0x80 | cp >> 6 & 0x3F);
        out[3] = (byte) (0x80 | cp & 0x3F);
        return 4;
    }

    private static void escape(StringBuilder out, int b) {
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
    }

    static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 100) + "...(" + s.length() + " chars)";
    }
}
