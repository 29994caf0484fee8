package com.edgeautopilot.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FleetFileTest {

    @Test
    void listsReadCommaJoinedAndStructuresAsTheirJson(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("prod.json");
        Files.writeString(file, Json.write(Map.of(
                "Fleet", "prod",
                "DistributionIds", List.of("E1AAAAAAAAAA", "E2BBBBBBBBBB"),
                "SiteRoutes", List.of(Map.of("bucket", "site", "distributionId", "E1AAAAAAAAAA")),
                "QuietPeriodSeconds", 60)));
        Function<String, String> settings = FleetFile.read(file).settings();

        assertEquals("E1AAAAAAAAAA,E2BBBBBBBBBB", settings.apply("DISTRIBUTION_IDS"));
        assertEquals(List.of(Map.of("bucket", "site", "distributionId", "E1AAAAAAAAAA")),
                Json.parseObject("{\"r\":" + settings.apply("SITE_ROUTES") + "}").get("r"));
        assertNull(settings.apply("PROTECTED_DISTRIBUTIONS"), "absent from the file");
        assertNull(settings.apply("QUIET_PERIOD_SECONDS"), "a template parameter the file sets reaches the function as its env var, not from here");
    }

    @Test
    void anUnreadableOrMalformedFileNamesTheSetting(@TempDir Path dir) throws IOException {
        ConfigException missing = assertThrows(ConfigException.class, () -> FleetFile.read(dir.resolve("none.json")));
        assertTrue(missing.getMessage().contains("FLEET_FILE"), missing.getMessage());
        Path bad = Files.writeString(dir.resolve("bad.json"), "[1,2]");
        ConfigException malformed = assertThrows(ConfigException.class, () -> FleetFile.read(bad));
        assertTrue(malformed.getMessage().contains("FLEET_FILE") && malformed.getMessage().contains("bad.json"), malformed.getMessage());
    }
}
