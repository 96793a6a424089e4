package org.vae4j.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Availability;
import org.vae4j.api.BackendProvider;
import org.vae4j.api.BackendUnavailableException;
import org.vae4j.api.ProviderStatus;

class ProviderRegistryTest {
    private final Map<String, String> props = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();

    private ProviderRegistry registry(BackendProvider... providers) {
        return new ProviderRegistry(() -> List.of(providers).iterator(), props::get, env::get);
    }

    private static FakeProvider fake(String name, int priority) {
        return new FakeProvider(name, priority, Availability.ok());
    }

    @Test
    void highestPriorityWinsAndTiesGoByName() {
        FakeProvider a = fake("alpha", 10);
        FakeProvider b = fake("beta", 10);
        FakeProvider low = fake("low", 5);
        assertThat(registry(low, b, a).select(null)).isSameAs(a);
    }

    @Test
    void unavailableAndExportOnlyProvidersAreNotChosenByDefault() {
        FakeProvider down = new FakeProvider("down", 50, Availability.unavailable("no GPU"));
        FakeProvider export = fake("export", 0);
        FakeProvider ok = fake("ok", 1);
        assertThat(registry(down, export, ok).select(null)).isSameAs(ok);
        assertThat(registry(down, export, ok).select("export")).isSameAs(export);
    }

    @Test
    void argumentBeatsPropertyBeatsEnvironmentBeatsPriority() {
        FakeProvider a = fake("a", 1);
        FakeProvider b = fake("b", 2);
        FakeProvider c = fake("c", 3);
        ProviderRegistry r = registry(a, b, c);
        assertThat(r.select(null)).isSameAs(c);
        env.put(ProviderRegistry.ENV, "b");
        assertThat(r.select(null)).isSameAs(b);
        props.put(ProviderRegistry.PROPERTY, "A");
        assertThat(r.select(null)).isSameAs(a);
        assertThat(r.select("c")).isSameAs(c);
        props.put(ProviderRegistry.PROPERTY, " ");
        assertThat(r.select(null)).as("a blank property is not a choice").isSameAs(b);
    }

    @Test
    void unknownNameSaysWhatIsWrongThenListsEveryProvider() {
        props.put(ProviderRegistry.PROPERTY, "nope");
        ProviderRegistry r =
                registry(
                        fake("nd4j", 20),
                        new FakeProvider("djl", 10, Availability.unavailable("x")));
        assertThatThrownBy(() -> r.select(null))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessage(
                        String.join(
                                "\n",
                                "Unknown backend 'nope' (from system property vae.backend): no"
                                        + " provider of that name is on the class path. Name one of"
                                        + " those found (nd4j, djl), or add that backend's jar to"
                                        + " the class path.",
                                "  nd4j   priority 20  available (cpu)",
                                "  djl    priority 10  unavailable: x",
                                "See docs/TROUBLESHOOTING.md#unknown-backend"));
    }

    @Test
    void namedButUnavailableGivesItsReason() {
        env.put(ProviderRegistry.ENV, "djl");
        ProviderRegistry r =
                registry(new FakeProvider("djl", 10, Availability.unavailable("no libtorch")));
        assertThatThrownBy(() -> r.select(null))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageStartingWith(
                        "Backend 'djl' (from environment variable VAE_BACKEND) cannot run here: no"
                                + " libtorch. Fix that.")
                .hasMessageContaining("#backend-unavailable");
    }

    @Test
    void nothingUsableListsTheReasons() {
        ProviderRegistry none = registry();
        assertThatThrownBy(() -> none.select(null))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageStartingWith("No usable backend: none of the 0 providers")
                .hasMessageContaining("(no backend providers found on the class path)")
                .hasMessageEndingWith("See docs/TROUBLESHOOTING.md#no-backend");
        ProviderRegistry down =
                registry(new FakeProvider("gpu", 5, Availability.unavailable("CUDA 11.6 missing")));
        BackendUnavailableException e =
                (BackendUnavailableException)
                        org.assertj.core.api.Assertions.catchThrowable(() -> down.select(null));
        assertThat(e.summary()).startsWith("No usable backend").doesNotContain("\n");
        assertThat(e.getMessage()).contains("gpu    priority 5   unavailable: CUDA 11.6 missing");
    }

    @Test
    void aBrokenProviderDoesNotBreakDiscovery() {
        List<Object> items = new ArrayList<>();
        items.add(new ServiceConfigurationError("Provider com.x.Broken could not be instantiated"));
        items.add(fake("good", 3));
        items.add(new NoClassDefFoundError("org/nd4j/linalg/factory/Nd4j"));
        Iterator<BackendProvider> it =
                new Iterator<>() {
                    int i;

                    @Override
                    public boolean hasNext() {
                        return i < items.size();
                    }

                    @Override
                    public BackendProvider next() {
                        Object o = items.get(i++);
                        if (o instanceof Error err) {
                            throw err;
                        }
                        return (BackendProvider) o;
                    }
                };
        ProviderRegistry r = new ProviderRegistry(() -> it, props::get, env::get);
        List<ProviderStatus> statuses = r.statuses();
        assertThat(statuses).extracting(ProviderStatus::name).containsExactly("good", "?", "?");
        assertThat(statuses.get(1).availability().reason()).contains("could not be instantiated");
        assertThat(statuses.get(2).availability().reason())
                .contains("org/nd4j/linalg/factory/Nd4j");
        assertThat(r.select(null).name()).isEqualTo("good");
    }

    @Test
    void discoveryIsLazyRunsOnceAndCanBeReset() {
        AtomicInteger scans = new AtomicInteger();
        ProviderRegistry r =
                new ProviderRegistry(
                        () -> {
                            scans.incrementAndGet();
                            return List.<BackendProvider>of(fake("a", 1)).iterator();
                        },
                        props::get,
                        env::get);
        assertThat(scans).hasValue(0);
        r.select(null);
        r.statuses();
        assertThat(scans).hasValue(1);
        r.reset();
        r.statuses();
        assertThat(scans).hasValue(2);
    }

    /** A provider that counts its probes. */
    private static final class Counted extends FakeProvider {
        final AtomicInteger probes = new AtomicInteger();

        Counted(String name, int priority, Availability availability) {
            super(name, priority, availability);
        }

        @Override
        public Availability probe() {
            probes.incrementAndGet();
            return super.probe();
        }
    }

    @Test
    void namingABackendProbesThatOneOnly() {
        Counted nd4j = new Counted("nd4j", 20, Availability.ok());
        Counted djl = new Counted("djl", 10, Availability.ok());
        ProviderRegistry r = registry(nd4j, djl);
        assertThat(r.names()).containsExactly("nd4j", "djl");
        assertThat(r.select("djl")).isSameAs(djl);
        assertThat(r.status("DJL")).map(ProviderStatus::available).contains(true);
        assertThat(r.status("onnx")).isEmpty();
        assertThat(djl.probes).hasValue(1);
        assertThat(nd4j.probes).as("never needed").hasValue(0);
        r.statuses();
        assertThat(nd4j.probes).hasValue(1);
        assertThat(djl.probes).as("probed once").hasValue(1);
    }

    @Test
    void theDefaultProbesInPriorityOrderUntilOneIsAvailable() {
        Counted down = new Counted("gpu", 30, Availability.unavailable("no GPU"));
        Counted nd4j = new Counted("nd4j", 20, Availability.ok());
        Counted djl = new Counted("djl", 10, Availability.ok());
        assertThat(registry(djl, down, nd4j).select(null)).isSameAs(nd4j);
        assertThat(down.probes).hasValue(1);
        assertThat(nd4j.probes).hasValue(1);
        assertThat(djl.probes).hasValue(0);
    }

    @Test
    void aProbeThatThrowsMakesTheProviderUnavailable() {
        FakeProvider throwing =
                new FakeProvider("bad", 5, Availability.ok()) {
                    @Override
                    public Availability probe() {
                        throw new UnsatisfiedLinkError("no libtorch in java.library.path");
                    }
                };
        ProviderRegistry r = registry(throwing, fake("ok", 1));
        assertThat(r.select(null).name()).isEqualTo("ok");
        assertThat(r.status("bad").orElseThrow().availability().reason())
                .isEqualTo("probe failed: UnsatisfiedLinkError: no libtorch in java.library.path");
    }
}
