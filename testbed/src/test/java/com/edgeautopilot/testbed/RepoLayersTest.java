package com.edgeautopilot.testbed;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each function is deployed with exactly the layers whose code it is compiled against: the layer modules its pom takes
 * with {@code provided} scope (they are not in its package) are the layers in its template {@code Layers}, matched
 * through the Makefile targets {@code sam build} runs ({@code build-<LogicalId>: scripts/build-artifact KIND MODULE}).
 * A layer missing from the template fails on Lambda with NoClassDefFoundError on the first call of that service; an
 * extra one loads SDK modules the function never calls.
 */
class RepoLayersTest {

    private static final Pattern TARGET = Pattern.compile("(?m)^build-(\\w+):\\n\\t\\./scripts/build-artifact (layer|function|fleet) (\\S+) ");

    @Test
    void eachFunctionGetsTheLayersItsCodeIsCompiledAgainstAndNoOther() throws Exception {
        TemplateModel template = TemplateModel.load(RepoPaths.template());
        Map<String, String> layerByModule = new LinkedHashMap<>();
        Map<String, String> moduleByFunction = new LinkedHashMap<>();
        Set<String> dataLayers = new TreeSet<>(); // no code: the fleet files every function reads (FLEET_FILE)
        Matcher target = TARGET.matcher(Files.readString(RepoPaths.root().resolve("Makefile")));
        while (target.find()) {
            if (target.group(2).equals("fleet")) {
                dataLayers.add(target.group(1));
                layerByModule.put(target.group(3), target.group(1));
            } else if (target.group(2).equals("layer")) {
                layerByModule.put(Path.of(target.group(3)).getFileName().toString(), target.group(1));
            } else {
                moduleByFunction.put(target.group(1), target.group(3));
            }
        }
        assertEquals(Set.copyOf(template.resourcesOfType("AWS::Serverless::LayerVersion")), Set.copyOf(layerByModule.values()),
                "every template layer has a Makefile target building it, and only those");
        List<String> functions = template.resourcesOfType("AWS::Serverless::Function");
        assertEquals(Set.copyOf(functions), moduleByFunction.keySet(), "every Java function has a Makefile target");
        for (String function : functions) {
            Set<String> compiledAgainst = new TreeSet<>();
            for (String module : providedProjectModules(RepoPaths.root().resolve(moduleByFunction.get(function)).resolve("pom.xml"))) {
                assertTrue(layerByModule.containsKey(module), function + ": provided module " + module + " is not a layer");
                compiledAgainst.add(layerByModule.get(module));
            }
            assertFalse(compiledAgainst.isEmpty(), function);
            Set<String> deployed = new TreeSet<>(deployedWith(template, function));
            assertTrue(deployed.containsAll(dataLayers), function + " reads its fleet file, so it has the fleet layer " + dataLayers);
            deployed.removeAll(dataLayers);
            assertEquals(compiledAgainst, deployed, function + "'s code layers in template.yaml");
        }
    }

    /** The artifactIds of this project's modules a pom depends on with {@code provided} scope. */
    private static List<String> providedProjectModules(Path pom) throws Exception {
        NodeList dependencies = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile())
                .getElementsByTagName("dependency");
        List<String> modules = new ArrayList<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            if (text(dependency, "groupId").equals("com.edgeautopilot") && text(dependency, "scope").equals("provided")) {
                modules.add(text(dependency, "artifactId"));
            }
        }
        return modules;
    }

    private static String text(Element element, String child) {
        NodeList nodes = element.getElementsByTagName(child);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
    }

    /** A function's {@code Layers}: {@code !Ref} to layers of this template. */
    private static List<String> deployedWith(TemplateModel template, String function) {
        Object layers = template.resourceProperty(function, "Layers");
        assertTrue(layers instanceof List<?>, function + " lists its layers");
        return ((List<?>) layers).stream().map(ref -> {
            assertTrue(ref instanceof Map<?, ?> m && m.containsKey("Ref"), function + ": a layer of this template (!Ref), got " + ref);
            return String.valueOf(((Map<?, ?>) ref).get("Ref"));
        }).toList();
    }
}
