package com.edgeautopilot.testbed;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DynamoDB tables declared in {@code template.yaml}, the one source of truth for tables in tests.
 *
 * <p>Reads {@code AWS::DynamoDB::Table} (and {@code AWS::DynamoDB::GlobalTable}, {@code AWS::Serverless::SimpleTable})
 * resources into {@link TemplateTable}s that create the same table in DynamoDB Local under a name the test chooses,
 * and expose its {@link TableShape} for comparison with what the code expects. Values may be literals or
 * {@code !Ref} to a template parameter with a {@code Default}; anything else in a key, index or TTL field fails
 * with a message naming the field.
 */
public final class TemplateTables {

    static final String DYNAMODB_TABLE = "AWS::DynamoDB::Table";
    static final String DYNAMODB_GLOBAL_TABLE = "AWS::DynamoDB::GlobalTable";
    static final String SAM_SIMPLE_TABLE = "AWS::Serverless::SimpleTable";

    private static final Map<Path, TemplateTables> CACHE = new ConcurrentHashMap<>();

    private final String source;
    private final Map<String, TemplateTable> tables;

    private TemplateTables(String source, Map<String, TemplateTable> tables) {
        this.source = source;
        this.tables = Collections.unmodifiableMap(tables);
    }

    /** The tables of the repository's {@code template.yaml} (see {@link RepoPaths#template()}), parsed once per JVM. */
    public static TemplateTables fromRepo() {
        return load(RepoPaths.template());
    }

    /** The tables of the template at {@code path}, parsed once per JVM and path. */
    public static TemplateTables load(Path path) {
        Path key = path.toAbsolutePath().normalize();
        return CACHE.computeIfAbsent(key, p -> parse(RepoPaths.read(p), p.toString()));
    }

    /** Parses template text; {@code source} names it in error messages. */
    public static TemplateTables parse(String yaml, String source) {
        Map<String, Object> template;
        try {
            template = CloudFormationYaml.parse(yaml);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + ": not a readable CloudFormation template: " + e.getMessage(), e);
        }
        TemplateValues values = new TemplateValues(source, template);
        Map<String, TemplateTable> tables = new LinkedHashMap<>();
        Object resources = template.get("Resources");
        if (resources instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String logicalId = String.valueOf(entry.getKey());
                if (!(entry.getValue() instanceof Map<?, ?> resource)) {
                    continue;
                }
                Object type = resource.get("Type");
                if (DYNAMODB_TABLE.equals(type) || DYNAMODB_GLOBAL_TABLE.equals(type) || SAM_SIMPLE_TABLE.equals(type)) {
                    tables.put(logicalId, TemplateTable.parse(logicalId, (String) type, resource, values));
                }
            }
        }
        return new TemplateTables(source, tables);
    }

    /** Where the template came from (its path, or the name given to {@link #parse}). */
    public String source() {
        return source;
    }

    /** Logical IDs of the table resources, in template order. */
    public List<String> logicalIds() {
        return new ArrayList<>(tables.keySet());
    }

    public Collection<TemplateTable> tables() {
        return tables.values();
    }

    /** The table resource with this logical ID; fails listing the ones that exist. */
    public TemplateTable table(String logicalId) {
        TemplateTable table = tables.get(logicalId);
        if (table == null) {
            throw new IllegalArgumentException(source + " has no DynamoDB table resource '" + logicalId
                    + "'; it has " + (tables.isEmpty() ? "none" : tables.keySet()));
        }
        return table;
    }
}
