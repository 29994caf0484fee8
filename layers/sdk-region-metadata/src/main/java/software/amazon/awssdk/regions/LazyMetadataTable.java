package software.amazon.awssdk.regions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A metadata map of the SDK's regions module, made lazy: key to class name from a table (one line each,
 * {@code key class-name}, the SDK's own map as RegionMetadataTablesTest checks), and each class loaded and built the first
 * time its key is asked for, then kept. An unknown key answers null, as the SDK's map does.
 */
final class LazyMetadataTable<T> {

    static final String SERVICE_TABLE = "edge-autopilot-service-metadata.txt";
    static final String REGION_TABLE = "edge-autopilot-region-metadata.txt";

    private final Map<String, String> classNames;
    private final Map<String, T> built = new ConcurrentHashMap<>();
    private final Class<T> type;

    LazyMetadataTable(String resource, Class<T> type) {
        this.type = type;
        this.classNames = read(resource);
    }

    T get(String key) {
        String className = key == null ? null : classNames.get(key);
        return className == null ? null : built.computeIfAbsent(key, k -> build(className));
    }

    private T build(String className) {
        try {
            return type.cast(Class.forName(className, true, LazyMetadataTable.class.getClassLoader())
                    .getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("SDK region metadata class " + className + " cannot be built: " + e, e);
        }
    }

    static Map<String, String> read(String resource) {
        InputStream in = LazyMetadataTable.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the regions jar lacks " + resource + " (scripts/build-artifact writes it with the providers)");
        }
        Map<String, String> names = new HashMap<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    names.put(line.substring(0, space), line.substring(space + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return names;
    }
}
