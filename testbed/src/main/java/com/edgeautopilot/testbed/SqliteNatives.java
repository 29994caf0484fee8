package com.edgeautopilot.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.List;
import java.util.Locale;

/**
 * Makes sqlite4java's native library (which DynamoDB Local needs) loadable without any manual step.
 *
 * <p>Maven resolves the natives as artifacts of type so/dll/dylib that never reach the classpath. This module's
 * build copies them into its own jar (see the maven-dependency-plugin execution in its pom); here the files are
 * extracted once per JVM into a temp folder and {@code sqlite4java.library.path} is pointed at it. When the
 * resources are missing (an IDE that skipped the Maven resource phase), the natives are taken from the local
 * Maven repository next to the sqlite4java jar on the classpath.
 */
final class SqliteNatives {

    static final String LIBRARY_PATH_PROPERTY = "sqlite4java.library.path";
    private static final String RESOURCE_DIR = "/com/edgeautopilot/testbed/sqlite4java/";
    /** File names as the dependency plugin writes them (stripVersion); sqlite4java looks these names up. */
    private static final List<String> FILES = List.of(
            "libsqlite4java-linux-amd64.so",
            "libsqlite4java-linux-i386.so",
            "libsqlite4java-osx.dylib",
            "sqlite4java-win32-x64.dll",
            "sqlite4java-win32-x86.dll");

    private static Path extracted;

    private SqliteNatives() {
    }

    /** Sets {@code sqlite4java.library.path} (unless already set) and returns the folder it names. */
    static synchronized Path ensureLibraryPath() {
        String preset = System.getProperty(LIBRARY_PATH_PROPERTY);
        if (preset != null && !preset.isBlank()) {
            return Paths.get(preset);
        }
        if (extracted == null) {
            extracted = extract();
        }
        System.setProperty(LIBRARY_PATH_PROPERTY, extracted.toString());
        return extracted;
    }

    /** The native file sqlite4java will load on this platform, or null when sqlite4java 1.0.x ships none. */
    static String fileForThisPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean x86 = arch.equals("x86") || arch.equals("i386") || arch.equals("i686");
        if (os.contains("linux")) {
            return x64 ? FILES.get(0) : x86 ? FILES.get(1) : null;
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return FILES.get(2);
        }
        if (os.contains("windows")) {
            return x64 ? FILES.get(3) : x86 ? FILES.get(4) : null;
        }
        return null;
    }

    private static Path extract() {
        String wanted = fileForThisPlatform();
        if (wanted == null) {
            throw new IllegalStateException("DynamoDB Local's sqlite4java has no native library for "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                    + " (it ships linux x86/x86_64, macOS and Windows only). Run the tests on one of those, "
                    + "or set -D" + LIBRARY_PATH_PROPERTY + "=<folder with a libsqlite4java build for this platform>.");
        }
        try {
            Path dir = Files.createTempDirectory("edge-autopilot-sqlite4java-");
            dir.toFile().deleteOnExit();
            Path target = dir.resolve(wanted);
            try (InputStream in = SqliteNatives.class.getResourceAsStream(RESOURCE_DIR + wanted)) {
                if (in != null) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.copy(fromLocalMavenRepository(wanted), target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            target.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract sqlite4java's native library: " + e, e);
        }
    }

    /** {@code <repo>/com/almworks/sqlite4java/<artifact>/<version>/<artifact>-<version>.<ext>}, next to the sqlite4java jar. */
    private static Path fromLocalMavenRepository(String fileName) {
        Path jar = sqlite4javaJar();
        String version = jar.getParent().getFileName().toString();
        Path groupDir = jar.getParent().getParent().getParent();
        int dot = fileName.lastIndexOf('.');
        String artifact = fileName.substring(0, dot);
        String extension = fileName.substring(dot + 1);
        Path file = groupDir.resolve(artifact).resolve(version).resolve(artifact + "-" + version + "." + extension);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("sqlite4java's native library is neither bundled in the test bed jar ("
                    + RESOURCE_DIR + fileName + ") nor in the local Maven repository (" + file + "). Build the test bed "
                    + "with Maven (mvn -pl testbed -am install) so its resources include the natives.");
        }
        return file;
    }

    private static Path sqlite4javaJar() {
        try {
            Class<?> sqlite = Class.forName("com.almworks.sqlite4java.SQLite");
            CodeSource source = sqlite.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                throw new IllegalStateException("cannot tell where sqlite4java was loaded from");
            }
            return Paths.get(source.getLocation().toURI());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("sqlite4java is not on the classpath (it comes with com.amazonaws:DynamoDBLocal)", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the sqlite4java jar: " + e, e);
        }
    }
}
