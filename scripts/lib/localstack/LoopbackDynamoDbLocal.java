import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * DynamoDB Local started from LocalStack's command line (same arguments as its ServerRunner), but listening on
 * 127.0.0.1 only: its command line offers no bind address and its Jetty listens on all interfaces by default.
 * The Jetty server is a private field of DynamoDBProxyServer; its connectors are bound to loopback before start.
 */
public final class LoopbackDynamoDbLocal {
    public static void main(String[] args) throws Exception {
        DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
        Server jetty = null;
        for (Field field : DynamoDBProxyServer.class.getDeclaredFields()) {
            if (Server.class.isAssignableFrom(field.getType())) {
                field.setAccessible(true);
                jetty = (Server) field.get(proxy);
            }
        }
        if (jetty == null) {
            throw new IllegalStateException("DynamoDBProxyServer has no Jetty Server field: cannot bind to loopback");
        }
        int bound = 0;
        for (Connector connector : jetty.getConnectors()) {
            if (connector instanceof ServerConnector serverConnector) {
                serverConnector.setHost("127.0.0.1");
                bound++;
            }
        }
        if (bound == 0) {
            throw new IllegalStateException("DynamoDB Local's Jetty has no ServerConnector: cannot bind to loopback");
        }
        proxy.start();
        proxy.join();
    }
}
