package com.edgeautopilot.testbed.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The classpath Lambda's java21 runtime gives a function: the runtime's own jars (runtime interface client, its
 * serialization, aws-lambda-java-core, utils-lite: {@code /var/runtime/lib}), the function's artifact root and its
 * {@code lib/*.jar} ({@code /var/task}), then the {@code java/lib/*.jar} of each layer the function gets
 * ({@code /opt/java/lib}: its template {@code Layers}, as {@code bench/functions.txt} lists them).
 */
final class LambdaClasspath {

    /** One class from each jar the runtime interface client needs (its own and its dependencies). */
    private static final List<String> RUNTIME_CLASSES = List.of(
            "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
            "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
            "com.amazonaws.services.lambda.runtime.Context",
            "software.amazon.awssdk.utilslite.SdkInternalThreadLocal");

    private static final List<Class<?>> PROBES = List.of(HelloHandler.class, WarmLoopHandler.class, BenchRequestCounter.class);

    private LambdaClasspath() {
    }

    /** The jars holding the runtime interface client and its dependencies, as this JVM found them. */
    static List<Path> runtime() {
        Set<Path> jars = new LinkedHashSet<>();
        for (String name : RUNTIME_CLASSES) {
            try {
                Class<?> type = Class.forName(name, false, LambdaClasspath.class.getClassLoader());
                jars.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (ClassNotFoundException | URISyntaxException e) {
                throw new IllegalStateException("the runtime interface client's class " + name + " is not on this classpath: " + e, e);
            }
        }
        return List.copyOf(jars);
    }

    /** The function artifact folder and its {@code lib/*.jar}, then the {@code java/lib/*.jar} of each of its layers. */
    static List<Path> function(Path artifact, List<Path> layers) {
        List<Path> entries = new ArrayList<>();
        entries.add(artifact);
        entries.addAll(jars(artifact.resolve("lib")));
        for (Path layer : layers) {
            entries.addAll(jars(layer.resolve("java").resolve("lib")));
        }
        return entries;
    }

    /** Copies the SDK floor handler alone into {@code folder} (no bench interceptor: it is measured as a function is). */
    static Path floorProbe(Path folder) {
        copy(SdkFloorHandler.class, folder);
        return folder;
    }

    /** Copies the probe handlers (bare hello world, warm loop) alone into {@code folder}, so nothing else rides along. */
    static Path probes(Path folder) {
        for (Class<?> probe : PROBES) {
            copy(probe, folder);
        }
        Path interceptors = folder.resolve(BenchRequestCounter.GLOBAL_INTERCEPTORS);
        try {
            Files.createDirectories(interceptors.getParent());
            Files.writeString(interceptors, BenchRequestCounter.class.getName() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folder;
    }

    private static void copy(Class<?> probe, Path folder) {
        String resource = probe.getName().replace('.', '/') + ".class";
        Path target = folder.resolve(resource);
        try (InputStream in = probe.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " not found");
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the handler class implements a CRaC {@code Resource} ({@code org.crac} or the runtime's
     * {@code com.amazonaws.services.lambda.crac}) itself or through a superclass: then SnapStart runs its
     * {@code beforeCheckpoint} (priming). Loaded without initializing it.
     */
    static boolean hasPrimingHook(String handlerClass, List<Path> classpath) {
        List<URL> urls = new ArrayList<>();
        for (Path entry : classpath) {
            try {
                urls.add(entry.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(entry.toString(), e);
            }
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> type = Class.forName(handlerClass, false, loader);
            return !Modifier.isAbstract(type.getModifiers()) && (implementsResource(type) || registersThroughLayer(classpath));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether a class of the function's own artifact (a class folder on the path) uses the layer's
     * {@code com.edgeautopilot.common.Priming}, which registers CRaC hooks at init (the handler itself need not be one).
     */
    private static boolean registersThroughLayer(List<Path> classpath) {
        // joined at run time, so this class's own constant pool does not hold the name it looks for
        byte[] needle = String.join("/", "com", "edgeautopilot", "common", "Priming").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (Path entry : classpath) {
            if (!java.nio.file.Files.isDirectory(entry)) {
                continue;
            }
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(entry)) {
                boolean found = files.filter(f -> f.toString().endsWith(".class")).anyMatch(f -> contains(read(f), needle));
                if (found) {
                    return true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return false;
    }

    private static byte[] read(Path file) {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean implementsResource(Class<?> type) {
        for (Class<?> current = type; current != null; current = current.getSuperclass()) {
            for (Class<?> implemented : current.getInterfaces()) {
                String name = implemented.getName();
                if (name.equals("org.crac.Resource") || name.equals("com.amazonaws.services.lambda.crac.Resource")
                        || implementsResource(implemented)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Path> jars(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
