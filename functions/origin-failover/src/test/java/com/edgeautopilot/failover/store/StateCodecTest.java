package com.edgeautopilot.failover.store;

import com.edgeautopilot.failover.event.AlarmState;
import com.edgeautopilot.failover.policy.DistributionState;
import com.edgeautopilot.failover.policy.Position;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The stored state round-trips whole, the recorded switch (what it moves and why) included: a retry relies on it. */
class StateCodecTest {

    @Test
    void aStateWithASwitchInFlightRoundTrips() {
        DistributionState state = new DistributionState(
                Map.of("arn:aws:cloudwatch:us-east-1:123456789012:alarm:primary", new DistributionState.AlarmReading(AlarmState.ALARM, 4_098_938_712_345L)),
                null, List.of(4_098_938_000_000L), true, "manual failover by alice", false, List.of("default", "/api/*"),
                new DistributionState.Move("standby@4098938714345", Position.STANDBY, List.of("default", "/api/*", "group:g1"), "FAIL_OVER",
                        "primary origin primary is down", "sns alarm", "automatic", 4_098_938_714_345L),
                new DistributionState.PendingDeployment(Position.STANDBY, 4_098_938_000_000L, "E2TAG"), "REFUSE_STANDBY_UNKNOWN");
        assertEquals(state, StateCodec.read(StateCodec.write(state)));
        assertEquals(DistributionState.initial(), StateCodec.read(StateCodec.write(DistributionState.initial())));
        assertEquals(Position.STANDBY, state.position());
    }

    /** A state item written before issue 21 (a stored position and the failover's moved behaviours) is read as what it moved. */
    @Test
    void anItemOfThePreviousVersionKeepsWhatItsFailoverMoved() {
        String before = "{\"position\":\"STANDBY\",\"alarms\":{},\"primaryOkSince\":null,\"switches\":[1],\"held\":false,\"heldReason\":null,"
                + "\"flapNoticeSent\":false,\"movedBehaviours\":[\"default\",\"/api/*\"],\"lastRefusal\":null}";
        assertEquals(List.of("default", "/api/*"), StateCodec.read(before).onStandby());
        assertEquals(List.of(), StateCodec.read(before.replace("\"STANDBY\"", "\"PRIMARY\"")).onStandby());
    }
}
