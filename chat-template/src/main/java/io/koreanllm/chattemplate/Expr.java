package io.koreanllm.chattemplate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/** Expression nodes of the parsed template; each evaluates itself against a scope. */
interface Expr {
  Object eval(Scope scope);

  record Const(Object value) implements Expr {
    @Override
    public Object eval(Scope scope) {
      return value;
    }
  }

  record Name(String name) implements Expr {
    @Override
    public Object eval(Scope scope) {
      return scope.get(name);
    }
  }

  /** A list literal, or a tuple ({@code a, b} and {@code (a, b)}). */
  record ListLit(List<Expr> items, boolean tuple) implements Expr {
    @Override
    public Object eval(Scope scope) {
      Object[] values = new Object[items.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = items.get(i).eval(scope);
      }
      return tuple ? new Tuple(values) : new ArrayList<>(Arrays.asList(values));
    }
  }

  record DictLit(List<Expr> keys, List<Expr> values) implements Expr {
    @Override
    public Object eval(Scope scope) {
      Map<Object, Object> map = new LinkedHashMap<>();
      for (int i = 0; i < keys.size(); i++) {
        map.put(keys.get(i).eval(scope), values.get(i).eval(scope));
      }
      return map;
    }
  }

  record Attr(Expr obj, String name) implements Expr {
    @Override
    public Object eval(Scope scope) {
      return Access.getAttr(obj.eval(scope), name);
    }
  }

  record Item(Expr obj, Expr key) implements Expr {
    @Override
    public Object eval(Scope scope) {
      return Access.getItem(obj.eval(scope), key.eval(scope));
    }
  }

  /** {@code obj[start:stop:step]}; a missing bound is null. */
  record Slice(Expr obj, Expr start, Expr stop, Expr step) implements Expr {
    @Override
    public Object eval(Scope scope) {
      return Access.slice(obj.eval(scope), bound(start, scope), bound(stop, scope), bound(step, scope));
    }

    private static Object bound(Expr e, Scope scope) {
      return e == null ? null : e.eval(scope);
    }
  }

  /** The argument expressions of a call, filter or test. */
  record ArgList(List<Expr> pos, String[] names, List<Expr> named) {
    static final ArgList NONE = new ArgList(List.of(), new String[0], List.of());

    Args eval(Scope scope) {
      if (pos.isEmpty() && names.length == 0) {
        return Args.EMPTY;
      }
      Object[] p = new Object[pos.size()];
      for (int i = 0; i < p.length; i++) {
        p[i] = pos.get(i).eval(scope);
      }
      Object[] n = new Object[names.length];
      for (int i = 0; i < n.length; i++) {
        n[i] = named.get(i).eval(scope);
      }
      return new Args(p, names, n);
    }
  }

  record Call(Expr fn, ArgList args) implements Expr {
    @Override
    public Object eval(Scope scope) {
      return Access.call(fn.eval(scope), args.eval(scope));
    }
  }

  /** {@code value|name(args)}; fn is null for a filter jinja2 only reports when reached (in conditionals). */
  record Filter(Expr value, String name, Filters.Filter fn, ArgList args) implements Expr {
    @Override
    public Object eval(Scope scope) {
      return apply(value.eval(scope), scope);
    }

    Object apply(Object input, Scope scope) {
      if (fn == null) {
        throw new EvalError("No filter named '" + name + "'.");
      }
      return fn.apply(input, args.eval(scope));
    }
  }

  /** {@code value is name(args)}; fn null as for filters. */
  record Test(Expr value, String name, Tests.Test fn, ArgList args) implements Expr {
    @Override
    public Object eval(Scope scope) {
      if (fn == null) {
        throw new EvalError("No test named '" + name + "'.");
      }
      return fn.test(value.eval(scope), args.eval(scope));
    }
  }

  record Not(Expr operand) implements Expr {
    @Override
    public Object eval(Scope scope) {
      return !Values.truthy(operand.eval(scope));
    }
  }

  /** Unary minus, or unary plus. */
  record Negate(Expr operand, boolean minus) implements Expr {
    @Override
    public Object eval(Scope scope) {
      Object v = operand.eval(scope);
      return minus ? Arithmetic.negate(v) : Arithmetic.plus(v);
    }
  }

  /** Arithmetic: + - * / // % **. */
  record Binary(Expr left, Expr right, BinaryOperator<Object> op) implements Expr {
    @Override
    public Object eval(Scope scope) {
      return op.apply(left.eval(scope), right.eval(scope));
    }
  }

  /** Python and/or: short-circuit and yield an operand, not a boolean. */
  record Logic(Expr left, Expr right, boolean and) implements Expr {
    @Override
    public Object eval(Scope scope) {
      Object l = left.eval(scope);
      return Values.truthy(l) == and ? right.eval(scope) : l;
    }
  }

  /** A comparison chain: a < b <= c means a < b and b <= c, each operand evaluated once. */
  record Compare(Expr first, List<String> ops, List<Expr> rest) implements Expr {
    @Override
    public Object eval(Scope scope) {
      Object left = first.eval(scope);
      for (int i = 0; i < ops.size(); i++) {
        Object right = rest.get(i).eval(scope);
        if (!holds(ops.get(i), left, right)) {
          return false;
        }
        left = right;
      }
      return true;
    }

    private static boolean holds(String op, Object a, Object b) {
      switch (op) {
        case "==": return Comparison.eq(a, b);
        case "!=": return !Comparison.eq(a, b);
        case "in": return Comparison.contains(b, a);
        case "not in": return !Comparison.contains(b, a);
        case "<": return Comparison.compare(a, b, op) < 0;
        case "<=": return Comparison.compare(a, b, op) <= 0;
        case ">": return Comparison.compare(a, b, op) > 0;
        default: return Comparison.compare(a, b, op) >= 0;
      }
    }
  }

  /** {@code a if cond else b}; without else an unmet condition yields Undefined. */
  record Conditional(Expr cond, Expr then, Expr otherwise) implements Expr {
    @Override
    public Object eval(Scope scope) {
      if (Values.truthy(cond.eval(scope))) {
        return then.eval(scope);
      }
      return otherwise == null
          ? new Undefined("the inline if-expression evaluated to false and no else section was defined.")
          : otherwise.eval(scope);
    }
  }

  /** {@code a ~ b ~ c}: string conversion and concatenation. */
  record Concat(List<Expr> parts) implements Expr {
    @Override
    public Object eval(Scope scope) {
      StringBuilder sb = new StringBuilder();
      for (Expr part : parts) {
        sb.append(Values.str(part.eval(scope)));
      }
      return sb.toString();
    }
  }
}
