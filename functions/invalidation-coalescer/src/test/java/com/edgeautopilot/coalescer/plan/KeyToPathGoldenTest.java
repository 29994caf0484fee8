package com.edgeautopilot.coalescer.plan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Golden cases: decoded S3 key → raw URL paths → encoded invalidation paths. */
class KeyToPathGoldenTest {

    private static final OriginRoute PLAIN = OriginRoute.of("E2QWRUHAPOMQZL", "my-site");

    static Stream<Arguments> plainKeys() {
        return Stream.of(
                Arguments.of("a b.html", "/a%20b.html"),                         // space
                Arguments.of("a+b", "/a+b"),                                     // literal plus stays
                Arguments.of("100%.html", "/100%25.html"),                       // percent
                Arguments.of("~user/x", "/%7Euser/x"),                           // tilde
                Arguments.of("café/naïve.html", "/caf%C3%A9/na%C3%AFve.html"),   // unicode, UTF-8 bytes
                Arguments.of("photos (1)/img(2).jpg", "/photos%20(1)/img(2).jpg"), // parentheses unchanged
                Arguments.of("what?.html", "/what%3F.html"),                     // would start a query string
                Arguments.of("notes#1.html", "/notes%231.html"),                 // would start a fragment
                Arguments.of("star*.txt", "/star%2A.txt"),                       // a key's '*' is not a wildcard
                Arguments.of("*", "/%2A"),
                Arguments.of("a&b=c$d,e;f:g@h!i'j-k_l.m", "/a&b=c$d,e;f:g@h!i'j-k_l.m"), // left as they are
                Arguments.of("\"q\"<t>{x}|y\\z^[1]`", "/%22q%22%3Ct%3E%7Bx%7D%7Cy%5Cz%5E%5B1%5D%60"), // RFC 1738 unsafe
                Arguments.of("tab\there", "/tab%09here"),                        // control characters
                Arguments.of("del\u007F", "/del%7F"),
                Arguments.of("emoji-😀.png", "/emoji-%F0%9F%98%80.png"),           // 4-byte UTF-8
                Arguments.of("日本/東京.html", "/%E6%97%A5%E6%9C%AC/%E6%9D%B1%E4%BA%AC.html"),
                Arguments.of("already%20encoded", "/already%2520encoded"),       // a key that looks encoded is not decoded again
                Arguments.of("UPPER/lower.HTML", "/UPPER/lower.HTML"),           // case kept
                Arguments.of("dir/", "/dir/"));                                  // folder marker object
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("plainKeys")
    void keyToEncodedPath(String key, String expected) {
        List<String> raw = PLAIN.urlPaths(key);
        assertEquals(List.of("/" + key), raw);
        assertEquals(expected, PathEncoding.encode(raw.get(0)));
        assertEquals(raw.get(0), PathEncoding.decode(expected), "decode is the inverse");
    }

    @Test
    void defaultRootObjectAlsoInvalidatesRoot() {
        OriginRoute route = new OriginRoute("E2QWRUHAPOMQZL", "my-site", "", "", "index.html", null);
        assertEquals(Set.of("/", "/index.html"), Set.copyOf(route.urlPaths("index.html")));
        assertEquals(List.of("/docs/index.html"), route.urlPaths("docs/index.html"), "only the root object");
        assertEquals(List.of("/about.html"), route.urlPaths("about.html"));
    }

    @Test
    void directoryIndexAlsoInvalidatesDirectoryWithAndWithoutSlash() {
        OriginRoute route = new OriginRoute("E2QWRUHAPOMQZL", "my-site", "", "", null, "index.html");
        assertEquals(List.of("/docs/index.html", "/docs/", "/docs"), route.urlPaths("docs/index.html"));
        assertEquals(Set.of("/a b/index.html", "/a b/", "/a b"), Set.copyOf(route.urlPaths("a b/index.html")));
        assertEquals(List.of("/index.html", "/"), route.urlPaths("index.html"));
        assertEquals(List.of("/docs/index.htm"), route.urlPaths("docs/index.htm"));
        assertEquals(List.of("/docs/old-index.html"), route.urlPaths("docs/old-index.html"));
    }

    @Test
    void bothIndexRulesOnTheRootGiveEachPathOnce() {
        OriginRoute route = new OriginRoute("E2QWRUHAPOMQZL", "my-site", "", "", "index.html", "index.html");
        assertEquals(List.of("/index.html", "/"), route.urlPaths("index.html"));
    }

    @Test
    void originPathIsStripped() {
        OriginRoute route = new OriginRoute("E2QWRUHAPOMQZL", "my-site", "/site", "", null, null);
        assertEquals(List.of("/a.html"), route.urlPaths("site/a.html"));
        assertEquals(List.of("/deep/b c.html"), route.urlPaths("site/deep/b c.html"));
        assertEquals(List.of(), route.urlPaths("other/a.html"), "outside the origin path");
        assertEquals(List.of(), route.urlPaths("siteX/a.html"), "a longer sibling is outside too");
        assertEquals(List.of(), route.urlPaths("site"));
        assertEquals(List.of(), route.urlPaths("site/"), "the origin path's folder marker is not an object served");
        assertEquals(List.of(), route.urlPaths("a.html"));
        assertTrue(route.serves("site/x"));
    }

    @Test
    void nestedOriginPath() {
        OriginRoute route = new OriginRoute("E2QWRUHAPOMQZL", "my-site", "/builds/v2/", "", "index.html", null);
        assertEquals("/builds/v2", route.originPath(), "trailing slash dropped");
        assertEquals(Set.of("/", "/index.html"), Set.copyOf(route.urlPaths("builds/v2/index.html")));
        assertEquals(List.of(), route.urlPaths("builds/v1/index.html"));
    }

    @Test
    void pathPrefixIsAdded() {
        OriginRoute route = new OriginRoute("E2QWRUHAPOMQZL", "assets-bucket", "", "/static", null, null);
        assertEquals(List.of("/static/app.js"), route.urlPaths("app.js"));
        assertEquals("/static/caf%C3%A9/a%20b.css", PathEncoding.encode(route.urlPaths("café/a b.css").get(0)));
    }

    @Test
    void originPathPrefixAndIndexTogether() {
        OriginRoute route = new OriginRoute("E2QWRUHAPOMQZL", "my-site", "/site", "/static", "index.html", "index.html");
        assertEquals(List.of("/static/docs/index.html", "/static/docs/", "/static/docs"), route.urlPaths("site/docs/index.html"));
        assertEquals(Set.of("/static/index.html", "/static/", "/static"), Set.copyOf(route.urlPaths("site/index.html")));
        assertEquals(List.of(), route.urlPaths("docs/index.html"));
    }

    @Test
    void normalisesEmptySettings() {
        OriginRoute route = new OriginRoute("E2QWRUHAPOMQZL", "my-site", null, "/", " ", "");
        assertEquals("", route.originPath());
        assertEquals("", route.pathPrefix());
        assertEquals(null, route.defaultRootObject());
        assertEquals(null, route.directoryIndex());
    }

    @Test
    void rejectsBrokenSettings() {
        assertThrows(IllegalArgumentException.class, () -> new OriginRoute("E2QWRUHAPOMQZL", "b", "site", "", null, null));
        assertThrows(IllegalArgumentException.class, () -> new OriginRoute("E2QWRUHAPOMQZL", "b", "/si*te", "", null, null));
        assertThrows(IllegalArgumentException.class, () -> new OriginRoute("E2QWRUHAPOMQZL", "b", "", "static", null, null));
        assertThrows(IllegalArgumentException.class, () -> new OriginRoute("E2QWRUHAPOMQZL", "b", "", "", "/index.html", null));
        assertThrows(IllegalArgumentException.class, () -> new OriginRoute("", "b", "", "", null, null));
        assertThrows(NullPointerException.class, () -> new OriginRoute("E2QWRUHAPOMQZL", null, "", "", null, null));
    }

    @Test
    void aPathOf4001CharactersIsCoveredByAShorterWildcard() {
        String key = "x".repeat(4000);
        String raw = PLAIN.urlPaths(key).get(0);
        assertEquals(4001, raw.length());
        assertEquals(4001, PathEncoding.encode(raw).length());
        Plan plan = new InvalidationPlanner(CostModel.defaults()).plan(Set.of(raw, "/other.html"), Capacity.idle(1000), null);
        PlanChecks.assertValid(plan, Set.of(raw, "/other.html"), Capacity.idle(1000), CostModel.defaults());
        assertEquals(1, plan.wildcardCount());
        PlannedPath wildcard = plan.paths().stream().filter(PlannedPath::wildcard).findFirst().orElseThrow();
        assertEquals("/" + "x".repeat(3998) + "*", wildcard.path(), "the longest prefix that fits, not /*");
        assertEquals(4000, wildcard.path().length());
        assertTrue(plan.covers(raw));
        assertTrue(plan.covers("/other.html"));
    }

    @Test
    void anEncodedPathOver4000CharactersIsCutOnACharacterBoundary() {
        // 700 'é' are 1,400 UTF-8 bytes: 4,200 characters once encoded, from a 701-character raw path
        String raw = "/dir/" + "é".repeat(700);
        assertTrue(PathEncoding.encodedLength(raw) > PathEncoding.MAX_PATH_LENGTH);
        Plan plan = new InvalidationPlanner(CostModel.defaults()).plan(Set.of(raw), Capacity.idle(1000), null);
        PlanChecks.assertValid(plan, Set.of(raw), Capacity.idle(1000), CostModel.defaults());
        String path = plan.paths().get(0).path();
        assertTrue(path.startsWith("/dir/%C3%A9"));
        assertTrue(path.endsWith("%C3%A9*"), "never cuts inside a %XX escape or a UTF-8 sequence: " + path.substring(path.length() - 12));
        assertTrue(path.length() <= PathEncoding.MAX_PATH_LENGTH);
    }
}
