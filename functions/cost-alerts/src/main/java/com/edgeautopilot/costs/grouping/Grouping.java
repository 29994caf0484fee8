package com.edgeautopilot.costs.grouping;

import com.edgeautopilot.common.ConfigException;
import com.edgeautopilot.costs.event.Alert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Alertmanager's {@code group_by}: alerts with the same values of the grouping labels share one digest. */
public final class Grouping {

    public enum Label { ACCOUNT, SERVICE, SOURCE, SEVERITY }

    private final List<Label> labels;

    public Grouping(List<Label> labels) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("at least one grouping label");
        }
        this.labels = List.copyOf(labels);
    }

    public static Grouping byAccountAndService() {
        return new Grouping(List.of(Label.ACCOUNT, Label.SERVICE));
    }

    /** "account,service" (the setting's format); the error names {@code setting}. */
    public static Grouping parse(String setting, String value) {
        List<Label> parsed = new ArrayList<>();
        for (String part : value.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                Label label = Label.valueOf(part.trim().toUpperCase(Locale.ROOT));
                if (!parsed.contains(label)) {
                    parsed.add(label);
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(setting, "must list labels among account, service, source, severity; got '" + part.trim() + "'");
            }
        }
        if (parsed.isEmpty()) {
            throw new ConfigException(setting, "must name at least one of account, service, source, severity");
        }
        return new Grouping(parsed);
    }

    public Map<String, String> labelsOf(Alert alert) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Label label : labels) {
            values.put(label.name().toLowerCase(Locale.ROOT), switch (label) {
                case ACCOUNT -> alert.account();
                case SERVICE -> alert.service();
                case SOURCE -> alert.source().name();
                case SEVERITY -> alert.severity().name();
            });
        }
        return values;
    }

    /** The group's key: label values joined, stable across deliveries. */
    public String keyOf(Alert alert) {
        return String.join("|", labelsOf(alert).values());
    }
}
