package com.edgeautopilot.cli.aws;

import com.edgeautopilot.cli.CliException;
import com.edgeautopilot.cli.functions.FunctionOutput;
import com.edgeautopilot.common.AwsClients;
import com.edgeautopilot.common.cloudfront.CloudFrontClients;
import com.edgeautopilot.testbed.DynamoDbLocal;
import com.edgeautopilot.testbed.LocalAws;
import com.edgeautopilot.testbed.Loopback;
import com.edgeautopilot.testbed.MotoServer;
import software.amazon.awssdk.core.SdkClient;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Where the functions' AWS calls go: the embedded stand-ins (DynamoDB Local in this JVM, moto's server on a free
 * loopback port; both started here and stopped by {@link #close()} unless they were already running), or the
 * endpoints the SDK's standard settings name ({@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_<SERVICE>}), which
 * must be loopback addresses unless remote targets are explicitly allowed.
 *
 * <p>Either way the functions build their clients with their production wiring ({@link AwsClients#fromEnvironment()});
 * this class only sets the SDK's system properties those clients read.
 */
public final class AwsTarget implements AutoCloseable {

    /** SDK service id → (environment variable, system property) of its endpoint setting (SDK 2.42 names). */
    static final Map<String, String[]> SERVICES = Map.of(
            "dynamodb", new String[]{"AWS_ENDPOINT_URL_DYNAMODB", "aws.endpointUrlDynamoDb"},
            "cloudfront", new String[]{"AWS_ENDPOINT_URL_CLOUDFRONT", "aws.endpointUrlCloudFront"},
            "sns", new String[]{"AWS_ENDPOINT_URL_SNS", "aws.endpointUrlSns"},
            "sqs", new String[]{"AWS_ENDPOINT_URL_SQS", "aws.endpointUrlSqs"},
            "cloudwatch", new String[]{"AWS_ENDPOINT_URL_CLOUDWATCH", "aws.endpointUrlCloudWatch"});
    static final String GLOBAL_ENV = "AWS_ENDPOINT_URL";
    static final String GLOBAL_PROPERTY = "aws.endpointUrl";

    private final boolean embedded;
    private final boolean loopbackOnly;
    private final DynamoDbLocal startedDynamo;
    private final MotoServer startedMoto;
    private final Map<String, String> endpoints;
    private final AwsClients clients;

    private AwsTarget(boolean embedded, boolean loopbackOnly, DynamoDbLocal startedDynamo, MotoServer startedMoto,
                      Map<String, String> endpoints, AwsClients clients) {
        this.embedded = embedded;
        this.loopbackOnly = loopbackOnly;
        this.startedDynamo = startedDynamo;
        this.startedMoto = startedMoto;
        this.endpoints = endpoints;
        this.clients = clients;
    }

    /** Whether the environment names endpoints ({@code AWS_ENDPOINT_URL*}), so the embedded stand-ins are not used. */
    public static boolean endpointsConfigured(Map<String, String> env) {
        return env.keySet().stream().anyMatch(k -> k.toUpperCase(Locale.ROOT).startsWith(GLOBAL_ENV));
    }

    /** Starts (or reuses) DynamoDB Local and moto's server and points the SDK at them. */
    public static AwsTarget embedded(Consumer<String> progress) {
        DynamoDbLocal startedDynamo = null;
        MotoServer startedMoto = null;
        try {
            DynamoDbLocal dynamo = DynamoDbLocal.running().orElse(null);
            if (dynamo == null) {
                progress.accept("starting DynamoDB Local (in process)");
                dynamo = FunctionOutput.silenced(DynamoDbLocal::shared);
                startedDynamo = dynamo;
            }
            MotoServer moto = MotoServer.running().orElse(null);
            if (moto == null) {
                progress.accept("starting moto's server (CloudFront, SNS) on 127.0.0.1");
                moto = FunctionOutput.silenced(MotoServer::shared);
                startedMoto = moto;
            }
            LocalAws local = LocalAws.configure(dynamo, moto);
            Map<String, String> endpoints = new TreeMap<>();
            endpoints.put("dynamodb", dynamo.endpoint().toString());
            for (String service : SERVICES.keySet()) {
                if (!service.equals("dynamodb")) {
                    endpoints.put(service, moto.endpoint().toString());
                }
            }
            return new AwsTarget(true, true, startedDynamo, startedMoto, endpoints, local.clients());
        } catch (CliException e) {
            stop(startedDynamo, startedMoto);
            throw e;
        } catch (RuntimeException e) {
            stop(startedDynamo, startedMoto);
            throw new CliException(CliException.FAILURE, "the embedded AWS stand-ins did not start: " + e.getMessage(), e);
        }
    }

    /**
     * The endpoints {@code env} names. Every service in {@code services} must have one (else its calls would reach
     * AWS) and all must be loopback, unless {@code allowRemote}.
     */
    public static AwsTarget external(Map<String, String> env, Set<String> services, boolean allowRemote) {
        if ("true".equalsIgnoreCase(String.valueOf(env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")).trim())) {
            throw CliException.failure("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true: the SDK would ignore the AWS_ENDPOINT_URL* settings. Unset it.");
        }
        String global = env.get(GLOBAL_ENV);
        setOrClear(GLOBAL_PROPERTY, global);
        Map<String, String> endpoints = new TreeMap<>();
        for (Map.Entry<String, String[]> service : SERVICES.entrySet()) {
            String specific = env.get(service.getValue()[0]);
            setOrClear(service.getValue()[1], specific);
            String effective = specific != null && !specific.isBlank() ? specific : global;
            if (effective != null && !effective.isBlank()) {
                endpoints.put(service.getKey(), effective.trim());
            }
        }
        boolean loopback = true;
        for (String service : services) {
            String endpoint = endpoints.get(service);
            if (endpoint == null) {
                loopback = false;
                if (!allowRemote) {
                    throw CliException.failure(service + " has no endpoint setting (" + SERVICES.get(service)[0] + " or " + GLOBAL_ENV
                            + "), so its calls would go to AWS itself. Set it to a local stand-in, unset every AWS_ENDPOINT_URL* to use "
                            + "the embedded ones, or pass --allow-remote.");
                }
            } else if (!Loopback.isLoopback(safeUri(endpoint))) {
                loopback = false;
                if (!allowRemote) {
                    throw CliException.failure(service + " endpoint " + endpoint + " is not a loopback address; the CLI only talks to "
                            + "local stand-ins unless you pass --allow-remote.");
                }
            }
        }
        // Region and credentials: the process's own when it has them, else the local stand-ins' fakes (loopback only).
        setOrClear("aws.region", first(env, "AWS_REGION", "AWS_DEFAULT_REGION"));
        setOrClear("aws.accessKeyId", env.get("AWS_ACCESS_KEY_ID"));
        setOrClear("aws.secretAccessKey", env.get("AWS_SECRET_ACCESS_KEY"));
        setOrClear("aws.sessionToken", env.get("AWS_SESSION_TOKEN"));
        if (System.getProperty("aws.region") == null) {
            if (!loopback) {
                throw CliException.failure("AWS_REGION is not set; set it for remote endpoints");
            }
            System.setProperty("aws.region", LocalAws.REGION);
        }
        if (System.getProperty("aws.accessKeyId") == null && loopback) {
            System.setProperty("aws.accessKeyId", LocalAws.ACCESS_KEY_ID);
            System.setProperty("aws.secretAccessKey", LocalAws.SECRET_ACCESS_KEY);
            System.setProperty("aws.sessionToken", LocalAws.SESSION_TOKEN);
        }
        System.setProperty("aws.disableEc2Metadata", "true");
        AwsClients clients = AwsClients.fromEnvironment();
        // belt and braces: what the production-wired clients actually resolved
        if (!allowRemote) {
            for (String service : services) {
                SdkClient client = switch (service) {
                    case "dynamodb" -> clients.dynamoDb();
                    case "cloudfront" -> CloudFrontClients.of(clients);
                    case "sns" -> clients.sns();
                    default -> null;
                };
                if (client != null) {
                    URI resolved = client.serviceClientConfiguration().endpointOverride().orElse(null);
                    client.close();
                    if (resolved == null || !Loopback.isLoopback(resolved)) {
                        throw CliException.failure(service + " client would target " + (resolved == null ? "AWS" : resolved)
                                + "; refusing (pass --allow-remote to allow it)");
                    }
                }
            }
        }
        return new AwsTarget(false, loopback, null, null, endpoints, clients);
    }

    public boolean embedded() {
        return embedded;
    }

    /** Every endpoint used is a loopback address (always true for the embedded stand-ins). */
    public boolean loopbackOnly() {
        return loopbackOnly;
    }

    /** The production client factory, as configured for this target. */
    public AwsClients clients() {
        return clients;
    }

    public Map<String, String> endpoints() {
        return endpoints;
    }

    public String describe() {
        if (embedded) {
            return "embedded stand-ins: DynamoDB Local in process at " + endpoints.get("dynamodb") + ", moto's server at "
                    + endpoints.get("cloudfront");
        }
        return "endpoints from AWS_ENDPOINT_URL*: " + endpoints;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mode", embedded ? "embedded" : "endpoints");
        json.put("endpoints", endpoints);
        return json;
    }

    @Override
    public void close() {
        stop(startedDynamo, startedMoto);
    }

    private static void stop(DynamoDbLocal dynamo, MotoServer moto) {
        if (moto != null) {
            moto.close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
    }

    private static void setOrClear(String property, String value) {
        if (value == null || value.isBlank()) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value.trim());
        }
    }

    private static String first(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static URI safeUri(String value) {
        try {
            return URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            throw CliException.failure("endpoint '" + value + "' is not a URL");
        }
    }
}
