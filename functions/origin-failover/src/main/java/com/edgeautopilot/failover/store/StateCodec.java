package com.edgeautopilot.failover.store;

import com.edgeautopilot.common.Json;
import com.edgeautopilot.failover.event.AlarmState;
import com.edgeautopilot.failover.policy.DistributionState;
import com.edgeautopilot.failover.policy.Position;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link DistributionState} and {@link AuditEntry} to and from the JSON kept in one attribute of their items. */
final class StateCodec {

    private StateCodec() {
    }

    static String write(DistributionState s) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> alarms = new LinkedHashMap<>();
        s.alarms().forEach((arn, r) -> alarms.put(arn, Map.of("state", r.state().name(), "at", r.changedAtMillis())));
        out.put("alarms", alarms);
        out.put("primaryOkSince", s.primaryOkSince());
        out.put("switches", s.switches());
        out.put("held", s.held());
        out.put("heldReason", s.heldReason());
        out.put("flapNoticeSent", s.flapNoticeSent());
        out.put("onStandby", s.onStandby());
        if (s.inFlight() != null) {
            DistributionState.Move m = s.inFlight();
            Map<String, Object> move = new LinkedHashMap<>();
            move.put("id", m.id());
            move.put("target", m.target().name());
            move.put("behaviours", m.behaviours());
            move.put("decision", m.decision());
            move.put("reason", m.reason());
            move.put("trigger", m.trigger());
            move.put("actor", m.actor());
            move.put("at", m.atMillis());
            out.put("inFlight", move);
        }
        if (s.pending() != null) {
            out.put("pending", Map.of("target", s.pending().target().name(), "submittedAt", s.pending().submittedAtMillis(),
                    "etag", s.pending().etag() == null ? "" : s.pending().etag()));
        }
        out.put("lastRefusal", s.lastRefusal());
        return Json.write(out);
    }

    static DistributionState read(String json) {
        if (json == null) {
            return DistributionState.initial();
        }
        Map<String, Object> in = Json.parseObject(json);
        Map<String, DistributionState.AlarmReading> alarms = new LinkedHashMap<>();
        Map<String, Object> rawAlarms = Json.object(in, "alarms");
        if (rawAlarms != null) {
            rawAlarms.forEach((arn, r) -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> reading = (Map<String, Object>) r;
                alarms.put(arn, new DistributionState.AlarmReading(AlarmState.of(String.valueOf(reading.get("state"))), number(reading.get("at"))));
            });
        }
        List<Long> switches = new ArrayList<>();
        List<Object> rawSwitches = Json.list(in, "switches");
        if (rawSwitches != null) {
            rawSwitches.forEach(v -> switches.add(number(v)));
        }
        List<String> onStandby = strings(Json.list(in, "onStandby"));
        if (!in.containsKey("onStandby") && "STANDBY".equals(Json.string(in, "position"))) {
            onStandby = strings(Json.list(in, "movedBehaviours")); // an item written before issue 21: its failover's moved behaviours
        }
        Map<String, Object> m = Json.object(in, "inFlight");
        DistributionState.Move inFlight = m == null ? null : new DistributionState.Move(Json.string(m, "id"),
                Position.valueOf(Json.string(m, "target")), strings(Json.list(m, "behaviours")), Json.string(m, "decision"),
                Json.string(m, "reason"), Json.string(m, "trigger"), Json.string(m, "actor"), number(m.get("at")));
        Map<String, Object> p = Json.object(in, "pending");
        DistributionState.PendingDeployment pending = p == null ? null : new DistributionState.PendingDeployment(
                Position.valueOf(String.valueOf(p.get("target"))), number(p.get("submittedAt")), String.valueOf(p.get("etag")));
        Object okSince = in.get("primaryOkSince");
        return new DistributionState(Map.copyOf(alarms), okSince == null ? null : number(okSince), List.copyOf(switches),
                Boolean.TRUE.equals(in.get("held")), Json.string(in, "heldReason"), Boolean.TRUE.equals(in.get("flapNoticeSent")), onStandby,
                inFlight, pending, Json.string(in, "lastRefusal"));
    }

    private static List<String> strings(List<Object> raw) {
        List<String> out = new ArrayList<>();
        if (raw != null) {
            raw.forEach(v -> out.add(String.valueOf(v)));
        }
        return List.copyOf(out);
    }

    static String write(AuditEntry e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", e.atMillis());
        out.put("event", e.event());
        out.put("decision", e.decision());
        out.put("reason", e.reason());
        out.put("trigger", e.trigger());
        out.put("actor", e.actor());
        out.put("dryRun", e.dryRun());
        out.put("diff", e.diff());
        out.put("before", e.before());
        out.put("after", e.after());
        out.put("etagBefore", e.etagBefore());
        out.put("etagAfter", e.etagAfter());
        out.put("tookMillis", e.tookMillis());
        return Json.write(out);
    }

    static AuditEntry readAudit(String json) {
        Map<String, Object> in = Json.parseObject(json);
        Object took = in.get("tookMillis");
        return new AuditEntry(number(in.get("at")), Json.string(in, "event"), Json.string(in, "decision"), Json.string(in, "reason"),
                Json.string(in, "trigger"), Json.string(in, "actor"), Boolean.TRUE.equals(in.get("dryRun")), strings(in, "diff"),
                strings(in, "before"), strings(in, "after"), Json.string(in, "etagBefore"), Json.string(in, "etagAfter"),
                took == null ? null : number(took));
    }

    private static List<String> strings(Map<String, Object> in, String key) {
        List<Object> raw = Json.list(in, key);
        return raw == null ? List.of() : raw.stream().map(String::valueOf).toList();
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value));
    }
}
