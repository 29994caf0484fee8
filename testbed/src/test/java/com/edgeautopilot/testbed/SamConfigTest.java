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

    @Test
    void aFleetFileGivesTheTemplateItsParametersAndTheFunctionsTheRest(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/dev.yaml"), """
                Fleet: dev
                SourceBucketNames: [site-a, site-b]
                DistributionIds:
                  - E1AAAAAAAAAA
                AlarmEmail: ""
                QuietPeriodSeconds: 30
                SiteRoutes:
                  - bucket: site-a
                    distributionId: E1AAAAAAAAAA
                ProtectedDistributions: []
                """);
        Path file = dir.resolve("samconfig.toml");
        Files.writeString(file, """
                version = 0.1
                [dev.deploy.parameters]
                region = "eu-west-1"
                parameter_overrides = ["file://config/dev.yaml", "LogLevel=DEBUG"]
                """);
        SamConfig.Environment env = SamConfig.environments(file).get(0);
        // what SAM CLI's CfnParameterOverridesType makes of the file: lists comma-joined, scalars as text
        assertEquals(Map.of("Fleet", "dev", "SourceBucketNames", "site-a,site-b", "DistributionIds", "E1AAAAAAAAAA",
                "AlarmEmail", "", "QuietPeriodSeconds", "30", "LogLevel", "DEBUG"), env.parameterOverrides());
        assertEquals(Map.of("DISTRIBUTION_IDS", "E1AAAAAAAAAA", "PROTECTED_DISTRIBUTIONS", "[]",
                        "SITE_ROUTES", "[{\"bucket\":\"site-a\",\"distributionId\":\"E1AAAAAAAAAA\"}]"),
                FleetFiles.functionSettings(env.fleet()));
    }
}
