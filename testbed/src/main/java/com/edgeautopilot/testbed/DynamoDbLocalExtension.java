package com.edgeautopilot.testbed;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JUnit 5 extension: DynamoDB Local in the test JVM (one per JVM, stopped when the test plan ends) and, optionally,
 * the template's tables created under names unique to the test class.
 *
 * <pre>{@code
 * @ExtendWith(DynamoDbLocalExtension.class)            // just the server; inject DynamoDbLocal into methods
 *
 * @RegisterExtension                                   // server + template tables for this class
 * static final DynamoDbLocalExtension DYNAMO =
 *         DynamoDbLocalExtension.withTemplateTables("PendingChangesTable", "LeasesTable");
 * ...
 * new DynamoPendingChangeStore(DYNAMO.client(), DYNAMO.tableName("PendingChangesTable"));
 * }</pre>
 * Tables are created before the class's first test (named {@code <LogicalId>-<TestClass>-<n>}) and deleted after
 * its last; {@link #freshTablesForEachTest()} recreates them empty before every test instead (do not combine with
 * parallel test methods). Registered on an instance field instead of a static one, it gives each test its own
 * tables (JUnit calls no class-level callbacks for instance fields). Clients come from {@link LocalAws}, i.e. the
 * production factory.
 */
public final class DynamoDbLocalExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DynamoDbLocalExtension.class);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final List<String> logicalIds;
    private final TemplateTables templateOverride;
    private final boolean freshEachTest;
    private final Map<String, String> tableNames = new LinkedHashMap<>();
    private int depth;
    private boolean classScoped;

    /** Server only (for {@code @ExtendWith}). */
    public DynamoDbLocalExtension() {
        this(List.of(), null, false);
    }

    private DynamoDbLocalExtension(List<String> logicalIds, TemplateTables template, boolean freshEachTest) {
        this.logicalIds = List.copyOf(logicalIds);
        this.templateOverride = template;
        this.freshEachTest = freshEachTest;
    }

    /** Server plus these tables of the repository's template.yaml, created per test class. */
    public static DynamoDbLocalExtension withTemplateTables(String... logicalIds) {
        return new DynamoDbLocalExtension(List.of(logicalIds), null, false);
    }

    /** Server plus these tables of another template (e.g. a fixture), created per test class. */
    public static DynamoDbLocalExtension withTablesFrom(TemplateTables template, String... logicalIds) {
        return new DynamoDbLocalExtension(List.of(logicalIds), template, false);
    }

    /** Same tables, but deleted and recreated empty before every test method. */
    public DynamoDbLocalExtension freshTablesForEachTest() {
        return new DynamoDbLocalExtension(logicalIds, templateOverride, true);
    }

    /** Name of this test class's table for a template logical ID (valid from {@code @BeforeAll} on). */
    public synchronized String tableName(String logicalId) {
        String name = tableNames.get(logicalId);
        if (name == null) {
            throw new IllegalStateException("no table for " + logicalId + " in this test class; registered tables: "
                    + logicalIds + (tableNames.isEmpty() ? " (not created yet: use it from @BeforeAll or later)" : ""));
        }
        return name;
    }

    /** DynamoDB client wired like production, pointed at DynamoDB Local. */
    public DynamoDbClient client() {
        return aws().dynamoDb();
    }

    /** The running server (started if needed). */
    public DynamoDbLocal server() {
        return DynamoDbLocal.shared();
    }

    /** Clients for every stand-in running now (see {@link LocalAws#current()}). */
    public LocalAws aws() {
        server();
        return LocalAws.current();
    }

    /** Starts (once per JVM) and registers the server for stopping when the whole test plan ends. */
    static DynamoDbLocal startShared(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(DynamoDbLocal.class, key -> new StopAtEnd(DynamoDbLocal.shared()), StopAtEnd.class)
                .server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startShared(context);
        synchronized (this) {
            classScoped = true;
            if (depth++ > 0) {
                return; // a @Nested class: the outer class's tables serve it
            }
            assignNames(context);
        }
        createTables();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        startShared(context);
        if (!classScoped) {
            synchronized (this) {
                assignNames(context);
            }
            createTables();
        } else if (freshEachTest) {
            deleteTables();
            createTables();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!classScoped) {
            deleteTables();
            synchronized (this) {
                tableNames.clear();
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        synchronized (this) {
            if (--depth > 0) {
                return;
            }
        }
        try {
            TimeToLiveGuard.check(client());
        } finally {
            deleteTables();
        }
        synchronized (this) {
            tableNames.clear();
        }
    }

    private void assignNames(ExtensionContext context) {
        String owner = sanitize(context.getRequiredTestClass().getSimpleName());
        for (String logicalId : logicalIds) {
            String name = sanitize(logicalId) + "-" + owner + "-" + SEQUENCE.incrementAndGet();
            if (name.length() > 255) {
                name = name.substring(name.length() - 255);
            }
            tableNames.put(logicalId, name);
        }
    }

    private TemplateTables template() {
        return templateOverride != null ? templateOverride : TemplateTables.fromRepo();
    }

    private void createTables() {
        if (logicalIds.isEmpty()) {
            return;
        }
        TemplateTables template = template();
        DynamoDbClient client = client();
        for (String logicalId : logicalIds) {
            template.table(logicalId).createIn(client, tableName(logicalId));
        }
    }

    private void deleteTables() {
        if (tableNames.isEmpty()) {
            return;
        }
        DynamoDbClient client = client();
        for (String name : List.copyOf(tableNames.values())) {
            try {
                client.deleteTable(r -> r.tableName(name));
            } catch (ResourceNotFoundException alreadyGone) {
                // fine
            }
        }
    }

    private static String sanitize(String text) {
        String clean = text.replaceAll("[^A-Za-z0-9_.-]", "_");
        return clean.isEmpty() ? "t" : clean;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (parameterContext.getParameter().getType() != DynamoDbLocal.class) {
            return false;
        }
        // Several registrations in one class would be "competing resolvers": the first one asked claims the parameter.
        Object claimant = extensionContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(List.of("resolver", parameterContext.getParameter()), key -> this);
        return claimant == this;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return startShared(extensionContext);
    }

    /** Root-store resource: JUnit closes it when the test plan (all classes in this JVM) is done. */
    private record StopAtEnd(DynamoDbLocal server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.close();
        }
    }
}
