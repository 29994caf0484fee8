package com.edgeautopilot.testbed;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads CloudFormation/SAM YAML into plain maps, lists and scalars.
 *
 * <p>Short-form intrinsic tags become the equivalent long form, as CloudFormation itself reads them:
 * {@code !Ref X} → {@code {Ref: X}}, {@code !Condition C} → {@code {Condition: C}}, {@code !GetAtt A.B} →
 * {@code {Fn::GetAtt: [A, B]}}, and every other {@code !Name v} (Sub, If, Equals, Select, Join, FindInMap, Not,
 * And, Or, Split, Base64, ImportValue, GetAZs, Cidr, and any tag added later) → {@code {Fn::Name: v}}, whether
 * its value is a scalar, a list or a map. Only safe YAML types are constructed.
 */
public final class CloudFormationYaml {

    private CloudFormationYaml() {
    }

    /** Parses one YAML document into a map (the template's top level). */
    public static Map<String, Object> parse(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(20 * 1024 * 1024);
        Object root = new Yaml(new IntrinsicsConstructor(options)).load(yaml);
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("template is not a YAML mapping");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> cast = (Map<String, Object>) map;
        return cast;
    }

    /** The long-form key for a short-form tag name ({@code Ref}, {@code Condition} or {@code Fn::<name>}). */
    static String longFormKey(String tagName) {
        return switch (tagName) {
            case "Ref", "Condition" -> tagName;
            default -> "Fn::" + tagName;
        };
    }

    private static final class IntrinsicsConstructor extends SafeConstructor {

        IntrinsicsConstructor(LoaderOptions options) {
            super(options);
            // SnakeYAML uses the null key for every tag it has no constructor for.
            this.yamlConstructors.put(null, new ConstructIntrinsic());
        }

        private final class ConstructIntrinsic extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                String tag = node.getTag().getValue();
                if (!tag.startsWith("!") || tag.startsWith("!!") || tag.length() < 2) {
                    throw new IllegalArgumentException("unsupported YAML tag " + tag + " at " + node.getStartMark());
                }
                String name = tag.substring(1);
                Object value;
                if (node instanceof ScalarNode scalar) {
                    value = scalar.getValue();
                    if (name.equals("GetAtt")) {
                        String text = (String) value;
                        int dot = text.indexOf('.');
                        if (dot <= 0) {
                            throw new IllegalArgumentException("!GetAtt needs Resource.Attribute, got '" + text + "' at " + node.getStartMark());
                        }
                        value = List.of(text.substring(0, dot), text.substring(dot + 1));
                    }
                } else if (node instanceof SequenceNode sequence) {
                    value = new ArrayList<>(constructSequence(sequence));
                } else if (node instanceof MappingNode mapping) {
                    value = new LinkedHashMap<>(constructMapping(mapping));
                } else {
                    throw new IllegalArgumentException("unsupported node for " + tag + " at " + node.getStartMark());
                }
                Map<String, Object> intrinsic = new LinkedHashMap<>();
                intrinsic.put(longFormKey(name), value);
                return intrinsic;
            }
        }
    }
}
