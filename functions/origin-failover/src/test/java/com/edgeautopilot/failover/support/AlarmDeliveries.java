package com.edgeautopilot.failover.support;

import com.edgeautopilot.common.Json;
import com.edgeautopilot.common.events.EventShapes;
import com.edgeautopilot.failover.handler.FailoverHandler;
import com.edgeautopilot.testbed.RepoPaths;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The deliveries the live-distribution tests send: the repository's sample alarm events moved to a given transition
 * time, the follow-up tick, and the sample distribution with {@code /static/*} on a chosen origin.
 */
public final class AlarmDeliveries {

    public static final DateTimeFormatter ALARM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    public static final String TICK = RepoPaths.event("schedule/failover-follow-up.json");
    public static final List<String> ON_PRIMARY = List.of("default=primary", "/api/*=primary", "/static/*=assets", "/checkout/*=primary");
    public static final List<String> ON_STANDBY = List.of("default=standby", "/api/*=standby", "/static/*=assets", "/checkout/*=standby");

    private AlarmDeliveries() {
    }

    /** A sample of events/cloudwatch-alarm/ with its transition times replaced by {@code newTime}. */
    public static String event(String sample, String newTime) {
        String json = RepoPaths.event("cloudwatch-alarm/" + sample);
        for (String old : List.of("2026-11-21T10:05:12.345+0000", "2026-11-21T10:21:09.870+0000", "2026-11-21T09:58:40.007+0000")) {
            json = json.replace(old, newTime);
        }
        return json;
    }

    public static String alarm(Instant at) {
        return event("sns-alarm.json", ALARM_TIME.format(at));
    }

    public static String ok(Instant at) {
        return event("sns-ok.json", ALARM_TIME.format(at));
    }

    public static String insufficient(Instant at) {
        return event("sns-insufficient-data.json", ALARM_TIME.format(at));
    }

    public static Object send(FailoverHandler handler, String json) {
        return handler.handle(EventShapes.classify(Json.parseObject(json)), "inv-" + System.nanoTime());
    }

    /** Sends the event; false when the invocation failed (Lambda would retry it). */
    public static boolean deliver(FailoverHandler handler, String json) {
        try {
            send(handler, json);
            return true;
        } catch (RuntimeException failed) {
            return false;
        }
    }

    public static DistributionConfig withStaticOn(String origin) {
        DistributionConfig c = Fixtures.simpleConfig("live");
        List<CacheBehavior> items = c.cacheBehaviors().items().stream()
                .map(b -> b.pathPattern().equals("/static/*") ? b.toBuilder().targetOriginId(origin).build() : b).toList();
        return c.toBuilder().cacheBehaviors(c.cacheBehaviors().toBuilder().items(items).build()).build();
    }
}
