package com.edgeautopilot.testbed.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static com.edgeautopilot.testbed.bench.OwnBill.count;

/**
 * Origin failover's and the cost digests' monthly bill at a stated alarm and alert rate, from the warm loop's measured
 * time and AWS calls per invocation of their events and ticks, at the list prices of {@code bench/prices.md}. Pure
 * arithmetic: every input is a parameter. Free tiers are left to the coalescer's table (they are per account).
 */
final class OtherFunctionsBill {

    static final Set<String> DYNAMODB_WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem");
    static final Set<String> DYNAMODB_READS = BenchRequestCounter.DYNAMODB_READS;

    /** What a month of origin failover looks like. */
    record FailoverMonth(int distributions, double outagesPerDistribution, int deliveriesPerTransition, double ticks, double coldStarts) {

        static FailoverMonth standard() {
            return new FailoverMonth(10, 2, 2, OwnBill.MONTH_SECONDS / 60, 30 * 24);
        }

        /** Each outage is two transitions: ALARM (failover) and OK (failback). */
        double transitions() {
            return distributions * outagesPerDistribution * 2;
        }
    }

    /** What a month of cost signals and digests looks like. */
    record CostMonth(double signals, double digests, double costExplorerRequests, double ticks, double coldStarts) {

        /** 10 signals a day; a daily digest; the daily usage reconciliation and the monthly price-class report (one request each). */
        static CostMonth standard() {
            return new CostMonth(300, 30, 30 + 1, OwnBill.MONTH_SECONDS / 60, 30 * 24);
        }
    }

    /** One function's measured warm invocations: median ms, AWS calls and DynamoDB capacity units per invocation. */
    record Warm(WarmLoop.Result calls) {

        double ms() {
            return calls.millis().median();
        }

        /** Whether the warm loop measured DynamoDB capacity units (else the calls are priced at one unit each). */
        boolean unitsMeasured() {
            return !calls.dynamoUnitsPerInvocation().isEmpty();
        }

        double dynamoWrites() {
            if (unitsMeasured()) {
                return calls.dynamoUnitsPerInvocation().getOrDefault(BenchRequestCounter.WRITE_UNITS, 0.0);
            }
            return calls.callsPerInvocation("DynamoDb", DYNAMODB_WRITES::contains)
                    + 2 * calls.callsPerInvocation("DynamoDb", "TransactWriteItems"::equals); // a transaction costs twice (1 item assumed)
        }

        double dynamoReads() {
            if (unitsMeasured()) {
                return calls.dynamoUnitsPerInvocation().getOrDefault(BenchRequestCounter.READ_UNITS, 0.0);
            }
            return calls.callsPerInvocation("DynamoDb", DYNAMODB_READS::contains);
        }

        double calls(String service) {
            return calls.callsPerInvocation(service, operation -> true);
        }
    }

    private OtherFunctionsBill() {
    }

    static List<OwnBill.Line> failover(FailoverMonth month, Warm alarm, Warm tick, double coldStartMs, int memoryMb, Prices p) {
        double deliveries = month.transitions() * month.deliveriesPerTransition();
        List<OwnBill.Line> lines = new ArrayList<>();
        lambda(lines, deliveries, alarm.ms(), month.ticks(), tick.ms(), month.coldStarts(), coldStartMs, memoryMb, p,
                String.format(Locale.ROOT, "%s alarm deliveries (%s transitions × %d inputs) + %s follow-up ticks",
                        count(deliveries), count(month.transitions()), month.deliveriesPerTransition(), count(month.ticks())));
        // the tick row is measured with one protected distribution: its calls repeat for each
        dynamo(lines, deliveries, alarm, month.ticks() * month.distributions(), tick, "per tick and distribution", p);
        double cloudWatch = deliveries * alarm.calls("CloudWatch") + month.ticks() * month.distributions() * tick.calls("CloudWatch");
        lines.add(new OwnBill.Line("CloudWatch API", count(cloudWatch) + " requests", cloudWatch / 1000 * p.of("cloudwatch.request"),
                cloudWatch / 1000 * p.of("cloudwatch.request"), "standby alarm reads (DescribeAlarms) as measured per invocation"));
        double notices = month.transitions();
        lines.add(new OwnBill.Line("SNS", count(notices) + " publishes", notices / 1e6 * p.of("sns.publish"), notices / 1e6 * p.of("sns.publish"),
                "one notice per switch (CloudFront GetDistributionConfig / UpdateDistribution calls are free)"));
        return lines;
    }

    static List<OwnBill.Line> costAlerts(CostMonth month, Warm signal, Warm tick, double coldStartMs, int memoryMb, Prices p) {
        List<OwnBill.Line> lines = new ArrayList<>();
        double schedules = month.ticks() + month.costExplorerRequests();
        lambda(lines, month.signals(), signal.ms(), schedules, tick.ms(), month.coldStarts(), coldStartMs, memoryMb, p,
                String.format(Locale.ROOT, "%s cost signals + %s digest ticks + %s Cost Explorer runs (billed at a tick's time)",
                        count(month.signals()), count(month.ticks()), count(month.costExplorerRequests())));
        dynamo(lines, month.signals(), signal, schedules, tick, "per tick", p);
        lines.add(new OwnBill.Line("Cost Explorer", count(month.costExplorerRequests()) + " requests",
                month.costExplorerRequests() * p.of("ce.request"), month.costExplorerRequests() * p.of("ce.request"),
                "daily usage reconciliation + monthly price-class report, one GetCostAndUsage request each"));
        double publishes = month.digests() + 1;
        lines.add(new OwnBill.Line("SNS", count(publishes) + " publishes", publishes / 1e6 * p.of("sns.publish"), publishes / 1e6 * p.of("sns.publish"),
                "the digests + the price-class report (e-mail deliveries to subscribers: $2.00 per 100,000 more)"));
        return lines;
    }

    private static void lambda(List<OwnBill.Line> lines, double events, double eventMs, double ticks, double tickMs, double coldStarts,
                               double coldStartMs, int memoryMb, Prices p, String basis) {
        double invocations = events + ticks;
        lines.add(new OwnBill.Line("Lambda requests", count(invocations), invocations / 1e6 * p.of("lambda.request"),
                invocations / 1e6 * p.of("lambda.request"), basis));
        double gbs = (events * eventMs + ticks * tickMs + coldStarts * coldStartMs) / 1000 * memoryMb / 1024.0;
        lines.add(new OwnBill.Line("Lambda duration (arm64)", count(gbs) + " GB-s", gbs * p.of("lambda.arm64.gbs"), gbs * p.of("lambda.arm64.gbs"),
                String.format(Locale.ROOT, "%d MB × (events × %.2f ms + ticks × %.2f ms warm + %s cold starts × %.0f ms)",
                        memoryMb, eventMs, tickMs, count(coldStarts), coldStartMs)));
    }

    private static void dynamo(List<OwnBill.Line> lines, double events, Warm event, double ticks, Warm tick, String perTick, Prices p) {
        double writes = events * event.dynamoWrites() + ticks * tick.dynamoWrites();
        double reads = events * event.dynamoReads() + ticks * tick.dynamoReads();
        boolean units = event.unitsMeasured() && tick.unitsMeasured();
        lines.add(new OwnBill.Line("DynamoDB", count(writes) + (units ? " WRU + " : " writes + ") + count(reads) + (units ? " RRU" : " reads"),
                writes / 1e6 * p.of("dynamodb.write") + reads / 1e6 * p.of("dynamodb.read"),
                writes / 1e6 * p.of("dynamodb.write") + reads / 1e6 * p.of("dynamodb.read"),
                String.format(Locale.ROOT, "per event %.2f write and %.2f read units; %s %.2f and %.2f (%s)",
                        event.dynamoWrites(), event.dynamoReads(), perTick, tick.dynamoWrites(), tick.dynamoReads(),
                        units ? "measured capacity units" : "measured calls, 1 unit each")));
    }
}
