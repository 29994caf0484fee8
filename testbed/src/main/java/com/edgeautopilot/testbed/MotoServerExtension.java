package com.edgeautopilot.testbed;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: moto's server on a free loopback port, started once per JVM, stopped (with its whole process
 * tree) when the test plan ends. Fails with install instructions when moto is not installed.
 *
 * <pre>{@code
 * @ExtendWith(MotoServerExtension.class)                      // inject MotoServer into test methods
 * @RegisterExtension static final MotoServerExtension MOTO =
 *         MotoServerExtension.resettingBeforeEachTest();      // POST /moto-api/reset before every test
 * ...
 * SnsClient sns = LocalAws.current().sns();
 * }</pre>
 * moto's state is global to the JVM: without resets, give resources unique names per test class.
 */
public final class MotoServerExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MotoServerExtension.class);

    private final boolean resetBeforeEach;

    /** Server only (for {@code @ExtendWith}). */
    public MotoServerExtension() {
        this(false);
    }

    private MotoServerExtension(boolean resetBeforeEach) {
        this.resetBeforeEach = resetBeforeEach;
    }

    /** Also resets moto (every service) before each test method. */
    public static MotoServerExtension resettingBeforeEachTest() {
        return new MotoServerExtension(true);
    }

    /** The running server (started if needed). */
    public MotoServer server() {
        return MotoServer.shared();
    }

    /** Clients for every stand-in running now (see {@link LocalAws#current()}). */
    public LocalAws aws() {
        server();
        return LocalAws.current();
    }

    static MotoServer startShared(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(MotoServer.class, key -> new StopAtEnd(MotoServer.shared()), StopAtEnd.class)
                .server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startShared(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (resetBeforeEach) {
            startShared(context).reset();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return startShared(extensionContext);
    }

    private record StopAtEnd(MotoServer server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.close();
        }
    }
}
