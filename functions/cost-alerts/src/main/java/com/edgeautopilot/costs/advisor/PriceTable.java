package com.edgeautopilot.costs.advisor;

import com.edgeautopilot.common.ConfigException;
import com.edgeautopilot.common.Json;
import com.edgeautopilot.costs.advisor.PriceClass.EdgeRegion;

import java.util.EnumMap;
import java.util.Map;

/**
 * On-demand CloudFront prices per billing region: data transfer out to the internet per GB (first 10 TB tier), HTTPS and
 * HTTP requests per 10,000. Defaults are the CloudFront pricing page's first-tier prices; override any region with the
 * PRICE_TABLE setting, e.g. {@code {"EU":{"gb":0.08,"https10k":0.012,"http10k":0.009}}}.
 */
public final class PriceTable {

    public record Prices(double perGb, double perTenThousandHttps, double perTenThousandHttp) {
    }

    private final Map<EdgeRegion, Prices> prices;

    private PriceTable(Map<EdgeRegion, Prices> prices) {
        this.prices = prices;
    }

    public static PriceTable defaults() {
        Map<EdgeRegion, Prices> p = new EnumMap<>(EdgeRegion.class);
        p.put(EdgeRegion.US, new Prices(0.085, 0.0100, 0.0075));
        p.put(EdgeRegion.CA, new Prices(0.085, 0.0100, 0.0075));
        p.put(EdgeRegion.EU, new Prices(0.085, 0.0120, 0.0090));
        p.put(EdgeRegion.ZA, new Prices(0.110, 0.0220, 0.0160));
        p.put(EdgeRegion.ME, new Prices(0.110, 0.0220, 0.0160));
        p.put(EdgeRegion.SA, new Prices(0.110, 0.0220, 0.0160));
        p.put(EdgeRegion.JP, new Prices(0.114, 0.0120, 0.0090));
        p.put(EdgeRegion.AU, new Prices(0.114, 0.0125, 0.0090));
        p.put(EdgeRegion.AP, new Prices(0.120, 0.0120, 0.0090));
        p.put(EdgeRegion.IN, new Prices(0.109, 0.0120, 0.0090));
        return new PriceTable(p);
    }

    /** The defaults with the regions of {@code json} (the setting {@code setting}) replaced; errors name the setting. */
    public static PriceTable withOverrides(String setting, String json) {
        PriceTable table = defaults();
        if (json == null || json.isBlank()) {
            return table;
        }
        Map<String, Object> overrides;
        try {
            overrides = Json.parseObject(json);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(setting, "must be a JSON object of regions to prices: " + e.getMessage());
        }
        Map<EdgeRegion, Prices> next = new EnumMap<>(table.prices);
        for (Map.Entry<String, Object> entry : overrides.entrySet()) {
            EdgeRegion region;
            try {
                region = EdgeRegion.valueOf(entry.getKey());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(setting, "names unknown region '" + entry.getKey() + "' (known: US, CA, EU, ZA, ME, JP, AP, IN, SA, AU)");
            }
            if (!(entry.getValue() instanceof Map<?, ?> values)) {
                throw new ConfigException(setting, "region " + region + " must map to {\"gb\":..,\"https10k\":..,\"http10k\":..}");
            }
            Prices old = next.get(region);
            next.put(region, new Prices(price(setting, values, "gb", old.perGb()), price(setting, values, "https10k", old.perTenThousandHttps()),
                    price(setting, values, "http10k", old.perTenThousandHttp())));
        }
        return new PriceTable(next);
    }

    private static double price(String setting, Map<?, ?> values, String name, double fallback) {
        Object value = values.get(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number n) || n.doubleValue() < 0) {
            throw new ConfigException(setting, name + " must be a non-negative number, got " + value);
        }
        return n.doubleValue();
    }

    public Prices of(EdgeRegion region) {
        return prices.get(region);
    }
}
