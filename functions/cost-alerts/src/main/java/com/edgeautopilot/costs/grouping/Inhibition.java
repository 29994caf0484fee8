package com.edgeautopilot.costs.grouping;

import com.edgeautopilot.costs.event.Alert;

import java.util.Collection;
import java.util.Optional;

/**
 * Alertmanager-style inhibition: a billing alarm says less than an open cost anomaly of the same account and service
 * (a CloudFront billing alarm during a CloudFront anomaly is the anomaly's consequence). Such an alarm does not make its
 * group due on its own; it is folded into the anomaly's next digest, as a line under it.
 */
public final class Inhibition {

    private Inhibition() {
    }

    /** An open anomaly, as the group remembers it. */
    public record OpenAnomaly(String fingerprint, String account, String service) {
        public static OpenAnomaly of(Alert anomaly) {
            return new OpenAnomaly(anomaly.fingerprint(), anomaly.account(), anomaly.service());
        }

        public String encoded() {
            return account + "|" + service + "|" + fingerprint;
        }

        public static OpenAnomaly decode(String encoded) {
            String[] parts = encoded.split("\\|", 3);
            return new OpenAnomaly(parts.length > 2 ? parts[2] : encoded, parts[0], parts.length > 1 ? parts[1] : "");
        }
    }

    /** The fingerprint of the open anomaly that inhibits {@code alert}, if any. */
    public static Optional<String> inhibitor(Alert alert, Collection<OpenAnomaly> openAnomalies) {
        if (alert.source() != Alert.Source.BILLING_ALARM || !alert.firing()) {
            return Optional.empty();
        }
        return openAnomalies.stream()
                .filter(a -> a.account().equals(alert.account()) && a.service().equals(alert.service()))
                .map(OpenAnomaly::fingerprint)
                .findFirst();
    }
}
