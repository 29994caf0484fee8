package com.edgeautopilot.coalescer.plan;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DirectoryTableTest {

    private static final List<String> DIRECTORIES = List.of("/", "/docs/", "/docs/v2/", "/media/café/", "/ÿÿÿÿÿÿÿÿ/",
            "/日本語/", "/emoji-\uD83D\uDE00/", "/" + "long-directory-name/".repeat(5), "/a//", "/é/ÿ/");

    @Test
    void directoryHashIsTheHashCodeOfTheDirectoryPrefix() {
        for (String directory : DIRECTORIES) {
            for (String name : List.of("", "index.html", "résumé 1.pdf", "ÿ", "写真.jpg", "\uD83D\uDE00")) {
                String path = directory + name;
                int slash = path.lastIndexOf('/');
                assertEquals(directory.hashCode(), DirectoryTable.directoryHash(path, slash), path);
                assertEquals(directory.hashCode(), DirectoryTable.hash(path, slash + 1), path);
            }
        }
    }

    @Test
    void findsEachKeyByARegionOfAPathAndNothingElse() {
        DirectoryTable table = new DirectoryTable(0);
        List<String> keys = new ArrayList<>(DIRECTORIES);
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) { // enough to grow the table several times
            keys.add("/d" + random.nextInt(1_000_000) + "/x" + i + "/");
        }
        for (int i = 0; i < keys.size(); i++) {
            table.add(keys.get(i), i);
        }
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            assertEquals(i, table.find(key + "file.html", key.length()), key);
            assertEquals(i, table.find(key, key.length(), key.hashCode()), key);
        }
        // same length, and chars that differ only above U+00FF (same low byte) or past the inline part: not found
        for (String absent : List.of("/\u01FFÿÿÿÿÿÿÿ/", "/media/caf\u01E9/", "/docs/v3/", "/docs/v2", "/日本誤/",
                "/" + "long-directory-name/".repeat(4) + "long-directory-namf/")) {
            assertEquals(-1, table.find(absent + "file.html", absent.length()), absent);
        }
    }
}
