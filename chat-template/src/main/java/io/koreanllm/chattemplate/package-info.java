/**
 * A Jinja2 interpreter for Hugging Face chat templates; {@link io.koreanllm.chattemplate.ChatTemplate} is its whole
 * public face. Reading order for the rest:
 * <ul>
 *   <li>parsing, once per template: {@code Lexer} (tokens, with jinja2's whitespace control), {@code TokenStream},
 *       {@code StatementParser} (block tags) and {@code ExpressionParser} (operators by precedence), which build a
 *       tree of {@code Node} statements and {@code Expr} expressions;
 *   <li>rendering: each node renders itself into the output against a {@code Scope} of variables;
 *   <li>Python values: {@code Values} (type, number, truth, str/repr), {@code Comparison}, {@code Arithmetic},
 *       {@code Access} (attributes, items, slices, calls, iteration), and the value types {@code Undefined},
 *       {@code Tuple}, {@code Iter}, {@code Namespace}, {@code LoopInfo}; Python str behaviour in {@code Strings},
 *       json.dumps in {@code Json};
 *   <li>built-ins: {@code Filters} ({@code ValueFilters}, {@code TextFilters}, {@code SequenceFilters}),
 *       {@code Tests}, {@code Globals} (with {@code Strftime}) and the str/list/dict {@code Methods}.
 * </ul>
 */
package io.koreanllm.chattemplate;
