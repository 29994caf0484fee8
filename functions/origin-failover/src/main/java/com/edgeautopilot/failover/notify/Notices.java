package com.edgeautopilot.failover.notify;

import com.edgeautopilot.failover.config.ProtectedDistribution;
import com.edgeautopilot.failover.policy.Decision;
import com.edgeautopilot.failover.policy.Position;

import java.util.List;

/**
 * The words of every notice: a subject that says what happened to which distribution, and a body an on-call engineer
 * can act on in ten seconds — what, why, which alarm, origin before and after, and what happens next.
 */
public final class Notices {

    private Notices() {
    }

    public static Notice switched(ProtectedDistribution d, Decision decision, String trigger, List<String> diff, boolean dryRun) {
        boolean over = decision.kind() == Decision.Kind.FAIL_OVER;
        String from = over ? d.primaryOriginId() : d.standbyOriginId();
        String to = over ? d.standbyOriginId() : d.primaryOriginId();
        String what = (dryRun ? "[DRY RUN] would " : "") + (over ? "FAILOVER" : "FAILBACK");
        String next = dryRun ? "Nothing was changed (dry run). Apply with {\"action\":\"" + (over ? "failover" : "failback")
                + "\",\"distributionId\":\"" + d.distributionId() + "\",\"dryRun\":false}."
                : over ? (d.automaticFailback() ? "Traffic returns to " + from + " automatically once it has been OK for "
                        + d.failbackDwell().toSeconds() + "s." : "Failback is manual: invoke {\"action\":\"failback\",\"distributionId\":\""
                        + d.distributionId() + "\"} when " + from + " is fixed.")
                        + " CloudFront deploys the change in a few minutes (the audit trail records when; see the status action)."
                : "Traffic is back on the primary. CloudFront deploys the change in a few minutes.";
        String body = String.join("\n",
                what + ": CloudFront distribution " + d.distributionId() + " " + (dryRun ? "" : "now ") + "sends traffic to " + to + " instead of " + from + ".",
                "Why: " + decision.reason(),
                "Trigger: " + trigger,
                "Origin before: " + from,
                "Origin after:  " + to,
                "Change: " + String.join("; ", diff),
                "Next: " + next,
                "Hold automatic switching: {\"action\":\"hold\",\"distributionId\":\"" + d.distributionId() + "\"}");
        return new Notice(what + " " + d.distributionId() + ": " + from + " -> " + to, body, over ? "critical" : "info",
                d.distributionId(), dryRun ? "dry-run" : over ? "failover" : "failback");
    }

    public static Notice refused(ProtectedDistribution d, Decision decision, String trigger) {
        String body = String.join("\n",
                "NOT FAILED OVER: distribution " + d.distributionId() + " still sends traffic to " + d.primaryOriginId() + ", which is down.",
                "Why not: " + decision.reason(),
                "Trigger: " + trigger,
                "Standby alarms: " + (d.standbyAlarms().isEmpty() ? "none configured" : String.join(", ", d.standbyAlarms())),
                "Next: the follow-up tick retries while the primary is down. Fix the standby, or force with "
                        + "{\"action\":\"failover\",\"distributionId\":\"" + d.distributionId() + "\"} once the standby is healthy.");
        return new Notice("REFUSED failover " + d.distributionId() + ": standby " + d.standbyOriginId() + " not healthy", body, "critical",
                d.distributionId(), "refused");
    }

    public static Notice flapping(ProtectedDistribution d, Decision decision, Position holdingOn, String trigger) {
        String origin = holdingOn == Position.PRIMARY ? d.primaryOriginId() : d.standbyOriginId();
        String body = String.join("\n",
                "FLAPPING, MANUAL ACTION NEEDED: distribution " + d.distributionId() + " stays on " + origin + "; automatic switching is stopped.",
                "Why: " + decision.reason(),
                "Trigger: " + trigger,
                "Next: find out why " + d.primaryOriginId() + "'s health check flaps. Then switch by hand ({\"action\":\"failover\"|\"failback\","
                        + "\"distributionId\":\"" + d.distributionId() + "\"}) and resume automation with {\"action\":\"release\",\"distributionId\":\""
                        + d.distributionId() + "\"}.",
                "No further flapping notice is sent until released.");
        return new Notice("FLAPPING " + d.distributionId() + ": held on " + origin + ", manual action needed", body, "critical",
                d.distributionId(), "flapping");
    }

    public static Notice operator(ProtectedDistribution d, String action, String actor, String detail) {
        return new Notice("Operator " + action + " on " + d.distributionId() + " by " + actor, "Operator " + actor + " ran '" + action
                + "' on distribution " + d.distributionId() + ".\n" + detail, "info", d.distributionId(), action);
    }
}
