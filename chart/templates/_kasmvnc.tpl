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
