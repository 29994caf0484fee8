package com.edgeautopilot.testbed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SamConfigTest {

    @Test
    void readsEachDeployEnvironmentsRegionStackAndOverrides(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("samconfig.toml");
        Files.writeString(file, """
                version = 0.1
                [default.global.parameters]
                stack_name = "dev-stack"
                [default.deploy.parameters]
                region = "eu-west-1"
                parameter_overrides = [
                  "Ids=A1,B2",
                  "Routes=\\"[{\\\\\\"bucket\\\\\\":\\\\\\"b\\\\\\"}]\\"",
                  "Empty=\\"\\"",
                ]
                [prod.deploy.parameters]
                stack_name = "prod-stack"
                region = "cn-north-1"
                parameter_overrides = "Ids=C3 Name=\\"two words\\""
                """);
        List<SamConfig.Environment> envs = SamConfig.environments(file);
        assertEquals(List.of(
                new SamConfig.Environment("default", "eu-west-1", "dev-stack", Map.of("Ids", "A1,B2", "Routes", "[{\"bucket\":\"b\"}]", "Empty", "")),
                new SamConfig.Environment("prod", "cn-north-1", "prod-stack", Map.of("Ids", "C3", "Name", "two words"))), envs);
        assertEquals("aws-cn", envs.get(1).partition());
    }
}
