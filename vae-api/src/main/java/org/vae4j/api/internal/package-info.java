/** Discovery internals and message texts; not part of the API and not exported. */
package org.vae4j.api.internal;
