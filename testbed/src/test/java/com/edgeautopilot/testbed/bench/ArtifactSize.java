package com.edgeautopilot.testbed.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The size of a built Lambda artifact folder (a function's code or a layer's content): unpacked (what Lambda's
 * 250 MB unzipped limit counts) and zipped with default deflate (about what {@code sam build}/{@code sam deploy} upload).
 */
record ArtifactSize(String name, long unpackedBytes, long zippedBytes, int files, int jars) {

    static ArtifactSize of(String name, Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            long unpacked = 0;
            CountingStream counter = new CountingStream();
            try (ZipOutputStream zip = new ZipOutputStream(counter)) {
                for (Path file : files) {
                    unpacked += Files.size(file);
                    zip.putNextEntry(new ZipEntry(folder.relativize(file).toString().replace('\\', '/')));
                    Files.copy(file, zip);
                    zip.closeEntry();
                }
            }
            int jars = (int) files.stream().filter(f -> f.getFileName().toString().endsWith(".jar")).count();
            return new ArtifactSize(name, unpacked, counter.count, files.size(), jars);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + folder + ": " + e, e);
        }
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
