package io.koreanllm.chattemplate;

import static io.koreanllm.chattemplate.TokenStream.error;

import io.koreanllm.chattemplate.Lexer.Token;
import io.koreanllm.chattemplate.Lexer.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses a template into its statements: text, {@code {{ output }}} and the block tags (if, for, set, macro, filter,
 * generation, break, continue), following jinja2's grammar. The expressions inside go to {@link ExpressionParser}.
 */
final class StatementParser {
  private final TokenStream in;
  private final ExpressionParser expressions;
  private int loopDepth;

  private StatementParser(TokenStream in) {
    this.in = in;
    this.expressions = new ExpressionParser(in);
  }

  static Node[] parse(String source) {
    StatementParser p = new StatementParser(new TokenStream(Lexer.tokenize(source)));
    Node[] body = p.statements(null, Set.of());
    p.in.expect(Type.EOF);
    return body;
  }

  /**
   * Statements up to EOF (top level, opener null) or up to a block tag named in {@code end} that
   * closes {@code opener}; then the position is on that tag's name.
   */
  private Node[] statements(Token opener, Set<String> end) {
    List<Node> nodes = new ArrayList<>();
    while (true) {
      Token t = in.peek();
      switch (t.type()) {
        case TEXT -> {
          in.skip();
          nodes.add(new Node.Text(t.line(), t.value()));
        }
        case VAR_BEGIN -> {
          in.skip();
          nodes.add(new Node.Output(t.line(), expressions.tuple(true, Set.of())));
          in.expect(Type.VAR_END);
        }
        case BLOCK_BEGIN -> {
          Token name = in.peekSecond();
          in.skip();
          if (name.type() == Type.NAME && end.contains(name.value())) {
            return nodes.toArray(new Node[0]);
          }
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
    Token tag = in.expect(Type.NAME);
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
        List<Expr.Filter> filters = expressions.filterChain();
        in.expect(Type.BLOCK_END);
        return new Node.Capture(tag.line(), null, filters, body(tag, "endfilter"));
      }
      case "generation":
        in.expect(Type.BLOCK_END);
        return new Node.Block(tag.line(), body(tag, "endgeneration"));
      case "break":
      case "continue":
        if (loopDepth == 0) {
          throw error(tag, "'" + tag.value() + "' outside of a loop");
        }
        in.expect(Type.BLOCK_END);
        return new Node.LoopControl(tag.line(), tag.value().equals("break") ? Node.Flow.BREAK : Node.Flow.CONTINUE);
      default:
        throw error(tag, "unknown tag '" + tag.value() + "'");
    }
  }

  /** The statements up to {% endTag %}, consuming that closing tag. */
  private Node[] body(Token opener, String endTag) {
    Node[] body = statements(opener, Set.of(endTag));
    in.skip();
    in.expect(Type.BLOCK_END);
    return body;
  }

  private Node ifStatement(Token tag) {
    List<Expr> tests = new ArrayList<>();
    List<Node[]> bodies = new ArrayList<>();
    expressions.inConditional(() -> {
      while (true) {
        tests.add(expressions.tuple(false, Set.of()));
        in.expect(Type.BLOCK_END);
        bodies.add(statements(tag, Set.of("elif", "else", "endif")));
        String next = in.next().value();
        if (next.equals("else")) {
          in.expect(Type.BLOCK_END);
          bodies.add(statements(tag, Set.of("endif")));
          in.skip();
        }
        if (!next.equals("elif")) {
          break;
        }
      }
    });
    in.expect(Type.BLOCK_END);
    if (bodies.size() == tests.size()) {
      bodies.add(new Node[0]);
    }
    return new Node.If(tag.line(), tests, bodies);
  }

  private Node forStatement(Token tag) {
    String[] targets = targets();
    in.expectName("in");
    Expr iterable = expressions.tuple(false, Set.of("recursive"));
    Expr filter = in.skipName("if") ? expressions.expression() : null;
    if (in.peek().is(Type.NAME, "recursive")) {
      throw error(in.peek(), "recursive loops are not supported");
    }
    in.expect(Type.BLOCK_END);
    loopDepth++;
    Node[] body = statements(tag, Set.of("endfor", "else"));
    loopDepth--;
    Node[] orElse = new Node[0];
    if (in.next().value().equals("else")) {
      in.expect(Type.BLOCK_END);
      orElse = statements(tag, Set.of("endfor"));
      in.skip();
    }
    in.expect(Type.BLOCK_END);
    return new Node.For(tag.line(), targets, iterable, filter, body, orElse);
  }

  private Node setStatement(Token tag) {
    if (in.peek().type() == Type.NAME && in.peekSecond().is(Type.OP, ".")) {
      String target = in.next().value();
      in.skip();
      String attr = in.expect(Type.NAME).value();
      in.expectOp("=");
      Expr value = expressions.tuple(true, Set.of());
      in.expect(Type.BLOCK_END);
      return new Node.SetAttr(tag.line(), target, attr, value);
    }
    String[] targets = targets();
    if (in.skipOp("=")) {
      Expr value = expressions.tuple(true, Set.of());
      in.expect(Type.BLOCK_END);
      return new Node.Set(tag.line(), targets, value);
    }
    if (targets.length != 1) {
      throw error(tag, "a block set assigns a single name");
    }
    List<Expr.Filter> filters = in.skipOp("|") ? expressions.filterChain() : List.of();
    in.expect(Type.BLOCK_END);
    return new Node.Capture(tag.line(), targets[0], filters, body(tag, "endset"));
  }

  private Node macro(Token tag) {
    String name = in.expect(Type.NAME).value();
    List<String> params = new ArrayList<>();
    List<Expr> defaults = new ArrayList<>();
    in.expectOp("(");
    in.commaSeparated(")", () -> {
      params.add(in.expect(Type.NAME).value());
      defaults.add(in.skipOp("=") ? expressions.expression() : null);
    });
    in.expect(Type.BLOCK_END);
    int outerLoops = loopDepth;
    loopDepth = 0;
    Node[] body = body(tag, "endmacro");
    loopDepth = outerLoops;
    return new Node.MacroDef(tag.line(), name, params, defaults, body);
  }

  /** Assignment targets: {@code a}, {@code a, b} or {@code (a, b)}. */
  private String[] targets() {
    boolean paren = in.skipOp("(");
    List<String> names = new ArrayList<>();
    do {
      names.add(in.expect(Type.NAME).value());
    } while (in.skipOp(",") && in.peek().type() == Type.NAME);
    if (paren) {
      in.expectOp(")");
    }
    return names.toArray(new String[0]);
  }
}
