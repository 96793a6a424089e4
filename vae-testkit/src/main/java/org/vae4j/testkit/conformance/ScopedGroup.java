package org.vae4j.testkit.conformance;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.vae4j.api.memory.Scope;

/**
 * A group whose every test runs inside a scope on each backend, so that the tensors a test makes
 * are freed after it whether it passes or fails.
 */
public abstract class ScopedGroup extends ConformanceGroup {
    private Scope testedScope;
    private Scope referenceScope;

    /** Opens the per-test scopes. */
    @BeforeEach
    protected final void openScopes() {
        testedScope = backend().openScope();
        referenceScope = reference().openScope();
    }

    /** Closes the per-test scopes, freeing what the test made. */
    @AfterEach
    protected final void closeScopes() {
        try {
            if (testedScope != null) {
                testedScope.close();
            }
        } finally {
            if (referenceScope != null) {
                referenceScope.close();
            }
        }
    }
}
