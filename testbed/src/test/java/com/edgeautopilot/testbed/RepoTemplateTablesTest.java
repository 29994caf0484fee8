package com.edgeautopilot.testbed;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every table of the repository's template.yaml can be created in DynamoDB Local, with exactly the template's shape. */
@ExtendWith(DynamoDbLocalExtension.class)
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class RepoTemplateTablesTest {

    @TestFactory
    Stream<DynamicTest> everyTemplateTableCreatesWithItsShape() {
        boolean hasTemplate;
        try {
            hasTemplate = Files.isRegularFile(RepoPaths.template());
        } catch (IllegalStateException noRepo) {
            hasTemplate = false;
        }
        assumeTrue(hasTemplate, "no template.yaml in the repository yet");
        TemplateTables template = TemplateTables.fromRepo();
        assumeTrue(!template.logicalIds().isEmpty(), "template.yaml has no DynamoDB tables yet");
        return template.tables().stream().map(table -> DynamicTest.dynamicTest(table.logicalId(), () -> {
            LocalAws aws = LocalAws.current();
            String name = table.logicalId() + "-RepoTemplateTablesTest";
            table.createIn(aws.dynamoDb(), name);
            try {
                // a stand-in has no TTL (TimeToLiveGuard); the template's TTL still applies, on this empty table only
                TableShape.describe(aws.dynamoDb(), name).assertMatches(table.shape().asStandIn(), table.logicalId() + " as a stand-in");
                table.timeToLiveRequest(name).ifPresent(aws.dynamoDb()::updateTimeToLive);
                TableShape.describe(aws.dynamoDb(), name).assertMatches(table.shape(), table.logicalId() + " created in DynamoDB Local");
            } finally {
                aws.dynamoDb().deleteTable(r -> r.tableName(name));
            }
        }));
    }
}
