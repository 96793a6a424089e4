/**
 * The groups of the conformance suite, one abstract class each. {@link
 * org.vae4j.testkit.BackendConformanceSuite} runs every group as a JUnit {@code @Nested} class;
 * none of them is meant to be extended directly by a backend.
 */
package org.vae4j.testkit.conformance;
