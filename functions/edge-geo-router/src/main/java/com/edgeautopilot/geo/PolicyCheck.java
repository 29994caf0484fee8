package com.edgeautopilot.geo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./autopilot policy check FILE}: validates a geo router policy before it is rendered and
 * deployed. Prints each problem on its own line and exits 1 when there is any, 0 when the policy is
 * valid, 2 on a usage or read error. The rendered-size check reads src/function.js from the
 * repository ({@code -Dedgeautopilot.repoRoot}, else found above the policy file or the working
 * directory); {@code --no-size} skips it.
 */
public final class PolicyCheck {

    private PolicyCheck() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean checkSize = true;
        Path file = null;
        for (String arg : args) {
            if (arg.equals("--no-size")) {
                checkSize = false;
            } else if (arg.startsWith("-") || file != null) {
                err.println("usage: policy check FILE [--no-size]");
                return 2;
            } else {
                file = Path.of(arg);
            }
        }
        if (file == null) {
            err.println("usage: policy check FILE [--no-size]");
            return 2;
        }
        String policyText;
        String functionSource = null;
        try {
            policyText = Files.readString(file, StandardCharsets.UTF_8);
            if (checkSize) {
                Optional<Path> root = RepoRoot.find(file.toAbsolutePath().getParent()).or(RepoRoot::find);
                if (root.isEmpty()) {
                    err.println("cannot find the repository (template.yaml and " + PolicyRenderer.FUNCTION_SOURCE
                            + ") to check the rendered size; run from the repository or pass --no-size");
                    return 2;
                }
                functionSource = Files.readString(root.get().resolve(PolicyRenderer.FUNCTION_SOURCE), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            err.println("cannot read " + e.getMessage());
            return 2;
        }
        List<PolicyValidator.Problem> problems = PolicyValidator.validate(policyText, functionSource);
        if (problems.isEmpty()) {
            String size = functionSource == null ? ""
                    : " (rendered function " + PolicyRenderer.sizeInBytes(PolicyRenderer.render(functionSource, policyText))
                    + " of " + PolicyRenderer.MAX_CODE_BYTES + " bytes)";
            out.println(file + ": valid" + size);
            return 0;
        }
        out.println(file + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems"));
        problems.forEach(p -> out.println("  " + p));
        return 1;
    }
}
