/**
 * Small programs to copy from: each uses only the public API of vae-api and vae-core, and runs on
 * whichever backend the class path holds.
 */
package org.vae4j.examples.programs;
