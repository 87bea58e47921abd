package io.koreanllm.chattemplate;

import static io.koreanllm.chattemplate.Values.isFloat;
import static io.koreanllm.chattemplate.Values.isInt;
import static io.koreanllm.chattemplate.Values.isNumber;
import static io.koreanllm.chattemplate.Values.toDouble;
import static io.koreanllm.chattemplate.Values.toLong;
import static io.koreanllm.chattemplate.Values.typeName;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Python's arithmetic operators: + - * / // % ** and the unary ones, on ints (exact: an overflow fails rather than
 * wraps), floats, and the + and * of strings, lists and tuples.
 */
final class Arithmetic {
  private Arithmetic() {}

  static Object add(Object a, Object b) {
    Undefined.failIfEither(a, b);
    if (isInt(a) && isInt(b)) {
      return Math.addExact(toLong(a), toLong(b));
    }
    if (isNumber(a) && isNumber(b)) {
      return toDouble(a) + toDouble(b);
    }
    if (a instanceof String x && b instanceof String y) {
      return x.concat(y);
    }
    if (a instanceof List<?> x && b instanceof List<?> y && (a instanceof Tuple) == (b instanceof Tuple)) {
      List<Object> all = new ArrayList<>(x);
      all.addAll(y);
      return a instanceof Tuple ? new Tuple(all.toArray()) : all;
    }
    throw operandError("+", a, b);
  }

  static Object sub(Object a, Object b) {
    Undefined.failIfEither(a, b);
    if (isInt(a) && isInt(b)) {
      return Math.subtractExact(toLong(a), toLong(b));
    }
    if (isNumber(a) && isNumber(b)) {
      return toDouble(a) - toDouble(b);
    }
    throw operandError("-", a, b);
  }

  static Object mul(Object a, Object b) {
    Undefined.failIfEither(a, b);
    if (isInt(a) && isInt(b)) {
      return Math.multiplyExact(toLong(a), toLong(b));
    }
    if (isNumber(a) && isNumber(b)) {
      return toDouble(a) * toDouble(b);
    }
    if (isInt(a) && (b instanceof String || b instanceof List)) {
      return mul(b, a);
    }
    if (isInt(b) && (a instanceof String || a instanceof List)) {
      long n = toLong(b);
      if (a instanceof String s) {
        return n <= 0 ? "" : s.repeat(Math.toIntExact(n));
      }
      List<Object> out = new ArrayList<>();
      for (long i = 0; i < n; i++) {
        out.addAll((List<?>) a);
      }
      return a instanceof Tuple ? new Tuple(out.toArray()) : out;
    }
    throw operandError("*", a, b);
  }

  static Object div(Object a, Object b) {
    checkDivision("/", a, b);
    return toDouble(a) / toDouble(b);
  }

  static Object floorDiv(Object a, Object b) {
    checkDivision("//", a, b);
    if (isInt(a) && isInt(b)) {
      return Math.floorDiv(toLong(a), toLong(b));
    }
    return Math.floor(toDouble(a) / toDouble(b));
  }

  static Object mod(Object a, Object b) {
    checkDivision("%", a, b);
    if (isInt(a) && isInt(b)) {
      return Math.floorMod(toLong(a), toLong(b));
    }
    double x = toDouble(a);
    double y = toDouble(b);
    double r = x % y;
    return r != 0 && (r < 0) != (y < 0) ? r + y : r; // Python's result takes the divisor's sign
  }

  static Object pow(Object a, Object b) {
    Undefined.failIfEither(a, b);
    if (!isNumber(a) || !isNumber(b)) {
      throw operandError("**", a, b);
    }
    if (isInt(a) && isInt(b) && toLong(b) >= 0) {
      return BigInteger.valueOf(toLong(a)).pow(Math.toIntExact(toLong(b))).longValueExact();
    }
    return Math.pow(toDouble(a), toDouble(b));
  }

  static Object negate(Object a) {
    Undefined.failIf(a);
    if (isInt(a)) {
      return Math.negateExact(toLong(a));
    }
    if (isFloat(a)) {
      return -toDouble(a);
    }
    throw new EvalError("bad operand type for unary -: '" + typeName(a) + "'");
  }

  static Object plus(Object a) {
    Undefined.failIf(a);
    if (!isNumber(a)) {
      throw new EvalError("bad operand type for unary +: '" + typeName(a) + "'");
    }
    return a instanceof Boolean ? toLong(a) : a;
  }

  private static void checkDivision(String op, Object a, Object b) {
    Undefined.failIfEither(a, b);
    if (!isNumber(a) || !isNumber(b)) {
      throw operandError(op, a, b);
    }
    if (toDouble(b) == 0) {
      throw new EvalError("division by zero");
    }
  }

  private static EvalError operandError(String op, Object a, Object b) {
    return new EvalError("unsupported operand type(s) for " + op + ": '" + typeName(a) + "' and '" + typeName(b) + "'");
  }
}
