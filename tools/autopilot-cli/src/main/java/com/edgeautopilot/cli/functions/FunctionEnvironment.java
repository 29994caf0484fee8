package com.edgeautopilot.cli.functions;

import com.edgeautopilot.cli.CliException;
import com.edgeautopilot.common.FleetFile;
import com.edgeautopilot.testbed.EnvValue;
import com.edgeautopilot.testbed.FleetFiles;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A function's environment as the CLI runs it: template.yaml's variables for the function (parameters at their
 * defaults, resources bound to local stand-ins), each overridden by the same variable in the process environment,
 * then by {@code --env KEY=VALUE}, which may also add variables. What a deployed function reads from its fleet file
 * in the fleet layer ({@code FLEET_FILE=/opt/fleet/<env>.json}) comes from the repository's {@code config/<env>.yaml}.
 */
public final class FunctionEnvironment {

    private FunctionEnvironment() {
    }

    public static Map<String, String> resolve(Map<String, EnvValue> template, Map<String, String> processEnv,
                                              Map<String, String> overrides,
                                              BiFunction<EnvValue.Resource, String, String> bindResource) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, EnvValue> entry : template.entrySet()) {
            String name = entry.getKey();
            if (overrides.containsKey(name)) {
                env.put(name, overrides.get(name));
            } else if (processEnv.containsKey(name)) {
                env.put(name, processEnv.get(name));
            } else if (entry.getValue() instanceof EnvValue.Literal literal) {
                env.put(name, literal.value());
            } else if (entry.getValue() instanceof EnvValue.Resource resource) {
                env.put(name, bindResource.apply(resource, name));
            } else if (entry.getValue() instanceof EnvValue.Unresolved unresolved) {
                throw CliException.failure(name + " cannot be resolved from template.yaml (" + unresolved.why() + "); pass --env "
                        + name + "=<value>");
            }
        }
        String fleetFile = env.remove(FleetFile.LOCATION);
        if (fleetFile != null) {
            String fleet = fleetFile.substring(fleetFile.lastIndexOf('/') + 1).replaceFirst("\\.json$", "");
            Map<String, Object> content;
            try {
                content = FleetFiles.load(FleetFiles.path(fleet));
            } catch (IllegalArgumentException e) {
                throw CliException.failure(e.getMessage() + " (" + FleetFile.LOCATION + " is " + fleetFile + ")");
            }
            FleetFiles.functionSettings(content).forEach((name, value) ->
                    env.putIfAbsent(name, overrides.getOrDefault(name, processEnv.getOrDefault(name, value))));
        }
        overrides.forEach(env::putIfAbsent);
        return env;
    }
}
