{{/* The release's base name, shortened to the 63 characters a label value allows. */}}
{{- define "klm.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The name of one component's objects: <fullname>-<component>. Call with (list $ "gateway"). */}}
{{- define "klm.name" -}}
{{- $root := index . 0 -}}
{{- printf "%s-%s" (include "klm.fullname" $root | trunc 50 | trimSuffix "-") (index . 1) -}}
{{- end -}}

{{/* Selector labels of one component: stable across upgrades, so never the chart version. */}}
{{- define "klm.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ $root.Chart.Name }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* All labels of one component's objects. */}}
{{- define "klm.labels" -}}
{{ include "klm.selectorLabels" . }}
{{- $root := index . 0 }}
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: korean-llm-limiter
helm.sh/chart: {{ printf "%s-%s" $root.Chart.Name $root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
{{- end -}}

{{/* An image reference; the tag defaults to the chart's appVersion. Call with (list $ .Values.gateway.image). */}}
{{- define "klm.image" -}}
{{- $root := index . 0 -}}
{{- $image := index . 1 -}}
{{- printf "%s/%s:%s" $root.Values.image.registry $image.repository ($image.tag | default $root.Chart.AppVersion) | trimPrefix "/" -}}
{{- end -}}

{{/*
A value kept in a Secret across upgrades: the one already in the cluster (lookup), else a new random one.
`helm template` and `--dry-run` cannot look anything up and always print a new value.
Call with (list $ "<secret name>" "<data key>").
*/}}
{{- define "klm.persistentRandom" -}}
{{- $root := index . 0 -}}
{{- $existing := lookup "v1" "Secret" $root.Release.Namespace (index . 1) -}}
{{- if and $existing (hasKey $existing.data (index . 2)) -}}
{{- index $existing.data (index . 2) -}}
{{- else -}}
{{- randAlphaNum 48 | b64enc -}}
{{- end -}}
{{- end -}}

{{/* The pod-level security defaults, shared by every workload of the chart. */}}
{{- define "klm.podSecurityContext" -}}
{{ toYaml .Values.podSecurityContext }}
{{- end -}}

{{/* The container-level security defaults, shared by every container of the chart. */}}
{{- define "klm.containerSecurityContext" -}}
{{ toYaml .Values.containerSecurityContext }}
{{- end -}}

{{/* The name of the Secret with the admin key: the user's own or the generated one. */}}
{{- define "klm.adminSecretName" -}}
{{- .Values.gateway.adminKey.existingSecret | default (include "klm.name" (list . "admin-key")) -}}
{{- end -}}

{{/* The in-chart Redis' password Secret: the user's own or the generated one. */}}
{{- define "klm.redisSecretName" -}}
{{- .Values.redis.auth.existingSecret | default (include "klm.name" (list . "redis")) -}}
{{- end -}}

{{/* A component's selector labels as k=v,k=v, for an operator setting. Call with (list $ "gateway"). */}}
{{- define "klm.selectorList" -}}
{{- include "klm.labelList" (include "klm.selectorLabels" . | fromYaml) -}}
{{- end -}}

{{/* A map of labels as k=v,k=v (sorted). */}}
{{- define "klm.labelList" -}}
{{- $pairs := list -}}
{{- range $key := keys . | sortAlpha -}}
{{- $pairs = append $pairs (printf "%s=%v" $key (index $ $key)) -}}
{{- end -}}
{{- join "," $pairs -}}
{{- end -}}

{{/* The NetworkPolicy peer of the metrics scraper (monitoring.scraper). */}}
{{- define "klm.scraperPeer" -}}
- namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ .Values.monitoring.scraper.namespace | quote }}
  podSelector:
    matchLabels:
      {{- toYaml .Values.monitoring.scraper.podLabels | nindent 6 }}
{{- end -}}

{{/* The NetworkPolicy peer of the release's gateway pods. */}}
{{- define "klm.gatewayPeer" -}}
- podSelector:
    matchLabels:
      {{- include "klm.selectorLabels" (list . "gateway") | nindent 6 }}
{{- end -}}

{{/*
Where a container that counts tokens (gateway, simulator) finds tokenizer files, offline first: the image's,
then tokenizers.volume, the writable cache, then tokenizers.modelCacheClaim (a Hugging Face cache). Only when
tokenizers.offline is false may a missing one be downloaded.
*/}}
{{- define "klm.tokenizerEnv" -}}
- name: KOREANLLM_TOKENIZERS_PATH
  value: {{ ternary "/opt/korean-llm-limiter/tokenizers:/var/lib/korean-llm-limiter/tokenizers" "/opt/korean-llm-limiter/tokenizers" (not (empty .Values.tokenizers.volume)) | quote }}
- name: KOREANLLM_TOKENIZERS_DIR
  value: /var/cache/korean-llm-limiter/tokenizers
{{- if .Values.tokenizers.modelCacheClaim }}
- name: HF_HOME
  value: /var/lib/korean-llm-limiter/huggingface
{{- end }}
{{- if .Values.tokenizers.offline }}
- name: HF_HUB_OFFLINE
  value: "1"
{{- else }}
{{- with .Values.tokenizers.hubEndpoint }}
- name: HF_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- with .Values.tokenizers.hfTokenSecret }}
- name: HF_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: token
{{- end }}
{{- end }}
{{- end -}}

{{/* The tokenizer volumes' mounts (see klm.tokenizerEnv). */}}
{{- define "klm.tokenizerVolumeMounts" -}}
- name: tokenizer-cache
  mountPath: /var/cache/korean-llm-limiter/tokenizers
{{- if .Values.tokenizers.volume }}
- name: tokenizers
  mountPath: /var/lib/korean-llm-limiter/tokenizers
  readOnly: true
{{- end }}
{{- if .Values.tokenizers.modelCacheClaim }}
- name: model-cache
  mountPath: /var/lib/korean-llm-limiter/huggingface
  readOnly: true
{{- end }}
{{- end -}}

{{/* The tokenizer volumes (see klm.tokenizerEnv). */}}
{{- define "klm.tokenizerVolumes" -}}
- name: tokenizer-cache
  emptyDir:
    sizeLimit: {{ .Values.tokenizers.cacheSizeLimit }}
{{- with .Values.tokenizers.volume }}
- name: tokenizers
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tokenizers.modelCacheClaim }}
- name: model-cache
  persistentVolumeClaim:
    claimName: {{ . }}
    readOnly: true
{{- end }}
{{- end -}}

{{/* Everything a workload of the chart mounts for a read-only root filesystem: a writable /tmp. */}}
{{- define "klm.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- end -}}
