package com.edgeautopilot.coalescer.plan;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PathEncodingTest {

    @Test
    void encodesExactlyTheUnsafeAsciiCharacters() {
        String encoded = " \"<>#%{}|\\^~[]`?*";
        for (char c = 0; c < 0x80; c++) {
            String raw = "/" + c;
            String expected = c < 0x20 || c == 0x7F || encoded.indexOf(c) >= 0 ? String.format("/%%%02X", (int) c) : raw;
            assertEquals(expected, PathEncoding.encode(raw), "character " + (int) c);
        }
    }

    @Test
    void leavesSafeCharactersAlone() {
        String safe = "/AZaz09+()&=$,;:@!'-_./";
        assertSame(safe, PathEncoding.encode(safe), "no copy when nothing needs encoding");
    }

    @Test
    void usesUpperCaseHexOfUtf8Bytes() {
        assertEquals("/%C3%BC%E2%82%AC%F0%9F%8E%89", PathEncoding.encode("/ü€🎉"));
        assertEquals("/%C2%A0", PathEncoding.encode("/\u00A0"), "no-break space is non-ASCII");
    }

    @Test
    void wildcardIsAppendedAfterEncoding() {
        assertEquals("/a%20b/*", PathEncoding.wildcard("/a b/"));
        assertEquals("/a%2A*", PathEncoding.wildcard("/a*"), "a '*' in the prefix is literal");
        assertEquals("/*", PathEncoding.wildcard("/"));
    }

    @Test
    void encodingIsPrefixPreserving() {
        Random random = new Random(7);
        String alphabet = "ab/ %~*?#é😀+()";
        for (int i = 0; i < 2000; i++) {
            String a = "/" + randomText(random, alphabet);
            String b = randomText(random, alphabet);
            assertEquals(PathEncoding.encode(a) + PathEncoding.encode("/" + b).substring(1), PathEncoding.encode(a + b));
            assertEquals(PathEncoding.encode(a + b).length(), PathEncoding.encodedLength(a + b));
            assertEquals(a + b, PathEncoding.decode(PathEncoding.encode(a + b)));
        }
    }

    @Test
    void lengthAndFit() {
        assertTrue(PathEncoding.fits("/" + "a".repeat(3999)));
        assertFalse(PathEncoding.fits("/" + "a".repeat(4000)));
        assertTrue(PathEncoding.fits("/" + " ".repeat(1333)), "1,334 raw characters, exactly 4,000 encoded");
        assertFalse(PathEncoding.fits("/" + " ".repeat(1334)));
        assertEquals(4000, PathEncoding.encodedLength("/" + " ".repeat(1333)));
    }

    @Test
    void rejectsWhatIsNotAPath() {
        assertThrows(IllegalArgumentException.class, () -> PathEncoding.encode("a.html"));
        assertThrows(IllegalArgumentException.class, () -> PathEncoding.encode(""));
        assertThrows(IllegalArgumentException.class, () -> PathEncoding.encode("/bad\uD800surrogate"));
        assertThrows(IllegalArgumentException.class, () -> PathEncoding.encode("/bad\uDC00"));
        assertThrows(IllegalArgumentException.class, () -> PathEncoding.decode("/bad%2"));
        assertThrows(IllegalArgumentException.class, () -> PathEncoding.decode("/bad%ZZ"));
        assertThrows(IllegalArgumentException.class, () -> PathEncoding.decode("/bad%C3"), "not UTF-8");
    }

    private static String randomText(Random random, String alphabet) {
        int[] cps = alphabet.codePoints().toArray();
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
            sb.appendCodePoint(cps[random.nextInt(cps.length)]);
        }
        return sb.toString();
    }
}
