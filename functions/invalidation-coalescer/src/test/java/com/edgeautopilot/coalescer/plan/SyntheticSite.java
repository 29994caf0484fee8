package com.edgeautopilot.coalescer.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * A realistic static site's S3 keys, generated from a seed: marketing pages in several languages, hashed build
 * assets, a blog by year/month with a directory per post, versioned docs, a product catalogue with a directory and
 * images per product, and a media library of user uploads (with the spaces, parentheses and accents users type).
 * Served at the root of a distribution with {@code index.html} as default root object and directory index.
 */
final class SyntheticSite {

    static final OriginRoute ROUTE = new OriginRoute("E2QWRUHAPOMQZL", "example-site", "", "", "index.html", "index.html");

    private static final String[] WORDS = {"alpine", "amber", "atlas", "aurora", "basalt", "beacon", "birch", "cobalt",
            "coral", "crest", "delta", "dune", "ember", "fjord", "flint", "glacier", "harbor", "helix", "indigo", "juniper",
            "kestrel", "lagoon", "lumen", "maple", "meadow", "nimbus", "nova", "onyx", "orbit", "pine", "prism", "quartz",
            "raven", "ridge", "sable", "sierra", "solstice", "summit", "tundra", "umber", "vertex", "willow", "zephyr"};
    private static final String[] UPLOAD_NAMES = {"IMG_%04d.jpg", "Team photo (%d).jpg", "café menu %d.pdf", "résumé-%d.pdf",
            "screenshot %d.png", "banner_%d.webp", "Präsentation %d.pdf", "report-q%d.pdf", "logo v%d.svg", "diagram[%d].png"};

    final Set<String> keys = new LinkedHashSet<>();         // every object, in generation order
    final List<String> rootFiles = new ArrayList<>();
    final List<String> assets = new ArrayList<>();
    final List<String> localePages = new ArrayList<>();
    final List<String> blogPosts = new ArrayList<>();       // post directories, like "blog/2024/03/harbor-ridge/"
    final List<String> blogOther = new ArrayList<>();
    final List<String> docsPages = new ArrayList<>();       // page directories
    final List<String> productPages = new ArrayList<>();    // product directories
    final List<String> productImages = new ArrayList<>();
    final List<String> media = new ArrayList<>();           // uploads: the part a site rebuild does not touch

    private SyntheticSite() {
    }

    /**
     * @param scale 1 gives about 68,000 objects (50,000 of them rebuilt by a deploy); larger values grow the blog,
     *              docs, catalogue and media library proportionally
     */
    static SyntheticSite generate(long seed, double scale) {
        SyntheticSite site = new SyntheticSite();
        Random r = new Random(seed);
        for (String f : List.of("index.html", "404.html", "robots.txt", "sitemap.xml", "favicon.ico", "manifest.json",
                "apple-touch-icon.png", "feed.xml")) {
            site.add(site.rootFiles, f);
        }
        for (int i = 0; i < 600; i++) {
            String hash = hex(r, 8);
            site.add(site.assets, "assets/js/chunk-" + hash + ".js");
            site.add(site.assets, "assets/js/chunk-" + hash + ".js.map");
        }
        for (int i = 0; i < 80; i++) {
            site.add(site.assets, "assets/css/" + word(r) + "-" + hex(r, 8) + ".css");
        }
        for (String weight : List.of("300", "400", "500", "700")) {
            for (String family : List.of("inter", "merriweather", "jetbrains-mono")) {
                for (String ext : List.of("woff2", "woff", "ttf", "eot")) {
                    site.add(site.assets, "assets/fonts/" + family + "-" + weight + "." + ext);
                }
            }
        }
        for (int i = 0; i < 400; i++) {
            site.add(site.assets, "assets/img/icons/" + word(r) + "-" + i + ".svg");
        }
        for (int i = 0; i < 250; i++) {
            site.add(site.assets, "assets/img/ui/" + word(r) + "-" + i + ".png");
        }
        List<String> marketing = new ArrayList<>(List.of("about", "pricing", "contact", "careers", "security", "partners", "press"));
        for (int i = 0; i < 70; i++) {
            marketing.add("features/" + word(r) + "-" + i);
        }
        for (String locale : List.of("en", "fr", "de", "es", "it", "ja", "pt-br")) {
            site.add(site.localePages, locale + "/index.html");
            for (String page : marketing) {
                site.add(site.localePages, locale + "/" + page + "/index.html");
            }
        }
        int years = (int) Math.round(13 * Math.min(1, scale));
        int postsPerMonthMax = (int) Math.round(12 * Math.max(1, scale));
        for (int year = 2025 - years + 1; year <= 2025; year++) {
            for (int month = 1; month <= 12; month++) {
                int posts = 4 + r.nextInt(Math.max(1, postsPerMonthMax - 3));
                for (int p = 0; p < posts; p++) {
                    String dir = String.format(Locale.ROOT, "blog/%d/%02d/%s-%s-%d/", year, month, word(r), word(r), p);
                    site.blogPosts.add(dir);
                    site.add(null, dir + "index.html");
                    int images = r.nextInt(6);
                    for (int k = 0; k < images; k++) {
                        site.add(null, dir + "figure-" + (k + 1) + (r.nextBoolean() ? ".png" : ".jpg"));
                    }
                }
            }
        }
        site.add(site.blogOther, "blog/index.html");
        for (int page = 2; page <= site.blogPosts.size() / 10; page++) {
            site.add(site.blogOther, "blog/page/" + page + "/index.html");
        }
        for (int t = 0; t < 250 * scale; t++) {
            site.add(site.blogOther, "blog/tag/" + word(r) + "-" + t + "/index.html");
        }
        int versions = 8;
        int sections = (int) Math.round(16 * scale);
        for (int v = 1; v <= versions; v++) {
            site.add(null, "docs/v" + v + "/index.html");
            for (int s = 0; s < sections; s++) {
                String section = "docs/v" + v + "/" + word(r) + "-" + s + "/";
                site.add(null, section + "index.html");
                int pages = 10 + r.nextInt(21);
                for (int p = 0; p < pages; p++) {
                    String dir = section + word(r) + "-" + p + "/";
                    site.docsPages.add(dir);
                    site.add(null, dir + "index.html");
                    int images = r.nextInt(3);
                    for (int k = 0; k < images; k++) {
                        site.add(null, dir + "diagram-" + k + ".svg");
                    }
                }
            }
        }
        int categories = (int) Math.round(30 * scale);
        for (int c = 0; c < categories; c++) {
            String category = "products/" + word(r) + "-" + word(r) + "-" + c + "/";
            site.add(null, category + "index.html");
            int products = 100 + r.nextInt(101);
            for (int p = 0; p < products; p++) {
                String dir = category + word(r) + "-" + hex(r, 4) + "/";
                site.productPages.add(dir);
                site.add(null, dir + "index.html");
                int images = 4 + r.nextInt(5);
                for (int k = 0; k < images; k++) {
                    site.add(site.productImages, dir + (k == 0 ? "hero" : "view-" + k) + (r.nextInt(3) == 0 ? ".jpg" : ".webp"));
                }
            }
        }
        for (int m = 0; m < 132; m++) {
            String dir = String.format(Locale.ROOT, "media/uploads/%d/%02d/", 2015 + m / 12, m % 12 + 1);
            int files = (int) Math.round((70 + r.nextInt(80)) * scale);
            for (int f = 0; f < files; f++) {
                site.add(site.media, dir + String.format(Locale.ROOT, UPLOAD_NAMES[r.nextInt(UPLOAD_NAMES.length)], f));
            }
        }
        return site;
    }

    /** Every URL path the site serves (with the index aliases). */
    List<String> urlPaths() {
        return urlPaths(keys);
    }

    static List<String> urlPaths(java.util.Collection<String> keys) {
        List<String> paths = new ArrayList<>(keys.size() * 5 / 4);
        for (String key : keys) {
            paths.addAll(ROUTE.urlPaths(key));
        }
        return paths;
    }

    static Set<String> urlPathSet(Iterable<String> keys) {
        Set<String> paths = new LinkedHashSet<>();
        for (String key : keys) {
            paths.addAll(ROUTE.urlPaths(key));
        }
        return paths;
    }

    /** What a full rebuild uploads: everything but the media library. */
    List<String> deployKeys() {
        Set<String> mediaKeys = Set.copyOf(media);
        return keys.stream().filter(k -> !mediaKeys.contains(k)).toList();
    }

    /** A 40-file hotfix across the site (a stylesheet, pages and images in many directories). */
    List<String> hotfixKeys(Random r) {
        Set<String> picked = new LinkedHashSet<>();
        picked.add(pick(r, assets.stream().filter(k -> k.endsWith(".css")).toList()));
        picked.add(pick(r, assets.stream().filter(k -> k.endsWith(".js")).toList()));
        picked.add(pick(r, assets.stream().filter(k -> k.endsWith(".js")).toList()));
        picked.add("index.html");
        picked.add("404.html");
        picked.add("sitemap.xml");
        while (picked.size() < 14) {
            picked.add(pick(r, docsPages) + "index.html");
        }
        while (picked.size() < 24) {
            picked.add(pick(r, productPages) + "index.html");
        }
        while (picked.size() < 30) {
            picked.add(pick(r, productImages));
        }
        while (picked.size() < 35) {
            picked.add(pick(r, blogPosts) + "index.html");
        }
        while (picked.size() < 38) {
            picked.add(pick(r, media));
        }
        while (picked.size() < 40) {
            picked.add(pick(r, localePages));
        }
        return List.copyOf(picked);
    }

    /**
     * Content edits over {@code minutes} minutes, a few a minute (Poisson, mean {@code perMinute}): product edits, blog
     * posts published or edited, media uploads, docs fixes. One list of keys per minute; new objects are added to the
     * site's keys.
     */
    List<List<String>> cmsTrickle(Random r, int minutes, double perMinute) {
        List<List<String>> byMinute = new ArrayList<>();
        int published = 0;
        int uploads = 0;
        for (int minute = 0; minute < minutes; minute++) {
            List<String> changed = new ArrayList<>();
            int events = poisson(r, perMinute);
            for (int e = 0; e < events; e++) {
                int kind = r.nextInt(100);
                if (kind < 50) {
                    String product = pick(r, productPages);
                    changed.add(product + "index.html");
                    if (r.nextInt(10) < 3) {
                        changed.add(product + "hero.webp");
                    }
                } else if (kind < 60) {
                    String dir = String.format(Locale.ROOT, "blog/2025/12/%s-new-post-%d/", word(r), published++);
                    for (String f : List.of("index.html", "figure-1.png", "figure-2.png", "figure-3.jpg")) {
                        add(null, dir + f);
                        changed.add(dir + f);
                    }
                    blogPosts.add(dir);
                    changed.addAll(List.of("blog/index.html", "index.html", "sitemap.xml", "feed.xml"));
                } else if (kind < 75) {
                    changed.add(pick(r, blogPosts) + "index.html");
                } else if (kind < 95) {
                    String key = "media/uploads/2025/12/" + String.format(Locale.ROOT, UPLOAD_NAMES[r.nextInt(UPLOAD_NAMES.length)], 1000 + uploads++);
                    add(media, key);
                    changed.add(key);
                } else {
                    changed.add(pick(r, docsPages) + "index.html");
                }
            }
            byMinute.add(changed);
        }
        return byMinute;
    }

    private void add(List<String> group, String key) {
        keys.add(key);
        if (group != null) {
            group.add(key);
        }
    }

    private static String pick(Random r, List<String> list) {
        return list.get(r.nextInt(list.size()));
    }

    private static String word(Random r) {
        return WORDS[r.nextInt(WORDS.length)];
    }

    private static String hex(Random r, int digits) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < digits; i++) {
            sb.append(Character.forDigit(r.nextInt(16), 16));
        }
        return sb.toString();
    }

    private static int poisson(Random r, double mean) {
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
