package io.koreanllm.chattemplate;

import java.util.ArrayList;
import java.util.List;

/** Statement nodes of the parsed template; each renders itself into the output. */
interface Node {
  /** How a statement list ends: normally, or by {% break %} / {% continue %} (loopcontrols). */
  enum Flow { NEXT, BREAK, CONTINUE }

  /** The template line the statement starts on, for error messages. */
  int line();

  Flow render(Scope scope, StringBuilder out);

  /** Renders statements in order; a failure is reported with the line of the statement that failed. */
  static Flow renderAll(Node[] body, Scope scope, StringBuilder out) {
    for (Node node : body) {
      Flow flow;
      try {
        flow = node.render(scope, out);
      } catch (TemplateException e) {
        throw e;
      } catch (EvalError e) {
        throw new TemplateException("line " + node.line() + ": " + e.getMessage());
      } catch (RuntimeException e) {
        throw new TemplateException("line " + node.line() + ": " + e, e);
      }
      if (flow != Flow.NEXT) {
        return flow;
      }
    }
    return Flow.NEXT;
  }

  static String renderToString(Node[] body, Scope scope) {
    StringBuilder out = new StringBuilder();
    renderAll(body, scope, out);
    return out.toString();
  }

  record Text(int line, String text) implements Node {
    @Override
    public Flow render(Scope scope, StringBuilder out) {
      out.append(text);
      return Flow.NEXT;
    }
  }

  record Output(int line, Expr expr) implements Node {
    @Override
    public Flow render(Scope scope, StringBuilder out) {
      out.append(Values.str(expr.eval(scope)));
      return Flow.NEXT;
    }
  }

  /** A plain statement list: {% generation %} bodies (transformers' assistant-mask marker). */
  record Block(int line, Node[] body) implements Node {
    @Override
    public Flow render(Scope scope, StringBuilder out) {
      return renderAll(body, scope, out);
    }
  }

  record LoopControl(int line, Flow flow) implements Node {
    @Override
    public Flow render(Scope scope, StringBuilder out) {
      return flow;
    }
  }

  /** if / elif / else: no scope of its own, so a set inside is seen after it. */
  record If(int line, List<Expr> tests, List<Node[]> bodies) implements Node {
    // bodies: one per test, then the else body (possibly empty)
    @Override
    public Flow render(Scope scope, StringBuilder out) {
      for (int i = 0; i < tests.size(); i++) {
        if (Values.truthy(tests.get(i).eval(scope))) {
          return renderAll(bodies.get(i), scope, out);
        }
      }
      return renderAll(bodies.get(tests.size()), scope, out);
    }
  }

  /** for targets in iterable [if filter] ... [else ...]: each iteration gets a fresh child scope. */
  record For(int line, String[] targets, Expr iterable, Expr filter, Node[] body, Node[] orElse) implements Node {
    @Override
    public Flow render(Scope scope, StringBuilder out) {
      List<?> items = Access.iterate(iterable.eval(scope));
      if (filter != null) {
        List<Object> kept = new ArrayList<>();
        for (Object item : items) {
          Scope s = scope.child();
          bind(s, targets, item);
          if (Values.truthy(filter.eval(s))) {
            kept.add(item);
          }
        }
        items = kept;
      }
      if (items.isEmpty()) {
        return renderAll(orElse, scope.child(), out);
      }
      LoopInfo loop = new LoopInfo(items);
      for (int i = 0; i < items.size(); i++) {
        Scope s = scope.child();
        bind(s, targets, items.get(i));
        loop.moveTo(i);
        s.set("loop", loop);
        if (renderAll(body, s, out) == Flow.BREAK) {
          break;
        }
      }
      return Flow.NEXT;
    }
  }

  /** Assigns one name, or unpacks a sequence into several (for k, v in ...; set a, b = ...). */
  static void bind(Scope scope, String[] targets, Object value) {
    if (targets.length == 1) {
      scope.set(targets[0], value);
      return;
    }
    List<?> items = Access.iterate(value);
    if (items.size() != targets.length) {
      throw new EvalError(items.size() < targets.length
          ? "not enough values to unpack (expected " + targets.length + ", got " + items.size() + ")"
          : "too many values to unpack (expected " + targets.length + ")");
    }
    for (int i = 0; i < targets.length; i++) {
      scope.set(targets[i], items.get(i));
    }
  }

  /** set name = expr / set a, b = expr. */
  record Set(int line, String[] targets, Expr value) implements Node {
    @Override
    public Flow render(Scope scope, StringBuilder out) {
      bind(scope, targets, value.eval(scope));
      return Flow.NEXT;
    }
  }

  /** set ns.attr = expr: only namespace objects accept attribute assignment. */
  record SetAttr(int line, String target, String attr, Expr value) implements Node {
    @Override
    public Flow render(Scope scope, StringBuilder out) {
      if (!(scope.get(target) instanceof Namespace ns)) {
        throw new EvalError("cannot assign attribute on non-namespace object");
      }
      ns.attrs.put(attr, value.eval(scope));
      return Flow.NEXT;
    }
  }

  /**
   * {% set x | filters %}...{% endset %} and {% filter f %}...{% endfilter %} (target null, prints):
   * the body rendered to a string, then filtered.
   */
  record Capture(int line, String target, List<Expr.Filter> filters, Node[] body) implements Node {
    @Override
    public Flow render(Scope scope, StringBuilder out) {
      Object value = renderToString(body, scope.child());
      for (Expr.Filter f : filters) {
        value = f.apply(value, scope);
      }
      if (target == null) {
        out.append(Values.str(value));
      } else {
        scope.set(target, value);
      }
      return Flow.NEXT;
    }
  }

  /** {% macro name(params) %}: defines a callable rendering its body in a child of the defining scope. */
  record MacroDef(int line, String name, List<String> params, List<Expr> defaults, Node[] body) implements Node {
    // defaults: one per parameter, null where there is none
    private static final Object MISSING = new Object();

    @Override
    public Flow render(Scope scope, StringBuilder out) {
      scope.set(name, (Fn) args -> call(scope, args));
      return Flow.NEXT;
    }

    private Object call(Scope defining, Args args) {
      if (args.pos.length > params.size()) {
        throw new EvalError("macro '" + name + "' takes not more than " + params.size() + " argument(s)");
      }
      for (String kw : args.names) {
        if (!params.contains(kw)) {
          throw new EvalError("macro '" + name + "' takes no keyword argument '" + kw + "'");
        }
      }
      Scope s = defining.child();
      for (int i = 0; i < params.size(); i++) {
        Object v = args.get(i, params.get(i), MISSING);
        if (v == MISSING) {
          v = defaults.get(i) == null ? new Undefined("parameter '" + params.get(i) + "' was not provided") : defaults.get(i).eval(s);
        }
        s.set(params.get(i), v);
      }
      return renderToString(body, s);
    }
  }
}
