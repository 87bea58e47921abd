package io.koreanllm.chattemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The jinja2 semantics chat templates rely on. Every expected value here is what Python jinja2
 * 3.1 renders in transformers' environment (ImmutableSandboxedEnvironment, trim_blocks,
 * lstrip_blocks, loopcontrols, its tojson/raise_exception/strftime_now).
 */
class ChatTemplateTest {

  private static String render(String template, Object... keyValues) {
    Map<String, Object> context = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      context.put((String) keyValues[i], keyValues[i + 1]);
    }
    return ChatTemplate.compile(template).render(context);
  }

  private static Map<String, Object> map(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  @Nested
  class Whitespace {
    @Test
    void trimBlocksDropsTheNewlineAfterABlockTagButNotAfterAnExpression() {
      assertThat(render("{% if true %}\nyes\n{% endif %}\n{{ 'x' }}\nz")).isEqualTo("yes\nx\nz");
    }

    @Test
    void lstripBlocksDropsIndentationBeforeBlockTagsOnly() {
      assertThat(render("a\n    {% if true %}\n    b\n    {% endif %}\n  {{ 'c' }}")).isEqualTo("a\n    b\n  c");
      // text before the tag on the same line keeps its spaces
      assertThat(render("a  {% if true %}b{% endif %}")).isEqualTo("a  b");
      // a line start left by a previous block tag counts as a line start
      assertThat(render("{% if true %}\n\t {% if true %}x{% endif %}{% endif %}")).isEqualTo("x");
    }

    @Test
    void minusStripsAllWhitespaceAndPlusDisablesTheOptions() {
      assertThat(render("a \n {{- 'b' -}} \n\n c")).isEqualTo("abc");
      assertThat(render("x\n  {%- if true -%}  \n  y  {%- endif %}")).isEqualTo("xy");
      assertThat(render("  {%+ if true %}y{% endif +%}\nz")).isEqualTo("  y\nz");
    }

    @Test
    void commentsAreTrimmedLikeBlocks() {
      assertThat(render("a\n  {# note #}\nb {#- tight -#}  c")).isEqualTo("a\nbc");
    }

    @Test
    void oneTrailingNewlineIsDroppedAndLineEndingsAreNormalised() {
      assertThat(render("x\n\n")).isEqualTo("x\n");
      assertThat(render("a\r\n{% if true %}\r\nb\r\n{% endif %}\r\n")).isEqualTo("a\nb\n");
    }

    @Test
    void rawBlocksAreNotParsed() {
      assertThat(render("{% raw %}{{ x }} {% if %}{% endraw %}")).isEqualTo("{{ x }} {% if %}");
    }

    @Test
    void generationBlocksRenderTheirBody() {
      assertThat(render("{% generation %}{{ 'a' }}{% endgeneration %}")).isEqualTo("a");
    }
  }

  @Nested
  class Loops {
    @Test
    void loopVariables() {
      assertThat(render("{% for x in 'abc' %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}"
          + "{{ loop.first }}{{ loop.last }}{{ loop.length }},{% endfor %}"))
          .isEqualTo("1032TrueFalse3,2121FalseFalse3,3210FalseTrue3,");
      assertThat(render("{% for x in [1, 2, 3] %}{{ loop.previtem }}<{{ x }}>{{ loop.nextitem }}|{% endfor %}"))
          .isEqualTo("<1>2|1<2>3|2<3>|");
      assertThat(render("{% for x in range(3) %}{{ loop.cycle('a', 'b') }}{% endfor %}")).isEqualTo("aba");
    }

    @Test
    void filterElseUnpackingAndLoopControls() {
      assertThat(render("{% for x in range(6) if x is odd %}{{ x }}/{{ loop.length }} {% endfor %}")).isEqualTo("1/3 3/3 5/3 ");
      assertThat(render("{% for x in [] %}x{% else %}none{% endfor %}")).isEqualTo("none");
      assertThat(render("{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}", "d", map("a", 1, "b", "two")))
          .isEqualTo("a=1;b=two;");
      assertThat(render("{% for x in range(9) %}{% if x == 1 %}{% continue %}{% endif %}"
          + "{% if x == 4 %}{% break %}{% endif %}{{ x }}{% endfor %}")).isEqualTo("023");
    }

    @Test
    void setInsideALoopStaysInThatIterationButNamespacesCarryState() {
      assertThat(render("{% set n = 0 %}{% for i in range(3) %}{% set n = n + 1 %}{{ n }}{% endfor %}{{ n }}")).isEqualTo("1110");
      assertThat(render("{% set ns = namespace(n=0, seen='') %}{% for i in range(3) %}{% set ns.n = ns.n + i %}"
          + "{% set ns.seen = ns.seen ~ i %}{% endfor %}{{ ns.n }} {{ ns.seen }}")).isEqualTo("3 012");
      // an if-block has no scope of its own
      assertThat(render("{% if true %}{% set x = 'in' %}{% endif %}{{ x }}")).isEqualTo("in");
    }

    @Test
    void theQwenReverseScanIdiom() {
      List<Object> messages = List.of(map("role", "user", "content", "q1"), map("role", "assistant", "content", "a"),
          map("role", "user", "content", "<tool_response>r</tool_response>"));
      String template = "{%- set ns = namespace(multi_step_tool=true, last_query_index=messages|length - 1) %}"
          + "{%- for message in messages[::-1] %}"
          + "{%- set index = (messages|length - 1) - loop.index0 %}"
          + "{%- if ns.multi_step_tool and message.role == 'user' and not(message.content.startswith('<tool_response>')"
          + " and message.content.endswith('</tool_response>')) %}"
          + "{%- set ns.multi_step_tool = false %}{%- set ns.last_query_index = index %}"
          + "{%- endif %}{%- endfor %}{{ ns.last_query_index }}";
      assertThat(render(template, "messages", messages)).isEqualTo("0");
    }
  }

  @Nested
  class Expressions {
    @Test
    void printsValuesAsPythonStrDoes() {
      assertThat(render("{{ true }} {{ none }} {{ 1.0 }} {{ 10 / 4 }} {{ 7 // 2 }} {{ -7 % 3 }} {{ 2 ** 10 }} {{ 1e20 }} {{ 1.5e-7 }}"))
          .isEqualTo("True None 1.0 2.5 3 2 1024 1e+20 1.5e-07");
      assertThat(render("{{ [1, 'a', none, true, 2.5] }} {{ ('x',) }} {{ {'k': \"it's\"} }}"))
          .isEqualTo("[1, 'a', None, True, 2.5] ('x',) {'k': \"it's\"}");
      assertThat(render("{{ i }} {{ f }} {{ b }} {{ n }}", "i", 3, "f", 2.0, "b", false, "n", null)).isEqualTo("3 2.0 False None");
    }

    @Test
    void operatorsFollowPython() {
      assertThat(render("{{ 'ab' * 2 }} {{ [1] + [2] }} {{ 'a' ~ 1 ~ none }} {{ 1 == 1.0 }} {{ 1 < 2 < 3 }} {{ -2 ** 2 }}"))
          .isEqualTo("abab [1, 2] a1None True True 4");
      assertThat(render("{{ 'a' in 'cat' }} {{ 2 in [1, 2] }} {{ 'k' in {'k': 0} }} {{ 'x' not in 'abc' }} {{ 0 or 'b' }} {{ 'a' and '' }}"))
          .isEqualTo("True True True True b ");
      assertThat(render("{{ 'y' if 1 else 'n' }}{{ 'y' if 0 else 'n' }}[{{ 'y' if 0 }}]")).isEqualTo("yn[]");
    }

    @Test
    void slicesWithNegativeStepsOnStringsAndLists() {
      assertThat(render("{{ s[::-1] }} {{ s[1:3] }} {{ s[-2:] }} {{ s[::2] }} {{ s[5:1:-2] }} [{{ s[9] }}]", "s", "abcdefg"))
          .isEqualTo("gfedcba bc fg aceg fd []");
      assertThat(render("{{ l[::-1] }} {{ l[1:-1] }} {{ l[-1] }}", "l", List.of(1, 2, 3, 4))).isEqualTo("[4, 3, 2, 1] [2, 3] 4");
      // Python indexes characters, not UTF-16 units
      assertThat(render("{{ s|length }} {{ s[::-1] }} {{ s[1] }}", "s", "한😀a")).isEqualTo("3 a😀한 😀");
    }

    @Test
    void attributesAndItemsFallBackToEachOther() {
      Map<String, Object> m = map("role", "user", "items", "key wins for []", "nested", map("k", List.of(7)));
      assertThat(render("{{ m.role }} {{ m['role'] }} {{ m.nested.k.0 }} {{ m['items'] }} {{ m.missing }}|{{ m.get('x', 'd') }}", "m", m))
          .isEqualTo("user user 7 key wins for [] |d");
    }

    @Test
    void undefinedIsFalsyAndEmptyUntilItIsUsedForMore() {
      assertThat(render("[{{ nope }}]{{ nope is defined }}{{ nope is none }}{{ nope|length }}{{ nope|default('d') }}"
          + "{% for x in nope %}x{% endfor %}{{ 'x' in nope }}")).isEqualTo("[]FalseFalse0dFalse");
      assertThatThrownBy(() -> render("{{ nope.attr }}")).hasMessage("line 1: 'nope' is undefined");
      assertThatThrownBy(() -> render("\n{{ m.missing.x }}", "m", map())).hasMessage("line 2: 'dict object' has no attribute 'missing'");
      assertThatThrownBy(() -> render("{{ nope + 1 }}")).hasMessage("line 1: 'nope' is undefined");
    }

    @Test
    void macros() {
      assertThat(render("{% macro tag(name, body='', close=true) %}<{{ name }}>{{ body }}{% if close %}</{{ name }}>{% endif %}"
          + "{% endmacro %}{{ tag('a') }}{{ tag('b', 'x') }}{{ tag('br', close=false) }}")).isEqualTo("<a></a><b>x</b><br>");
    }

    @Test
    void blockSetAndFilterBlocks() {
      assertThat(render("{% set x | upper %}a{{ 1 }}{% endset %}{{ x }} {% filter trim %}  b  {% endfilter %}")).isEqualTo("A1 b");
    }
  }

  @Nested
  class Filters {
    @Test
    void tojsonIsPythonJsonDumps() {
      Map<String, Object> tool = map("name", "날씨", "args", List.of(1, 2.0, true), "none", null, "q", "\"\\\n");
      assertThat(render("{{ t|tojson }}", "t", tool))
          .isEqualTo("{\"name\": \"날씨\", \"args\": [1, 2.0, true], \"none\": null, \"q\": \"\\\"\\\\\\n\"}");
      assertThat(render("{{ {'a': [1, {}], 'b': []}|tojson(indent=2) }}")).isEqualTo("{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": []\n}");
      assertThat(render("{{ {'b': 1, 'a': 'é'}|tojson(sort_keys=true) }} {{ 'é'|tojson(ensure_ascii=true) }}"))
          .isEqualTo("{\"a\": \"é\", \"b\": 1} \"\\u00e9\"");
      assertThatThrownBy(() -> render("{{ nope|tojson }}")).hasMessage("line 1: Object of type Undefined is not JSON serializable");
    }

    @Test
    void stringFilters() {
      assertThat(render("[{{ '  x \n'|trim }}][{{ 'xxaxx'|trim('x') }}] {{ 'aB'|upper }}{{ 'aB'|lower }} {{ 'hello wORLD-x'|title }}"
          + " {{ 'hELLO'|capitalize }} {{ 'a-b'|replace('-', '+') }} {{ 5|string ~ 1 }} {{ 'a b  c'|wordcount }}"))
          .isEqualTo("[x][a] ABab Hello World-X Hello a+b 51 3");
      assertThat(render("{{ 'a\nb\n\nc'|indent(2) }}|{{ 'x'|indent(first=true) }}")).isEqualTo("a\n  b\n\n  c|    x");
      assertThat(render("{{ '<a href=\"x\">'|e }} {{ '<b>'|safe }}")).isEqualTo("&lt;a href=&#34;x&#34;&gt; <b>");
    }

    @Test
    void defaultFilter() {
      assertThat(render("{{ nope|default('d') }} {{ none|default('d') }} {{ ''|default('d', true) }} {{ 0|d('z', boolean=true) }}"))
          .isEqualTo("d None d z");
    }

    @Test
    void sequenceFilters() {
      List<Object> people = List.of(map("name", "Kim", "role", "user"), map("name", "Lee", "role", "assistant"),
          map("name", "Park", "role", "user"));
      assertThat(render("{{ p|selectattr('role', 'equalto', 'user')|map(attribute='name')|join(', ') }}"
          + " {{ p|rejectattr('role', 'eq', 'user')|list|length }} {{ p|map(attribute='role')|unique|list }}"
          + " {{ (p|first).name }} {{ (p|last).name }} {{ p|length }}", "p", people))
          .isEqualTo("Kim, Park 1 ['user', 'assistant'] Kim Park 3");
      assertThat(render("{{ [1, 2, 3, 4]|select('odd')|list }} {{ [1, 2, 3]|reject('>', 1)|list }} {{ [3, 1, 2]|reverse|list }}"
          + " {{ ['b', 'A', 'c']|min }} {{ [3, 1]|max }} {{ [1, 2.5]|sum }} {{ 'ab'|list }} {{ ['a', 'b']|map('upper')|join }}"))
          .isEqualTo("[1, 3] [1] [2, 1, 3] A 3 3.5 ['a', 'b'] AB");
      assertThat(render("{{ {'b': 1, 'A': 2}|dictsort }} {{ {'k': 'v'}|items|list }}")).isEqualTo("[('A', 2), ('b', 1)] [('k', 'v')]");
    }

    @Test
    void iteratorsAreTruthyAndHaveNoLengthAsInPython() {
      assertThat(render("{% if []|select('odd') %}truthy{% endif %}")).isEqualTo("truthy");
      assertThatThrownBy(() -> render("{{ [1]|select('odd')|length }}")).hasMessage("line 1: object of type 'generator' has no len()");
    }

    @Test
    void numberFilters() {
      assertThat(render("{{ '42'|int }} {{ '4.7'|int }} {{ 'x'|int(-1) }} {{ '2.5'|float }} {{ -3|abs }} {{ 2.5|round }} {{ 2.675|round(2) }}"
          + " {{ 2.1|round(0, 'ceil') }} {{ 7|round }}")).isEqualTo("42 4 -1 2.5 3 2.0 2.67 3.0 7");
    }
  }

  @Nested
  class Tests {
    @Test
    void builtinTests() {
      assertThat(render("{{ 1 is defined }}{{ none is none }}{{ 'a' is string }}{{ true is number }}{{ true is integer }}"
          + "{{ 1.0 is float }}{{ false is boolean }}{{ false is false }}{{ {} is mapping }}{{ 'a' is iterable }}"
          + "{{ 'a' is sequence }}{{ 1 is iterable }}{{ range is callable }}{{ 4 is even }}{{ 9 is divisibleby 3 }}"
          + "{{ 1 is eq 1 }}{{ 'a' is in 'abc' }}{{ 'abc' is lower }}{{ 'AB' is upper }}{{ 1 is not none }}"))
          .isEqualTo("TrueTrueTrueTrueFalseTrueTrueTrueTrueTrueTrueFalseTrueTrueTrueTrueTrueTrueTrueTrue");
    }
  }

  @Nested
  class StringMethods {
    @Test
    void pythonStrMethods() {
      assertThat(render("{{ 'hello'.startswith('he') }} {{ 'hello'.endswith(('x', 'lo')) }} {{ 'a,b,,c'.split(',') }}"
          + " {{ '  a  b '.split() }} {{ 'a b c'.split(' ', 1) }} {{ 'a b c'.rsplit(' ', 1) }} {{ ''.split() }}"))
          .isEqualTo("True True ['a', 'b', '', 'c'] ['a', 'b'] ['a', 'b c'] ['a b', 'c'] []");
      assertThat(render("[{{ ' x\n'.strip() }}][{{ '\n\nx\n'.lstrip('\n') }}][{{ 'x\n\n'.rstrip('\n') }}][{{ 'abcba'.strip('ab') }}]"))
          .isEqualTo("[x][x\n][x][c]");
      assertThat(render("{{ 'Hi'.upper() }} {{ 'Hi'.lower() }} {{ \"they're\".title() }} {{ 'hI'.capitalize() }} {{ 'aaa'.replace('a', 'b', 2) }}"
          + " {{ 'abcabc'.find('c') }} {{ 'abc'.find('z') }} {{ 'abab'.count('ab') }} {{ '-'.join(['a', 'b']) }}"))
          .isEqualTo("HI hi They'Re Hi bba 2 -1 2 a-b");
      assertThat(render("{{ '{} and {}'.format(1, 'two') }} {{ 'Hi {name}'.format(name='Kim') }} {{ '12'.isdigit() }} {{ '한국'.isalpha() }}"
          + " {{ ' '.isspace() }} {{ 'a\nb'.splitlines() }}")).isEqualTo("1 and two Hi Kim True True True ['a', 'b']");
    }

    @Test
    void theQwen3ThinkSplitIdiom() {
      String template = "{%- set content = m.split('</think>')[-1].lstrip('\\n') %}"
          + "{%- set reasoning = m.split('</think>')[0].rstrip('\\n').split('<think>')[-1].lstrip('\\n') %}"
          + "[{{ reasoning }}][{{ content }}]";
      assertThat(render(template, "m", "<think>\n생각 중\n</think>\n\n답입니다")).isEqualTo("[생각 중][답입니다]");
    }

    @Test
    void listAndDictMethods() {
      assertThat(render("{{ [1, 2, 1].count(1) }} {{ ['a', 'b'].index('b') }} {{ d.keys()|list }} {{ d.values()|list }} {{ d.get('z') }}",
          "d", map("x", 1, "y", 2))).isEqualTo("2 1 ['x', 'y'] [1, 2] None");
    }

    @Test
    void mutatingMethodsAreRefusedAsByTheImmutableSandbox() {
      // transformers renders in an ImmutableSandboxedEnvironment, where list.append and dict.update raise
      assertThatThrownBy(() -> render("{% set l = [] %}{% set _ = l.append(1) %}"))
          .hasMessage("line 1: access to attribute 'append' of 'list' object is unsafe.");
    }
  }

  @Nested
  class Globals {
    @Test
    void rangeDictNamespace() {
      assertThat(render("{{ range(3)|list }} {{ range(1, 8, 3)|list }} {{ dict(a=1)['a'] }} {{ namespace(x=2).x }}"))
          .isEqualTo("[0, 1, 2] [1, 4, 7] 1 2");
    }

    @Test
    void raiseExceptionThrowsTheTemplatesOwnMessage() {
      assertThatThrownBy(() -> render("{% if true %}{{ raise_exception('Roles must alternate ' ~ 'user/assistant') }}{% endif %}"))
          .isInstanceOf(TemplateException.class)
          .hasMessage("Roles must alternate user/assistant");
    }

    @Test
    void strftimeNowFormatsTodayWithPythonCodes() {
      String rendered = render("{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%Y-%m-%d %-d %%') }}");
      LocalDate today = LocalDate.now();
      // the day may turn over between render and check; accept either
      List<String> accepted = new ArrayList<>();
      for (LocalDate d : List.of(today, today.minusDays(1))) {
        accepted.add(d.format(DateTimeFormatter.ofPattern("dd MMM yyyy|yyyy-MM-dd d %", Locale.US)));
      }
      assertThat(accepted).contains(rendered);
    }
  }

  @Nested
  class Errors {
    @Test
    void syntaxErrorsNameTheLine() {
      assertThatThrownBy(() -> ChatTemplate.compile("ok\n{% if x %}\nunclosed"))
          .isInstanceOf(TemplateException.class)
          .hasMessage("line 3: unexpected end of template: the 'if' block of line 2 is not closed (expected elif or else or endif)");
      assertThatThrownBy(() -> ChatTemplate.compile("a\n\n{{ 1 + }}")).hasMessage("line 3: unexpected end of print statement");
      assertThatThrownBy(() -> ChatTemplate.compile("{% unknown %}")).hasMessage("line 1: unknown tag 'unknown'");
      assertThatThrownBy(() -> ChatTemplate.compile("\n{# open")).hasMessage("line 2: Missing end of comment tag");
      assertThatThrownBy(() -> ChatTemplate.compile("{{ x|nosuch }}")).hasMessage("line 1: no filter named 'nosuch'");
    }

    @Test
    void unknownFiltersInsideConditionalsOnlyFailWhenReached() {
      ChatTemplate template = ChatTemplate.compile("{% if flag %}{{ x|nosuch }}{% endif %}ok");
      assertThat(template.render(Map.of())).isEqualTo("ok");
      assertThatThrownBy(() -> template.render(Map.of("flag", true))).hasMessage("line 1: No filter named 'nosuch'.");
    }

    @Test
    void runtimeErrorsNameTheLineOfTheStatement() {
      assertThatThrownBy(() -> render("a\n{% for m in messages %}\n{{ m.content + 1 }}\n{% endfor %}",
          "messages", List.of(map("content", "x"))))
          .hasMessage("line 3: unsupported operand type(s) for +: 'str' and 'int'");
      assertThatThrownBy(() -> render("{% set x = 1 %}\n{% set x.y = 2 %}")).hasMessage("line 2: cannot assign attribute on non-namespace object");
      assertThatThrownBy(() -> render("{{ 1 / 0 }}")).hasMessage("line 1: division by zero");
    }
  }

  /**
   * Where Hugging Face's JavaScript engine (@huggingface/jinja) differs from Python jinja2, which
   * transformers, vLLM and SGLang use, we follow Python. The HF output is noted for each.
   */
  @Nested
  class DifferencesFromHuggingFaceJinja {
    @Test
    void floatsKeepTheirPointAndBooleansAndNonePrintAsPython() {
      // HF: "1 true " (a JS number has no int/float distinction; true; none prints empty)
      assertThat(render("{{ f }} {{ b }} {{ n }}", "f", 1.0, "b", true, "n", null)).isEqualTo("1.0 True None");
      // HF: {"x": 1}
      assertThat(render("{{ d|tojson }}", "d", map("x", 1.0))).isEqualTo("{\"x\": 1.0}");
    }

    @Test
    void lengthCountsCodePoints() {
      // HF: 3 (UTF-16 units)
      assertThat(render("{{ '😀a'|length }}")).isEqualTo("2");
    }

    @Test
    void tojsonOfUndefinedFailsAndListsPrintAsPythonRepr() {
      // HF renders "null" here; json.dumps raises
      assertThatThrownBy(() -> render("{{ nope|tojson }}")).isInstanceOf(TemplateException.class);
      // HF: ["a", null]
      assertThat(render("{{ ['a', none] }}")).isEqualTo("['a', None]");
    }
  }

  @Test
  void rendersConcurrentlyFromOneCompiledTemplate() throws Exception {
    ChatTemplate template = ChatTemplate.compile("{% for m in messages %}<{{ m.role }}>{{ m.content|trim }}{% endfor %}");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 64; t++) {
        String text = "메시지 " + t;
        results.add(pool.submit(() -> {
          for (int i = 0; i < 200; i++) {
            String out = template.render(Map.of("messages", List.of(map("role", "user", "content", " " + text + " "))));
            if (!out.equals("<user>" + text)) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdown();
    }
  }
}
