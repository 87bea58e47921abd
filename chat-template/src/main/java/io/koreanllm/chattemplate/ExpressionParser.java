package io.koreanllm.chattemplate;

import static io.koreanllm.chattemplate.TokenStream.error;

import io.koreanllm.chattemplate.Expr.ArgList;
import io.koreanllm.chattemplate.Lexer.Token;
import io.koreanllm.chattemplate.Lexer.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BinaryOperator;

/**
 * Parses expressions by recursive descent with jinja2's operator precedence, lowest first: tuple, inline if, or,
 * and, not, comparisons, + -, ~, * / // %, **, unary - +, then literals, names, attributes, subscripts, calls,
 * filters and tests.
 */
final class ExpressionParser {
  private final TokenStream in;
  /** Inside if-bodies and conditional expressions jinja2 reports unknown filters/tests only when reached. */
  private int conditionalDepth;

  ExpressionParser(TokenStream in) {
    this.in = in;
  }

  /** Runs {@code parse} as inside an if-block: an unknown filter or test there fails only when reached. */
  void inConditional(Runnable parse) {
    conditionalDepth++;
    try {
      parse.run();
    } finally {
      conditionalDepth--;
    }
  }

  /**
   * jinja2's parse_tuple: {@code a, b} without parentheses is a tuple. The condition of an if and
   * the iterable of a for take no inline if (the latter's "if" is the loop filter).
   */
  Expr tuple(boolean withConditional, Set<String> extraEnds) {
    List<Expr> items = new ArrayList<>();
    boolean isTuple = false;
    while (true) {
      if (!items.isEmpty()) {
        in.expectOp(",");
      }
      Token t = in.peek();
      if (t.type() == Type.VAR_END || t.type() == Type.BLOCK_END || t.is(Type.OP, ")")
          || (t.type() == Type.NAME && extraEnds.contains(t.value()))) {
        break;
      }
      items.add(withConditional ? expression() : or());
      if (!in.peek().is(Type.OP, ",")) {
        break;
      }
      isTuple = true;
    }
    if (!isTuple) {
      if (items.isEmpty()) {
        throw error(in.peek(), "expected an expression, got " + in.peek().describe());
      }
      return items.get(0);
    }
    return new Expr.ListLit(items, true);
  }

  Expr expression() {
    Expr e = or();
    while (in.skipName("if")) {
      conditionalDepth++;
      Expr cond = or();
      Expr otherwise = in.skipName("else") ? expression() : null;
      conditionalDepth--;
      e = new Expr.Conditional(cond, e, otherwise);
    }
    return e;
  }

  /** {@code f(args)|g|...} of a filter block or block set, applied in turn to the captured body. */
  List<Expr.Filter> filterChain() {
    List<Expr.Filter> chain = new ArrayList<>();
    do {
      chain.add(filter(null));
    } while (in.skipOp("|"));
    return chain;
  }

  // ---- operators, lowest precedence first ------------------------------------------------------

  private Expr or() {
    Expr e = and();
    while (in.skipName("or")) {
      e = new Expr.Logic(e, and(), false);
    }
    return e;
  }

  private Expr and() {
    Expr e = not();
    while (in.skipName("and")) {
      e = new Expr.Logic(e, not(), true);
    }
    return e;
  }

  private Expr not() {
    return in.skipName("not") ? new Expr.Not(not()) : compare();
  }

  private Expr compare() {
    Expr first = math1();
    List<String> ops = new ArrayList<>();
    List<Expr> rest = new ArrayList<>();
    while (true) {
      Token t = in.peek();
      if (t.type() == Type.OP && Set.of("==", "!=", "<", "<=", ">", ">=").contains(t.value())) {
        in.skip();
        ops.add(t.value());
      } else if (t.is(Type.NAME, "in")) {
        in.skip();
        ops.add("in");
      } else if (t.is(Type.NAME, "not") && in.peekSecond().is(Type.NAME, "in")) {
        in.skip();
        in.skip();
        ops.add("not in");
      } else {
        break;
      }
      rest.add(math1());
    }
    return ops.isEmpty() ? first : new Expr.Compare(first, ops, rest);
  }

  private Expr math1() {
    Expr e = concat();
    while (true) {
      if (in.skipOp("+")) {
        e = new Expr.Binary(e, concat(), Arithmetic::add);
      } else if (in.skipOp("-")) {
        e = new Expr.Binary(e, concat(), Arithmetic::sub);
      } else {
        return e;
      }
    }
  }

  private Expr concat() {
    List<Expr> parts = new ArrayList<>(List.of(math2()));
    while (in.skipOp("~")) {
      parts.add(math2());
    }
    return parts.size() == 1 ? parts.get(0) : new Expr.Concat(parts);
  }

  private Expr math2() {
    Expr e = pow();
    while (true) {
      BinaryOperator<Object> op = in.skipOp("*") ? Arithmetic::mul
          : in.skipOp("/") ? Arithmetic::div
          : in.skipOp("//") ? Arithmetic::floorDiv
          : in.skipOp("%") ? Arithmetic::mod : null;
      if (op == null) {
        return e;
      }
      e = new Expr.Binary(e, pow(), op);
    }
  }

  /** jinja2's ** is left-associative and binds looser than unary minus: -2 ** 2 == 4. */
  private Expr pow() {
    Expr e = unary(true);
    while (in.skipOp("**")) {
      e = new Expr.Binary(e, unary(true), Arithmetic::pow);
    }
    return e;
  }

  private Expr unary(boolean withFilter) {
    Expr e;
    if (in.skipOp("-")) {
      e = new Expr.Negate(unary(false), true);
    } else if (in.skipOp("+")) {
      e = new Expr.Negate(unary(false), false);
    } else {
      e = primary();
    }
    e = postfix(e);
    return withFilter ? filtersAndTests(e) : e;
  }

  // ---- operands --------------------------------------------------------------------------------

  private Expr primary() {
    Token t = in.next();
    switch (t.type()) {
      case NAME:
        switch (t.value()) {
          case "true", "True": return new Expr.Const(true);
          case "false", "False": return new Expr.Const(false);
          case "none", "None": return new Expr.Const(null);
          default: return new Expr.Name(t.value());
        }
      case STRING: {
        StringBuilder s = new StringBuilder(t.value());
        while (in.peek().type() == Type.STRING) { // adjacent literals concatenate, as in Python
          s.append(in.next().value());
        }
        return new Expr.Const(s.toString());
      }
      case INT:
        return new Expr.Const(Long.parseLong(t.value()));
      case FLOAT:
        return new Expr.Const(Double.parseDouble(t.value()));
      default:
        break;
    }
    if (t.is(Type.OP, "(")) {
      if (in.skipOp(")")) {
        return new Expr.ListLit(List.of(), true);
      }
      Expr e = tuple(true, Set.of());
      in.expectOp(")");
      return e;
    }
    if (t.is(Type.OP, "[")) {
      List<Expr> items = new ArrayList<>();
      in.commaSeparated("]", () -> items.add(expression()));
      return new Expr.ListLit(items, false);
    }
    if (t.is(Type.OP, "{")) {
      List<Expr> keys = new ArrayList<>();
      List<Expr> values = new ArrayList<>();
      in.commaSeparated("}", () -> {
        keys.add(expression());
        in.expectOp(":");
        values.add(expression());
      });
      return new Expr.DictLit(keys, values);
    }
    throw error(t, "unexpected " + t.describe());
  }

  private Expr postfix(Expr e) {
    while (true) {
      if (in.skipOp(".")) {
        Token t = in.next();
        if (t.type() == Type.NAME) {
          e = new Expr.Attr(e, t.value());
        } else if (t.type() == Type.INT) {
          e = new Expr.Item(e, new Expr.Const(Long.parseLong(t.value())));
        } else {
          throw error(t, "expected name or number after '.', got " + t.describe());
        }
      } else if (in.skipOp("[")) {
        e = subscript(e);
      } else if (in.peek().is(Type.OP, "(")) {
        e = new Expr.Call(e, callArgs());
      } else {
        return e;
      }
    }
  }

  private Expr subscript(Expr obj) {
    Expr start = in.peek().is(Type.OP, ":") ? null : expression();
    if (!in.skipOp(":")) {
      in.expectOp("]");
      return new Expr.Item(obj, start);
    }
    Expr stop = in.peek().is(Type.OP, "]") || in.peek().is(Type.OP, ":") ? null : expression();
    Expr step = null;
    if (in.skipOp(":") && !in.peek().is(Type.OP, "]")) {
      step = expression();
    }
    in.expectOp("]");
    return new Expr.Slice(obj, start, stop, step);
  }

  private ArgList callArgs() {
    List<Expr> positional = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<Expr> named = new ArrayList<>();
    in.expectOp("(");
    in.commaSeparated(")", () -> {
      if (in.peek().type() == Type.NAME && in.peekSecond().is(Type.OP, "=")) {
        names.add(in.next().value());
        in.skip();
        named.add(expression());
      } else if (names.isEmpty()) {
        positional.add(expression());
      } else {
        throw error(in.peek(), "positional argument after keyword argument");
      }
    });
    return new ArgList(positional, names.toArray(new String[0]), named);
  }

  // ---- filters and tests -----------------------------------------------------------------------

  private Expr filtersAndTests(Expr e) {
    while (true) {
      if (in.skipOp("|")) {
        e = filter(e);
      } else if (in.skipName("is")) {
        e = test(e);
      } else if (in.peek().is(Type.OP, "(")) {
        e = new Expr.Call(e, callArgs());
      } else {
        return e;
      }
    }
  }

  /** One {@code name(args)} after a '|', applied to value (null in filter blocks and block sets). */
  private Expr.Filter filter(Expr value) {
    Token t = in.peek();
    String name = dottedName();
    ArgList args = in.peek().is(Type.OP, "(") ? callArgs() : ArgList.NONE;
    Filters.Filter fn = Filters.BY_NAME.get(name);
    if (fn == null && conditionalDepth == 0) {
      throw error(t, "no filter named '" + name + "'");
    }
    return new Expr.Filter(value, name, fn, args);
  }

  private Expr test(Expr value) {
    boolean negated = in.skipName("not");
    Token t = in.peek();
    String name = dottedName();
    ArgList args = ArgList.NONE;
    Token n = in.peek();
    if (n.is(Type.OP, "(")) {
      args = callArgs();
    } else if ((Set.of(Type.NAME, Type.STRING, Type.INT, Type.FLOAT).contains(n.type())
        || n.is(Type.OP, "[") || n.is(Type.OP, "{"))
        && !n.is(Type.NAME, "else") && !n.is(Type.NAME, "or") && !n.is(Type.NAME, "and")) {
      // jinja2 takes one bare argument: "x is divisibleby 3", "x is sameas none".
      if (n.is(Type.NAME, "is")) {
        throw error(n, "you cannot chain multiple tests with is");
      }
      args = new ArgList(List.of(postfix(primary())), new String[0], List.of());
    }
    Tests.Test fn = Tests.BY_NAME.get(name);
    if (fn == null && conditionalDepth == 0) {
      throw error(t, "no test named '" + name + "'");
    }
    Expr e = new Expr.Test(value, name, fn, args);
    return negated ? new Expr.Not(e) : e;
  }

  private String dottedName() {
    StringBuilder name = new StringBuilder(in.expect(Type.NAME).value());
    while (in.skipOp(".")) {
      name.append('.').append(in.expect(Type.NAME).value());
    }
    return name.toString();
  }
}
