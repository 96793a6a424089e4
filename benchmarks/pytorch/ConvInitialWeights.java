import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.api.random.Rng;
import org.vae4j.core.io.HostArray;
import org.vae4j.core.io.Safetensors;
import org.vae4j.core.model.ConvVaeConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Init;
import org.vae4j.core.nn.Parameter;
import org.vae4j.core.train.TrainingConfig;

/**
 * Writes the weights `./vae train --arch conv --seed N` starts from (its initialisation draws from
 * {@code Rng.seeded(N).fork(0)}), for `conv_vae.py --init-from`. Run from the repository root after
 * a build:
 *
 * <pre>
 * java -cp "vae-examples/target/lib/*" benchmarks/pytorch/ConvInitialWeights.java 4 w.safetensors
 * </pre>
 */
public class ConvInitialWeights {
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: ConvInitialWeights SEED OUT.safetensors");
            System.exit(2);
        }
        Rng rng = Rng.seeded(Long.parseLong(args[0])).fork(0);
        try (Backend backend = Backends.open("nd4j", null)) {
            Init init = TrainingConfig.defaults().buildInit(backend, rng);
            try (Vae vae = ConvVaeConfig.mnist().build(init)) {
                Map<String, HostArray> weights = new LinkedHashMap<>();
                for (Map.Entry<String, Parameter> e : vae.namedParameters().entrySet()) {
                    weights.put("model." + e.getKey(), HostArray.fromTensor(e.getValue().value()));
                }
                Safetensors.write(Path.of(args[1]), weights, Map.of());
            }
        }
    }
}
