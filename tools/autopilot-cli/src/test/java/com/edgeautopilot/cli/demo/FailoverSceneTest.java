package com.edgeautopilot.cli.demo;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.cli.CliRun;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.edgeautopilot.cli.demo.DemoCommandTest.map;
import static com.edgeautopilot.cli.demo.DemoCommandTest.maps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class FailoverSceneTest {

    @Test
    void alarmSwitchDeployedRecoveryDwellFailbackThenAFlappingOriginHeld() {
        CliRun human = CliRun.run("demo", "--scene", "origin-failover");
        assertEquals(0, human.exit(), human::toString);
        assertTrue(human.out().contains("notice: FLAPPING"), human.out());
        assertTrue(human.out().contains("→ FAIL_BACK"), human.out());

        CliRun run = CliRun.run("demo", "--json", "--scene", "origin-failover");
        assertEquals(0, run.exit(), run::toString);
        Map<String, Object> scene = maps(run.json().get("scenes")).get(0);
        List<Map<String, Object>> timeline = maps(scene.get("timeline"));
        List<String> first = timeline.stream().map(t -> String.valueOf(((List<?>) t.get("decisions")).isEmpty() ? "-"
                : String.valueOf(((List<?>) t.get("decisions")).get(0)).split(":")[0])).toList();
        assertEquals(List.of("FAIL_OVER", "DEPLOYED", "WAIT", "WAIT", "FAIL_BACK",
                "FAIL_OVER", "FAIL_BACK", "FAIL_OVER", "FAIL_BACK", "HOLD_FLAPPING", "IGNORE", "IGNORE", "IGNORE"), first, timeline.toString());
        List<?> notices = (List<?>) scene.get("notifications");
        assertEquals(7, notices.size(), notices.toString());
        assertEquals(1, notices.stream().filter(n -> String.valueOf(n).contains("{event=flapping}")).count(), notices.toString());
        assertTrue(String.valueOf(timeline.get(4).get("behaviours")).startsWith("default=origin-primary"), timeline.get(4).toString());
        assertTrue(String.valueOf(timeline.get(0).get("behaviours")).startsWith("default=origin-standby"), timeline.get(0).toString());
        assertTrue(map(scene.get("distributions")).containsKey("E2QWRUHAPOMQZL"));
    }
}
