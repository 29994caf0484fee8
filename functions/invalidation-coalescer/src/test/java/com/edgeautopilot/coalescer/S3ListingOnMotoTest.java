package com.edgeautopilot.coalescer;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.coalescer.inventory.S3BucketListing;
import com.edgeautopilot.common.s3.S3Clients;
import com.edgeautopilot.testbed.LocalAws;
import com.edgeautopilot.testbed.MotoServer;
import com.edgeautopilot.testbed.MotoServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bucket listing behind the planner's inventory, over S3's real wire protocol (moto), through the production client. */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class S3ListingOnMotoTest {

    @RegisterExtension
    static final MotoServerExtension MOTO = MotoServerExtension.resettingBeforeEachTest();

    @Test
    void listsEveryKeyUnderThePrefixAcrossPagesAndGivesUpPastTheMaximum() {
        LocalAws aws = LocalAws.configure(null, MotoServer.shared());
        S3Client s3 = S3Clients.of(aws.clients());
        s3.createBucket(b -> b.bucket("example-site-bucket"));
        TreeSet<String> expected = new TreeSet<>();
        for (int i = 0; i < 1_050; i++) {
            String key = "site/dir" + (i % 9) + "/caf\u00e9 page+" + i + ".html";
            s3.putObject(b -> b.bucket("example-site-bucket").key(key), RequestBody.fromString("x"));
            expected.add(key);
        }
        s3.putObject(b -> b.bucket("example-site-bucket").key("other/outside.html"), RequestBody.fromString("x"));

        S3BucketListing listing = new S3BucketListing(s3);
        Optional<List<String>> keys = listing.keys("example-site-bucket", "site/", 5_000);
        assertTrue(keys.isPresent());
        assertEquals(expected, new TreeSet<>(keys.get()), "all 1,050 keys, decoded, over two pages, none outside the prefix");
        assertEquals(Optional.empty(), listing.keys("example-site-bucket", "", 1_000), "more than the maximum: no inventory");
    }
}
