package org.vae4j.api;

/**
 * The version of this SPI. A backend returns {@link #CURRENT} from {@link
 * BackendProvider#spiVersion()}; the constant is inlined when the backend compiles, so it records
 * the SPI the backend was built against. Discovery refuses a backend built for another major
 * version.
 */
public final class SpiVersion {
    /** Bumped on incompatible SPI changes. */
    public static final int MAJOR = 1;

    /**
     * Bumped on compatible additions (1: the fused {@code bernoulliLogLikelihood}; 2: {@code
     * conv2d} and {@code convTranspose2d}; 3: {@code elementwise} expressions; 4: {@code
     * conv2dKernelGradient}; 5: {@code allFinite}; 6: {@code elementwiseSum}; 7: {@code matmuls};
     * each with a composite default).
     */
    public static final int MINOR = 7;

    /** {@code MAJOR.MINOR} as text. */
    public static final String CURRENT = MAJOR + "." + MINOR;

    private SpiVersion() {}

    /** Returns the major number of a {@code MAJOR.MINOR} string, or -1 if it cannot be read. */
    public static int majorOf(String version) {
        if (version == null) {
            return -1;
        }
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
