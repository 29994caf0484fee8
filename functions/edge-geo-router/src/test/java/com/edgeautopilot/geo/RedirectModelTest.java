package com.edgeautopilot.geo;

import com.fasterxml.jackson.jr.ob.JSON;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Java model answers the cases in test/fixtures/decisions.json as src/function.js does (the node tests run the same file). */
class RedirectModelTest {

    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> agreesWithTheFunctionOnTheSharedCases() throws IOException {
        RedirectModel model = new RedirectModel(JSON.std.mapFrom(TestFiles.testPolicy()));
        Map<String, Object> fixture = JSON.std.mapFrom(TestFiles.read(TestFiles.MODULE.resolve("test/fixtures/decisions.json")));
        List<Map<String, Object>> cases = (List<Map<String, Object>>) fixture.get("cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            RedirectModel.Decision d = model.decide(
                    new RedirectModel.Viewer((String) c.get("country"), (String) c.get("region")),
                    (String) c.get("host"), (String) c.get("uri"));
            String actual = switch (d) {
                case RedirectModel.Pass p -> "pass";
                case RedirectModel.Block b -> "block";
                case RedirectModel.Redirect r -> r.url();
            };
            assertEquals(c.get("expect"), actual);
        }));
    }
}
