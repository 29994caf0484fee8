package software.amazon.awssdk.regions;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lazy providers answer what the SDK's generated ones answer, for every key of the SDK version the build uses, and
 * load only the class asked for. The SDK's own providers are loaded from its regions jar in a class loader of their own
 * (the test class path has this module's replacements first).
 */
class RegionMetadataTablesTest {

    private static final String PACKAGE = "software.amazon.awssdk.regions.";

    @Test
    void theServiceTableIsTheSdksOwnMap() throws Exception {
        assertTableMatches("GeneratedServiceMetadataProvider", "SERVICE_METADATA", LazyMetadataTable.SERVICE_TABLE);
    }

    @Test
    void theRegionTableIsTheSdksOwnMap() throws Exception {
        assertTableMatches("GeneratedRegionMetadataProvider", "REGION_METADATA", LazyMetadataTable.REGION_TABLE);
    }

    @Test
    void everyServiceAndRegionIsAnsweredWithTheSdksClassAndAnUnknownOneWithNull() {
        GeneratedServiceMetadataProvider services = new GeneratedServiceMetadataProvider();
        LazyMetadataTable.read(LazyMetadataTable.SERVICE_TABLE).forEach((prefix, className) ->
                assertEquals(className, services.serviceMetadata(prefix).getClass().getName(), prefix));
        assertNull(services.serviceMetadata("no-such-service"));
        assertEquals(services.serviceMetadata("dynamodb"), services.serviceMetadata("dynamodb"), "built once, then kept");

        GeneratedRegionMetadataProvider regions = new GeneratedRegionMetadataProvider();
        LazyMetadataTable.read(LazyMetadataTable.REGION_TABLE).forEach((id, className) ->
                assertEquals(className, regions.regionMetadata(Region.of(id)).getClass().getName(), id));
        assertNull(regions.regionMetadata(Region.of("xx-nowhere-1")));
        assertNull(regions.regionMetadata(null));
    }

    @Test
    void askingForOneServiceLoadsOnlyItsMetadataClassWhereTheSdksProviderLoadsEveryService() throws Exception {
        String other = PACKAGE + "servicemetadata.AccessAnalyzerServiceMetadata";
        String asked = PACKAGE + "servicemetadata.DynamodbServiceMetadata";
        try (RegionsLoader lazy = new RegionsLoader(location(LazyMetadataTable.class), location(Region.class))) {
            signingRegionOfDynamoDb(lazy);
            assertTrue(lazy.loaded(asked), "the asked service's metadata is built");
            assertFalse(lazy.loaded(other), "no other service's metadata class is loaded");
        }
        try (RegionsLoader sdk = new RegionsLoader(location(Region.class))) {
            signingRegionOfDynamoDb(sdk);
            assertTrue(sdk.loaded(other), "the SDK's own provider loads every service (what this module is for)");
        }
    }

    private static void signingRegionOfDynamoDb(RegionsLoader loader) throws Exception {
        Class<?> region = loader.loadClass(PACKAGE + "Region");
        Object usEast1 = region.getMethod("of", String.class).invoke(null, "us-east-1");
        Object metadata = loader.loadClass(PACKAGE + "ServiceMetadata").getMethod("of", String.class).invoke(null, "dynamodb");
        Object signingRegion = metadata.getClass().getMethod("signingRegion", region).invoke(metadata, usEast1);
        assertEquals("us-east-1", signingRegion.toString());
    }

    private static void assertTableMatches(String provider, String field, String table) throws Exception {
        Map<String, String> sdk = new TreeMap<>();
        try (RegionsLoader loader = new RegionsLoader(location(Region.class))) {
            Field map = loader.loadClass(PACKAGE + provider).getDeclaredField(field);
            map.setAccessible(true);
            Method id = loader.loadClass(PACKAGE + "Region").getMethod("id");
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) map.get(null)).entrySet()) {
                Object key = entry.getKey();
                sdk.put(key instanceof String name ? name : (String) id.invoke(key), entry.getValue().getClass().getName());
            }
        }
        Map<String, String> ours = new TreeMap<>(LazyMetadataTable.read(table));
        if (!sdk.equals(ours)) {
            Path expected = Path.of("target", table);
            Files.writeString(expected, sdk.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + "\n").collect(Collectors.joining()));
            Map<String, String> differences = new TreeMap<>();
            sdk.forEach((key, className) -> {
                if (!className.equals(ours.get(key))) {
                    differences.put(key, ours.get(key) + " -> " + className);
                }
            });
            ours.keySet().stream().filter(key -> !sdk.containsKey(key)).forEach(key -> differences.put(key, ours.get(key) + " -> (gone)"));
            throw new AssertionError("the SDK's regions module changed (" + differences + "): copy " + expected.toAbsolutePath()
                    + " over src/main/resources/software/amazon/awssdk/regions/" + table);
        }
    }

    private static URL location(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    /** Loads the regions package itself from the given locations, in order (everything else from the test class path). */
    private static final class RegionsLoader extends URLClassLoader {

        RegionsLoader(URL... locations) {
            super(locations, RegionMetadataTablesTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(PACKAGE)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : findClass(name);
            }
        }

        boolean loaded(String name) {
            return findLoadedClass(name) != null;
        }

        @Override
        public URL getResource(String name) {
            URL own = findResource(name);
            return own != null ? own : super.getResource(name);
        }
    }
}
