package io.koreanllm.benchmarks;

import io.koreanllm.tokenizer.ModelTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Korean chat prompts as a gateway sees them: rendered through the model's chat template, about 4,000 characters
 * each, every conversation different, a handful of system prompts shared between them. Deterministic per seed.
 */
final class KoreanChats {

  private static final String[] SYSTEM_PROMPTS = {
      "당신은 온라인 쇼핑몰의 고객 상담 도우미입니다. 고객의 주문, 배송, 교환, 환불 문의에 친절하고 정확하게 답변하세요. "
          + "개인정보(주민등록번호, 카드 번호 전체)는 절대 묻지 마세요. 주문 번호는 'ORD-'로 시작하는 12자리 코드입니다. "
          + "배송은 평일 오후 2시 이전 결제 건에 한해 당일 출고되며, 제주 및 도서산간 지역은 1~2일이 더 걸립니다. "
          + "환불은 상품 회수 후 영업일 기준 3일 이내에 처리됩니다. 답변은 존댓말로, 핵심부터 간결하게 작성하세요. "
          + "모르는 내용은 추측하지 말고 상담원 연결을 안내하세요.",
      "You are a helpful assistant for a Korean software company. 사용자는 주로 한국어로 질문하며, 코드와 명령어는 "
          + "영어 그대로 보여 주세요. 쿠버네티스, 자바, 스프링 부트, 데이터베이스 운영에 관한 질문에 답합니다. "
          + "답변에는 가능한 한 실행 가능한 예시를 포함하고, 위험한 명령(예: 데이터 삭제)은 반드시 경고를 붙이세요. "
          + "버전에 따라 다른 동작은 버전을 명시하세요.",
      "당신은 사내 문서 요약 비서입니다. 회의록, 보고서, 이메일을 읽고 핵심 결정 사항, 담당자, 마감일을 정리합니다. "
          + "요약은 글머리표로 작성하고, 원문에 없는 내용은 추가하지 마세요. 숫자와 날짜는 원문 그대로 옮기세요. "
          + "민감한 인사 정보가 포함된 경우 요약에서 제외하고 그 사실만 알려 주세요.",
      "너는 고등학생을 위한 한국사·수학 튜터야. 학생이 스스로 생각할 수 있도록 바로 정답을 주지 말고 단계별로 "
          + "힌트를 줘. 학생이 틀리면 어디서 틀렸는지 부드럽게 짚어 주고, 맞히면 구체적으로 칭찬해 줘. "
          + "수식은 LaTeX 없이 평범한 텍스트로 써 줘."};

  private static final String[] USER_SENTENCES = {
      "어제 주문한 상품이 아직 도착하지 않았어요.", "주문 번호는 ORD-%d입니다.", "배송 조회를 해 보니 %d일째 같은 위치에 있다고 나옵니다.",
      "혹시 교환이나 환불이 가능한지 알고 싶습니다.", "색상을 검정에서 회색으로 바꿀 수 있을까요?",
      "쿠버네티스에서 파드가 자꾸 CrashLoopBackOff 상태가 됩니다.", "로그를 보면 OOMKilled라고 나오는데 메모리를 얼마나 늘려야 할까요?",
      "스프링 부트 %d 버전으로 올린 뒤부터 애플리케이션이 느려졌어요.", "데이터베이스 연결 풀 크기는 어떻게 정하는 게 좋을까요?",
      "다음 회의록을 세 줄로 요약해 주세요.", "이번 분기 매출은 전년 대비 %d%% 증가했습니다.", "마감일은 %d월 %d일까지입니다.",
      "이 문제를 어떻게 풀어야 할지 모르겠어요.", "조선 후기 실학자들의 주장을 정리해 줄 수 있어?",
      "이차방정식 x^2 - %dx + 6 = 0의 해를 구하는 방법을 알려 줘.", "제가 생각한 답은 %d인데 맞나요?",
      "좀 더 자세히 설명해 주실 수 있나요?", "감사합니다! 정말 도움이 됐어요 🙂", "그럼 다른 방법은 없을까요?",
      "예시 코드를 보여 주세요.", "이 설정이 운영 환경에서도 안전한가요?", "내일 오전 10시 회의 전에 정리해야 합니다."};

  private static final String[] ASSISTANT_SENTENCES = {
      "불편을 드려 죄송합니다.", "확인해 보니 해당 주문은 현재 배송 중이며, 내일 오후까지 도착할 예정입니다.",
      "교환은 상품 수령 후 7일 이내에 신청하실 수 있습니다.", "환불은 상품 회수 후 영업일 기준 3일 이내에 처리됩니다.",
      "먼저 kubectl describe pod 명령으로 이벤트를 확인해 보세요.", "메모리 요청(requests)과 제한(limits)을 함께 조정하는 것이 좋습니다.",
      "일반적으로 JVM 힙은 컨테이너 메모리 제한의 75%% 정도로 설정합니다.", "연결 풀 크기는 코어 수의 두 배 정도에서 시작해 측정하며 조정하세요.",
      "핵심 결정 사항은 다음과 같습니다.", "담당자는 김민수 팀장이며, 마감일은 다음 주 금요일입니다.",
      "좋은 질문이에요! 먼저 식을 인수분해할 수 있는지 살펴볼까?", "거의 맞았어. 부호를 한 번 더 확인해 봐.",
      "실학자들은 토지 제도 개혁과 상공업 진흥을 주장했어.", "정약용은 목민심서에서 지방 관리의 자세를 강조했지.",
      "아래 예시를 참고하세요.", "추가로 궁금하신 점이 있으면 언제든지 말씀해 주세요.", "요약하면 다음 세 가지입니다.",
      "운영 환경에서는 반드시 백업을 먼저 확인하세요.", "이 방법은 버전 %d 이상에서만 동작합니다."};

  private static final String[] CODE = {
      "\n```yaml\nresources:\n  requests:\n    memory: \"%dMi\"\n  limits:\n    memory: \"2Gi\"\n```\n",
      "\n```java\n@Bean\nDataSource dataSource() {\n  HikariConfig config = new HikariConfig();\n"
          + "  config.setMaximumPoolSize(%d);\n  return new HikariDataSource(config);\n}\n```\n",
      "\n```bash\nkubectl logs -n llm deploy/gateway --tail=%d | grep -i error\n```\n"};

  private static final String[] NOUNS = {"고객님", "주문", "배송", "상품", "결제", "쿠폰", "포인트", "회원 등급", "서버", "클러스터",
      "노드", "파드", "네임스페이스", "게이트웨이", "데이터베이스", "인덱스", "트랜잭션", "캐시", "보고서", "회의록", "예산", "일정",
      "담당자", "팀장님", "본부", "프로젝트", "계약서", "견적서", "수학", "역사", "문제", "정답", "풀이", "개념", "교과서", "시험",
      "과제", "선생님", "오늘", "내일", "이번 주", "다음 달", "지난해", "서울", "부산", "대전", "광주", "제주도", "모바일 앱", "홈페이지"};
  private static final String[] PARTICLES = {"은", "는", "이", "가", "을", "를", "에", "에서", "의", "도", "만", "으로", "와", "과"};
  private static final String[] SURNAMES = {"김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신"};
  private static final String[] GIVEN = {"민", "서", "준", "지", "현", "우", "윤", "하", "은", "수", "영", "진", "호", "연",
      "도", "예", "주", "원", "재", "성", "혜", "나", "태", "경"};

  /** Frequent Korean syllables, for words a piece cache has mostly not seen. */
  private static final String SYLLABLES = "이다는의에고하가을지로한서기으어리사들자도를대수나인아일해보시부게정적면상주전과있제것장라우마내년"
      + "만성구동중국할원없개치위여문였연관경방신거학모소회미생세요공되터까비발실계오식무말물안드화출러히야행당민선체진조현데된"
      + "같통스트심결그못운점음분입간금건은명했떤았날표본태영";

  private KoreanChats() {
  }

  /**
   * {@code count} prompts of about {@code chars} characters each; {@code novel} ones are made of made-up words of
   * frequent syllables, which a piece cache has rarely seen (a lower bound for counting fresh text).
   */
  static List<String> prompts(ModelTokenizer tokenizer, int count, int chars, boolean novel, long seed) {
    Random random = new Random(seed);
    List<String> prompts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      List<Map<String, ?>> messages = new ArrayList<>();
      messages.add(Map.of("role", "system", "content", SYSTEM_PROMPTS[i % SYSTEM_PROMPTS.length]));
      String prompt;
      do {
        messages.add(Map.of("role", "user", "content",
            novel ? novelTurn(random, 20 + random.nextInt(60)) : turn(random, USER_SENTENCES, 2 + random.nextInt(5))));
        messages.add(Map.of("role", "assistant", "content", novel ? novelTurn(random, 40 + random.nextInt(120))
            : turn(random, ASSISTANT_SENTENCES, 3 + random.nextInt(7))));
        prompt = tokenizer.renderChat(messages.subList(0, messages.size() - 1), Map.of(), true);
      } while (prompt.length() < chars);
      prompts.add(prompt);
    }
    return prompts;
  }

  private static String turn(Random random, String[] sentences, int n) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (random.nextInt(4) == 0) {
        text.append(pick(random, NOUNS)).append(pick(random, PARTICLES)).append(' ');
      }
      if (random.nextInt(10) == 0) {
        text.append(pick(random, SURNAMES)).append(pick(random, GIVEN)).append(pick(random, GIVEN)).append(" 님, ");
      }
      text.append(String.format(sentences[random.nextInt(sentences.length)], random.nextInt(1000) + 1,
          random.nextInt(28) + 1)).append(random.nextInt(5) == 0 ? "\n" : " ");
      if (random.nextInt(12) == 0) {
        text.append(String.format(CODE[random.nextInt(CODE.length)], 64 * (1 + random.nextInt(32))));
      }
    }
    return text.toString().strip();
  }

  private static String novelTurn(Random random, int words) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < words; i++) {
      for (int syllables = 1 + random.nextInt(4); syllables > 0; syllables--) {
        text.append(SYLLABLES.charAt(random.nextInt(SYLLABLES.length())));
      }
      text.append(random.nextInt(3) == 0 ? pick(random, PARTICLES) : "");
      text.append(random.nextInt(10) == 0 ? ". " : random.nextInt(25) == 0 ? "\n" : " ");
    }
    return text.toString().strip();
  }

  private static String pick(Random random, String[] options) {
    return options[random.nextInt(options.length)];
  }
}
