package com.edgeautopilot.geo;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyRendererTest {

    /** Reads CloudFormation short-form tags (!Ref, !Sub, ...) as their plain values. */
    private static final class CfnConstructor extends SafeConstructor {
        CfnConstructor() {
            super(new LoaderOptions());
            this.yamlConstructors.put(null, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    if (node instanceof ScalarNode s) {
                        return constructScalar(s);
                    }
                    if (node instanceof SequenceNode q) {
                        return constructSequence(q);
                    }
                    return constructMapping((MappingNode) node);
                }
            });
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void rendersExactlyTheCodeTemplateYamlDeploys() {
        Map<String, Object> template = new Yaml(new CfnConstructor()).load(TestFiles.read(TestFiles.ROOT.resolve("template.yaml")));
        Map<String, Object> resources = (Map<String, Object>) template.get("Resources");
        Map<String, Object> function = (Map<String, Object>) resources.get("EdgeGeoRouterFunction");
        Map<String, Object> properties = (Map<String, Object>) function.get("Properties");
        String rendered = PolicyRenderer.render(TestFiles.functionSource(), TestFiles.shippedPolicy());
        assertEquals(rendered, properties.get("FunctionCode"),
                "template.yaml is out of date or the Java renderer drifted from lib/render.mjs: run `npm run render` in functions/edge-geo-router");
        assertTrue(PolicyRenderer.sizeInBytes(rendered) <= PolicyRenderer.MAX_CODE_BYTES);
    }

    @Test
    void compactsLikeTheNodeRenderer() {
        assertEquals("var a = 1; // keep\nfunction f() {\nreturn a;\n}",
                PolicyRenderer.compactSource("// c\n  var a = 1; // keep\n\n\t  function f() {\r\n    return a;  \n}\n"));
    }

    @Test
    void minifiesLikeTheNodeRenderer() {
        assertEquals("{\"a\":[1,\"x y\\\" }\"],\"b\":\"\\u2028\\u0085\"}",
                PolicyRenderer.minifyJson("{ \"a\" : [ 1, \"x y\\\" }\" ],\n \"b\": \"\u2028\u0085\" }"));
    }

    @Test
    void requiresThePlaceholderOnce() {
        assertThrows(IllegalArgumentException.class, () -> PolicyRenderer.render("function handler(event) {}", "{}"));
        String twice = "var P = " + PolicyRenderer.PLACEHOLDER + ";\nvar Q = " + PolicyRenderer.PLACEHOLDER + ";";
        assertThrows(IllegalArgumentException.class, () -> PolicyRenderer.render(twice, "{}"));
        assertEquals(PolicyRenderer.BANNER + "\nvar P = {\"a\":1};\n", PolicyRenderer.render("var P = " + PolicyRenderer.PLACEHOLDER + ";", "{ \"a\": 1 }"));
    }
}
