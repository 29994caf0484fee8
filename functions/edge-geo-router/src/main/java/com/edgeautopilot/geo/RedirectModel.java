package com.edgeautopilot.geo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The function's routing decision (src/function.js {@code route}, {@code pick}, {@code loc},
 * {@code rest}) for one viewer at one location, written again in Java so the validator can follow
 * redirects through a policy before it is deployed. Exempt paths, crawlers, the stay override and
 * the HTTP method only ever turn a redirect into a pass, so they are left out here.
 * {@code decisions.json} in the tests holds cases both implementations must answer alike.
 */
final class RedirectModel {

    private static final Pattern COUNTRY = Pattern.compile("^[A-Z]{2}$");

    /** A viewer as CloudFront describes it: country header (null when missing) and region header. */
    record Viewer(String country, String region) {
        Viewer {
            country = country == null ? "" : country.toUpperCase(Locale.ROOT);
            region = region == null ? "" : region.toUpperCase(Locale.ROOT);
        }

        String describe() {
            if (!COUNTRY.matcher(country).matches()) {
                return "viewers of unknown country";
            }
            return "viewers from " + country + (region.isEmpty() ? "" : "-" + region);
        }
    }

    sealed interface Decision permits Pass, Block, Redirect {
    }

    record Pass() implements Decision {
    }

    record Block() implements Decision {
    }

    /** {@code rule} is the rule's place in the policy: {@code rules[i]} or {@code default}. */
    record Redirect(String host, String uri, String rule) implements Decision {
        String url() {
            return "https://" + host + uri;
        }
    }

    private record Target(String host, String prefix) {
    }

    private final Map<String, Object> policy;
    private final List<String> hosts;
    private final List<Map<String, Object>> rules;
    private final Map<String, Object> fallback;

    RedirectModel(Map<String, Object> policy) {
        this.policy = policy;
        this.hosts = strings(policy.get("hosts"));
        this.rules = maps(policy.get("rules"));
        this.fallback = policy.get("default") instanceof Map<?, ?> m ? cast(m) : Map.of();
    }

    Decision decide(Viewer viewer, String host, String uri) {
        String cc = viewer.country();
        boolean known = COUNTRY.matcher(cc).matches();
        List<String> countries = strings(policy.get("countries"));
        Object mode = policy.get("mode");
        Map<String, Object> rule = null;
        String ruleName = null;
        if (!known) {
            Object action = fallback.get("action");
            if ("block".equals(action)) {
                return new Block();
            }
            if ("redirect".equals(action)) {
                rule = fallback;
                ruleName = "default";
            }
        } else if ("allow".equals(mode) ? !countries.contains(cc) : "block".equals(mode) && countries.contains(cc)) {
            return new Block();
        }
        host = host.toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
        if (known) {
            int i = pick(cc, viewer.region(), host, uri);
            rule = i < 0 ? null : rules.get(i);
            ruleName = "rules[" + i + "]";
        } else if (rule != null && !matchFrom(rule, host, uri)) {
            rule = null;
        }
        Target t = rule == null ? null : loc(rule.get("to"), host);
        if (t == null || (t.host().equals(host) && under(uri, t.prefix()))) {
            return new Pass();
        }
        return new Redirect(t.host(), t.prefix() + rest(uri), ruleName);
    }

    /** Index of the rule the function picks: a matching region rule first, else the first country rule. */
    private int pick(String cc, String region, String host, String uri) {
        int best = -1;
        for (int i = 0; i < rules.size(); i++) {
            Map<String, Object> r = rules.get(i);
            if (!cc.equals(r.get("country")) || !matchFrom(r, host, uri)) {
                continue;
            }
            Object ruleRegion = r.get("region");
            if (ruleRegion instanceof String s && !s.isEmpty()) {
                if (s.equals(cc + "-" + region)) {
                    return i;
                }
            } else if (best < 0) {
                best = i;
            }
        }
        return best;
    }

    private boolean matchFrom(Map<String, Object> rule, String host, String uri) {
        Object from = rule.get("from");
        if (from == null) {
            return true;
        }
        List<String> list = from instanceof String s ? List.of(s) : strings(from);
        for (String f : list) {
            Target l = loc(f, host);
            if (l != null && l.host().equals(host) && under(uri, l.prefix())) {
                return true;
            }
        }
        return false;
    }

    private Target loc(Object value, String host) {
        if (!(value instanceof String s)) {
            return null;
        }
        String h;
        String p;
        if (s.startsWith("https://")) {
            s = s.substring(8);
            int i = s.indexOf('/');
            h = (i < 0 ? s : s.substring(0, i)).toLowerCase(Locale.ROOT);
            p = i < 0 ? "" : s.substring(i);
        } else if (s.startsWith("/") && !s.startsWith("//")) {
            h = declared(host) ? host : (hosts.isEmpty() ? null : hosts.get(0));
            p = s;
        } else {
            return null;
        }
        return declared(h) ? new Target(h, p.replaceFirst("/+$", "")) : null;
    }

    private boolean declared(String h) {
        return h != null && !h.isEmpty() && hosts.contains(h);
    }

    static boolean under(String uri, String prefix) {
        return prefix.isEmpty() || uri.equals(prefix) || uri.startsWith(prefix + "/");
    }

    private String rest(String uri) {
        List<Map<String, Object>> all = new ArrayList<>(rules);
        all.add(fallback);
        String best = "";
        for (Map<String, Object> r : all) {
            Target l = loc(r.get("to"), "x");
            if (l != null && l.prefix().length() > best.length() && under(uri, l.prefix())) {
                best = l.prefix();
            }
        }
        String rest = uri.substring(best.length());
        return rest.isEmpty() ? "/" : rest;
    }

    static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof String s) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    static List<Map<String, Object>> maps(Object value) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object o : list) {
                out.add(o instanceof Map<?, ?> m ? cast(m) : Map.of());
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
