package io.koreanllm.chattemplate;

import io.koreanllm.chattemplate.Lexer.Token;
import io.koreanllm.chattemplate.Lexer.Type;
import java.util.List;

/** A template's tokens and the read position both parsers move along, with the moves they share. */
final class TokenStream {
  private final List<Token> tokens;
  private int pos;

  TokenStream(List<Token> tokens) {
    this.tokens = tokens;
  }

  Token peek() {
    return tokens.get(pos);
  }

  /** The token after the next one: a keyword argument's '=', the 'in' of 'not in', the name of a block tag. */
  Token peekSecond() {
    return tokens.get(pos + 1);
  }

  /** Consumes the next token, which the caller has peeked at; EOF is never consumed. */
  Token next() {
    Token t = tokens.get(pos);
    if (t.type() != Type.EOF) {
      pos++;
    }
    return t;
  }

  /** Consumes the next token, which the caller has peeked at and knows not to be EOF. */
  void skip() {
    pos++;
  }

  Token expect(Type type) {
    Token t = peek();
    if (t.type() != type) {
      throw error(t, "expected " + new Token(type, type.name().toLowerCase(), 0).describe() + ", got " + t.describe());
    }
    return next();
  }

  void expectOp(String op) {
    if (!skipOp(op)) {
      throw error(peek(), "expected '" + op + "', got " + peek().describe());
    }
  }

  void expectName(String name) {
    if (!skipName(name)) {
      throw error(peek(), "expected '" + name + "', got " + peek().describe());
    }
  }

  boolean skipOp(String op) {
    if (peek().is(Type.OP, op)) {
      pos++;
      return true;
    }
    return false;
  }

  boolean skipName(String name) {
    if (peek().is(Type.NAME, name)) {
      pos++;
      return true;
    }
    return false;
  }

  /** {@code item, item, ...} up to and including the closing operator; a trailing comma is allowed. */
  void commaSeparated(String close, Runnable item) {
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

  static TemplateException error(Token t, String message) {
    return new TemplateException("line " + t.line() + ": " + message);
  }
}
