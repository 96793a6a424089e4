package org.vae4j.core.distributions;

/**
 * A distribution was given a parameter with a NaN or infinite element; the message names the
 * distribution, the parameter, its shape and the first bad index. Trainers catch it to report the
 * step at which training diverged.
 */
public final class NonFiniteParameterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    NonFiniteParameterException(String message) {
        super(message);
    }
}
