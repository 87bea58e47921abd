package io.koreanllm.simulator.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The fields of one JSON object read as vLLM's pydantic models read a request body (lax mode): an integer field also
 * takes {@code true}, {@code 2.0} and {@code "2"}; a number field also takes {@code "0.5"}; a boolean field also takes
 * {@code 1} and {@code "yes"}; a string field takes only strings. A field that is absent or {@code null} is null here
 * (every field read this way is optional in vLLM). Anything else is refused as vLLM refuses it: a 400 naming the field.
 */
public final class LaxFields {

  private static final Pattern INTEGER_TEXT = Pattern.compile("\\s*[+-]?\\d+(_\\d+)*\\s*");
  private static final Set<String> TRUE_TEXT = Set.of("1", "t", "y", "on", "yes", "true");
  private static final Set<String> FALSE_TEXT = Set.of("0", "f", "n", "no", "off", "false");

  private final String model;
  private final String path;
  private final JsonNode object;

  /**
   * @param model the request model's name in vLLM, e.g. {@code ChatCompletionRequest}, for the messages
   * @param path where the object sits in the body ("" for the body itself), e.g. {@code response_format.}
   */
  private LaxFields(String model, String path, JsonNode object) {
    this.model = model;
    this.path = path;
    this.object = object;
  }

  public static LaxFields of(String model, JsonNode body) {
    return new LaxFields(model, "", body);
  }

  /** The object in field {@code name}, read the same way; null when absent. */
  public LaxFields object(String name) {
    JsonNode value = present(name);
    if (value == null) {
      return null;
    }
    if (!value.isObject()) {
      throw invalid(name, "Input should be a valid dictionary or object to extract fields from", value);
    }
    return new LaxFields(model, path + name + ".", value);
  }

  /** The objects in the list in field {@code name}, each read the same way; null when absent. */
  public List<LaxFields> objects(String name) {
    JsonNode value = present(name);
    if (value == null) {
      return null;
    }
    if (!value.isArray()) {
      throw invalid(name, "Input should be a valid list", value);
    }
    List<LaxFields> objects = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      if (!value.get(i).isObject()) {
        throw invalid(name + "." + i, "Input should be a valid dictionary or object to extract fields from",
            value.get(i));
      }
      objects.add(new LaxFields(model, path + name + "." + i + ".", value.get(i)));
    }
    return objects;
  }

  public boolean has(String name) {
    return present(name) != null;
  }

  /** The raw value, for fields whose shape is a union the caller resolves; null when absent. */
  public JsonNode raw(String name) {
    return present(name);
  }

  public Long integer(String name) {
    JsonNode value = present(name);
    if (value == null) {
      return null;
    }
    BigInteger exact = exactInteger(name, value);
    if (exact.bitLength() >= Long.SIZE) {
      throw invalid(name, "Input should be " + (exact.signum() > 0 ? "less than or equal to " + Long.MAX_VALUE
          : "greater than or equal to " + Long.MIN_VALUE), value);
    }
    return exact.longValue();
  }

  public Double number(String name) {
    JsonNode value = present(name);
    if (value == null) {
      return null;
    }
    if (value.isNumber()) {
      return value.asDouble();
    }
    if (value.isBoolean()) {
      return value.asBoolean() ? 1.0 : 0.0;
    }
    if (value.isString()) {
      String text = value.asString().strip().toLowerCase(Locale.ROOT);
      switch (text) {
        case "inf", "+inf", "infinity", "+infinity" -> {
          return Double.POSITIVE_INFINITY;
        }
        case "-inf", "-infinity" -> {
          return Double.NEGATIVE_INFINITY;
        }
        case "nan" -> {
          return Double.NaN;
        }
        default -> {
          try {
            return Double.parseDouble(text.replace("_", ""));
          } catch (NumberFormatException e) {
            throw invalid(name, "Input should be a valid number, unable to parse string as a number", value);
          }
        }
      }
    }
    throw invalid(name, "Input should be a valid number", value);
  }

  public Boolean bool(String name) {
    JsonNode value = present(name);
    if (value == null) {
      return null;
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    if (value.isNumber()) {
      double number = value.asDouble();
      if (number == 0 || number == 1) {
        return number == 1;
      }
    } else if (value.isString()) {
      String text = value.asString().strip().toLowerCase(Locale.ROOT);
      if (TRUE_TEXT.contains(text) || FALSE_TEXT.contains(text)) {
        return TRUE_TEXT.contains(text);
      }
      throw invalid(name, "Input should be a valid boolean, unable to interpret input", value);
    }
    throw invalid(name, "Input should be a valid boolean", value);
  }

  public String string(String name) {
    JsonNode value = present(name);
    if (value == null) {
      return null;
    }
    if (!value.isString()) {
      throw invalid(name, "Input should be a valid string", value);
    }
    return value.asString();
  }

  /** A field typed {@code str | list[str]}, always returned as a list. */
  public List<String> stringOrStrings(String name) {
    JsonNode value = present(name);
    if (value == null) {
      return null;
    }
    if (value.isString()) {
      return List.of(value.asString());
    }
    return strings(name);
  }

  public List<String> strings(String name) {
    JsonNode value = present(name);
    if (value == null) {
      return null;
    }
    if (!value.isArray()) {
      throw invalid(name, "Input should be a valid list", value);
    }
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      if (!value.get(i).isString()) {
        throw invalid(name + "." + i, "Input should be a valid string", value.get(i));
      }
      strings.add(value.get(i).asString());
    }
    return strings;
  }

  public List<Long> integers(String name) {
    JsonNode value = present(name);
    return value == null ? null : integersIn(name, value);
  }

  private List<Long> integersIn(String name, JsonNode value) {
    if (!value.isArray()) {
      throw invalid(name, "Input should be a valid list", value);
    }
    List<Long> integers = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      integers.add(exactInteger(name + "." + i, value.get(i)).longValue());
    }
    return integers;
  }

  /** A field typed {@code list[list[int]]}. */
  public List<List<Long>> integerLists(String name) {
    JsonNode value = present(name);
    if (value == null) {
      return null;
    }
    if (!value.isArray()) {
      throw invalid(name, "Input should be a valid list", value);
    }
    List<List<Long>> lists = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      lists.add(new LaxFields(model, path + name + ".", value).integersIn(String.valueOf(i), value.get(i)));
    }
    return lists;
  }

  /** A 400 in pydantic's words for field {@code name} of this object. */
  public ApiError invalid(String name, String message, JsonNode value) {
    return ApiError.invalidField("1 validation error for " + model + "\n" + path + name + "\n  " + message
        + " [input_value=" + value + "]", path + name);
  }

  private BigInteger exactInteger(String name, JsonNode value) {
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue();
    }
    if (value.isBoolean()) {
      return value.asBoolean() ? BigInteger.ONE : BigInteger.ZERO;
    }
    if (value.isNumber()) {
      BigDecimal decimal = value.decimalValue();
      if (decimal.stripTrailingZeros().scale() > 0) {
        throw invalid(name, "Input should be a valid integer, got a number with a fractional part", value);
      }
      return decimal.toBigIntegerExact();
    }
    if (value.isString() && INTEGER_TEXT.matcher(value.asString()).matches()) {
      return new BigInteger(value.asString().strip().replace("_", "").replace("+", ""));
    }
    throw invalid(name, value.isString() ? "Input should be a valid integer, unable to parse string as an integer"
        : "Input should be a valid integer", value);
  }

  private JsonNode present(String name) {
    JsonNode value = object.get(name);
    return value == null || value.isNull() ? null : value;
  }
}
