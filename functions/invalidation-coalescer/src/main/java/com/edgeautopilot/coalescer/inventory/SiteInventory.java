package com.edgeautopilot.coalescer.inventory;

import com.edgeautopilot.coalescer.config.RouteTable;
import com.edgeautopilot.coalescer.plan.Inventory;
import com.edgeautopilot.coalescer.plan.OriginRoute;
import com.edgeautopilot.common.Log;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The URL paths a distribution serves now, from a listing of each of its routes' buckets, so the planner counts what
 * a wildcard would evict. Without a listing (turned off, failed, or a route above the configured maximum) there is
 * none and the planner assumes instead.
 */
public final class SiteInventory {

    private final RouteTable routes;
    private final BucketListing listing;
    private final int maxObjects;

    /** @param listing {@link BucketListing#NONE} (or {@code maxObjects <= 0}) turns listing off */
    public SiteInventory(RouteTable routes, BucketListing listing, int maxObjects) {
        this.routes = routes;
        this.listing = listing;
        this.maxObjects = maxObjects;
    }

    /** The paths served now plus the changed ones (deleted objects are no longer listed), or null when unknown. */
    public Inventory of(String distributionId, Set<String> changedRawPaths, Log log) {
        if (listing == BucketListing.NONE || maxObjects <= 0) {
            return null;
        }
        List<String> paths = new ArrayList<>(changedRawPaths);
        for (OriginRoute route : routes.routesOf(distributionId)) {
            String prefix = route.originPath().isEmpty() ? "" : route.originPath().substring(1) + "/";
            Optional<List<String>> keys;
            try {
                keys = listing.keys(route.bucket(), prefix, maxObjects);
            } catch (RuntimeException e) {
                log.warn("could not list the bucket; planning without an inventory", "bucket", route.bucket(), "detail", e.getMessage());
                return null;
            }
            if (keys.isEmpty()) {
                log.info("bucket holds more objects than INVENTORY_MAX_OBJECTS; planning without an inventory",
                        "bucket", route.bucket(), "maxObjects", maxObjects);
                return null;
            }
            for (String key : keys.get()) {
                paths.addAll(route.urlPaths(key));
            }
        }
        return Inventory.ofPaths(paths);
    }
}
