{{/*
Checks the schema cannot express. Each failure starts with "ERROR:", names the
key to change and says how. Included once, from the StatefulSet template.
*/}}
{{- define "ghostwire.validate" -}}
{{- include "ghostwire.validate.images" . -}}
{{- include "ghostwire.validate.auth" . -}}
{{- include "ghostwire.validate.tls" . -}}
{{- include "ghostwire.validate.vncOptions" . -}}
{{- include "ghostwire.validate.service" . -}}
{{- include "ghostwire.validate.shm" . -}}
{{- include "ghostwire.validate.env" . -}}
{{- include "ghostwire.validate.volumes" . -}}
{{- include "ghostwire.upgradeGuard" . -}}
{{- end -}}

{{- define "ghostwire.validate.images" -}}
{{- if and (not .Values.image.tag) (not .Values.image.digest) -}}
{{- fail "ERROR: image.tag or image.digest must be set: the chart pins the Signal image, it never pulls \"latest\"" -}}
{{- end -}}
{{- if and (not .Values.tests.image.tag) (not .Values.tests.image.digest) -}}
{{- fail "ERROR: tests.image.tag or tests.image.digest must be set" -}}
{{- end -}}
{{- end -}}

{{/*
The password rules of the image's start-up script: it runs
  echo -e "${VNC_PW}\n${VNC_PW}\n" | kasmvncpasswd ...
under `set -e`. kasmvncpasswd refuses fewer than 6 characters (and the script
stops), `echo -e` rewrites backslash sequences (`\c` even ends the output), and
a newline splits the password into two answers.
*/}}
{{- define "ghostwire.validate.auth" -}}
{{- $pw := .Values.auth.password -}}
{{- if and .Values.auth.existingSecret $pw -}}
{{- fail (print "ERROR: auth.password and auth.existingSecret are mutually exclusive: set auth.existingSecret"
  " to use your Secret, or auth.password to let the chart create one") -}}
{{- end -}}
{{- if $pw -}}
{{- if lt (len $pw) 6 -}}
{{- fail (print "ERROR: auth.password has fewer than 6 characters, which KasmVNC's kasmvncpasswd refuses"
  " (the pod would stop at start-up): use at least 6 characters, or leave it empty to have the chart"
  " generate one") -}}
{{- end -}}
{{- if contains "\\" $pw -}}
{{- fail (print "ERROR: auth.password contains a backslash, which the image's start-up script passes through"
  " `echo -e` and so changes or cuts: choose a password without backslashes") -}}
{{- end -}}
{{- if or (contains "\n" $pw) (contains "\r" $pw) -}}
{{- fail "ERROR: auth.password contains a line break: choose a password on one line" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "ghostwire.validate.tls" -}}
{{- if eq .Values.tls.mode "custom" -}}
{{- $inline := or .Values.tls.cert .Values.tls.key -}}
{{- if and .Values.tls.secretName $inline -}}
{{- fail (print "ERROR: tls.secretName and tls.cert/tls.key are mutually exclusive: name an existing"
  " kubernetes.io/tls Secret, or give the certificate and key inline, not both") -}}
{{- end -}}
{{- if not (or .Values.tls.secretName $inline) -}}
{{- fail (print "ERROR: tls.mode is custom, so set tls.secretName (an existing kubernetes.io/tls Secret)"
  " or both tls.cert and tls.key (PEM)") -}}
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
{{- end -}}
