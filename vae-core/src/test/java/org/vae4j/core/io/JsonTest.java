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
        assertThat((Double) Json.parse("-0.0")).isEqualTo(-0.0).matches(d -> 1 / d < 0);
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
                        "a\"b\n\u0001é\uD83D\uDE00",
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
                        "{\"name\":\"a\\\"b\\n\\u0001é\uD83D\uDE00\",\"n\":3,\"x\":2.5,"
                                + "\"list\":[1,true],\"empty\":[],\"obj\":{},\"nil\":null}");
        assertThat(Json.writePretty(map("a", List.of(1L, 2L), "b", map(), "c", List.of())))
                .isEqualTo("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {},\n  \"c\": []\n}");
        Object expected = Json.parse(Json.write(v));
        assertThat(Json.parse(Json.writePretty(v))).isEqualTo(expected);
        assertThat(expected)
                .isEqualTo(
                        map(
                                "name",
                                "a\"b\n\u0001é\uD83D\uDE00",
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
        assertThatThrownBy(() -> Json.write(map("cfg", map("lr", List.of(1.0, 2.0, Double.NaN)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Cannot write JSON at /cfg/lr/2: NaN; JSON has no NaN or infinity, so fix"
                                + " the value or store it as a string");
        assertThatThrownBy(() -> Json.write(Float.POSITIVE_INFINITY))
                .hasMessageStartingWith("Cannot write JSON at the top level: Infinity;");
        assertThatThrownBy(() -> Json.write(map("k", Map.of(1, "x"))))
                .hasMessageContaining("at /k: a map key of type java.lang.Integer");
        assertThatThrownBy(() -> Json.write(List.of("a", new Object())))
                .hasMessageContaining("at /1: a java.lang.Object; JSON takes Map");
        assertThatThrownBy(() -> Json.write("bad \uD800 surrogate"))
                .hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> Json.write(map("bad \uDC00 key", 1)))
                .hasMessageContaining("unpaired surrogate");
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThatThrownBy(() -> Json.write(cycle))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nesting depth (257)")
                .hasMessageEndingWith("(a value inside itself?)");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "[1,2,]                | 6  | Unexpected character (']'",
                "{\"a\":1,}            | 8  | double-quote to start field name",
                "[01]                  | 2  | Leading zeroes not allowed",
                "-01                   | 2  | Leading zeroes not allowed",
                "[1.]                  | 3  | Decimal point not followed by a digit",
                "[.5]                  | 2  | Unexpected character ('.'",
                "[+1]                  | 3  | plus signs",
                "1e                    | 2  | exponent",
                "[1] x                 | 5  | Unrecognized token 'x'",
                "[1] 2                 | 5  | content after the JSON value",
                "[1]]                  | 4  | Unexpected close marker ']'",
                "{\"a\" 1}             | 6  | colon to separate field name and value",
                "{a:1}                 | 2  | double-quote to start field name",
                "{'a':1}               | 2  | double-quote to start field name",
                "[1 2]                 | 4  | comma to separate Array entries",
                "{\"a\":1 \"b\":2}     | 8  | comma to separate Object entries",
                "[1 /* c */]           | 4  | comment",
                "[tru]                 | 4  | Unrecognized token 'tru'",
                "[NaN]                 | 4  | Non-standard token 'NaN'",
                "\"\\x\"               | 3  | Unrecognized character escape 'x'",
                "\"\\u12G4\"           | 6  | hex-digit",
                "\"abc                 | 4  | closing quote",
                "\"\\ud800\"           | 8  | unpaired surrogate",
                "\"\\udc00\"           | 8  | unpaired surrogate",
                "\"\\ud800\\u0041\"    | 14 | unpaired surrogate",
                "{\"\\udc00\":1}       | 11 | unpaired surrogate",
                "{\"a\":1,\"a\":2}     | 10 | Duplicate field 'a'",
                "{\"o\":{\"a\":{},\"a\":[]}} | 16 | Duplicate field 'a'",
                "1e400                 | 5  | number 1e400 is beyond a double's range",
                "-1e400                | 6  | beyond a double's range",
                "''                    | 0  | no JSON value",
                "[                     | 1  | end-of-input",
            })
    void rejectsInvalidInputWithOneLineMessage(String text, long offset, String problem) {
        String input = text.equals("''") ? "" : text;
        assertThatThrownBy(() -> Json.parse(input))
                .isInstanceOf(JsonException.class)
                .hasMessageStartingWith("Invalid JSON at line 1, column ")
                .hasMessageContaining("(offset " + offset + "): ")
                .hasMessageContaining(problem)
                .hasMessageNotContaining("\n");
    }

    @Test
    void rejectsRawControlCharactersAndKeepsMessagesOnOneLine() {
        assertThatThrownBy(() -> Json.parse("\"a\nb\""))
                .hasMessage(
                        "Invalid JSON at line 1, column 4 (offset 3): Illegal unquoted character"
                                + " ((CTRL-CHAR, code 10)): has to be escaped using backslash to"
                                + " be included in string value");
        assertThatThrownBy(() -> Json.parse("[\"\\\n\"]"))
                .hasMessageContaining("Unrecognized character escape (CTRL-CHAR, code 10)");
        assertThatThrownBy(() -> Json.parse("abc\u0001def"))
                .hasMessageContaining("'abc\\u0001def'")
                .hasMessageNotContaining("\u0001");
        assertThat(Json.parse("\"\uD83D\uDE00\"")).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void reportsLineAndColumnOnLaterLines() {
        assertThatThrownBy(() -> Json.parse("{\n  \"a\": 1,\n  }"))
                .hasMessageStartingWith(
                        "Invalid JSON at line 3, column 4 (offset 15): Unexpected character ('}'");
    }

    @Test
    void enforcesDepthLengthAndNumberLimits() {
        String deep = "[".repeat(257) + "]".repeat(257);
        assertThatThrownBy(() -> Json.parse(deep))
                .hasMessageContaining("nesting depth (257) exceeds the maximum allowed (256");
        assertThat(Json.parse("[".repeat(256) + "]".repeat(256))).isInstanceOf(List.class);

        assertThat(Json.parse("[1, 2, 3]", Json.limits(8, 9))).isEqualTo(List.of(1L, 2L, 3L));
        assertThatThrownBy(() -> Json.parse("[1, 2, 3] ", Json.limits(8, 9)))
                .isInstanceOf(JsonException.class)
                .hasMessageStartingWith("Invalid JSON: Document length (10) exceeds the maximum");
        String big = "[" + "1,".repeat(30_000) + "1]"; // read in chunks, not in one buffer
        assertThatThrownBy(() -> Json.parse(big, Json.limits(8, 40_000)))
                .hasMessageContaining("exceeds the maximum allowed (40000");
        assertThat((List<?>) Json.parse(big, Json.limits(8, big.length()))).hasSize(30_001);
        assertThatThrownBy(() -> Json.parse("[[1]]", Json.limits(1, 100)))
                .hasMessageContaining("nesting depth (2)");

        String digits = "1" + "0".repeat(999);
        assertThatThrownBy(() -> Json.parse(digits))
                .hasMessageContaining("beyond a double's range");
        assertThatThrownBy(() -> Json.parse(digits + "0"))
                .hasMessageContaining("Number value length (1001) exceeds the maximum allowed");
        assertThat(Json.parse("0." + "0".repeat(990) + "1")).isEqualTo(0.0);
        assertThatThrownBy(() -> Json.parse("0." + "0".repeat(1000) + "1"))
                .hasMessageContaining("Number value length");
    }

    @Test
    void acceptsOnlyJsonWhitespace() {
        assertThat(Json.parse(" \t\r\n1 \t\r\n")).isEqualTo(1L);
        assertThatThrownBy(() -> Json.parse("\u00a01")).hasMessageContaining("code 160");
        assertThatThrownBy(() -> Json.parse("\uFEFF1")).hasMessageContaining("code 65279");
    }

    @Test
    void quotesStringsForMessagesOnOneLine() {
        assertThat(Json.quote("a\"b\\\n\u0001é")).isEqualTo("\"a\\\"b\\\\\\n\\u0001é\"");
    }
}
