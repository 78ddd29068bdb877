{{/*
KasmVNC settings derived from values. The kasmweb images start Xvnc with
"-sslOnly" and then append $VNCOPTIONS, and a flag given later on the command
line wins; the kasmvnc.yaml settings apply only to flags not given at all.
*/}}

{{/* Where the tls.mode=custom Secret is mounted, read-only. */}}
{{- define "ghostwire.tlsMountPath" -}}
/etc/ghostwire/tls
{{- end -}}

{{/* "http" for tls.mode disabled, "https" for auto and custom. */}}
{{- define "ghostwire.scheme" -}}
{{- if eq .Values.tls.mode "disabled" -}}http{{- else -}}https{{- end -}}
{{- end -}}

{{/* The VNCOPTIONS value: the user's vncOptions, then the flags for auth and TLS. */}}
{{- define "ghostwire.vncOptions" -}}
{{- $flags := list -}}
{{- range .Values.vncOptions -}}
{{- $flags = append $flags . -}}
{{- end -}}
{{- if not .Values.auth.enabled -}}
{{- $flags = append $flags "-disableBasicAuth" -}}
{{- end -}}
{{- if eq .Values.tls.mode "disabled" -}}
{{- $flags = append $flags "-sslOnly 0" -}}
{{- else if eq .Values.tls.mode "custom" -}}
{{- $dir := include "ghostwire.tlsMountPath" . -}}
{{- $flags = append $flags (printf "-cert %s/tls.crt" $dir) -}}
{{- $flags = append $flags (printf "-key %s/tls.key" $dir) -}}
{{- end -}}
{{- join " " $flags -}}
{{- end -}}

{{/* "<width>x<height>" for VNC_RESOLUTION. */}}
{{- define "ghostwire.resolution" -}}
{{- printf "%dx%d" (int .Values.display.width) (int .Values.display.height) -}}
{{- end -}}

{{/*
The image's side services (audio, microphone, uploads, gamepad, webcam,
printer) listen on ports of their own, which the chart's Services do not
expose, and authenticate with kasm_user and $VNC_PW, the image's default
password when auth is off. They are switched off unless extraEnv sets the
variable itself.
*/}}
{{- define "ghostwire.kasmServiceEnv" -}}
{{- $set := list -}}
{{- range .Values.extraEnv -}}
{{- $set = append $set .name -}}
{{- end -}}
{{- range list "KASM_SVC_AUDIO" "KASM_SVC_AUDIO_INPUT" "KASM_SVC_UPLOADS" "KASM_SVC_GAMEPAD" "KASM_SVC_WEBCAM" "KASM_SVC_PRINTER" -}}
{{- if not (has . $set) }}
- name: {{ . }}
  value: "0"
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
The chart-managed KasmVNC password, base64-encoded: auth.password if given,
otherwise the password already stored in the chart's Secret (kept across
upgrades), otherwise a new random one. The result is remembered for the rest
of the render, so that the Secret and the pod's checksum annotation agree.
`lookup` sees the cluster only during install and upgrade; `helm template` and
client-side dry runs generate a fresh password.
*/}}
{{- define "ghostwire.authPasswordB64" -}}
{{- $memo := .Values.auth -}}
{{- if not (hasKey $memo "__renderedPassword") -}}
{{- $existing := dict -}}
{{- if not .Values.auth.password -}}
{{- $existing = lookup "v1" "Secret" .Release.Namespace (include "ghostwire.authSecretName" .) -}}
{{- end -}}
{{- $_ := set $memo "__renderedPassword" (include "ghostwire.authPasswordPick" (list . $existing)) -}}
{{- end -}}
{{- get $memo "__renderedPassword" -}}
{{- end -}}

{{/*
Call with (list $ $existingSecret): the inline password, else the one stored in
the live Secret (empty dict when there is none), else a new random one.
*/}}
{{- define "ghostwire.authPasswordPick" -}}
{{- $root := index . 0 -}}
{{- if $root.Values.auth.password -}}
{{- $root.Values.auth.password | b64enc -}}
{{- else -}}
{{- dig "data" "password" "" (index . 1) | default (randAlphaNum 32 | b64enc) -}}
{{- end -}}
{{- end -}}

{{/*
Pod annotations that restart the pod when a chart-managed Secret changes: the
KasmVNC password is read once at start-up. The hash covers the Secret's name
and content, never the password alone.
*/}}
{{- define "ghostwire.checksumAnnotations" -}}
{{- if and .Values.auth.enabled (not .Values.auth.existingSecret) }}
checksum/auth: {{ printf "%s/%s" (include "ghostwire.authSecretName" .) (include "ghostwire.authPasswordB64" .) | sha256sum }}
{{- end }}
{{- if and (eq .Values.tls.mode "custom") (not .Values.tls.secretName) }}
checksum/tls: {{ printf "%s%s" .Values.tls.cert .Values.tls.key | sha256sum }}
{{- end }}
{{- end -}}
