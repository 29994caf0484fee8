/**
 * Stands in for LocalStack's DynamoDB Local loader agent (ddb-local-loader, downloaded from GitHub: offline it cannot
 * be). That agent lifts DynamoDB Local's limit of 20 GSIs per table; the stack's tables have far fewer, so a no-op.
 */
public final class NoopAgent {
    public static void premain(String arguments) {
        // nothing to do
    }
}
