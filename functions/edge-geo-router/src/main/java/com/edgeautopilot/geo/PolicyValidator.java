package com.edgeautopilot.geo;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a geo router policy (functions/edge-geo-router/policy.json, format in that folder's
 * README.md) before it is rendered and deployed: ISO 3166-1 alpha-2 countries from the JDK's table,
 * well-formed ISO 3166-2 regions, redirect targets only https and only on hosts the policy declares,
 * no redirect cycles or chains across rules, well-formed exempt patterns, status 302/307 only, and
 * the rendered function within CloudFront's 10,240-byte limit.
 */
public final class PolicyValidator {

    /** One thing wrong with a policy: where (a JSON path such as {@code rules[2].to}) and what. */
    public record Problem(String where, String message) {
        @Override
        public String toString() {
            return where.isEmpty() ? message : where + ": " + message;
        }
    }

    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Set<String> TOP_KEYS = Set.of("version", "hosts", "mode", "countries", "default", "status",
            "rules", "exempt", "crawlers", "override", "blockBody");
    private static final Set<String> RULE_KEYS = Set.of("country", "region", "from", "to");
    private static final Set<String> DEFAULT_KEYS = Set.of("action", "from", "to");
    private static final Set<String> OVERRIDE_KEYS = Set.of("query", "cookie");
    private static final Pattern HOST = Pattern.compile(
            "^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$");
    private static final Pattern PREFIX = Pattern.compile("^(/[A-Za-z0-9._~-]+)+$");
    private static final Pattern REGION = Pattern.compile("^([A-Z]{2})-([A-Z0-9]{1,3})$");
    private static final Pattern EXEMPT_PATH = Pattern.compile("^/[A-Za-z0-9._~!$&'()+,;=:@/-]*\\*?$");
    private static final Pattern EXEMPT_EXTENSION = Pattern.compile("^\\*\\.[A-Za-z0-9]+$");
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9!#$&'*+.^_`|~-]{1,64}$");
    private static final Pattern CRAWLER = Pattern.compile("^[\\x21-\\x7e]([\\x20-\\x7e]{0,62}[\\x21-\\x7e])?$");
    private static final int MAX_REPORTED_ROUTES = 5;

    private final List<Problem> problems = new ArrayList<>();

    private PolicyValidator() {
    }

    /**
     * All problems with the policy text; empty when it is valid. {@code functionSource} is
     * src/function.js, used to check the rendered size; pass null to skip that check.
     */
    public static List<Problem> validate(String policyText, String functionSource) {
        PolicyValidator v = new PolicyValidator();
        Object parsed;
        try {
            parsed = JSON.std.anyFrom(policyText);
        } catch (IOException | RuntimeException e) {
            return List.of(new Problem("", "not valid JSON: " + firstLine(e.getMessage())));
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            return List.of(new Problem("", "the policy must be a JSON object"));
        }
        Map<String, Object> policy = RedirectModel.cast(map);
        v.checkStructure(policy);
        if (v.problems.isEmpty()) {
            v.checkReachability(policy);
            v.checkRoutes(policy);
        }
        if (functionSource != null) {
            v.checkSize(functionSource, policyText);
        }
        return List.copyOf(v.problems);
    }

    private void problem(String where, String message) {
        problems.add(new Problem(where, message));
    }

    private void checkStructure(Map<String, Object> p) {
        unknownKeys("", p, TOP_KEYS);
        if (!Integer.valueOf(1).equals(p.get("version"))) {
            problem("version", "must be 1");
        }
        List<String> hosts = checkHosts(p.get("hosts"));
        Object mode = p.get("mode");
        if (!"allow".equals(mode) && !"block".equals(mode) && !"none".equals(mode)) {
            problem("mode", "must be \"allow\", \"block\" or \"none\"");
        }
        Object countries = p.get("countries");
        if ("none".equals(mode)) {
            if (countries instanceof List<?> l && !l.isEmpty()) {
                problem("countries", "has no effect with mode \"none\"; remove it or choose allow/block");
            }
        } else if (!(countries instanceof List<?> l) || l.isEmpty()) {
            problem("countries", "mode \"" + mode + "\" needs a non-empty list of ISO 3166-1 alpha-2 codes");
        }
        if (countries != null) {
            checkCountryList("countries", countries);
        }
        checkStatus(p.get("status"));
        checkDefault(p.get("default"), hosts);
        checkRules(p.get("rules"), hosts);
        checkExempt(p.get("exempt"));
        checkCrawlers(p.get("crawlers"));
        checkOverride(p.get("override"));
        Object body = p.get("blockBody");
        if (body != null && !(body instanceof String)) {
            problem("blockBody", "must be a string (the body of the 403 response)");
        }
    }

    private List<String> checkHosts(Object value) {
        List<String> hosts = new ArrayList<>();
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            problem("hosts", "must list the hosts the site is served on (redirect targets must be among them)");
            return hosts;
        }
        for (int i = 0; i < list.size(); i++) {
            Object h = list.get(i);
            String where = "hosts[" + i + "]";
            if (!(h instanceof String s) || !HOST.matcher(s).matches()) {
                problem(where, "\"" + h + "\" is not a lowercase host name (no scheme, port, path or wildcard)");
            } else if (hosts.contains(s)) {
                problem(where, "\"" + s + "\" is listed twice");
            } else {
                hosts.add(s);
            }
        }
        return hosts;
    }

    private void checkCountryList(String where, Object value) {
        if (!(value instanceof List<?> list)) {
            problem(where, "must be a list of ISO 3166-1 alpha-2 codes");
            return;
        }
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            checkCountry(where + "[" + i + "]", list.get(i));
            if (!seen.add(list.get(i))) {
                problem(where + "[" + i + "]", "\"" + list.get(i) + "\" is listed twice");
            }
        }
    }

    private boolean checkCountry(String where, Object value) {
        if (value instanceof String s && ISO_COUNTRIES.contains(s)) {
            return true;
        }
        if (value instanceof String s && ISO_COUNTRIES.contains(s.toUpperCase(Locale.ROOT))) {
            problem(where, "\"" + s + "\" must be upper case (" + s.toUpperCase(Locale.ROOT) + "), as CloudFront sends it");
        } else {
            problem(where, "\"" + value + "\" is not an ISO 3166-1 alpha-2 country code");
        }
        return false;
    }

    private void checkStatus(Object status) {
        if (status == null || Integer.valueOf(302).equals(status) || Integer.valueOf(307).equals(status)) {
            return;
        }
        if (Integer.valueOf(301).equals(status) || Integer.valueOf(308).equals(status)) {
            problem("status", status + " is a permanent redirect: browsers cache it and keep sending travellers and "
                    + "VPN users to the wrong site long after they move; use 302 (the default) or 307");
        } else {
            problem("status", "must be 302 (the default) or 307, not " + status);
        }
    }

    private void checkDefault(Object value, List<String> hosts) {
        if (value == null) {
            return;
        }
        if (!(value instanceof Map<?, ?> m)) {
            problem("default", "must be an object such as {\"action\": \"pass\"}");
            return;
        }
        Map<String, Object> d = RedirectModel.cast(m);
        unknownKeys("default", d, DEFAULT_KEYS);
        Object action = d.get("action");
        if ("redirect".equals(action)) {
            checkTarget("default.to", d.get("to"), hosts);
            checkFrom("default.from", d.get("from"), hosts);
        } else if ("pass".equals(action) || "block".equals(action)) {
            if (d.containsKey("to") || d.containsKey("from")) {
                problem("default", "\"to\" and \"from\" belong to action \"redirect\" only");
            }
        } else {
            problem("default.action", "must be \"pass\", \"block\" or \"redirect\"");
        }
    }

    private void checkRules(Object value, List<String> hosts) {
        if (value == null) {
            return;
        }
        if (!(value instanceof List<?> list)) {
            problem("rules", "must be a list of redirect rules");
            return;
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "rules[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                problem(where, "must be an object with country, optional region and from, and to");
                continue;
            }
            Map<String, Object> r = RedirectModel.cast(m);
            unknownKeys(where, r, RULE_KEYS);
            boolean countryOk = checkCountry(where + ".country", r.get("country"));
            Object region = r.get("region");
            if (region != null) {
                checkRegion(where + ".region", region, countryOk ? (String) r.get("country") : null);
            }
            checkFrom(where + ".from", r.get("from"), hosts);
            checkTarget(where + ".to", r.get("to"), hosts);
            String key = r.get("country") + "|" + (region == null ? "" : region) + "|" + r.get("from");
            Integer earlier = seen.putIfAbsent(key, i);
            if (earlier != null) {
                problem(where, "never applies: rules[" + earlier + "] matches the same viewers at the same locations first");
            }
        }
    }

    private void checkRegion(String where, Object value, String country) {
        if (!(value instanceof String s) || !REGION.matcher(s).matches()) {
            problem(where, "\"" + value + "\" is not an ISO 3166-2 code such as \"US-CA\" (country, hyphen, 1-3 letters or digits)");
            return;
        }
        String cc = s.substring(0, 2);
        if (!ISO_COUNTRIES.contains(cc)) {
            problem(where, "\"" + s + "\" does not start with an ISO 3166-1 alpha-2 country code");
        } else if (country != null && !cc.equals(country)) {
            problem(where, "\"" + s + "\" is not a region of the rule's country " + country);
        }
    }

    private void checkFrom(String where, Object value, List<String> hosts) {
        if (value == null) {
            return;
        }
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            problem(where, "must be a non-empty list of locations (\"https://host[/prefix]\" or \"/prefix\")");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            checkLocation(where + "[" + i + "]", list.get(i), hosts, "location");
        }
    }

    private void checkTarget(String where, Object value, List<String> hosts) {
        if (value == null) {
            problem(where, "is required: \"https://host[/prefix]\" or \"/prefix\"");
            return;
        }
        checkLocation(where, value, hosts, "redirect target");
    }

    /** "https://declared-host[/prefix]" or "/prefix": no other scheme, host, userinfo, port, query or fragment. */
    private void checkLocation(String where, Object value, List<String> hosts, String what) {
        if (!(value instanceof String s)) {
            problem(where, what + " must be a string");
            return;
        }
        String path;
        if (s.startsWith("https://")) {
            String rest = s.substring(8);
            int slash = rest.indexOf('/');
            String host = slash < 0 ? rest : rest.substring(0, slash);
            path = slash < 0 ? "" : rest.substring(slash);
            if (!HOST.matcher(host).matches()) {
                problem(where, "\"" + s + "\": \"" + host + "\" is not a lowercase host name (no user, port or wildcard)");
                return;
            }
            if (!hosts.contains(host)) {
                problem(where, "\"" + s + "\": host " + host + " is not declared in hosts; " + what
                        + "s must be on a declared host (no open redirects)");
                return;
            }
            if (path.equals("/")) {
                path = "";
            }
        } else if (s.toLowerCase(Locale.ROOT).startsWith("http://")) {
            problem(where, "\"" + s + "\": " + what + " must use https, not http");
            return;
        } else if (s.startsWith("/") && !s.startsWith("//")) {
            path = s;
        } else {
            problem(where, "\"" + s + "\": " + what + " must be \"https://host[/prefix]\" or \"/prefix\"");
            return;
        }
        if (!path.isEmpty() && !PREFIX.matcher(path).matches()) {
            problem(where, "\"" + s + "\": the path prefix must be /segment[/segment...] of letters, digits, . _ ~ -"
                    + " (no trailing slash, query, fragment or percent-encoding)");
        } else if (path.matches(".*/\\.{1,2}(/.*)?$")) {
            problem(where, "\"" + s + "\": the path prefix must not contain . or .. segments");
        }
    }

    private void checkExempt(Object value) {
        if (value == null) {
            return;
        }
        if (!(value instanceof List<?> list)) {
            problem("exempt", "must be a list of path patterns");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            Object e = list.get(i);
            if (!(e instanceof String s) || !(EXEMPT_PATH.matcher(s).matches() || EXEMPT_EXTENSION.matcher(s).matches())) {
                problem("exempt[" + i + "]", "\"" + e + "\" must be \"/exact/path\", \"/prefix/*\" (a * only at the end)"
                        + " or \"*.ext\"");
            } else if (s.equals("/*") || s.equals("*")) {
                problem("exempt[" + i + "]", "\"" + s + "\" exempts every path, so nothing would ever be redirected");
            }
        }
    }

    private void checkCrawlers(Object value) {
        if (value == null) {
            return;
        }
        if (!(value instanceof List<?> list)) {
            problem("crawlers", "must be a list of User-Agent substrings");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            Object c = list.get(i);
            if (!(c instanceof String s) || !CRAWLER.matcher(s).matches()) {
                problem("crawlers[" + i + "]", "\"" + c + "\" must be 1-64 printable ASCII characters without leading or trailing spaces");
            } else if (s.length() < 3) {
                problem("crawlers[" + i + "]", "\"" + s + "\" is too short: it would match ordinary browsers");
            }
        }
    }

    private void checkOverride(Object value) {
        if (value == null) {
            return;
        }
        if (!(value instanceof Map<?, ?> m)) {
            problem("override", "must be an object with \"query\" and/or \"cookie\"");
            return;
        }
        Map<String, Object> o = RedirectModel.cast(m);
        unknownKeys("override", o, OVERRIDE_KEYS);
        for (String key : OVERRIDE_KEYS) {
            Object v = o.get(key);
            if (v != null && !(v instanceof String s && NAME.matcher(s).matches())) {
                problem("override." + key, "\"" + v + "\" must be a plain " + key + " name (1-64 token characters)");
            }
        }
    }

    private void unknownKeys(String where, Map<String, Object> map, Set<String> allowed) {
        for (String key : map.keySet()) {
            if (!allowed.contains(key)) {
                problem(where.isEmpty() ? key : where + "." + key,
                        "unknown key (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    /** Rules for viewers that the allow/block list stops first never apply. */
    private void checkReachability(Map<String, Object> p) {
        List<String> countries = RedirectModel.strings(p.get("countries"));
        Object mode = p.get("mode");
        List<Map<String, Object>> rules = RedirectModel.maps(p.get("rules"));
        for (int i = 0; i < rules.size(); i++) {
            Object cc = rules.get(i).get("country");
            boolean blocked = "allow".equals(mode) ? !countries.contains(cc) : "block".equals(mode) && countries.contains(cc);
            if (blocked) {
                problem("rules[" + i + "]", "never applies: viewers from " + cc + " are blocked by mode \"" + mode + "\"");
            }
        }
    }

    /**
     * Follows the function's redirects for every kind of viewer the policy names, from every declared
     * host (and an undeclared one) and every path prefix it mentions: a location visited twice is a
     * cycle; a second redirect in a row is a chain (the first rule should point at the final target).
     */
    private void checkRoutes(Map<String, Object> p) {
        RedirectModel model = new RedirectModel(p);
        List<RedirectModel.Viewer> viewers = new ArrayList<>();
        viewers.add(new RedirectModel.Viewer(null, null));
        Set<String> prefixes = new LinkedHashSet<>();
        List<Map<String, Object>> rules = RedirectModel.maps(p.get("rules"));
        List<Map<String, Object>> all = new ArrayList<>(rules);
        if (p.get("default") instanceof Map<?, ?> d) {
            all.add(RedirectModel.cast(d));
        }
        for (Map<String, Object> r : rules) {
            String cc = (String) r.get("country");
            viewers.add(new RedirectModel.Viewer(cc, null));
            if (r.get("region") instanceof String region) {
                viewers.add(new RedirectModel.Viewer(cc, region.substring(3)));
            }
        }
        for (Map<String, Object> r : all) {
            List<Object> locations = new ArrayList<>(RedirectModel.strings(r.get("from")));
            locations.add(r.get("to"));
            for (Object l : locations) {
                if (l instanceof String s) {
                    String path = s.startsWith("https://") ? (s.indexOf('/', 8) < 0 ? "" : s.substring(s.indexOf('/', 8))) : s;
                    prefixes.add(path.replaceFirst("/+$", ""));
                }
            }
        }
        List<String> hosts = new ArrayList<>(RedirectModel.strings(p.get("hosts")));
        hosts.add("undeclared-host.invalid");
        Set<String> reported = new LinkedHashSet<>();
        for (RedirectModel.Viewer viewer : new LinkedHashSet<>(viewers)) {
            for (String host : hosts) {
                for (String prefix : prefixes) {
                    follow(model, viewer, host, prefix + "/page", reported);
                }
            }
        }
        reported.stream().limit(MAX_REPORTED_ROUTES).forEach(m -> problem("rules", m));
        if (reported.size() > MAX_REPORTED_ROUTES) {
            problem("rules", "... and " + (reported.size() - MAX_REPORTED_ROUTES) + " more redirect cycles or chains");
        }
    }

    private static void follow(RedirectModel model, RedirectModel.Viewer viewer, String host, String uri, Set<String> reported) {
        List<String> path = new ArrayList<>();
        List<String> via = new ArrayList<>();
        path.add("https://" + host + uri);
        String h = host;
        String u = uri;
        for (int hop = 0; hop < 8; hop++) {
            RedirectModel.Decision d = model.decide(viewer, h, u);
            if (!(d instanceof RedirectModel.Redirect r)) {
                if (hop > 1) {
                    reported.add("redirect chain for " + viewer.describe() + ": " + String.join(" -> ", path) + " (via "
                            + String.join(", ", via) + "); point the first rule straight at the final target");
                }
                return;
            }
            via.add(r.rule());
            if (path.contains(r.url())) {
                path.add(r.url());
                reported.add("redirect cycle for " + viewer.describe() + ": " + String.join(" -> ", path) + " (via "
                        + String.join(", ", via) + ")");
                return;
            }
            path.add(r.url());
            h = r.host();
            u = r.uri();
        }
        reported.add("redirect chain for " + viewer.describe() + " does not end: " + String.join(" -> ", path));
    }

    private void checkSize(String functionSource, String policyText) {
        String code;
        try {
            code = PolicyRenderer.render(functionSource, policyText);
        } catch (IllegalArgumentException e) {
            problem("", e.getMessage());
            return;
        }
        int bytes = PolicyRenderer.sizeInBytes(code);
        if (bytes > PolicyRenderer.MAX_CODE_BYTES) {
            problem("", "the rendered function is " + bytes + " bytes; CloudFront Functions allow at most "
                    + PolicyRenderer.MAX_CODE_BYTES + " (shorten lists such as exempt, crawlers or blockBody)");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
