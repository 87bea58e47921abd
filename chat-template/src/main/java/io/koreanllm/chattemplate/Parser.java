package io.koreanllm.chattemplate;

import io.koreanllm.chattemplate.Expr.ArgList;
import io.koreanllm.chattemplate.Lexer.Token;
import io.koreanllm.chattemplate.Lexer.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BinaryOperator;

/** Recursive-descent parser following jinja2's grammar and operator precedence. */
final class Parser {
  private final List<Token> tokens;
  private int pos;
  /** Inside if-bodies and conditional expressions jinja2 reports unknown filters/tests only when reached. */
  private int conditionalDepth;
  private int loopDepth;

  private Parser(List<Token> tokens) {
    this.tokens = tokens;
  }

  static Node[] parse(String source) {
    Parser p = new Parser(Lexer.tokenize(source));
    Node[] body = p.statements(null, Set.of());
    p.expect(Type.EOF);
    return body;
  }

  // ---- statements ------------------------------------------------------------------------------

  /**
   * Statements up to EOF (top level, opener null) or up to a block tag named in {@code end} that
   * closes {@code opener}; then the position is on that tag's name.
   */
  private Node[] statements(Token opener, Set<String> end) {
    List<Node> nodes = new ArrayList<>();
    while (true) {
      Token t = peek();
      switch (t.type()) {
        case TEXT -> {
          pos++;
          nodes.add(new Node.Text(t.line(), t.value()));
        }
        case VAR_BEGIN -> {
          pos++;
          nodes.add(new Node.Output(t.line(), tuple(true, Set.of())));
          expect(Type.VAR_END);
        }
        case BLOCK_BEGIN -> {
          Token name = tokens.get(pos + 1);
          if (name.type() == Type.NAME && end.contains(name.value())) {
            pos++;
            return nodes.toArray(new Node[0]);
          }
          pos++;
          nodes.add(statement());
        }
        case EOF -> {
          if (opener != null) {
            throw error(t, "unexpected end of template: the '" + opener.value() + "' block of line " + opener.line()
                + " is not closed (expected " + String.join(" or ", end.stream().sorted().toList()) + ")");
          }
          return nodes.toArray(new Node[0]);
        }
        default -> throw error(t, "unexpected " + t.describe());
      }
    }
  }

  private Node statement() {
    Token tag = expect(Type.NAME);
    switch (tag.value()) {
      case "if":
        return ifStatement(tag);
      case "for":
        return forStatement(tag);
      case "set":
        return setStatement(tag);
      case "macro":
        return macro(tag);
      case "filter": {
        List<Expr.Filter> filters = filterChain();
        expect(Type.BLOCK_END);
        return new Node.Capture(tag.line(), null, filters, body(tag, "endfilter"));
      }
      case "generation":
        expect(Type.BLOCK_END);
        return new Node.Block(tag.line(), body(tag, "endgeneration"));
      case "break":
      case "continue":
        if (loopDepth == 0) {
          throw error(tag, "'" + tag.value() + "' outside of a loop");
        }
        expect(Type.BLOCK_END);
        return new Node.LoopControl(tag.line(), tag.value().equals("break") ? Node.Flow.BREAK : Node.Flow.CONTINUE);
      default:
        throw error(tag, "unknown tag '" + tag.value() + "'");
    }
  }

  /** The statements up to {% endTag %}, consuming that closing tag. */
  private Node[] body(Token opener, String endTag) {
    Node[] body = statements(opener, Set.of(endTag));
    pos++;
    expect(Type.BLOCK_END);
    return body;
  }

  private Node ifStatement(Token tag) {
    List<Expr> tests = new ArrayList<>();
    List<Node[]> bodies = new ArrayList<>();
    conditionalDepth++;
    while (true) {
      tests.add(tuple(false, Set.of()));
      expect(Type.BLOCK_END);
      bodies.add(statements(tag, Set.of("elif", "else", "endif")));
      String next = tokens.get(pos++).value();
      if (next.equals("else")) {
        expect(Type.BLOCK_END);
        bodies.add(statements(tag, Set.of("endif")));
        pos++;
      }
      if (!next.equals("elif")) {
        break;
      }
    }
    conditionalDepth--;
    expect(Type.BLOCK_END);
    if (bodies.size() == tests.size()) {
      bodies.add(new Node[0]);
    }
    return new Node.If(tag.line(), tests, bodies);
  }

  private Node forStatement(Token tag) {
    String[] targets = targets();
    expectName("in");
    Expr iterable = tuple(false, Set.of("recursive"));
    Expr filter = skipName("if") ? expression() : null;
    if (peek().is(Type.NAME, "recursive")) {
      throw error(peek(), "recursive loops are not supported");
    }
    expect(Type.BLOCK_END);
    loopDepth++;
    Node[] body = statements(tag, Set.of("endfor", "else"));
    loopDepth--;
    Node[] orElse = new Node[0];
    if (tokens.get(pos++).value().equals("else")) {
      expect(Type.BLOCK_END);
      orElse = statements(tag, Set.of("endfor"));
      pos++;
    }
    expect(Type.BLOCK_END);
    return new Node.For(tag.line(), targets, iterable, filter, body, orElse);
  }

  private Node setStatement(Token tag) {
    if (peek().type() == Type.NAME && tokens.get(pos + 1).is(Type.OP, ".")) {
      String target = next().value();
      pos++;
      String attr = expect(Type.NAME).value();
      expectOp("=");
      Expr value = tuple(true, Set.of());
      expect(Type.BLOCK_END);
      return new Node.SetAttr(tag.line(), target, attr, value);
    }
    String[] targets = targets();
    if (skipOp("=")) {
      Expr value = tuple(true, Set.of());
      expect(Type.BLOCK_END);
      return new Node.Set(tag.line(), targets, value);
    }
    if (targets.length != 1) {
      throw error(tag, "a block set assigns a single name");
    }
    List<Expr.Filter> filters = skipOp("|") ? filterChain() : List.of();
    expect(Type.BLOCK_END);
    return new Node.Capture(tag.line(), targets[0], filters, body(tag, "endset"));
  }

  private Node macro(Token tag) {
    String name = expect(Type.NAME).value();
    List<String> params = new ArrayList<>();
    List<Expr> defaults = new ArrayList<>();
    expectOp("(");
    commaSeparated(")", () -> {
      params.add(expect(Type.NAME).value());
      defaults.add(skipOp("=") ? expression() : null);
    });
    expect(Type.BLOCK_END);
    int outerLoops = loopDepth;
    loopDepth = 0;
    Node[] body = body(tag, "endmacro");
    loopDepth = outerLoops;
    return new Node.MacroDef(tag.line(), name, params, defaults, body);
  }

  /** Assignment targets: {@code a}, {@code a, b} or {@code (a, b)}. */
  private String[] targets() {
    boolean paren = skipOp("(");
    List<String> names = new ArrayList<>();
    do {
      names.add(expect(Type.NAME).value());
    } while (skipOp(",") && peek().type() == Type.NAME);
    if (paren) {
      expectOp(")");
    }
    return names.toArray(new String[0]);
  }

  // ---- expressions (lowest precedence first) ---------------------------------------------------

  /**
   * jinja2's parse_tuple: {@code a, b} without parentheses is a tuple. The condition of an if and
   * the iterable of a for take no inline if (the latter's "if" is the loop filter).
   */
  private Expr tuple(boolean withConditional, Set<String> extraEnds) {
    List<Expr> items = new ArrayList<>();
    boolean isTuple = false;
    while (true) {
      if (!items.isEmpty()) {
        expectOp(",");
      }
      Token t = peek();
      if (t.type() == Type.VAR_END || t.type() == Type.BLOCK_END || t.is(Type.OP, ")")
          || (t.type() == Type.NAME && extraEnds.contains(t.value()))) {
        break;
      }
      items.add(withConditional ? expression() : or());
      if (!peek().is(Type.OP, ",")) {
        break;
      }
      isTuple = true;
    }
    if (!isTuple) {
      if (items.isEmpty()) {
        throw error(peek(), "expected an expression, got " + peek().describe());
      }
      return items.get(0);
    }
    return new Expr.ListLit(items, true);
  }

  private Expr expression() {
    Expr e = or();
    while (skipName("if")) {
      conditionalDepth++;
      Expr cond = or();
      Expr otherwise = skipName("else") ? expression() : null;
      conditionalDepth--;
      e = new Expr.Conditional(cond, e, otherwise);
    }
    return e;
  }

  private Expr or() {
    Expr e = and();
    while (skipName("or")) {
      e = new Expr.Logic(e, and(), false);
    }
    return e;
  }

  private Expr and() {
    Expr e = not();
    while (skipName("and")) {
      e = new Expr.Logic(e, not(), true);
    }
    return e;
  }

  private Expr not() {
    return skipName("not") ? new Expr.Not(not()) : compare();
  }

  private Expr compare() {
    Expr first = math1();
    List<String> ops = new ArrayList<>();
    List<Expr> rest = new ArrayList<>();
    while (true) {
      Token t = peek();
      if (t.type() == Type.OP && Set.of("==", "!=", "<", "<=", ">", ">=").contains(t.value())) {
        pos++;
        ops.add(t.value());
      } else if (t.is(Type.NAME, "in")) {
        pos++;
        ops.add("in");
      } else if (t.is(Type.NAME, "not") && tokens.get(pos + 1).is(Type.NAME, "in")) {
        pos += 2;
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
      if (skipOp("+")) {
        e = new Expr.Binary(e, concat(), Values::add);
      } else if (skipOp("-")) {
        e = new Expr.Binary(e, concat(), Values::sub);
      } else {
        return e;
      }
    }
  }

  private Expr concat() {
    List<Expr> parts = new ArrayList<>(List.of(math2()));
    while (skipOp("~")) {
      parts.add(math2());
    }
    return parts.size() == 1 ? parts.get(0) : new Expr.Concat(parts);
  }

  private Expr math2() {
    Expr e = pow();
    while (true) {
      BinaryOperator<Object> op = skipOp("*") ? Values::mul
          : skipOp("/") ? Values::div
          : skipOp("//") ? Values::floorDiv
          : skipOp("%") ? Values::mod : null;
      if (op == null) {
        return e;
      }
      e = new Expr.Binary(e, pow(), op);
    }
  }

  /** jinja2's ** is left-associative and binds looser than unary minus: -2 ** 2 == 4. */
  private Expr pow() {
    Expr e = unary(true);
    while (skipOp("**")) {
      e = new Expr.Binary(e, unary(true), Values::pow);
    }
    return e;
  }

  private Expr unary(boolean withFilter) {
    Expr e;
    if (skipOp("-")) {
      e = new Expr.Negate(unary(false), true);
    } else if (skipOp("+")) {
      e = new Expr.Negate(unary(false), false);
    } else {
      e = primary();
    }
    e = postfix(e);
    return withFilter ? filtersAndTests(e) : e;
  }

  private Expr primary() {
    Token t = next();
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
        while (peek().type() == Type.STRING) { // adjacent literals concatenate, as in Python
          s.append(next().value());
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
      if (skipOp(")")) {
        return new Expr.ListLit(List.of(), true);
      }
      Expr e = tuple(true, Set.of());
      expectOp(")");
      return e;
    }
    if (t.is(Type.OP, "[")) {
      List<Expr> items = new ArrayList<>();
      commaSeparated("]", () -> items.add(expression()));
      return new Expr.ListLit(items, false);
    }
    if (t.is(Type.OP, "{")) {
      List<Expr> keys = new ArrayList<>();
      List<Expr> values = new ArrayList<>();
      commaSeparated("}", () -> {
        keys.add(expression());
        expectOp(":");
        values.add(expression());
      });
      return new Expr.DictLit(keys, values);
    }
    throw error(t, "unexpected " + t.describe());
  }

  private Expr postfix(Expr e) {
    while (true) {
      if (skipOp(".")) {
        Token t = next();
        if (t.type() == Type.NAME) {
          e = new Expr.Attr(e, t.value());
        } else if (t.type() == Type.INT) {
          e = new Expr.Item(e, new Expr.Const(Long.parseLong(t.value())));
        } else {
          throw error(t, "expected name or number after '.', got " + t.describe());
        }
      } else if (skipOp("[")) {
        e = subscript(e);
      } else if (peek().is(Type.OP, "(")) {
        e = new Expr.Call(e, callArgs());
      } else {
        return e;
      }
    }
  }

  private Expr subscript(Expr obj) {
    Expr start = peek().is(Type.OP, ":") ? null : expression();
    if (!skipOp(":")) {
      expectOp("]");
      return new Expr.Item(obj, start);
    }
    Expr stop = peek().is(Type.OP, "]") || peek().is(Type.OP, ":") ? null : expression();
    Expr step = null;
    if (skipOp(":") && !peek().is(Type.OP, "]")) {
      step = expression();
    }
    expectOp("]");
    return new Expr.Slice(obj, start, stop, step);
  }

  private Expr filtersAndTests(Expr e) {
    while (true) {
      if (skipOp("|")) {
        e = filter(e);
      } else if (skipName("is")) {
        e = test(e);
      } else if (peek().is(Type.OP, "(")) {
        e = new Expr.Call(e, callArgs());
      } else {
        return e;
      }
    }
  }

  /** One {@code name(args)} after a '|', applied to value (null in filter blocks and block sets). */
  private Expr.Filter filter(Expr value) {
    Token t = peek();
    String name = dottedName();
    ArgList args = peek().is(Type.OP, "(") ? callArgs() : ArgList.NONE;
    Builtins.Filter fn = Builtins.FILTERS.get(name);
    if (fn == null && conditionalDepth == 0) {
      throw error(t, "no filter named '" + name + "'");
    }
    return new Expr.Filter(value, name, fn, args);
  }

  /** {@code f(args)|g|...} of a filter block or block set, applied in turn to the captured body. */
  private List<Expr.Filter> filterChain() {
    List<Expr.Filter> chain = new ArrayList<>();
    do {
      chain.add(filter(null));
    } while (skipOp("|"));
    return chain;
  }

  private Expr test(Expr value) {
    boolean negated = skipName("not");
    Token t = peek();
    String name = dottedName();
    ArgList args = ArgList.NONE;
    Token n = peek();
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
    Builtins.Test fn = Builtins.TESTS.get(name);
    if (fn == null && conditionalDepth == 0) {
      throw error(t, "no test named '" + name + "'");
    }
    Expr e = new Expr.Test(value, name, fn, args);
    return negated ? new Expr.Not(e) : e;
  }

  private String dottedName() {
    StringBuilder name = new StringBuilder(expect(Type.NAME).value());
    while (skipOp(".")) {
      name.append('.').append(expect(Type.NAME).value());
    }
    return name.toString();
  }

  private ArgList callArgs() {
    List<Expr> positional = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<Expr> named = new ArrayList<>();
    expectOp("(");
    commaSeparated(")", () -> {
      if (peek().type() == Type.NAME && tokens.get(pos + 1).is(Type.OP, "=")) {
        names.add(next().value());
        pos++;
        named.add(expression());
      } else if (names.isEmpty()) {
        positional.add(expression());
      } else {
        throw error(peek(), "positional argument after keyword argument");
      }
    });
    return new ArgList(positional, names.toArray(new String[0]), named);
  }

  /** {@code item, item, ...} up to and including the closing operator; a trailing comma is allowed. */
  private void commaSeparated(String close, Runnable item) {
    boolean first = true;
    while (!skipOp(close)) {
      if (!first) {
        expectOp(",");
        if (skipOp(close)) {
          return;
        }
      }
      item.run();
      first = false;
    }
  }

  // ---- token helpers -------------------------------------------------------------------------

  private Token peek() {
    return tokens.get(pos);
  }

  private Token next() {
    Token t = tokens.get(pos);
    if (t.type() != Type.EOF) {
      pos++;
    }
    return t;
  }

  private Token expect(Type type) {
    Token t = peek();
    if (t.type() != type) {
      throw error(t, "expected " + new Token(type, type.name().toLowerCase(), 0).describe() + ", got " + t.describe());
    }
    return next();
  }

  private void expectOp(String op) {
    if (!skipOp(op)) {
      throw error(peek(), "expected '" + op + "', got " + peek().describe());
    }
  }

  private void expectName(String name) {
    if (!skipName(name)) {
      throw error(peek(), "expected '" + name + "', got " + peek().describe());
    }
  }

  private boolean skipOp(String op) {
    if (peek().is(Type.OP, op)) {
      pos++;
      return true;
    }
    return false;
  }

  private boolean skipName(String name) {
    if (peek().is(Type.NAME, name)) {
      pos++;
      return true;
    }
    return false;
  }

  private static TemplateException error(Token t, String message) {
    return new TemplateException("line " + t.line() + ": " + message);
  }
}
