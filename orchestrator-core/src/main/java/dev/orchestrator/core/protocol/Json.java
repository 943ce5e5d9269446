package dev.orchestrator.core.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;

/**
 * The one JSON configuration the protocol uses, so that records (which normalise embedded JSON
 * objects) and the codec (which parses frames) always agree on how a value is written.
 */
final class Json {
  /** Deeper than any real frame; stops stack-eating input before it is built into a tree. */
  static final int MAX_NESTING_DEPTH = 64;

  /** Longer number tokens are never meaningful here and can be slow to convert. */
  static final int MAX_NUMBER_LENGTH = 100;

  /**
   * Configured once here and never reconfigured; Jackson mappers are thread-safe after that. Floats
   * are read as BigDecimal with their trailing zeros kept so that map_config and params pass
   * through the host exactly as the operator wrote them (a double would turn 1e400 into Infinity
   * and 1.50 into 1.5).
   */
  static final JsonMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_NESTING_DEPTH)
                          .maxNumberLength(MAX_NUMBER_LENGTH)
                          .build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private static final String EMPTY_OBJECT = "{}";

  // Reads one nested value of a frame; the frame's own check for trailing tokens comes after.
  private static final ObjectReader NESTED =
      MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  /**
   * Returns the compact text of a JSON object given as text, or "{}" for null.
   *
   * @throws InvalidFieldException naming {@code field} if the text is not exactly one JSON object
   */
  static String normalizeObject(String field, String text) {
    if (text == null || text.equals(EMPTY_OBJECT)) {
      // Most maps have no configuration; parsing "{}" for every lease is pure cost.
      return EMPTY_OBJECT;
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidFieldException(
          field, field + " must be a JSON object, got unparseable text " + Check.quote(text));
    }
    if (!node.isObject()) {
      throw new InvalidFieldException(
          field, field + " must be a JSON object, got " + Check.quote(text));
    }
    return compact(node);
  }

  /**
   * Reads a frame that is one JSON object into a tree, or returns null if it is anything else
   * (not JSON, not an object, trailing text), for {@link JsonMapper#readTree(String)} to report.
   * Gives the same tree as readTree, built from a streaming parser: scalar fields, what frames
   * mostly hold, are made into nodes directly, and only nested values go through the mapper.
   * That skips the mapper's per-call setup, which cost more than the parsing itself.
   *
   * @throws NumberFormatException if a number's exponent is out of range
   */
  static ObjectNode readObject(String frame) {
    try (JsonParser parser = MAPPER.createParser(frame)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      ObjectNode object = MAPPER.createObjectNode();
      String name;
      while ((name = parser.nextFieldName()) != null) {
        object.set(name, value(parser, parser.nextToken()));
      }
      if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
        return null;
      }
      return object;
    } catch (IOException e) {
      return null;
    }
  }

  /** The node readTree would make of the value at the parser's current token. */
  private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case VALUE_STRING:
        return TextNode.valueOf(parser.getText());
      case VALUE_NUMBER_INT:
        switch (parser.getNumberType()) {
          case INT:
            return IntNode.valueOf(parser.getIntValue());
          case LONG:
            return LongNode.valueOf(parser.getLongValue());
          default:
            return BigIntegerNode.valueOf(parser.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        // Exact, trailing zeros kept: STRIP_TRAILING_BIGDECIMAL_ZEROES is off (see MAPPER).
        return DecimalNode.valueOf(parser.getDecimalValue());
      case VALUE_TRUE:
        return BooleanNode.TRUE;
      case VALUE_FALSE:
        return BooleanNode.FALSE;
      case VALUE_NULL:
        return NullNode.instance;
      case START_OBJECT:
        // An empty object (map_config and params mostly are) needs no mapper at all.
        if (parser.nextToken() == JsonToken.END_OBJECT) {
          return MAPPER.createObjectNode();
        }
        // The mapper reads an object from its first field name on as well.
        return NESTED.readTree(parser);
      default:
        return NESTED.readTree(parser);
    }
  }

  /** Writes a tree as compact JSON text. */
  static String compact(JsonNode node) {
    if (node.isObject() && node.isEmpty()) {
      return EMPTY_OBJECT;
    }
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      // A tree this mapper parsed or built always serialises; failing here is a bug, not input.
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }
}
