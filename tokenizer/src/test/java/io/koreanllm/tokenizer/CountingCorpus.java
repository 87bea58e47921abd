package io.koreanllm.tokenizer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic corpus for comparing fast counts with full encodes: Korean, English, mixed, code, numbers,
 * emoji, white-space runs, decomposed (NFD) Hangul, other scripts, contractions, added tokens whole and broken,
 * chat prompts rendered through the model's template, and random code points from every plane.
 */
final class CountingCorpus {

  private static final String[] KOREAN_WORDS = {
      "안녕하세요", "반갑습니다", "토큰", "제한기", "한국어", "모델", "서버", "요청", "응답", "사용자", "질문", "답변",
      "정확하게", "계산합니다", "그리고", "하지만", "오늘", "날씨", "좋은", "입니다", "쿠버네티스", "게이트웨이", "초당",
      "처리량", "대한민국", "서울", "부산", "경제", "인공지능", "학습", "데이터", "문서", "요약해", "주세요", "설명",
      "가능합니다", "없습니다", "했습니다", "것", "수", "때문에", "그래서", "만약", "정말", "감사합니다", "회의록",
      "프롬프트", "생성", "결과", "검토", "고객", "상담", "배송", "주문", "환불", "김치찌개", "맛있는", "읽어", "봐"};
  private static final String[] PARTICLES = {"", "", "은", "는", "이", "가", "을", "를", "의", "에", "에서", "으로",
      "와", "과", "도", "만", "까지", "부터", "에게", "께서"};
  private static final String[] ENGLISH_WORDS = {"the", "token", "limiter", "counts", "Korean", "prompts", "exactly",
      "and", "fast", "I'm", "you're", "we've", "they'll", "it's", "don't", "HE'S", "She'D", "gateway", "Kubernetes",
      "rate", "limit", "per", "second", "model", "server", "request", "response", "'s", "'Re", "O'Neil", "naïve",
      "café", "résumé", "JSON", "HTTP/2", "vLLM", "SGLang", "Qwen3", "Llama-3.1"};
  private static final String[] CODE = {
      "public static void main(String[] args) {\n    System.out.println(\"안녕\");\n}\n",
      "def count(text: str) -> int:\n\treturn len(tokenizer.encode(text))  # 토큰 수\n",
      "SELECT id, name FROM users WHERE age >= 20 AND city = '서울';\r\n",
      "{\"role\": \"user\", \"content\": \"요약해 주세요\", \"max_tokens\": 512}",
      "for (int i = 0; i < n; i++) { sum += a[i] * b[i]; }\n\n\n",
      "    if x == 0:\n        raise ValueError('zero')\n    else:\n        pass\n",
      "<div class=\"note\">한국어 &amp; English</div>\n<script>let x = 1e-9;</script>",
      "$ kubectl get pods -n llm --watch | grep -v Running\n"};
  private static final String[] EMOJI = {"🙂", "😀", "👍🏽", "👨‍👩‍👧‍👦", "🇰🇷", "❤️", "🔥", "✅", "🤖", "😂😂😂", "🧑🏻‍💻"};
  private static final String[] OTHER_SCRIPTS = {"東京は日本の首都です。", "中华人民共和国", "こんにちは、世界！",
      "Привет, мир! Ёлка", "Γειά σου Κόσμε", "مرحبا بالعالم", "สวัสดีครับ", "नमस्ते दुनिया", "שלום עולם",
      "Xin chào thế giới", "Ǆemal ǅemal", "ﬁnance ﬀ", "Ⅻ ① ½ ²³", "𝐇𝐞𝐥𝐥𝐨 𝟏𝟐𝟑", "𠀀𠀁𪚥", "ㄱㄴㄷ ㅏㅑ ᄀᄁ",
      "'ſa 'ſ 'S 'LL 'rE 'VE 'M 'D 'T 'x'"};
  private static final String[] SPACES = {" ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", " \n ", "\t\t\n",
      "\u00A0", "\u3000", "\u2003", "\u200B", "\u0085", "\u2028", "\u000B\u000C", "  \n\n  ", "\r", " \r\n\t "};
  private static final String[] PUNCTUATION = {".", ",", "?", "!", "...", "…", "·", "~", "(", ")", "[", "]",
      "「", "」", "『", "』", "\"", "'", "-", "—", "/", ":", ";", "%", "₩", "$", "@", "#", "*", "**", "```"};

  private final Random random;
  private final List<String> addedTokens;
  private final ModelTokenizer tokenizer;

  /**
   * @param addedTokens the tokenizer's added tokens, to be dropped whole and broken into the text
   * @param tokenizer renders the chat prompts
   */
  CountingCorpus(long seed, List<String> addedTokens, ModelTokenizer tokenizer) {
    this.random = new Random(seed);
    this.addedTokens = addedTokens;
    this.tokenizer = tokenizer;
  }

  /** {@code n} texts of every kind, round robin. */
  List<String> texts(int n) {
    List<String> texts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      texts.add(switch (i % 10) {
        case 0, 1 -> korean(10 + random.nextInt(200));
        case 2 -> english(10 + random.nextInt(150));
        case 3 -> mixed(10 + random.nextInt(150));
        case 4 -> Normalizer.normalize(mixed(5 + random.nextInt(50)), Normalizer.Form.NFD);
        case 5 -> chat(1 + random.nextInt(6));
        case 6 -> randomCodePoints(1 + random.nextInt(200));
        case 7 -> withAddedTokens(mixed(5 + random.nextInt(50)));
        case 8 -> pick(CODE) + mixed(random.nextInt(50)) + pick(CODE);
        default -> tricky(5 + random.nextInt(40));
      });
    }
    return texts;
  }

  String korean(int words) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < words; i++) {
      text.append(random.nextInt(8) == 0 ? freshHangulWord() : pick(KOREAN_WORDS)).append(pick(PARTICLES));
      text.append(random.nextInt(7) == 0 ? pick(PUNCTUATION) : "").append(random.nextInt(12) == 0 ? "\n" : " ");
    }
    return text.toString();
  }

  private String english(int words) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < words; i++) {
      String word = pick(ENGLISH_WORDS);
      text.append(random.nextInt(5) == 0 ? word.toUpperCase() : word);
      text.append(random.nextInt(6) == 0 ? pick(PUNCTUATION) : "").append(random.nextInt(9) == 0 ? pick(SPACES) : " ");
      if (random.nextInt(10) == 0) {
        text.append(number()).append(' ');
      }
    }
    return text.toString();
  }

  private String mixed(int parts) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < parts; i++) {
      switch (random.nextInt(9)) {
        case 0 -> text.append(korean(1 + random.nextInt(5)));
        case 1 -> text.append(english(1 + random.nextInt(5)));
        case 2 -> text.append(number());
        case 3 -> text.append(pick(EMOJI));
        case 4 -> text.append(pick(SPACES));
        case 5 -> text.append(pick(PUNCTUATION));
        case 6 -> text.append(pick(OTHER_SCRIPTS));
        case 7 -> text.append(pick(KOREAN_WORDS)).append(pick(ENGLISH_WORDS)).append(number());
        default -> text.append(pick(CODE));
      }
    }
    return text.toString();
  }

  /** A chat prompt as the template renders it: system prompt, several turns, tool-ish content. */
  private String chat(int turns) {
    List<Map<String, ?>> messages = new ArrayList<>();
    if (random.nextBoolean()) {
      messages.add(Map.of("role", "system", "content", "당신은 친절한 한국어 비서입니다. 간결하게 답하세요.\n"
          + korean(random.nextInt(30))));
    }
    for (int i = 0; i < turns; i++) {
      messages.add(Map.of("role", "user", "content", mixed(1 + random.nextInt(15))));
      if (i + 1 < turns) {
        messages.add(Map.of("role", "assistant", "content", korean(5 + random.nextInt(60))));
      }
    }
    return tokenizer.renderChat(messages, Map.of(), random.nextBoolean());
  }

  /** Random code points from all planes: assigned or not, controls, marks, surrogate pairs, private use. */
  private String randomCodePoints(int n) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int cp = switch (random.nextInt(6)) {
        case 0 -> random.nextInt(0x80);
        case 1 -> random.nextInt(0x3000);
        case 2 -> 0xAC00 + random.nextInt(11172);
        case 3 -> random.nextInt(0x10000);
        case 4 -> 0x10000 + random.nextInt(0x20000);
        default -> random.nextInt(Character.MAX_CODE_POINT + 1);
      };
      if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
        cp = 0xFFFD;
      }
      text.appendCodePoint(cp);
    }
    return text.toString();
  }

  private String withAddedTokens(String text) {
    StringBuilder out = new StringBuilder();
    for (String part : text.split(" ", -1)) {
      String token = pick(addedTokens);
      out.append(part).append(switch (random.nextInt(6)) {
        case 0 -> token;
        case 1 -> token.substring(0, 1 + random.nextInt(token.length() - 1));
        case 2 -> token + token;
        case 3 -> " " + token + "\n";
        case 4 -> token.substring(1);
        default -> " ";
      });
    }
    return out.toString();
  }

  /** Runs the splitter's corner cases: white space against letters, numbers and symbols, long runs. */
  private String tricky(int parts) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < parts; i++) {
      switch (random.nextInt(8)) {
        case 0 -> text.append(pick(SPACES).repeat(1 + random.nextInt(40)));
        case 1 -> text.append("1234567890".repeat(2), 0, 1 + random.nextInt(20));
        case 2 -> text.append(pick(PUNCTUATION).repeat(1 + random.nextInt(9))).append(pick(SPACES));
        case 3 -> text.append(pick(EMOJI)).append(pick(KOREAN_WORDS));
        case 4 -> text.append("가".repeat(1 + random.nextInt(300)));
        case 5 -> text.append(pick(OTHER_SCRIPTS));
        case 6 -> text.append(' ').append(pick(PUNCTUATION)).append(pick(SPACES)).append(pick(ENGLISH_WORDS));
        default -> text.append(pick(SPACES)).append(number()).append(pick(SPACES));
      }
    }
    return text.toString();
  }

  private String freshHangulWord() {
    StringBuilder word = new StringBuilder();
    for (int i = 1 + random.nextInt(4); i > 0; i--) {
      word.append((char) (0xAC00 + random.nextInt(11172)));
    }
    return word.toString();
  }

  private String number() {
    return switch (random.nextInt(4)) {
      case 0 -> Integer.toString(random.nextInt(100_000));
      case 1 -> String.format("%,d원", random.nextInt(10_000_000));
      case 2 -> random.nextInt(100) + "." + random.nextInt(1000);
      default -> Long.toString(random.nextLong());
    };
  }

  private String pick(String[] options) {
    return options[random.nextInt(options.length)];
  }

  private String pick(List<String> options) {
    return options.get(random.nextInt(options.size()));
  }
}
