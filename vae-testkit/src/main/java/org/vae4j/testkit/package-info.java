/**
 * The backend conformance suite: a backend module runs every check by adding one test class that
 * extends {@link org.vae4j.testkit.BackendConformanceSuite}.
 */
package org.vae4j.testkit;
