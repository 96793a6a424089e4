package org.vae4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void parsesEveryKindOfValueIntoPlainJavaTypes() {
        Object v =
                Json.parse(
                        " {\"s\": \"x\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\", \"i\": -12,"
                                + " \"d\": 1.5e2, \"t\": true, \"f\": false, \"n\": null,"
                                + " \"a\": [1, [], {}], \"o\": {\"z\": 0}}\n");
        assertThat(v)
                .isEqualTo(
                        map(
                                "s",
                                "x\"\\/\b\f\n\r\té\uD83D\uDE00",
                                "i",
                                -12L,
                                "d",
                                150.0,
                                "t",
                                true,
                                "f",
                                false,
                                "n",
                                null,
                                "a",
                                List.of(1L, List.of(), Map.of()),
                                "o",
                                map("z", 0L)));
        assertThat(new ArrayList<Object>(((Map<?, ?>) v).keySet()))
                .containsExactly("s", "i", "d", "t", "f", "n", "a", "o");
    }

    @Test
    void integersThatFitALongAreLongsAndEverythingElseIsADouble() {
        assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Json.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(Json.parse("9223372036854775808")).isEqualTo(9.223372036854775808e18);
        assertThat(Json.parse("1.0")).isEqualTo(1.0);
        assertThat(Json.parse("1E3")).isEqualTo(1000.0);
        assertThat(Json.parse("0")).isEqualTo(0L);
        assertThat((Double) Json.parse("-0")).isEqualTo(-0.0).matches(d -> 1 / d < 0);
    }

    @Test
    void roundTripsDoublesBitForBit() {
        SplittableRandom r = new SplittableRandom(7);
        List<Object> values = new ArrayList<>();
        values.addAll(
                Arrays.asList(
                        0.1,
                        -0.0,
                        Double.MIN_VALUE,
                        Double.MAX_VALUE,
                        1e-300,
                        123456789.125,
                        1e22));
        for (int i = 0; i < 500; i++) {
            double d = Double.longBitsToDouble(r.nextLong());
            if (Double.isFinite(d)) {
                values.add(d);
            }
        }
        List<?> back = (List<?>) Json.parse(Json.write(values));
        for (int i = 0; i < values.size(); i++) {
            assertThat(Double.doubleToRawLongBits((Double) back.get(i)))
                    .as("value %s", values.get(i))
                    .isEqualTo(Double.doubleToRawLongBits((Double) values.get(i)));
        }
    }

    @Test
    void writesCompactAndPrettyAndBothParseBack() {
        Map<String, Object> v =
                map(
                        "name",
                        "a\"b\n\u0001é",
                        "n",
                        3,
                        "x",
                        2.5f,
                        "list",
                        List.of(1L, true),
                        "empty",
                        List.of(),
                        "obj",
                        map(),
                        "nil",
                        null);
        assertThat(Json.write(v))
                .isEqualTo(
                        "{\"name\":\"a\\\"b\\n\\u0001é\",\"n\":3,\"x\":2.5,\"list\":[1,true],"
                                + "\"empty\":[],\"obj\":{},\"nil\":null}");
        assertThat(Json.writePretty(map("a", List.of(1L, 2L), "b", map())))
                .isEqualTo("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}");
        Object expected = Json.parse(Json.write(v));
        assertThat(Json.parse(Json.writePretty(v))).isEqualTo(expected);
        assertThat(expected)
                .isEqualTo(
                        map(
                                "name",
                                "a\"b\n\u0001é",
                                "n",
                                3L,
                                "x",
                                2.5,
                                "list",
                                List.of(1L, true),
                                "empty",
                                List.of(),
                                "obj",
                                map(),
                                "nil",
                                null));
    }

    @Test
    void writeRejectsWhatJsonCannotHoldNamingThePath() {
        assertThatThrownBy(() -> Json.write(map("cfg", map("lr", List.of(1.0, Double.NaN)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "JSON write failed at 'cfg.lr[1]': cannot write NaN; JSON has no NaN or"
                                + " infinity, so fix the value or store it as a string");
        assertThatThrownBy(() -> Json.write(Float.POSITIVE_INFINITY))
                .hasMessageContaining("at the top level: cannot write Infinity");
        assertThatThrownBy(() -> Json.write(Map.of(1, "x")))
                .hasMessageContaining("map key of type java.lang.Integer");
        assertThatThrownBy(() -> Json.write(List.of(new Object())))
                .hasMessageContaining("at '[0]': cannot write a java.lang.Object");
        assertThatThrownBy(() -> Json.write("bad \uD800 surrogate"))
                .hasMessageContaining("unpaired surrogate");
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThatThrownBy(() -> Json.write(cycle)).hasMessageContaining("(a cycle?)");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "[1,2,]                | 5  | trailing comma before ']'",
                "{\"a\":1,}            | 7  | trailing comma before '}'",
                "[01]                  | 1  | leading zero",
                "-01                   | 0  | leading zero",
                "[1.]                  | 3  | digit after the decimal point",
                "[.5]                  | 1  | unexpected '.', expected a value",
                "[+1]                  | 1  | unexpected '+'",
                "1e                    | 2  | digit in the exponent",
                "[1] x                 | 4  | unexpected 'x' after the JSON value",
                "{\"a\" 1}             | 5  | expected ':' after an object key, found '1'",
                "{a:1}                 | 1  | expected a string key, found 'a'",
                "{'a':1}               | 1  | expected a string key",
                "[1 2]                 | 3  | expected ',' or ']' in an array, found '2'",
                "{\"a\":1 \"b\":2}     | 7  | expected ',' or '}' in an object",
                "[tru]                 | 1  | unexpected 't', expected a value",
                "[NaN]                 | 1  | unexpected 'N'",
                "\"\\x\"               | 1  | invalid escape: backslash then 'x'",
                "\"\\u12G4\"           | 5  | four hex digits",
                "\"abc                 | 4  | unterminated string",
                "\"\\ud800\"           | 1  | unpaired surrogate",
                "\"\\udc00\"           | 1  | unpaired surrogate",
                "\"\\ud800\\u0041\"    | 1  | unpaired surrogate",
                "{\"a\":1,\"a\":2}     | 7  | duplicate key \"a\"",
                "1e400                 | 0  | beyond the range of a double",
                "''                    | 0  | unexpected end of input",
                "[                     | 1  | unexpected end of input",
            })
    void rejectsInvalidInputWithOneLineMessageAndOffset(String text, long offset, String problem) {
        String input = text.equals("''") ? "" : text;
        assertThatThrownBy(() -> Json.parse(input))
                .isInstanceOfSatisfying(
                        JsonException.class, e -> assertThat(e.offset()).isEqualTo(offset))
                .hasMessageStartingWith("Invalid JSON at offset " + offset + " (line 1, column ")
                .hasMessageContaining(problem)
                .hasMessageNotContaining("\n");
    }

    @Test
    void rejectsRawControlCharactersAndLoneSurrogatesInStrings() {
        assertThatThrownBy(() -> Json.parse("\"a\nb\""))
                .hasMessage(
                        "Invalid JSON at offset 2 (line 1, column 3): unescaped control character"
                                + " U+000A in a string");
        assertThatThrownBy(() -> Json.parse("\"\uD800x\"")).hasMessageContaining("unpaired");
        assertThat(Json.parse("\"\uD83D\uDE00\"")).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void reportsLineAndColumnOnLaterLines() {
        assertThatThrownBy(() -> Json.parse("{\n  \"a\": 1,\n  }"))
                .hasMessage(
                        "Invalid JSON at offset 14 (line 3, column 3): trailing comma before '}'");
    }

    @Test
    void enforcesDepthAndLengthLimits() {
        String deep = "[".repeat(257) + "]".repeat(257);
        assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining("nesting deeper than 256");
        String ok = "[".repeat(256) + "]".repeat(256);
        assertThat(Json.parse(ok)).isInstanceOf(List.class);
        assertThatThrownBy(() -> Json.parse("[1, 2, 3]", new Json.Limits(8, 5)))
                .hasMessage("Invalid JSON: the input has 9 characters, more than the limit of 5");
        assertThatThrownBy(() -> new Json.Limits(0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsOnlyJsonWhitespace() {
        assertThat(Json.parse(" \t\r\n1 \t\r\n")).isEqualTo(1L);
        assertThatThrownBy(() -> Json.parse("\u00a01")).hasMessageContaining("U+00A0");
        assertThatThrownBy(() -> Json.parse("\uFEFF1")).hasMessageContaining("U+FEFF");
    }
}
