package com.edgeautopilot.costs.event;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS Budgets notifications as they reach SNS: plain text, not JSON. The lines this reads (any order, extra lines ignored):
 * <pre>
 * AWS Account 123456789012
 * Budget Name: cloudfront-monthly
 * Budget Type: Cost            (or Usage)
 * Budgeted Amount: $100.00     (usage budgets: "500.00 GB")
 * Alert Type: ACTUAL           (or FORECASTED)
 * Alert Threshold: > $80.00
 * ACTUAL Amount: $84.12        (or "FORECASTED Amount:")
 * </pre>
 * The kind of period comes from the prose ("for the current month"; daily budgets say "per day" and "Yesterday, ..."),
 * never from the budget's name; which period from the first line's date ("AWS Budget Notification November 21, 2026"):
 * the month (quarter, year) of that date, or for a daily budget the day it reports on (the day before, when the text
 * says "Yesterday"). The period is part of the fingerprint: a new period's alert is a new alert, the same period's
 * alert grows in place. Utilisation and coverage budgets alert below their threshold ("Alert Threshold: &lt; 80.00%"):
 * the comparison is read from that line. An amount that cannot be read keeps its raw line in the alert's facts
 * instead of failing the message.
 */
final class BudgetNotificationParser {

    private static final Pattern FIELD = Pattern.compile("^\\s*([A-Za-z ]+?):\\s*(.*?)\\s*$", Pattern.MULTILINE);
    private static final Pattern ACCOUNT = Pattern.compile("AWS Account (\\d{12})");
    /** Monthly budgets say "for the current month"; daily ones "per day" and "Yesterday, ...". */
    private static final Pattern PERIOD = Pattern.compile("(?:for the current|per) (day|month|quarter|year)", Pattern.CASE_INSENSITIVE);
    private static final Pattern AMOUNT = Pattern.compile("^[<>=≥≤ ]*([$€£]?)\\s*(-?[0-9][0-9,]*(?:\\.[0-9]+)?)\\s*([A-Za-z%-][A-Za-z0-9%/-]*)?$");
    private static final Pattern NOTIFICATION_DATE = Pattern.compile("AWS Budget Notification ([A-Z][a-z]+ \\d{1,2}, \\d{4})");
    private static final java.time.format.DateTimeFormatter HEADER_DATE = java.time.format.DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH);
    private static final String DEFAULT_LINK = "https://console.aws.amazon.com/costmanagement/home#/budgets";

    private final Map<String, String> budgetServices;

    BudgetNotificationParser(Map<String, String> budgetServices) {
        this.budgetServices = budgetServices;
    }

    static boolean looksLikeBudget(String text) {
        return text != null && text.contains("Budget Name:") && text.contains("Alert Type:");
    }

    Alert parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(text);
        while (m.find()) {
            fields.putIfAbsent(m.group(1).trim().toLowerCase(Locale.ROOT), m.group(2));
        }
        String name = fields.getOrDefault("budget name", "unnamed");
        String alertType = fields.getOrDefault("alert type", "ACTUAL").toUpperCase(Locale.ROOT);
        String budgetType = fields.getOrDefault("budget type", "Cost");
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("budgetName", name);
        facts.put("budgetType", budgetType);
        facts.put("alertType", alertType);
        Optional<Amount> amount = amount(fields, alertType.toLowerCase(Locale.ROOT) + " amount", facts);
        Optional<Amount> threshold = amount(fields, "alert threshold", facts);
        Optional<Amount> budgeted = amount(fields, "budgeted amount", facts);
        budgeted.ifPresent(b -> facts.put("budgetedAmount", b.display()));
        String period = period(text);
        String periodOf = periodOf(period, text);
        String comparison = comparison(fields.get("alert threshold"));
        Matcher account = ACCOUNT.matcher(text);
        String accountId = account.find() ? account.group(1) : null;

        boolean forecast = alertType.equals("FORECASTED");
        boolean overBudget = comparison.equals(">") && amount.isPresent() && budgeted.isPresent() && amount.get().value() >= budgeted.get().value();
        Alert.Severity severity = !forecast && overBudget ? Alert.Severity.CRITICAL : Alert.Severity.WARNING;
        String title = "Budget " + name + ": " + alertType + " " + budgetType.toLowerCase(Locale.ROOT) + " "
                + amount.map(Amount::display).orElse("(amount unreadable)")
                + threshold.map(t -> " " + comparison + " " + t.display()).orElse("")
                + budgeted.map(b -> " (budget " + b.display() + ", " + periodOf + ")").orElse(" (" + periodOf + ")");
        String fingerprint = "budget:" + (accountId == null ? "" : accountId + ":") + name + ":" + alertType + ":"
                + threshold.map(Amount::display).orElse(fields.getOrDefault("alert threshold", "?")) + ":" + periodOf;
        facts.put("periodKind", period);
        return new Alert(Alert.Source.BUDGET, fingerprint, serviceOf(name), accountId,
                amount.map(Amount::value).orElse(null), threshold.map(Amount::value).orElse(null), periodOf, severity,
                DEFAULT_LINK, true, title, List.of(), facts);
    }

    private String serviceOf(String budgetName) {
        String mapped = budgetServices.get(budgetName);
        if (mapped != null) {
            return mapped;
        }
        return budgetName.toLowerCase(Locale.ROOT).contains("cloudfront") ? Alert.CLOUDFRONT : Alert.ALL_SERVICES;
    }

    private static String period(String text) {
        Matcher m = PERIOD.matcher(text);
        if (!m.find()) {
            return "monthly";
        }
        return switch (m.group(1).toLowerCase(Locale.ROOT)) {
            case "day" -> "daily";
            case "quarter" -> "quarterly";
            case "year" -> "annually";
            default -> "monthly";
        };
    }

    /** Which period the alert is about: "2026-11-21" (daily), "2026-11", "2026-Q4", "2026"; the kind alone when the text has no date. */
    private static String periodOf(String kind, String text) {
        Matcher m = NOTIFICATION_DATE.matcher(text);
        if (!m.find()) {
            return kind;
        }
        java.time.LocalDate date;
        try {
            date = java.time.LocalDate.parse(m.group(1), HEADER_DATE);
        } catch (java.time.format.DateTimeParseException unreadable) {
            return kind;
        }
        return switch (kind) {
            case "daily" -> (text.contains("Yesterday") ? date.minusDays(1) : date).toString();
            case "quarterly" -> date.getYear() + "-Q" + ((date.getMonthValue() - 1) / 3 + 1);
            case "annually" -> Integer.toString(date.getYear());
            default -> java.time.YearMonth.from(date).toString();
        };
    }

    /** The comparison of an "Alert Threshold:" line: "<" for budgets that alert below (utilisation, coverage), else ">". */
    private static String comparison(String thresholdLine) {
        String line = thresholdLine == null ? "" : thresholdLine.trim();
        return line.startsWith("<") || line.startsWith("≤") ? "<" : line.startsWith("=") ? "=" : ">";
    }

    /** Reads one amount field; an unreadable one keeps its raw line in {@code facts} ("raw:&lt;field&gt;"). */
    private static Optional<Amount> amount(Map<String, String> fields, String field, Map<String, String> facts) {
        String raw = fields.get(field);
        if (raw == null) {
            return Optional.empty();
        }
        Optional<Amount> parsed = Amount.parse(raw);
        if (parsed.isEmpty()) {
            facts.put("raw:" + field, raw);
        }
        return parsed;
    }

    /** "$84.12", "1,000.50 GB": a number with a currency symbol or a unit. */
    record Amount(double value, String symbol, String unit) {
        static Optional<Amount> parse(String raw) {
            Matcher m = AMOUNT.matcher(raw.trim());
            if (!m.matches()) {
                return Optional.empty();
            }
            try {
                double value = Double.parseDouble(m.group(2).replace(",", ""));
                return Optional.of(new Amount(value, m.group(1), m.group(3)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        String display() {
            String number = String.format(Locale.ROOT, "%,.2f", value);
            return symbol.isEmpty() ? number + (unit == null ? "" : "%".equals(unit) ? "%" : " " + unit) : symbol + number;
        }
    }
}
