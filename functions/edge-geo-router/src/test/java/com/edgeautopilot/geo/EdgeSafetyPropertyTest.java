package com.edgeautopilot.geo;

import com.fasterxml.jackson.jr.ob.JSON;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Edge safety (issue 13, item 6) for ANY policy the validator accepts: seeded random policies (hosts, modes, rules with
 * and without from/region, relative and absolute targets, redirecting defaults), kept only when
 * {@link PolicyValidator} accepts them, then random viewers, hosts and paths through {@link RedirectModel}: a Location
 * is always {@code https://} plus one of the policy's hosts (never protocol-relative, scheme-less or elsewhere), and
 * following redirects never comes back to where it started (no A→B→A). The accepted policies are written to
 * {@code target/safety/accepted-policies.json}, where {@code test/safety.test.mjs} runs the real function.js on them.
 */
class EdgeSafetyPropertyTest {

    private static final long SEED = 1_300_006L;
    private static final String[] HOSTS = {"www.example.com", "de.example.com", "fr.example.com", "shop.example.org", "x.example.net"};
    private static final String[] COUNTRIES = {"DE", "FR", "US", "CA", "CH", "AT", "BE", "KP", "GB"};
    private static final String[] PREFIXES = {"", "/fr", "/de", "/fr-ca", "/intl", "/a/b", "/fr/x", "/shop"};
    static final Path CORPUS = TestFiles.MODULE.resolve("target").resolve("safety").resolve("accepted-policies.json");

    @Test
    void forEveryAcceptedPolicyEveryLocationIsOnAPolicyHostAndRedirectsNeverLoop() throws IOException {
        Random random = new Random(SEED);
        String source = TestFiles.functionSource();
        List<Map<String, Object>> accepted = new ArrayList<>();
        int generated = 0;
        int requests = 0;
        int redirects = 0;
        while (accepted.size() < 300 && generated < 20_000) {
            generated++;
            Map<String, Object> policy = policy(random);
            String text = JSON.std.asString(policy);
            if (!PolicyValidator.validate(text, source).isEmpty()) {
                continue;
            }
            accepted.add(policy);
            RedirectModel model = new RedirectModel(policy);
            @SuppressWarnings("unchecked")
            List<String> hosts = (List<String>) policy.get("hosts");
            for (int i = 0; i < 100; i++, requests++) {
                RedirectModel.Viewer viewer = new RedirectModel.Viewer(random.nextInt(10) == 0 ? null : pick(random, COUNTRIES),
                        random.nextBoolean() ? "" : pick(random, new String[]{"QC", "CA", "TI", "GE", "ON"}));
                String host = random.nextInt(4) == 0 ? "evil.example" : pick(random, HOSTS);
                String uri = pick(random, PREFIXES) + pick(random, new String[]{"", "/", "/p", "/fr", "/x/y", "//evil.com", "/%2F%2Fevil.com"});
                uri = uri.isEmpty() ? "/" : uri;
                Set<String> seen = new HashSet<>();
                seen.add(host + uri);
                for (int hop = 0; hop < 6; hop++) {
                    if (!(model.decide(viewer, host, uri) instanceof RedirectModel.Redirect r)) {
                        break;
                    }
                    redirects++;
                    String url = r.url();
                    URI parsed = URI.create(url.replace("%", "%25"));
                    assertTrue(url.startsWith("https://" + r.host() + "/") && hosts.contains(r.host()) && hosts.contains(parsed.getHost()),
                            "Location " + url + " is not on a policy host " + hosts + "; policy " + text);
                    assertTrue(seen.add(r.host() + r.uri()), "redirect loop back to " + url + " for " + viewer + "; policy " + text);
                    host = r.host();
                    uri = r.uri();
                    assertTrue(hop < 5, "redirect chain longer than 5 for " + viewer + "; policy " + text);
                }
            }
        }
        System.out.println("EDGE SAFETY (Java model): " + generated + " random policies, " + accepted.size() + " accepted by the validator, "
                + requests + " requests, " + redirects + " redirects followed, 0 off-site Locations, 0 loops");
        assertEquals(300, accepted.size(), "enough valid policies among " + generated);
        Files.createDirectories(CORPUS.getParent());
        Files.writeString(CORPUS, JSON.std.asString(accepted), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> policy(Random r) {
        List<String> hosts = new ArrayList<>();
        for (String h : HOSTS) {
            if (r.nextInt(3) > 0 || hosts.isEmpty() && h.equals(HOSTS[HOSTS.length - 1])) {
                hosts.add(h);
            }
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("version", 1);
        p.put("hosts", hosts);
        p.put("mode", pick(r, new String[]{"block", "allow", "off"}));
        p.put("countries", r.nextBoolean() ? List.of("KP") : List.of("KP", "DE", "FR", "US"));
        p.put("default", switch (r.nextInt(3)) {
            case 0 -> Map.of("action", "pass");
            case 1 -> Map.of("action", "block");
            default -> Map.of("action", "redirect", "to", target(r, hosts));
        });
        p.put("status", r.nextBoolean() ? 302 : 307);
        List<Map<String, Object>> rules = new ArrayList<>();
        for (int i = r.nextInt(6); i > 0; i--) {
            Map<String, Object> rule = new LinkedHashMap<>();
            String country = pick(r, COUNTRIES);
            rule.put("country", country);
            if (r.nextInt(3) == 0) {
                rule.put("region", country + "-" + pick(r, new String[]{"QC", "TI", "GE", "CA"}));
            }
            if (r.nextBoolean()) {
                rule.put("from", List.of(target(r, hosts)));
            }
            rule.put("to", target(r, hosts));
            rules.add(rule);
        }
        p.put("rules", rules);
        p.put("exempt", List.of("/robots.txt", "*.css"));
        p.put("crawlers", List.of("googlebot"));
        p.put("override", Map.of("query", "geo", "cookie", "geo_choice"));
        return p;
    }

    private static String target(Random r, List<String> hosts) {
        String prefix = pick(r, PREFIXES);
        return r.nextInt(3) == 0 && !prefix.isEmpty() ? prefix : "https://" + hosts.get(r.nextInt(hosts.size())) + prefix;
    }

    private static String pick(Random r, String[] values) {
        return values[r.nextInt(values.length)];
    }
}
