/**
 * From changed S3 keys to CloudFront invalidation paths: plain Java, no AWS SDK, tested without any server.
 *
 * <ul>
 *   <li>{@link com.edgeautopilot.coalescer.plan.OriginRoute}: decoded key → raw URL paths on a distribution
 *       (origin path, path prefix, default root object, directory index).</li>
 *   <li>{@link com.edgeautopilot.coalescer.plan.PathEncoding}: raw URL path → the encoded path CloudFront matches.</li>
 *   <li>{@link com.edgeautopilot.coalescer.plan.InvalidationPlanner}: changed raw paths + {@link
 *       com.edgeautopilot.coalescer.plan.Capacity} + optional {@link com.edgeautopilot.coalescer.plan.Inventory} →
 *       a {@link com.edgeautopilot.coalescer.plan.Plan} (exact paths and wildcards, requests, price, deferrals),
 *       chosen by the {@link com.edgeautopilot.coalescer.plan.CostModel}.</li>
 * </ul>
 * Benchmark and its results: {@code bench/run-planner}, {@code bench/PLANNER.md}.
 */
package com.edgeautopilot.coalescer.plan;
