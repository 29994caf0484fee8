package com.edgeautopilot.cli.replay;

import com.edgeautopilot.cli.CliRun;
import com.edgeautopilot.common.Json;
import com.edgeautopilot.testbed.DynamoDbLocal;
import com.edgeautopilot.testbed.MotoServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.edgeautopilot.cli.replay.ReplayCommandTest.event;
import static com.edgeautopilot.cli.replay.ReplayCommandTest.invocations;
import static com.edgeautopilot.cli.replay.ReplayCommandTest.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A published message is what the function exists for: {@code replay} abridges long request values by default (saying
 * how long they were) and shows them whole with {@code --full}. Checked on a cost digest, whose text is longer than
 * the abridged limit.
 */
@Tag("slow") // on the stand-ins: left out of the fast loop (mvn test -DexcludedGroups=slow)
class ReplayFullMessageTest {

    private static final Pattern CUT = Pattern.compile("… \\((\\d+) chars");

    @BeforeAll
    static void standIns() {
        DynamoDbLocal.shared();
        MotoServer.shared();
    }

    private static List<String> publishedMessages(CliRun run) {
        List<String> messages = new ArrayList<>();
        for (ReplayCommandTest.Invocation invocation : invocations(run)) {
            invocation.calls("Sns", "Publish").forEach(call -> messages.add(String.valueOf(map(call.get("request")).get("Message"))));
        }
        return messages;
    }

    private static CliRun digest(String... options) {
        List<String> args = new ArrayList<>(List.of("replay", "--quiet", "--env", "GROUP_WAIT_SECONDS=0"));
        args.addAll(List.of(options));
        args.addAll(List.of(event("budgets/sns-forecasted.json"), event("cost-anomaly/eventbridge-anomaly-detected.json"),
                event("billing-alarm/sns-alarm.json"), event("schedule/cost-digest.json")));
        return CliRun.run(args.toArray(String[]::new));
    }

    @Test
    void aDigestIsAbridgedByDefaultAndWholeWithFull() {
        CliRun abridged = digest();
        assertEquals(0, abridged.exit(), abridged::toString);
        List<String> cut = publishedMessages(abridged);
        assertEquals(1, cut.size(), abridged::toString);
        Matcher length = CUT.matcher(cut.get(0));
        assertTrue(length.find(), "the default output abridges a long digest and says how long it was: " + cut.get(0));
        int wholeLength = Integer.parseInt(length.group(1));

        CliRun full = digest("--full");
        assertEquals(0, full.exit(), full::toString);
        List<String> whole = publishedMessages(full);
        assertEquals(1, whole.size(), full::toString);
        String message = whole.get(0);
        assertFalse(CUT.matcher(message).find(), "--full shows the message whole: " + message);
        assertEquals(wholeLength, message.length(), "the whole message has the length the abridged line announced:\n" + message);
        String shownPrefix = cut.get(0).substring(0, cut.get(0).indexOf("… ("));
        assertTrue(message.startsWith(shownPrefix), "the abridged text is the start of the whole message");
        // the digest is published with MessageStructure=json: only the whole text is a JSON object with the e-mail text
        assertTrue(Json.parseObject(message).get("default") instanceof String, "the whole digest is the published JSON structure:\n" + message);
    }
}
