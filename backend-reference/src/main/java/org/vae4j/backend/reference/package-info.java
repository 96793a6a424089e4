/**
 * A plain-Java backend over {@code double[]} storage: the oracle the conformance suite compares
 * every backend against, and the backend vae-core's own tests run on. It is not registered as a
 * service, so discovery never selects it.
 */
package org.vae4j.backend.reference;
