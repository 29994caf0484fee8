package com.edgeautopilot.geo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Renders the CloudFront Function exactly as {@code lib/render.mjs} does: banner, then
 * {@code src/function.js} without indentation, blank lines and whole-line {@code //} comments, with
 * the placeholder replaced by the policy JSON stripped of insignificant whitespace. The tests pin the
 * two renderers together through the code in template.yaml.
 */
public final class PolicyRenderer {

    /** The expression in function.js that rendering replaces with the minified policy. */
    public static final String PLACEHOLDER = "/*@@POLICY@@*/{}";
    /** CloudFront Functions quota on function code size, in bytes. */
    public static final int MAX_CODE_BYTES = 10_240;
    public static final String BANNER =
            "// Edge Autopilot geo router, rendered from functions/edge-geo-router (src/function.js + policy.json)";
    /** Where the function source lives, relative to the repository root. */
    public static final Path FUNCTION_SOURCE = Path.of("functions", "edge-geo-router", "src", "function.js");

    private PolicyRenderer() {
    }

    public static String render(String functionSource, String policyText) {
        String[] parts = compactSource(functionSource).split(java.util.regex.Pattern.quote(PLACEHOLDER), -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("function.js must contain the placeholder " + PLACEHOLDER + " exactly once");
        }
        return BANNER + "\n" + parts[0] + minifyJson(policyText) + parts[1] + "\n";
    }

    public static String render(Path repoRoot, String policyText) throws IOException {
        return render(Files.readString(repoRoot.resolve(FUNCTION_SOURCE), StandardCharsets.UTF_8), policyText);
    }

    public static int sizeInBytes(String code) {
        return code.getBytes(StandardCharsets.UTF_8).length;
    }

    static String compactSource(String source) {
        return Arrays.stream(source.split("\r?\n", -1))
                .map(l -> l.replaceFirst("^[ \t]+", "").replaceFirst("[ \t]+$", ""))
                .filter(l -> !l.isEmpty() && !l.startsWith("//"))
                .collect(Collectors.joining("\n"));
    }

    /**
     * Removes whitespace outside strings; inside strings escapes U+007F-U+009F, U+2028, U+2029 and U+FEFF
     * (ES5 string literals and YAML line handling trip on them). Expects valid JSON.
     */
    static String minifyJson(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\' && i + 1 < text.length()) {
                    out.append(c).append(text.charAt(++i));
                    continue;
                }
                if (c == '"') {
                    inString = false;
                }
                if ((c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0xfeff) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            } else if (c == '"') {
                inString = true;
                out.append(c);
            } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                out.append(c);
            }
        }
        return out.toString();
    }
}
