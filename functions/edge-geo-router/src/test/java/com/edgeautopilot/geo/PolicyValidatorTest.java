package com.edgeautopilot.geo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyValidatorTest {

    /** A valid policy; each test swaps one part with a bad one. */
    private static final String BASE = """
            {
              "version": 1,
              "hosts": ["www.example.com", "de.example.com"],
              "mode": "block",
              "countries": ["KP"],
              "default": {"action": "pass"},
              "status": 302,
              "rules": [
                %s
              ],
              "exempt": ["/robots.txt", "/.well-known/*", "*.css"],
              "crawlers": ["googlebot"],
              "override": {"query": "geo", "cookie": "geo_choice"}
            }
            """;
    private static final String DE_RULE = "{\"country\": \"DE\", \"to\": \"https://de.example.com\"}";

    private static List<PolicyValidator.Problem> validate(String policy) {
        return PolicyValidator.validate(policy, TestFiles.functionSource());
    }

    private static List<PolicyValidator.Problem> withRules(String rules) {
        return validate(BASE.formatted(rules));
    }

    private static void assertProblem(List<PolicyValidator.Problem> problems, String where, String fragment) {
        assertTrue(problems.stream().anyMatch(p -> p.where().equals(where) && p.message().contains(fragment)),
                () -> "expected a problem at " + where + " containing \"" + fragment + "\", got " + problems);
    }

    @Test
    void acceptsTheShippedPolicy() {
        assertEquals(List.of(), validate(TestFiles.shippedPolicy()));
    }

    @Test
    void acceptsTheNodeTestPolicyAndTheBase() {
        assertEquals(List.of(), validate(TestFiles.testPolicy()));
        assertEquals(List.of(), withRules(DE_RULE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"XX", "UK", "EU", "D", "DEU", "1"})
    void rejectsACountryCodeThatIsNotIso3166Alpha2(String code) {
        assertProblem(withRules("{\"country\": \"" + code + "\", \"to\": \"https://de.example.com\"}"),
                "rules[0].country", "not an ISO 3166-1 alpha-2 country code");
        assertProblem(validate(BASE.formatted(DE_RULE).replace("[\"KP\"]", "[\"" + code + "\"]")),
                "countries[0]", "not an ISO 3166-1 alpha-2");
    }

    @Test
    void rejectsLowerCaseCountryCodes() {
        assertProblem(withRules("{\"country\": \"de\", \"to\": \"https://de.example.com\"}"), "rules[0].country", "upper case (DE)");
    }

    @Test
    void checksRegionCodes() {
        assertEquals(List.of(), withRules("{\"country\": \"US\", \"region\": \"US-CA\", \"to\": \"/us-ca\"}"));
        assertProblem(withRules("{\"country\": \"US\", \"region\": \"CA\", \"to\": \"/x\"}"), "rules[0].region", "not an ISO 3166-2 code");
        assertProblem(withRules("{\"country\": \"US\", \"region\": \"US-CALI\", \"to\": \"/x\"}"), "rules[0].region", "not an ISO 3166-2 code");
        assertProblem(withRules("{\"country\": \"US\", \"region\": \"XX-CA\", \"to\": \"/x\"}"), "rules[0].region", "ISO 3166-1 alpha-2");
        assertProblem(withRules("{\"country\": \"US\", \"region\": \"DE-BY\", \"to\": \"/x\"}"), "rules[0].region", "not a region of the rule's country US");
    }

    @Test
    void rejectsARedirectCycleAcrossRules() {
        List<PolicyValidator.Problem> problems = withRules("""
                {"country": "DE", "from": ["https://www.example.com"], "to": "https://de.example.com"},
                {"country": "DE", "from": ["https://de.example.com"], "to": "https://www.example.com"}
                """);
        assertProblem(problems, "rules", "redirect cycle for viewers from DE: https://www.example.com/page -> https://de.example.com/page"
                + " -> https://www.example.com/page (via rules[0], rules[1])");
    }

    @Test
    void rejectsACycleBetweenPathPrefixes() {
        assertProblem(withRules("""
                {"country": "FR", "from": ["/en"], "to": "/fr"},
                {"country": "FR", "from": ["/fr"], "to": "/en"}
                """), "rules", "redirect cycle for viewers from FR");
    }

    @Test
    void rejectsARedirectChain() {
        assertProblem(withRules("""
                {"country": "DE", "from": ["https://www.example.com"], "to": "https://de.example.com"},
                {"country": "DE", "from": ["https://de.example.com"], "to": "https://de.example.com/de"}
                """), "rules", "redirect chain for viewers from DE: https://www.example.com/page -> https://de.example.com/page"
                + " -> https://de.example.com/de/page (via rules[0], rules[1])");
    }

    @Test
    void rejectsAnHttpTarget() {
        assertProblem(withRules("{\"country\": \"DE\", \"to\": \"http://de.example.com\"}"), "rules[0].to", "must use https, not http");
        assertProblem(withRules("{\"country\": \"DE\", \"from\": [\"http://www.example.com\"], \"to\": \"/de\"}"),
                "rules[0].from[0]", "must use https");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example", "https://de.example.com.evil.example/x", "https://evil.example/de.example.com"})
    void rejectsAnUndeclaredTargetHost(String target) {
        assertProblem(withRules("{\"country\": \"DE\", \"to\": \"" + target + "\"}"), "rules[0].to", "is not declared in hosts");
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example/x", "de.example.com", "javascript:alert(1)", "https://www.example.com@evil.example",
            "https://de.example.com:8443", "https://DE.example.com", "https://de.example.com/de?x=1", "https://de.example.com/de#x",
            "/de/", "/de/%2e%2e", "/de/../admin", "/de\\\\x", "ftp://de.example.com"})
    void rejectsTargetsThatCouldLeaveTheDeclaredHostsOrAreMalformed(String target) {
        List<PolicyValidator.Problem> problems = withRules("{\"country\": \"DE\", \"to\": \"" + target + "\"}");
        assertTrue(problems.stream().anyMatch(p -> p.where().equals("rules[0].to")), () -> target + ": " + problems);
    }

    @Test
    void rejectsPermanentRedirectsWithAClearMessage() {
        for (int status : new int[] {301, 308}) {
            assertProblem(validate(BASE.formatted(DE_RULE).replace("\"status\": 302", "\"status\": " + status)),
                    "status", status + " is a permanent redirect");
        }
        assertProblem(validate(BASE.formatted(DE_RULE).replace("\"status\": 302", "\"status\": 303")), "status", "must be 302");
        assertEquals(List.of(), validate(BASE.formatted(DE_RULE).replace("\"status\": 302", "\"status\": 307")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"robots.txt", "/a*b", "/a/**", "*.", "*css", "*.c ss", "/*", "", "/a b"})
    void rejectsMalformedExemptPatterns(String pattern) {
        assertProblem(validate(BASE.formatted(DE_RULE).replace("\"*.css\"", "\"" + pattern + "\"")), "exempt[2]", "");
    }

    @Test
    void rejectsRulesThatNeverApply() {
        assertProblem(withRules("{\"country\": \"KP\", \"to\": \"https://de.example.com\"}"), "rules[0]", "blocked");
        assertProblem(withRules(DE_RULE + "," + DE_RULE), "rules[1]", "rules[0] matches the same viewers");
        assertProblem(validate(BASE.formatted(DE_RULE).replace("\"mode\": \"block\"", "\"mode\": \"allow\"")), "rules[0]",
                "viewers from DE are blocked by mode \"allow\"");
    }

    @Test
    void rejectsStructuralMistakes() {
        assertProblem(validate(BASE.formatted(DE_RULE).replace("\"exempt\"", "\"exempts\"")), "exempts", "unknown key");
        assertProblem(validate(BASE.formatted(DE_RULE).replace("\"version\": 1", "\"version\": 2")), "version", "must be 1");
        assertProblem(validate(BASE.formatted(DE_RULE).replace("\"mode\": \"block\"", "\"mode\": \"deny\"")), "mode", "allow");
        assertProblem(validate(BASE.formatted(DE_RULE).replace("[\"www.example.com\", \"de.example.com\"]", "[]")), "hosts", "must list");
        assertProblem(validate(BASE.formatted(DE_RULE).replace("\"www.example.com\", \"de", "\"https://www.example.com\", \"de")),
                "hosts[0]", "not a lowercase host name");
        assertProblem(validate(BASE.formatted(DE_RULE).replace("{\"action\": \"pass\"}", "{\"action\": \"redirect\"}")),
                "default.to", "is required");
        assertProblem(validate(BASE.formatted(DE_RULE).replace("\"geo\"", "\"geo stay\"")), "override.query", "plain query name");
        assertProblem(validate(BASE.formatted(DE_RULE).replace("\"googlebot\"", "\"b\"")), "crawlers[0]", "too short");
        assertProblem(withRules("{\"country\": \"DE\"}"), "rules[0].to", "is required");
        assertProblem(validate("[]"), "", "must be a JSON object");
        assertProblem(validate("{\"version\": 1,"), "", "not valid JSON");
    }

    @Test
    void rejectsAPolicyWhoseRenderedCodeExceeds10Kb() {
        StringBuilder crawlers = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            crawlers.append(i == 0 ? "" : ", ").append("\"crawler-number-").append(i).append('"');
        }
        String big = BASE.formatted(DE_RULE).replace("[\"googlebot\"]", "[" + crawlers + "]");
        assertProblem(validate(big), "", "bytes; CloudFront Functions allow at most 10240");
        assertEquals(List.of(), PolicyValidator.validate(big, null), "without the function source the size is not checked");
    }
}
