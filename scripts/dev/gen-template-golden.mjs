#!/usr/bin/env node
// Renders a corpus of conversations through real chat templates with Hugging Face's own Jinja
// implementation (@huggingface/jinja, pinned in package.json) and writes the golden file
//   chat-template/src/test/resources/golden/chat-templates.json
// that ChatTemplateGoldenTest re-renders with our Java engine and compares.
//
// Templates: the real Qwen3 and Llama-3.x ones from the tokenizer cache (scripts/fetch-tokenizers.sh;
// only their sha256 goes into the golden file, the test reads the same files) plus a few well-known
// templates embedded below.
//
// Usage: cd scripts/dev && npm ci && node gen-template-golden.mjs
import { Template } from "@huggingface/jinja";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const TOKENIZERS_DIR = process.env.KOREANLLM_TOKENIZERS_DIR ?? join(homedir(), ".cache/korean-llm-limiter/tokenizers");
const OUT = new URL("../../chat-template/src/test/resources/golden/chat-templates.json", import.meta.url);
const JINJA_VERSION = JSON.parse(readFileSync(new URL("./node_modules/@huggingface/jinja/package.json", import.meta.url))).version;

// ---- embedded templates (String.raw keeps the template's own backslash escapes) -----------------

const QWEN25_TOOLS = String.raw`{%- if tools %}
    {{- '<|im_start|>system\n' }}
    {%- if messages[0]['role'] == 'system' %}
        {{- messages[0]['content'] }}
    {%- else %}
        {{- 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.' }}
    {%- endif %}
    {{- "\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>" }}
    {%- for tool in tools %}
        {{- "\n" }}
        {{- tool | tojson }}
    {%- endfor %}
    {{- "\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n" }}
{%- else %}
    {%- if messages[0]['role'] == 'system' %}
        {{- '<|im_start|>system\n' + messages[0]['content'] + '<|im_end|>\n' }}
    {%- else %}
        {{- '<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n' }}
    {%- endif %}
{%- endif %}
{%- for message in messages %}
    {%- if (message.role == "user") or (message.role == "system" and not loop.first) or (message.role == "assistant" and not message.tool_calls) %}
        {{- '<|im_start|>' + message.role + '\n' + message.content + '<|im_end|>' + '\n' }}
    {%- elif message.role == "assistant" %}
        {{- '<|im_start|>' + message.role }}
        {%- if message.content %}
            {{- '\n' + message.content }}
        {%- endif %}
        {%- for tool_call in message.tool_calls %}
            {%- if tool_call.function is defined %}
                {%- set tool_call = tool_call.function %}
            {%- endif %}
            {{- '\n<tool_call>\n{"name": "' }}
            {{- tool_call.name }}
            {{- '", "arguments": ' }}
            {{- tool_call.arguments | tojson }}
            {{- '}\n</tool_call>' }}
        {%- endfor %}
        {{- '<|im_end|>\n' }}
    {%- elif message.role == "tool" %}
        {%- if (loop.index0 == 0) or (messages[loop.index0 - 1].role != "tool") %}
            {{- '<|im_start|>user' }}
        {%- endif %}
        {{- '\n<tool_response>\n' }}
        {{- message.content }}
        {{- '\n</tool_response>' }}
        {%- if loop.last or (messages[loop.index0 + 1].role != "tool") %}
            {{- '<|im_end|>\n' }}
        {%- endif %}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|im_start|>assistant\n' }}
{%- endif %}
`;

// Llama 3.1's template with the date fixed (no strftime_now), so renders are reproducible.
const LLAMA31_TOOLS = String.raw`{{- bos_token }}
{%- if custom_tools is defined %}
    {%- set tools = custom_tools %}
{%- endif %}
{%- if not tools_in_user_message is defined %}
    {%- set tools_in_user_message = true %}
{%- endif %}
{%- if not date_string is defined %}
    {%- set date_string = "26 Jul 2024" %}
{%- endif %}
{%- if not tools is defined %}
    {%- set tools = none %}
{%- endif %}

{#- This block extracts the system message, so we can slot it into the right place. #}
{%- if messages[0]['role'] == 'system' %}
    {%- set system_message = messages[0]['content']|trim %}
    {%- set messages = messages[1:] %}
{%- else %}
    {%- set system_message = "" %}
{%- endif %}

{#- System message + builtin tools #}
{{- "<|start_header_id|>system<|end_header_id|>\n\n" }}
{%- if builtin_tools is defined or tools is not none %}
    {{- "Environment: ipython\n" }}
{%- endif %}
{%- if builtin_tools is defined %}
    {{- "Tools: " + builtin_tools | reject('equalto', 'code_interpreter') | join(", ") + "\n\n"}}
{%- endif %}
{{- "Cutting Knowledge Date: December 2023\n" }}
{{- "Today Date: " + date_string + "\n\n" }}
{%- if tools is not none and not tools_in_user_message %}
    {{- "You have access to the following functions. To call a function, please respond with JSON for a function call." }}
    {{- 'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.' }}
    {{- "Do not use variables.\n\n" }}
    {%- for t in tools %}
        {{- t | tojson(indent=4) }}
        {{- "\n\n" }}
    {%- endfor %}
{%- endif %}
{{- system_message }}
{{- "<|eot_id|>" }}

{#- Custom tools are passed in a user message with some extra guidance #}
{%- if tools_in_user_message and not tools is none %}
    {#- Extract the first user message so we can plug it in here #}
    {%- if messages | length != 0 %}
        {%- set first_user_message = messages[0]['content']|trim %}
        {%- set messages = messages[1:] %}
    {%- else %}
        {{- raise_exception("Cannot put tools in the first user message when there's no first user message!") }}
{%- endif %}
    {{- '<|start_header_id|>user<|end_header_id|>\n\n' -}}
    {{- "Given the following functions, please respond with a JSON for a function call " }}
    {{- "with its proper arguments that best answers the given prompt.\n\n" }}
    {{- 'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.' }}
    {{- "Do not use variables.\n\n" }}
    {%- for t in tools %}
        {{- t | tojson(indent=4) }}
        {{- "\n\n" }}
    {%- endfor %}
    {{- first_user_message + "<|eot_id|>"}}
{%- endif %}

{%- for message in messages %}
    {%- if not (message.role == 'ipython' or message.role == 'tool' or 'tool_calls' in message) %}
        {{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' }}
    {%- elif 'tool_calls' in message %}
        {%- if not message.tool_calls|length == 1 %}
            {{- raise_exception("This model only supports single tool-calls at once!") }}
        {%- endif %}
        {%- set tool_call = message.tool_calls[0].function %}
        {%- if builtin_tools is defined and tool_call.name in builtin_tools %}
            {{- '<|start_header_id|>assistant<|end_header_id|>\n\n' -}}
            {{- "<|python_tag|>" + tool_call.name + ".call(" }}
            {%- for arg_name, arg_val in tool_call.arguments | items %}
                {{- arg_name + '="' + arg_val + '"' }}
                {%- if not loop.last %}
                    {{- ", " }}
                {%- endif %}
                {%- endfor %}
            {{- ")" }}
        {%- else  %}
            {{- '<|start_header_id|>assistant<|end_header_id|>\n\n' -}}
            {{- '{"name": "' + tool_call.name + '", ' }}
            {{- '"parameters": ' }}
            {{- tool_call.arguments | tojson }}
            {{- "}" }}
        {%- endif %}
        {%- if builtin_tools is defined %}
            {#- This means we're in ipython mode #}
            {{- "<|eom_id|>" }}
        {%- else %}
            {{- "<|eot_id|>" }}
        {%- endif %}
    {%- elif message.role == "tool" or message.role == "ipython" %}
        {{- "<|start_header_id|>ipython<|end_header_id|>\n\n" }}
        {%- if message.content is mapping or message.content is iterable %}
            {{- message.content | tojson }}
        {%- else %}
            {{- message.content }}
        {%- endif %}
        {{- "<|eot_id|>" }}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|start_header_id|>assistant<|end_header_id|>\n\n' }}
{%- endif %}
`;

const MISTRAL = String.raw`{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token}}{% else %}{{ raise_exception('Only user and assistant roles are supported!') }}{% endif %}{% endfor %}`;

const GEMMA = String.raw`{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}{% endif %}{{ '<start_of_turn>' + role + '\n' + message['content'] | trim + '<end_of_turn>\n' }}{% endfor %}{% if add_generation_prompt %}{{'<start_of_turn>model\n'}}{% endif %}`;

// LG EXAONE 3.5 (a Korean model family).
const EXAONE = String.raw`{% for message in messages %}{% if loop.first and message['role'] != 'system' %}{{ '[|system|][|endofturn|]\n' }}{% endif %}{{ '[|' + message['role'] + '|]' + message['content'] }}{% if message['role'] == 'user' %}{{ '\n' }}{% else %}{{ '[|endofturn|]\n' }}{% endif %}{% endfor %}{% if add_generation_prompt %}{{ '[|assistant|]' }}{% endif %}`;

// DeepSeek-R1 style: namespace flags, split on </think>, string concatenation across turns.
// (<FENCE> stands for a Markdown code fence, which a JS template literal cannot hold as is.)
const DEEPSEEK_R1 = String.raw`{% if not add_generation_prompt is defined %}{% set add_generation_prompt = false %}{% endif %}{% set ns = namespace(is_first=false, is_tool=false, is_output_first=true, system_prompt='') %}{%- for message in messages %}{%- if message['role'] == 'system' %}{% set ns.system_prompt = message['content'] %}{%- endif %}{%- endfor %}{{bos_token}}{{ns.system_prompt}}{%- for message in messages %}{%- if message['role'] == 'user' %}{%- set ns.is_tool = false -%}{{'<｜User｜>' + message['content']}}{%- endif %}{%- if message['role'] == 'assistant' and message['content'] is none %}{%- set ns.is_tool = false -%}{%- for tool in message['tool_calls']%}{%- if not ns.is_first %}{{'<｜Assistant｜><｜tool▁calls▁begin｜><｜tool▁call▁begin｜>' + tool['type'] + '<｜tool▁sep｜>' + tool['function']['name'] + '\n' + '<FENCE>json' + '\n' + tool['function']['arguments'] + '\n' + '<FENCE>' + '<｜tool▁call▁end｜>'}}{%- set ns.is_first = true -%}{%- else %}{{'\n' + '<｜tool▁call▁begin｜>' + tool['type'] + '<｜tool▁sep｜>' + tool['function']['name'] + '\n' + '<FENCE>json' + '\n' + tool['function']['arguments'] + '\n' + '<FENCE>' + '<｜tool▁call▁end｜>'}}{{'<｜tool▁calls▁end｜><｜end▁of▁sentence｜>'}}{%- endif %}{%- endfor %}{%- endif %}{%- if message['role'] == 'assistant' and message['content'] is not none %}{%- if ns.is_tool %}{{'<｜tool▁outputs▁end｜>' + message['content'] + '<｜end▁of▁sentence｜>'}}{%- set ns.is_tool = false -%}{%- else %}{% set content = message['content'] %}{% if '</think>' in content %}{% set content = content.split('</think>')[-1] %}{% endif %}{{'<｜Assistant｜>' + content + '<｜end▁of▁sentence｜>'}}{%- endif %}{%- endif %}{%- if message['role'] == 'tool' %}{%- set ns.is_tool = true -%}{%- if ns.is_output_first %}{{'<｜tool▁outputs▁begin｜><｜tool▁output▁begin｜>' + message['content'] + '<｜tool▁output▁end｜>'}}{%- set ns.is_output_first = false %}{%- else %}{{'\n<｜tool▁output▁begin｜>' + message['content'] + '<｜tool▁output▁end｜>'}}{%- endif %}{%- endif %}{%- endfor -%}{% if ns.is_tool %}{{'<｜tool▁outputs▁end｜>'}}{% endif %}{% if add_generation_prompt and not ns.is_tool %}{{'<｜Assistant｜><think>\n'}}{% endif %}`.replaceAll("<FENCE>", "\x60\x60\x60");

// Not a model's template: one that exercises the rest of the language real templates use
// (macros, loop variables, slices, filters, tests, str methods, tojson options).
const KITCHEN_SINK = String.raw`{%- macro render_turn(role, text, idx=0) -%}
<{{ role | upper }} #{{ idx }}>
{{ text | trim }}
</{{ role | upper }}>
{% endmacro -%}
{%- set ns = namespace(users=0, chars=0, last_user='') -%}
{%- for m in messages if m.role != 'system' %}
    {%- if m.role == 'user' %}
        {%- set ns.users = ns.users + 1 %}
        {%- set ns.last_user = m.content %}
    {%- endif %}
    {%- set ns.chars = ns.chars + m.content | length %}
{%- endfor %}
{%- set system = messages | selectattr('role', 'equalto', 'system') | map(attribute='content') | list %}
{%- if system %}
[system] {{ system | first }}
{%- endif %}
{% for m in messages[-4:] %}
{{- render_turn(m.role, m.content, idx=loop.index) }}
{%- if loop.first %}(first of {{ loop.length }}){% elif loop.last %}(last, previous was {{ loop.previtem.role }}){% endif %}
{% endfor -%}
users={{ ns.users }} chars={{ ns.chars }} roles={{ messages | map(attribute='role') | unique | join(',') }}
last_user_words={{ ns.last_user.split() | length }} reversed={{ ns.last_user[:10][::-1] }} starts_hi={{ ns.last_user.lower().startswith('hi') }}
{%- if tools is defined and tools %}
tools: {{ tools | map(attribute='function') | map(attribute='name') | join(', ') }}
{{ tools[0] | tojson(indent=2) }}
{{ tools[0].function.parameters | tojson(sort_keys=true) }}
{%- for name, spec in tools[0].function.parameters.properties | dictsort %}
  - {{ name }}: {{ spec.type | default('any') }}{{ ' (required)' if name in tools[0].function.parameters.required else '' }}
{%- endfor %}
{%- endif %}
{%- if add_generation_prompt %}
<ASSISTANT>
{%- endif %}`;

const EMBEDDED = {
  "qwen2.5-tools": QWEN25_TOOLS,
  "llama3.1-tools": LLAMA31_TOOLS,
  mistral: MISTRAL,
  gemma: GEMMA,
  exaone: EXAONE,
  "deepseek-r1": DEEPSEEK_R1,
  "kitchen-sink": KITCHEN_SINK,
};
const REAL = ["qwen3", "llama3"];

// ---- the conversation corpus -------------------------------------------------------------------

const WEATHER_TOOL = {
  type: "function",
  function: {
    name: "get_weather",
    description: "지정한 도시의 현재 날씨를 알려줍니다 (current weather).",
    parameters: {
      type: "object",
      properties: {
        location: { type: "string", description: "도시 이름, e.g. 서울" },
        unit: { type: "string", enum: ["celsius", "fahrenheit"] },
        days: { type: "integer", minimum: 1, maximum: 7 },
      },
      required: ["location"],
    },
  },
};
const SEARCH_TOOL = {
  type: "function",
  function: {
    name: "search_docs",
    description: 'Searches the "docs" index; returns JSON.',
    parameters: { type: "object", properties: { query: { type: "string" }, limit: { type: "integer" } }, required: ["query"] },
  },
};

const call = (name, args, id) => ({ id, type: "function", function: { name, arguments: args } });

const CONVERSATIONS = {
  "english-single": { messages: [{ role: "user", content: "Hello! What is the capital of France?" }] },
  "korean-system": {
    messages: [
      { role: "system", content: "당신은 친절한 한국어 비서입니다. 항상 존댓말을 사용하세요." },
      { role: "user", content: "서울의 인구는 몇 명인가요?" },
    ],
  },
  "mixed-multi-turn": {
    messages: [
      { role: "user", content: "안녕하세요, can you help me with Python?" },
      { role: "assistant", content: "물론입니다! What do you need?" },
      { role: "user", content: "리스트를 정렬하는 방법 (how do I sort a list)?" },
    ],
  },
  "system-multi-turn": {
    messages: [
      { role: "system", content: "You are terse." },
      { role: "user", content: "2+2?" },
      { role: "assistant", content: "4" },
      { role: "user", content: "And 3+3?" },
      { role: "assistant", content: "6" },
      { role: "user", content: "고마워요" },
    ],
  },
  "thinking-history": {
    messages: [
      { role: "user", content: "1+1은?" },
      { role: "assistant", content: "<think>\n간단한 덧셈이다. 1+1=2.\n</think>\n\n2입니다." },
      { role: "user", content: "그럼 2+2는?" },
    ],
  },
  "thinking-last-assistant": {
    messages: [
      { role: "system", content: "Think step by step." },
      { role: "user", content: "Is 17 prime?" },
      { role: "assistant", content: "<think>\nCheck divisors up to 4: 2, 3 do not divide 17.\n</think>\n\nYes, 17 is prime." },
    ],
  },
  "tool-call-korean": {
    tools: [WEATHER_TOOL],
    messages: [
      { role: "user", content: "서울 날씨 알려줘" },
      { role: "assistant", content: "", tool_calls: [call("get_weather", { location: "서울", unit: "celsius" }, "call_1")] },
      { role: "tool", content: '{"temperature": 21, "condition": "맑음"}', tool_call_id: "call_1" },
      { role: "assistant", content: "서울은 현재 21도이고 맑습니다." },
      { role: "user", content: "부산은?" },
    ],
  },
  "parallel-tool-calls": {
    tools: [WEATHER_TOOL, SEARCH_TOOL],
    messages: [
      { role: "system", content: "Use tools when needed." },
      { role: "user", content: "Weather in Seoul and Busan, then search docs for 'umbrella'." },
      {
        role: "assistant",
        content: "Let me check both cities.",
        tool_calls: [
          call("get_weather", { location: "Seoul", days: 2 }, "a"),
          call("get_weather", '{"location": "Busan"}', "b"),
        ],
      },
      { role: "tool", content: "Seoul: 21°C, sunny", tool_call_id: "a" },
      { role: "tool", content: "Busan: 24°C, cloudy", tool_call_id: "b" },
    ],
  },
  "empty-content": { messages: [{ role: "user", content: "" }] },
  "jinja-looking-and-whitespace": {
    messages: [
      { role: "system", content: "\n  System with {{ braces }} and {% raw %} tags.  \n" },
      { role: "user", content: "  \n{{ messages }} {% if x %}not a tag{% endif %} {# not a comment #}\n\t " },
    ],
  },
  "quotes-emoji-escapes": {
    messages: [
      { role: "user", content: "He said \"hi\" and 'bye' \\ back\\slash\ttab 😀👍🏽 — ① ｆｕｌｌ" },
      { role: "assistant", content: "Noted: <b>bold</b> & \u00a0nbsp \r\n CRLF" },
      { role: "user", content: "다음 줄\n\n\n여러 줄 끝\n" },
    ],
  },
  "system-only": { messages: [{ role: "system", content: "Only a system prompt." }] },
};

// Variants per conversation. enable_thinking only matters to Qwen3; others ignore it.
const VARIANTS = {
  "gen": { add_generation_prompt: true },
  "no-gen": { add_generation_prompt: false },
  "no-thinking": { add_generation_prompt: true, enable_thinking: false },
};

// ---- where @huggingface/jinja is known to differ from Python jinja2 --------------------------------
// transformers, vLLM and SGLang render with Python jinja2, so that is what the Java engine follows.
// For these cases the golden file keeps Python's output as "expected" and HF's as "huggingface",
// with the reason. Each correction was checked against Python jinja2 3.1.6 when it was written.
// (All cases of the real and model templates agree with Python as they are.)
const PYTHON_CORRECTIONS = [
  {
    applies: (id) => id.startsWith("kitchen-sink/"),
    why: "HF prints a boolean as JavaScript does (true/false); Python's str() gives True/False",
    fix: (out) => out.replace(/starts_hi=(true|false)/, (_, b) => `starts_hi=${b === "true" ? "True" : "False"}`),
  },
  {
    applies: (id) => id.startsWith("kitchen-sink/quotes-emoji-escapes/"),
    why: "HF's |length counts UTF-16 code units; Python counts code points (three emoji outside the BMP here)",
    fix: (out) => out.replace("chars=103", "chars=100"),
  },
];

// ---- render -----------------------------------------------------------------------------------

function sha256(text) {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function realTemplate(name) {
  const file = join(TOKENIZERS_DIR, name, "tokenizer_config.json");
  let config;
  try {
    config = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file} is missing; run scripts/fetch-tokenizers.sh first (${e.message})`);
  }
  return config.chat_template;
}

const templates = {};
for (const name of REAL) {
  const source = realTemplate(name);
  templates[name] = { file: `${name}/tokenizer_config.json`, sha256: sha256(source) };
}
for (const [name, source] of Object.entries(EMBEDDED)) {
  templates[name] = { source };
}

const cases = [];
for (const [templateName, spec] of Object.entries(templates)) {
  const source = spec.source ?? realTemplate(templateName);
  const template = new Template(source);
  for (const [conversation, convo] of Object.entries(CONVERSATIONS)) {
    for (const [variant, flags] of Object.entries(VARIANTS)) {
      if (variant === "no-thinking" && templateName !== "qwen3") {
        continue;
      }
      const context = { bos_token: "<BOS>", eos_token: "<EOS>", ...flags, ...structuredClone(convo) };
      const entry = { id: `${templateName}/${conversation}/${variant}`, template: templateName, context };
      let output;
      try {
        output = template.render(context);
      } catch (e) {
        entry.error = String(e.message);
        cases.push(entry);
        continue;
      }
      const corrections = PYTHON_CORRECTIONS.filter((c) => c.applies(entry.id));
      entry.expected = corrections.reduce((out, c) => c.fix(out), output);
      if (corrections.length > 0) {
        entry.huggingface = output;
        entry.differences = corrections.map((c) => c.why);
      }
      cases.push(entry);
    }
  }
}

const golden = {
  comment: "Generated by scripts/dev/gen-template-golden.mjs; do not edit. Expected outputs come from @huggingface/jinja.",
  generator: `@huggingface/jinja ${JINJA_VERSION}`,
  templates,
  cases,
};
writeFileSync(OUT, JSON.stringify(golden, null, 1) + "\n");
console.log(`wrote ${cases.length} cases for ${Object.keys(templates).length} templates to ${OUT.pathname}`);
