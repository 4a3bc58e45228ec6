package io.camelemarsys.simulator;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One simulator per test class:
 *
 * <pre>{@code
 * @RegisterExtension
 * static EmarsysSimulatorExtension emarsys = new EmarsysSimulatorExtension(SimulatorConfig.builder().seedContacts(10).build());
 * ... emarsys.simulator().baseUrl()
 * }</pre>
 *
 * or {@code @ExtendWith(EmarsysSimulatorExtension.class)} with an {@link EmarsysSimulator} test method parameter.
 */
public final class EmarsysSimulatorExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private final SimulatorConfig config;
    private EmarsysSimulator simulator;
    private String owner;

    public EmarsysSimulatorExtension() {
        this(SimulatorConfig.defaults());
    }

    public EmarsysSimulatorExtension(SimulatorConfig config) {
        this.config = config;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (simulator == null) { // @Nested classes inherit the extension: keep the enclosing class's simulator
            simulator = EmarsysSimulator.start(config);
            owner = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (simulator != null && context.getUniqueId().equals(owner)) {
            simulator.close();
            simulator = null;
        }
    }

    /** The running simulator; valid between the class's beforeAll and afterAll. */
    public EmarsysSimulator simulator() {
        if (simulator == null) {
            throw new IllegalStateException("The simulator runs only while the test class runs; register the "
                    + "extension as a static field with @RegisterExtension");
        }
        return simulator;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmarsysSimulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return simulator();
    }
}
