package com.edgeautopilot.testbed;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

import java.util.List;

import static com.edgeautopilot.testbed.TableShape.Key.n;
import static com.edgeautopilot.testbed.TableShape.Key.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateTablesTest {

    private static final TemplateTables FIXTURE = TemplateTables.parse(LambdaRuntimeHarnessTest.fixture("template.yaml"), "fixture.yaml");

    @Test
    void findsEveryTableResourceInTemplateOrder() {
        assertEquals(List.of("PendingTable", "LeaseTable", "Counters"), FIXTURE.logicalIds());
        assertEquals("AWS::Serverless::SimpleTable", FIXTURE.table("Counters").resourceType());
    }

    @Test
    void theShapeComesFromKeysIndexesAndTtlWithRefsResolvedToParameterDefaults() {
        TableShape expected = TableShape.builder()
                .partitionKey(s("pk")).sortKey(s("sk"))
                .globalIndex("byDueTime", n("shard"), n("dueAt")).projection(ProjectionType.INCLUDE, "distributionId", "paths")
                .globalIndex("byShard", n("shard")).projection(ProjectionType.KEYS_ONLY)
                .localIndex("byCreated", s("createdAt")).projection(ProjectionType.ALL)
                .ttlAttribute("expiresAt")
                .build();
        assertEquals(expected, FIXTURE.table("PendingTable").shape());
        assertEquals(TableShape.builder().partitionKey(s("leaseId")).build(), FIXTURE.table("LeaseTable").shape());
        assertEquals(TableShape.builder().partitionKey(n("counterId")).build(), FIXTURE.table("Counters").shape());
    }

    @Test
    void createTableUsesTheCallersNameAndOnDemandBilling() {
        CreateTableRequest request = FIXTURE.table("PendingTable").createTableRequest("pending-abc");

        assertEquals("pending-abc", request.tableName());
        assertEquals(BillingMode.PAY_PER_REQUEST, request.billingMode());
        assertEquals(5, request.attributeDefinitions().size());
        assertEquals(List.of("pk", "sk"), request.keySchema().stream().map(k -> k.attributeName()).toList());
        assertEquals(List.of("byDueTime", "byShard"), request.globalSecondaryIndexes().stream().map(i -> i.indexName()).toList());
        assertEquals(List.of("distributionId", "paths"), request.globalSecondaryIndexes().get(0).projection().nonKeyAttributes());
        assertNull(request.globalSecondaryIndexes().get(0).provisionedThroughput());
        assertEquals("byCreated", request.localSecondaryIndexes().get(0).indexName());
        assertEquals(StreamViewType.NEW_AND_OLD_IMAGES, request.streamSpecification().streamViewType());

        UpdateTimeToLiveRequest ttl = FIXTURE.table("PendingTable").timeToLiveRequest("pending-abc").orElseThrow();
        assertEquals("expiresAt", ttl.timeToLiveSpecification().attributeName());
        assertTrue(ttl.timeToLiveSpecification().enabled());
        assertTrue(FIXTURE.table("LeaseTable").timeToLiveRequest("x").isEmpty(), "Enabled: false means no TTL");
        assertFalse(FIXTURE.table("Counters").createTableRequest("c").hasGlobalSecondaryIndexes());
    }

    @Test
    void anUnknownLogicalIdListsTheKnownOnes() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> FIXTURE.table("Nope"));
        assertEquals("fixture.yaml has no DynamoDB table resource 'Nope'; it has [PendingTable, LeaseTable, Counters]", error.getMessage());
    }

    private static String table(String properties) {
        return "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n" + properties.indent(6);
    }

    @Test
    void unresolvableIntrinsicsInKeysAreNamed() {
        String yaml = table("""
                AttributeDefinitions: [{AttributeName: !Sub "${AWS::StackName}-pk", AttributeType: S}]
                KeySchema: [{AttributeName: pk, KeyType: HASH}]
                """);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> TemplateTables.parse(yaml, "t.yaml"));
        assertTrue(error.getMessage().startsWith("t.yaml: T.Properties.AttributeDefinitions[0].AttributeName uses Fn::Sub"), error.getMessage());

        String ref = table("""
                AttributeDefinitions: [{AttributeName: !Ref NoSuchParameter, AttributeType: S}]
                KeySchema: [{AttributeName: pk, KeyType: HASH}]
                """);
        error = assertThrows(IllegalArgumentException.class, () -> TemplateTables.parse(ref, "t.yaml"));
        assertTrue(error.getMessage().contains("is !Ref NoSuchParameter, which is not a template parameter with a Default"), error.getMessage());
    }

    @Test
    void definitionsAndKeysMustAgreeAsDynamoDbRequires() {
        String undefinedKey = table("""
                AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
                KeySchema: [{AttributeName: pk, KeyType: HASH}, {AttributeName: sk, KeyType: RANGE}]
                """);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> TemplateTables.parse(undefinedKey, "t.yaml"));
        assertEquals("t.yaml: T.Properties.KeySchema[1] uses sk, which AttributeDefinitions does not define", error.getMessage());

        String unusedDefinition = table("""
                AttributeDefinitions: [{AttributeName: pk, AttributeType: S}, {AttributeName: status, AttributeType: S}]
                KeySchema: [{AttributeName: pk, KeyType: HASH}]
                """);
        error = assertThrows(IllegalArgumentException.class, () -> TemplateTables.parse(unusedDefinition, "t.yaml"));
        assertTrue(error.getMessage().contains("defines [status], which no key schema uses"), error.getMessage());

        String badType = table("""
                AttributeDefinitions: [{AttributeName: pk, AttributeType: BOOL}]
                KeySchema: [{AttributeName: pk, KeyType: HASH}]
                """);
        error = assertThrows(IllegalArgumentException.class, () -> TemplateTables.parse(badType, "t.yaml"));
        assertTrue(error.getMessage().contains("AttributeType must be S, N or B, got BOOL"), error.getMessage());

        String noProjection = table("""
                AttributeDefinitions: [{AttributeName: pk, AttributeType: S}, {AttributeName: g, AttributeType: S}]
                KeySchema: [{AttributeName: pk, KeyType: HASH}]
                GlobalSecondaryIndexes: [{IndexName: byG, KeySchema: [{AttributeName: g, KeyType: HASH}]}]
                """);
        error = assertThrows(IllegalArgumentException.class, () -> TemplateTables.parse(noProjection, "t.yaml"));
        assertTrue(error.getMessage().contains("GlobalSecondaryIndexes[0].Projection is required"), error.getMessage());
    }

    @Test
    void aTemplateWithoutTablesHasNone() {
        assertEquals(List.of(), TemplateTables.parse("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n", "q.yaml").logicalIds());
    }
}
