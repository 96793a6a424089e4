package org.vae4j.core.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads one document into plain Java values for {@link Json#parse(String)}. */
final class JsonReader {
    private JsonReader() {}

    static Object read(String text, StreamReadConstraints limits) {
        JsonFactory factory =
                JsonFactory.builder()
                        .streamReadConstraints(limits)
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .build();
        try (JsonParser p = factory.createParser(text)) {
            return document(p);
        } catch (JsonProcessingException e) { // a document over the length limit
            throw new JsonException("Invalid JSON: " + Json.oneLine(e.getOriginalMessage()));
        } catch (IOException e) { // a parser over a string does not fail to open or close
            throw new UncheckedIOException(e);
        }
    }

    private static Object document(JsonParser p) {
        try {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw invalid(p, "no JSON value, only whitespace or nothing");
            }
            Object value = value(p, first);
            if (p.nextToken() != null) {
                throw invalid(p, "content after the JSON value");
            }
            return value;
        } catch (JsonProcessingException e) { // Jackson's syntax errors and exceeded limits
            throw invalid(p, Json.oneLine(e.getOriginalMessage()));
        } catch (IOException e) { // reading a string does not fail
            throw new UncheckedIOException(e);
        }
    }

    private static Object value(JsonParser p, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> object(p);
            case START_ARRAY -> array(p);
            case VALUE_STRING -> wellFormed(p, p.getText());
            case VALUE_NUMBER_INT ->
                    p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                            ? finite(p)
                            : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> finite(p);
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw invalid(p, "unexpected " + token); // not produced by a JSON parser
        };
    }

    private static Map<String, Object> object(JsonParser p) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
            map.put(wellFormed(p, key), value(p, p.nextToken()));
        }
        return map;
    }

    private static List<Object> array(JsonParser p) throws IOException {
        List<Object> list = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            list.add(value(p, t));
        }
        return list;
    }

    private static Double finite(JsonParser p) throws IOException {
        double d = p.getDoubleValue();
        if (!Double.isFinite(d)) {
            String text = p.getText();
            throw invalid(
                    p,
                    "number "
                            + (text.length() <= 40 ? text : text.substring(0, 37) + "...")
                            + " is beyond a double's range");
        }
        return d;
    }

    private static String wellFormed(JsonParser p, String s) {
        return Json.encodable(s, () -> invalid(p, "a string with an unpaired surrogate"));
    }

    private static JsonException invalid(JsonParser p, String problem) {
        JsonLocation at = p.currentLocation();
        return new JsonException(
                "Invalid JSON at line "
                        + at.getLineNr()
                        + ", column "
                        + at.getColumnNr()
                        + " (offset "
                        + at.getCharOffset()
                        + "): "
                        + problem);
    }
}
