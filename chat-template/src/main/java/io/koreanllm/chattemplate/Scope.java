package io.koreanllm.chattemplate;

import java.util.HashMap;
import java.util.Map;

/**
 * Variables of one render. jinja2 scopes by block: a for-loop iteration and a macro call get a
 * child scope, so a {% set %} inside them is not seen outside (namespace() is the way out); an
 * if-block does not. Names not set by the template come from the render context, then the globals.
 */
final class Scope {
  private static final Object MISSING = new Object();

  private final Scope parent;
  private final Map<String, ?> context;
  private final Map<String, Object> vars = new HashMap<>();

  private Scope(Scope parent, Map<String, ?> context) {
    this.parent = parent;
    this.context = context;
  }

  static Scope root(Map<String, ?> context) {
    return new Scope(null, context);
  }

  Scope child() {
    return new Scope(this, null);
  }

  Object get(String name) {
    Scope s = this;
    for (; s.parent != null; s = s.parent) {
      Object v = s.vars.getOrDefault(name, MISSING);
      if (v != MISSING) {
        return v;
      }
    }
    Object v = s.vars.getOrDefault(name, MISSING);
    if (v == MISSING && s.context != null) {
      v = s.context.containsKey(name) ? s.context.get(name) : MISSING;
    }
    if (v == MISSING) {
      v = Globals.BY_NAME.getOrDefault(name, MISSING);
    }
    return v == MISSING ? Undefined.name(name) : v;
  }

  void set(String name, Object value) {
    vars.put(name, value);
  }
}
