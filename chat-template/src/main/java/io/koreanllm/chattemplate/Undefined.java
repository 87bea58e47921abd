package io.koreanllm.chattemplate;

/** jinja2's default Undefined: falsy, prints as "", iterates as empty; most other uses fail. */
final class Undefined {
  private final String hint;

  Undefined(String hint) {
    this.hint = hint;
  }

  static Undefined name(String name) {
    return new Undefined("'" + name + "' is undefined");
  }

  static Undefined attr(Object obj, String name) {
    return new Undefined(typeRepr(obj) + " has no attribute '" + name + "'");
  }

  static Undefined element(Object obj, Object key) {
    return key instanceof String s ? attr(obj, s)
        : new Undefined(typeRepr(obj) + " has no element " + Values.repr(key));
  }

  private static String typeRepr(Object obj) {
    return obj == null ? "'None'" : "'" + Values.typeName(obj) + " object'";
  }

  EvalError fail() {
    return new EvalError(hint);
  }

  /** Fails with the hint of {@code value} when it is undefined, for the uses that do not accept one. */
  static void failIf(Object value) {
    if (value instanceof Undefined u) {
      throw u.fail();
    }
  }

  /** {@link #failIf} for both operands, the left one first. */
  static void failIfEither(Object a, Object b) {
    failIf(a);
    failIf(b);
  }
}
