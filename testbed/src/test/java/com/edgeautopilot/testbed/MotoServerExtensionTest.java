package com.edgeautopilot.testbed;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** moto's server on a loopback port, reached by production-like clients. */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class MotoServerExtensionTest {

    @RegisterExtension
    static final MotoServerExtension MOTO = MotoServerExtension.resettingBeforeEachTest();

    @Test
    void snsAndSqsWorkThroughProductionLikeClients(MotoServer moto) {
        assertTrue(Loopback.isLoopback(moto.endpoint()));
        assertTrue(Files.exists(moto.logFile()), moto.logFile().toString());
        SnsClient sns = MOTO.aws().sns();
        SqsClient sqs = MOTO.aws().sqs();

        String queueUrl = sqs.createQueue(r -> r.queueName("testbed-alerts")).queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        String topicArn = sns.createTopic(r -> r.name("testbed-topic")).topicArn();
        sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn).attributes(java.util.Map.of("RawMessageDelivery", "true")));
        sns.publish(r -> r.topicArn(topicArn).message("hello from the test bed"));

        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1).maxNumberOfMessages(10)).messages();
        assertEquals(1, messages.size());
        assertEquals("hello from the test bed", messages.get(0).body());
        assertEquals(0, MOTO.aws().cloudFront().listDistributions(r -> { }).distributionList().quantity());
    }

    @Test
    void resetForgetsEverything(MotoServer moto) {
        MOTO.aws().sns().createTopic(r -> r.name("to-be-forgotten"));
        assertEquals(1, MOTO.aws().sns().listTopics().topics().size());
        moto.reset();
        assertEquals(0, MOTO.aws().sns().listTopics().topics().size());
    }

    @Test
    void aMissingExecutableFailsWithInstallInstructions() {
        String previous = System.getProperty(MotoServer.EXECUTABLE_PROPERTY);
        System.setProperty(MotoServer.EXECUTABLE_PROPERTY, "/nonexistent/moto_server");
        try {
            IllegalStateException error = assertThrows(IllegalStateException.class, MotoServer::executable);
            assertTrue(error.getMessage().contains("./scripts/setup"), error.getMessage());
            assertTrue(error.getMessage().contains("pip install 'moto[server]'"), error.getMessage());
        } finally {
            restore(previous);
        }
    }

    @Test
    void aPythonWithoutMotoFailsWithInstallInstructions() throws IOException {
        Path fake = Files.createTempFile("fake-moto", ".sh");
        Files.writeString(fake, "#!/bin/sh\necho \"/usr/bin/python3: No module named moto\" >&2\nexit 1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        String previous = System.getProperty(MotoServer.EXECUTABLE_PROPERTY);
        System.setProperty(MotoServer.EXECUTABLE_PROPERTY, fake.toString());
        try {
            IllegalStateException error = assertThrows(IllegalStateException.class, MotoServer::start);
            assertTrue(error.getMessage().startsWith("moto's server is not installed"), error.getMessage());
            assertTrue(error.getMessage().contains("No module named moto"), error.getMessage());
            assertTrue(error.getMessage().contains("pip install 'moto[server]'"), error.getMessage());
        } finally {
            restore(previous);
            Files.deleteIfExists(fake);
        }
    }

    private static void restore(String previous) {
        if (previous == null) {
            System.clearProperty(MotoServer.EXECUTABLE_PROPERTY);
        } else {
            System.setProperty(MotoServer.EXECUTABLE_PROPERTY, previous);
        }
    }
}
