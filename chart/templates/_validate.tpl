{{/*
Checks the schema cannot express. Each failure names the key to change.
Included once, from the StatefulSet template.
*/}}
{{- define "ghostwire.validate" -}}
{{- if and (not .Values.image.tag) (not .Values.image.digest) -}}
{{- fail "ERROR: image.tag or image.digest must be set: the chart pins the Signal image, it never pulls \"latest\"" -}}
{{- end -}}
{{- if and (not .Values.tests.image.tag) (not .Values.tests.image.digest) -}}
{{- fail "ERROR: tests.image.tag or tests.image.digest must be set" -}}
{{- end -}}
{{- if and .Values.auth.existingSecret .Values.auth.password -}}
{{- fail "ERROR: auth.password and auth.existingSecret are mutually exclusive: set auth.existingSecret to use your Secret, or auth.password to let the chart create one" -}}
{{- end -}}
{{- if eq .Values.tls.mode "custom" -}}
{{- $inline := or .Values.tls.cert .Values.tls.key -}}
{{- if and .Values.tls.secretName $inline -}}
{{- fail "ERROR: tls.secretName and tls.cert/tls.key are mutually exclusive: name an existing kubernetes.io/tls Secret, or give the certificate and key inline, not both" -}}
{{- end -}}
{{- if not (or .Values.tls.secretName $inline) -}}
{{- fail "ERROR: tls.mode is custom, so set tls.secretName (an existing kubernetes.io/tls Secret) or both tls.cert and tls.key (PEM)" -}}
{{- end -}}
{{- if $inline -}}
{{- if not .Values.tls.cert -}}
{{- fail "ERROR: tls.cert is empty: tls.mode custom with an inline key needs the PEM certificate in tls.cert too" -}}
{{- end -}}
{{- if not .Values.tls.key -}}
{{- fail "ERROR: tls.key is empty: tls.mode custom with an inline certificate needs the PEM private key in tls.key too" -}}
{{- end -}}
{{- if not (contains "-----BEGIN CERTIFICATE-----" .Values.tls.cert) -}}
{{- fail "ERROR: tls.cert must be a PEM certificate (-----BEGIN CERTIFICATE-----)" -}}
{{- end -}}
{{- if not (regexMatch "-----BEGIN ([A-Z]+ )?PRIVATE KEY-----" .Values.tls.key) -}}
{{- fail "ERROR: tls.key must be a PEM private key (-----BEGIN PRIVATE KEY-----)" -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- range .Values.extraEnv -}}
{{- if has .name (list "VNC_PW" "VNC_VIEW_ONLY_PW" "VNCOPTIONS" "VNC_RESOLUTION") -}}
{{- fail (printf "ERROR: extraEnv sets %s, which the chart manages: use auth.*, vncOptions or display.* instead" .name) -}}
{{- end -}}
{{- end -}}
{{- range .Values.extraVolumeMounts -}}
{{- if has .mountPath (list "/home/kasm-user" "/dev/shm" (include "ghostwire.tlsMountPath" $)) -}}
{{- fail (printf "ERROR: extraVolumeMounts mounts %s, which the chart already mounts: use persistence.*, shm.* or tls.* instead" .mountPath) -}}
{{- end -}}
{{- end -}}
{{- end -}}
