// Korean first, English on request; the choice is kept in this browser.
(function () {
  const STRINGS = {
    ko: {
      'title': '한국어 LLM 토큰 리미터',
      'login.intro': '관리자 키로 로그인하세요.',
      'login.failed': '관리자 키가 올바르지 않습니다.',
      'login.key': '관리자 키',
      'login.submit': '로그인',
      'updated': '갱신',
      'disconnected': '연결 끊김',
      'logout': '로그아웃',
      'card.requests': '오늘 요청',
      'card.tokens': '오늘 토큰',
      'card.users': '사용자',
      'card.refusals': '최근 거절',
      'usage.title': '사용자별 사용량',
      'usage.hint': '진행 중인 요청의 예약을 포함한 사용량 / 한도 (∞ = 제한 없음)',
      'col.user': '사용자', 'col.rpm': '요청/분', 'col.tpm': '토큰/분', 'col.tph': '토큰/시간', 'col.tpd': '토큰/일',
      'col.inflight': '진행 중', 'col.state': '상태', 'col.model': '모델', 'col.engine': '엔진', 'col.health': '상태',
      'col.running': '실행 중', 'col.waiting': '대기', 'col.kv': 'KV 캐시', 'col.throughput': '생성 토큰/초',
      'col.backendTtft': '백엔드 TTFT', 'col.latency': '지연 p50 / p95', 'col.ttft': 'TTFT p50 / p95',
      'col.time': '시각', 'col.outcome': '결과', 'col.reason': '사유', 'col.tokens': '토큰 (입력+출력)',
      'col.latency1': '지연', 'col.ttft1': 'TTFT',
      'state.ok': '정상', 'state.suspended': '정지됨', 'state.cooldown': '쿨다운',
      'throughput.title': '토큰 처리량 (분당)',
      'throughput.series': '토큰/분',
      'top.title': '상위 사용자',
      'top.series': '토큰',
      'period.today': '오늘', 'period.week': '최근 7일', 'period.month': '최근 30일',
      'backends.title': '모델 백엔드',
      'queues.title': '모델 대기열', 'queues.hint': '용량이 정해진 모델 앞에서 차례를 기다리는 요청 (이 게이트웨이 기준)',
      'queues.none': '용량이 정해진 모델이 없습니다: 요청은 바로 모델 서버로 갑니다.',
      'col.capacity': '용량', 'col.waitingClass': '대기 (대화 / 배치)', 'col.waitP95': '대기 시간 p95 (대화 / 배치)',
      'col.shares': '사용자별 점유',
      'col.month': '토큰/월', 'col.team': '팀', 'col.members': '팀원별 몫 (이번 달)',
      'teams.title': '팀별 사용량', 'teams.hint': '팀원이 함께 쓰는 한도와, 이번 달 팀 사용량 중 팀원별 몫',
      'teams.none': '팀이 없습니다.',
      'export.title': '사용량 내보내기',
      'export.hint': '기간의 일별 합계를 CSV로 내려받습니다 (Excel에서 한글이 그대로 열립니다).',
      'export.from': '시작일', 'export.to': '종료일', 'export.group': '기준', 'export.byUser': '사용자별',
      'export.byTeam': '팀별', 'export.byModel': '모델별', 'export.download': 'CSV 내려받기',
      'reason.queue_timeout': '대기 시간 초과', 'reason.monthly_budget_exceeded': '월간 토큰 예산 초과',
      'reason.request_tokens_exceeded': '요청당 토큰 한도 초과',
      'gpus.title': 'GPU', 'gpus.hint': 'NVIDIA DCGM 익스포터가 알려 주는 GPU 상태', 'gpus.down': '익스포터 응답 없음',
      'col.gpu': 'GPU', 'col.gpuUtil': '사용률', 'col.gpuMemory': '메모리 (MiB)', 'col.gpuTemp': '온도',
      'col.gpuPower': '전력',
      'col.actions': '관리', 'action.reload': '설정 다시 읽기', 'action.reset': '사용량 초기화',
      'confirm.reload': '사용자와 모델 설정을 파일에서 다시 읽습니다.',
      'confirm.reset': '{user}의 사용량(분·시간·일·월 한도와 쿨다운)을 초기화합니다. 기록(원장)과 팀 사용량은 그대로 남습니다.',
      'confirm.key': '확인하려면 관리자 키를 입력하세요', 'confirm.ok': '실행', 'confirm.cancel': '취소',
      'result.reloaded': '설정을 다시 읽었습니다: 사용자 {users}명, 모델 {models}개.',
      'result.reset': '{user}의 사용량을 초기화했습니다.', 'result.failed': '실패: {error}',
      'health.up': '정상', 'health.down': '응답 없음', 'health.unknown': '확인 중',
      'col.parity': '토큰 계산 일치', 'parity.exact': '일치', 'parity.drift': '{n} 토큰 차이',
      'parity.driftUpTo': '최대 {n} 토큰 차이', 'parity.unknown': '알 수 없음',
      'recent.title': '최근 요청과 거절',
      'recent.none': '아직 요청이 없습니다.',
      'outcome.completed': '완료', 'outcome.client_cancelled': '클라이언트 취소', 'outcome.backend_error': '백엔드 오류',
      'outcome.refused': '거절', 'outcome.unavailable': '저장소 불가',
      'reason.rpm_exceeded': '분당 요청 한도 초과', 'reason.tpm_exceeded': '분당 토큰 한도 초과',
      'reason.tph_exceeded': '시간당 토큰 한도 초과', 'reason.tpd_exceeded': '일일 토큰 한도 초과',
      'reason.cooldown': '쿨다운 중', 'reason.concurrency_exceeded': '동시 요청 한도 초과',
      'reason.invalid_api_key': '잘못된 API 키', 'reason.missing_api_key': 'API 키 없음',
      'reason.user_suspended': '정지된 사용자', 'reason.model_not_allowed': '허용되지 않은 모델',
      'reason.model_not_found': '없는 모델', 'reason.context_length_exceeded': '컨텍스트 길이 초과',
      'calc.title': '토큰 계산기',
      'calc.hint': '모델의 실제 토크나이저로 센 토큰 수와, 이전 도구의 글자 수 추정(한글 × 1.15, 그 밖 ÷ 4)을 비교합니다.',
      'calc.submit': '계산', 'calc.exact': '정확한 토큰 수', 'calc.heuristic': '글자 수 추정', 'calc.diff': '추정 오차',
      'calc.chars': '글자 (한글)', 'calc.placeholder': '여기에 문장을 입력하세요…',
      'calc.over': '과대 추정', 'calc.under': '과소 추정', 'calc.exactMatch': '정확',
      'lang.switch': 'English'
    },
    en: {
      'title': 'Korean LLM Token Limiter',
      'login.intro': 'Log in with the admin key.',
      'login.failed': 'That is not the admin key.',
      'login.key': 'Admin key',
      'login.submit': 'Log in',
      'updated': 'Updated',
      'disconnected': 'Disconnected',
      'logout': 'Log out',
      'card.requests': 'Requests today',
      'card.tokens': 'Tokens today',
      'card.users': 'Users',
      'card.refusals': 'Recent refusals',
      'usage.title': 'Usage by user',
      'usage.hint': 'Used (including reservations of requests in flight) / limit (∞ = no limit)',
      'col.user': 'User', 'col.rpm': 'Requests/min', 'col.tpm': 'Tokens/min', 'col.tph': 'Tokens/hour',
      'col.tpd': 'Tokens/day', 'col.inflight': 'In flight', 'col.state': 'State', 'col.model': 'Model',
      'col.engine': 'Engine', 'col.health': 'Health', 'col.running': 'Running', 'col.waiting': 'Waiting',
      'col.kv': 'KV cache', 'col.throughput': 'Gen. tokens/s', 'col.backendTtft': 'Backend TTFT',
      'col.latency': 'Latency p50 / p95', 'col.ttft': 'TTFT p50 / p95', 'col.time': 'Time', 'col.outcome': 'Outcome',
      'col.reason': 'Reason', 'col.tokens': 'Tokens (prompt+completion)', 'col.latency1': 'Latency', 'col.ttft1': 'TTFT',
      'state.ok': 'OK', 'state.suspended': 'Suspended', 'state.cooldown': 'Cooling down',
      'throughput.title': 'Token throughput (per minute)',
      'throughput.series': 'tokens/min',
      'top.title': 'Top users',
      'top.series': 'tokens',
      'period.today': 'Today', 'period.week': 'Last 7 days', 'period.month': 'Last 30 days',
      'backends.title': 'Model backends',
      'queues.title': 'Model queues', 'queues.hint': 'Requests waiting their turn at models with a capacity (this gateway)',
      'queues.none': 'No model has a capacity: requests go straight to the model servers.',
      'col.capacity': 'Capacity', 'col.waitingClass': 'Waiting (interactive / batch)',
      'col.waitP95': 'Wait p95 (interactive / batch)', 'col.shares': 'Share by user',
      'col.month': 'Tokens/month', 'col.team': 'Team', 'col.members': "Members' share (this month)",
      'teams.title': 'Teams', 'teams.hint': "Limits a team's members share, and each member's part of this month's use",
      'teams.none': 'No teams.',
      'export.title': 'Usage export',
      'export.hint': 'Daily totals of a period as CSV (Korean names open correctly in Excel).',
      'export.from': 'From', 'export.to': 'To', 'export.group': 'Per', 'export.byUser': 'User',
      'export.byTeam': 'Team', 'export.byModel': 'Model', 'export.download': 'Download CSV',
      'reason.queue_timeout': 'Waited too long', 'reason.monthly_budget_exceeded': 'Monthly budget',
      'reason.request_tokens_exceeded': 'Per-request token cap',
      'gpus.title': 'GPUs', 'gpus.hint': "The GPUs as NVIDIA's DCGM exporter reports them", 'gpus.down': 'Exporter down',
      'col.gpu': 'GPU', 'col.gpuUtil': 'Utilisation', 'col.gpuMemory': 'Memory (MiB)', 'col.gpuTemp': 'Temperature',
      'col.gpuPower': 'Power',
      'col.actions': 'Actions', 'action.reload': 'Reload configuration', 'action.reset': 'Reset usage',
      'confirm.reload': 'Reads the users and models configuration again from its files.',
      'confirm.reset': "Resets {user}'s usage (minute, hour, day and month limits and cooldown). The ledger's record and the team's usage stay.",
      'confirm.key': 'Type the admin key to confirm', 'confirm.ok': 'Do it', 'confirm.cancel': 'Cancel',
      'result.reloaded': 'Configuration reloaded: {users} users, {models} models.',
      'result.reset': "{user}'s usage was reset.", 'result.failed': 'Failed: {error}',
      'health.up': 'Up', 'health.down': 'Down', 'health.unknown': 'Checking',
      'col.parity': 'Counting parity', 'parity.exact': 'Exact', 'parity.drift': 'Off by {n} tokens',
      'parity.driftUpTo': 'Off by up to {n} tokens', 'parity.unknown': 'Unknown',
      'recent.title': 'Recent requests and refusals',
      'recent.none': 'No requests yet.',
      'outcome.completed': 'Completed', 'outcome.client_cancelled': 'Client left', 'outcome.backend_error': 'Backend error',
      'outcome.refused': 'Refused', 'outcome.unavailable': 'Store unavailable',
      'reason.rpm_exceeded': 'Requests/min limit', 'reason.tpm_exceeded': 'Tokens/min limit',
      'reason.tph_exceeded': 'Tokens/hour limit', 'reason.tpd_exceeded': 'Tokens/day limit',
      'reason.cooldown': 'Cooling down', 'reason.concurrency_exceeded': 'Too many in flight',
      'reason.invalid_api_key': 'Invalid API key', 'reason.missing_api_key': 'No API key',
      'reason.user_suspended': 'User suspended', 'reason.model_not_allowed': 'Model not allowed',
      'reason.model_not_found': 'Unknown model', 'reason.context_length_exceeded': 'Context too long',
      'calc.title': 'Token calculator',
      'calc.hint': "Counts a text with the model's own tokenizer, next to the old tools' character estimate (Hangul × 1.15, other ÷ 4).",
      'calc.submit': 'Count', 'calc.exact': 'Exact tokens', 'calc.heuristic': 'Character estimate',
      'calc.diff': 'Estimate error', 'calc.chars': 'Characters (Hangul)', 'calc.placeholder': 'Type a text here…',
      'calc.over': 'over', 'calc.under': 'under', 'calc.exactMatch': 'exact',
      'lang.switch': '한국어'
    }
  };
  const STORAGE_KEY = 'koreanllm.dashboard.lang';
  let lang = localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ko';
  const listeners = [];

  /** The text of {@code key} in the current language; {@code fallback} (or the key) when there is none. */
  function t(key, fallback) {
    const value = STRINGS[lang][key];
    return value === undefined ? (fallback === undefined ? key : fallback) : value;
  }

  function apply() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
    const toggle = document.getElementById('lang-toggle');
    if (toggle) {
      toggle.textContent = t('lang.switch');
    }
    listeners.forEach(listener => listener(lang));
  }

  function toggle() {
    lang = lang === 'ko' ? 'en' : 'ko';
    localStorage.setItem(STORAGE_KEY, lang);
    apply();
  }

  window.I18N = {
    t,
    apply,
    toggle,
    lang: () => lang,
    locale: () => (lang === 'ko' ? 'ko-KR' : 'en-US'),
    onChange: listener => listeners.push(listener)
  };
  document.addEventListener('DOMContentLoaded', () => {
    apply();
    const button = document.getElementById('lang-toggle');
    if (button) {
      button.addEventListener('click', toggle);
    }
  });
})();
