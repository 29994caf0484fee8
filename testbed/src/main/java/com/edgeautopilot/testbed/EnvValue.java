package com.edgeautopilot.testbed;

/** One environment variable of a function as template.yaml declares it, resolved as far as the template alone allows. */
public sealed interface EnvValue {

    /** A literal, or a parameter's default, or an intrinsic computed from those. */
    record Literal(String value) implements EnvValue {
    }

    /**
     * A value that only exists once the stack does: {@code !Ref Resource} ({@code attribute} null) or
     * {@code !GetAtt Resource.Attribute}. Local runs create a stand-in for it.
     */
    record Resource(String logicalId, String type, String attribute) implements EnvValue {
        public String describe() {
            return attribute == null ? "!Ref " + logicalId : "!GetAtt " + logicalId + "." + attribute;
        }
    }

    /** The template uses something the CLI cannot resolve locally; the variable must be given another way (the CLI: --env). */
    record Unresolved(String why) implements EnvValue {
    }
}
