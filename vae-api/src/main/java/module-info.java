/**
 * The vae4j backend SPI. No dependencies. Backends implement {@link org.vae4j.api.BackendProvider}
 * and are found through {@link java.util.ServiceLoader}.
 */
module org.vae4j.api {
    exports org.vae4j.api;
    exports org.vae4j.api.memory;
    exports org.vae4j.api.ops;
    exports org.vae4j.api.random;
    exports org.vae4j.api.support;
    exports org.vae4j.api.tensor;

    uses org.vae4j.api.BackendProvider;
}
