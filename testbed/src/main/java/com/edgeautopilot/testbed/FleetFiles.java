package com.edgeautopilot.testbed;

import com.edgeautopilot.common.FleetFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The fleet files of config/ (one per environment) as tests read them: their content, the template parameter values
 * {@code sam deploy} takes from them, and the settings the functions read from their JSON copy in the fleet layer.
 */
public final class FleetFiles {

    /** Keys of a fleet file that are not template parameters: the functions read them (FleetFile). */
    public static final List<String> FUNCTION_ONLY_KEYS = List.of("SiteRoutes", "ProtectedDistributions", "EventPatternSizeQuota");

    private FleetFiles() {
    }

    /** config/&lt;name&gt;.yaml of the repository. */
    public static Path path(String name) {
        return RepoPaths.root().resolve("config").resolve(name + ".yaml");
    }

    /** A fleet file's content; a missing file is an {@link IllegalArgumentException} naming it. */
    public static Map<String, Object> load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no fleet file " + file);
        }
        Map<String, Object> content = CloudFormationYaml.parse(RepoPaths.read(file));
        return content == null ? Map.of() : content;
    }

    /**
     * The template parameter values a fleet file gives {@code sam deploy}, as SAM CLI's parameter-file reader makes
     * them: a list becomes its comma-joined items, a null value an empty string, anything else its text; the
     * function-only keys are left out (sam deploy passes only the template's parameters).
     */
    public static Map<String, String> parameterValues(Map<String, Object> fleet) {
        Map<String, String> values = new LinkedHashMap<>();
        fleet.forEach((key, value) -> {
            if (FUNCTION_ONLY_KEYS.contains(key)) {
                return;
            }
            if (value instanceof List<?> list) {
                values.put(key, String.join(",", list.stream().filter(item -> item != null && !"".equals(item))
                        .map(item -> String.valueOf(item).strip()).toList()));
            } else {
                values.put(key, value == null ? "" : String.valueOf(value));
            }
        });
        return values;
    }

    /** The settings the functions read from this fleet (what {@link FleetFile} serves), by setting name. */
    public static Map<String, String> functionSettings(Map<String, Object> fleet) {
        Function<String, String> settings = FleetFile.of(fleet).settings();
        Map<String, String> out = new TreeMap<>();
        for (String name : FleetFile.SETTING_KEYS.keySet()) {
            String value = settings.apply(name);
            if (value != null) {
                out.put(name, value);
            }
        }
        return out;
    }
}
