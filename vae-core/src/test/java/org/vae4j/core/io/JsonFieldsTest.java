package org.vae4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {
    private static final JsonFields ROOT =
            JsonFields.of(
                    Json.parse(
                            "{\"name\": \"vae\", \"model\": {\"latentDim\": 16, \"big\": 3000000000,"
                                    + " \"lr\": 0.001, \"beta\": 1, \"three\": 3.0, \"on\": true,"
                                    + " \"layers\": [400, 200], \"nothing\": null}}"));
    private static final JsonFields MODEL = ROOT.requireObject("model");

    @Test
    void readsTypedFields() {
        assertThat(ROOT.requireString("name")).isEqualTo("vae");
        assertThat(MODEL.path()).isEqualTo("model");
        assertThat(MODEL.requireInt("latentDim")).isEqualTo(16);
        assertThat(MODEL.requireLong("big")).isEqualTo(3_000_000_000L);
        assertThat(MODEL.requireDouble("lr")).isEqualTo(0.001);
        assertThat(MODEL.requireDouble("beta")).isEqualTo(1.0);
        assertThat(MODEL.requireBoolean("on")).isTrue();
        assertThat(MODEL.requireList("layers")).containsExactly(400L, 200L);
        assertThat(MODEL.has("nothing")).isTrue();
        assertThat(MODEL.map()).containsKeys("latentDim", "layers");
    }

    @Test
    void optionalFieldsFallBackWhenMissingOrNull() {
        assertThat(MODEL.optionalInt("missing", 7)).isEqualTo(7);
        assertThat(MODEL.optionalInt("nothing", 7)).isEqualTo(7);
        assertThat(MODEL.optionalInt("latentDim", 7)).isEqualTo(16);
        assertThat(MODEL.optionalLong("missing", 8L)).isEqualTo(8L);
        assertThat(MODEL.optionalDouble("missing", 0.5)).isEqualTo(0.5);
        assertThat(MODEL.optionalBoolean("missing", true)).isTrue();
        assertThat(MODEL.optionalString("missing", "d")).isEqualTo("d");
        assertThat(MODEL.optionalList("missing", List.of())).isEmpty();
        assertThat(MODEL.optionalObject("missing")).isEmpty();
        assertThat(ROOT.optionalObject("model"))
                .get()
                .extracting(JsonFields::path)
                .isEqualTo("model");
        assertThatThrownBy(() -> MODEL.optionalString("latentDim", "d"))
                .hasMessage("Field 'model.latentDim' must be a string, but is the integer 16");
    }

    @Test
    void errorsNameTheFieldPathAndWhatWasFound() {
        assertThatThrownBy(() -> MODEL.requireInt("hidden"))
                .isInstanceOf(JsonException.class)
                .hasMessage("Missing field 'model.hidden'; expected an integer");
        assertThatThrownBy(() -> MODEL.requireString("nothing"))
                .hasMessage("Field 'model.nothing' is null; expected a string");
        assertThatThrownBy(() -> MODEL.requireInt("big"))
                .hasMessage(
                        "Field 'model.big' must be an integer from -2147483648 to 2147483647, but"
                                + " is 3000000000");
        assertThatThrownBy(() -> MODEL.requireLong("three"))
                .hasMessage("Field 'model.three' must be an integer, but is the number 3.0");
        assertThatThrownBy(() -> MODEL.requireDouble("on"))
                .hasMessage("Field 'model.on' must be a number, but is the boolean true");
        assertThatThrownBy(() -> MODEL.requireBoolean("layers"))
                .hasMessage("Field 'model.layers' must be a boolean, but is an array");
        assertThatThrownBy(() -> ROOT.requireList("model"))
                .hasMessage("Field 'model' must be an array, but is an object");
        assertThatThrownBy(() -> ROOT.requireObject("name"))
                .hasMessage("Field 'name' must be an object, but is the string \"vae\"");
        assertThatThrownBy(() -> JsonFields.of(List.of()))
                .hasMessage("The top level must be an object, but is an array");
    }
}
