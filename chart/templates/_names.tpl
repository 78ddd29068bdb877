{{/*
Names. Kubernetes names are DNS labels of at most 63 characters; every name
below is cut to fit, and a trailing '-' left by the cut is trimmed.
*/}}

{{/* The application name: the chart name unless nameOverride is set. */}}
{{- define "ghostwire.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The base name of every object: fullnameOverride if set; otherwise the release
name when it already contains the application name, else "<release>-<name>".
*/}}
{{- define "ghostwire.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "ghostwire.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
"<fullname>-<suffix>", with the fullname cut so that the whole stays within
63 characters.
*/}}
{{- define "ghostwire.suffixedName" -}}
{{- $suffix := index . 1 -}}
{{- $base := include "ghostwire.fullname" (index . 0) | trunc (int (sub 62 (len $suffix))) | trimSuffix "-" -}}
{{- printf "%s-%s" $base $suffix -}}
{{- end -}}

{{/*
The StatefulSet name. The StatefulSet controller labels each pod with
"controller-revision-hash: <name>-<hash>", a label value of at most 63
characters, so the name itself must stay within 52.
*/}}
{{- define "ghostwire.statefulSetName" -}}
{{- include "ghostwire.fullname" . | trunc 52 | trimSuffix "-" -}}
{{- end -}}

{{- define "ghostwire.headlessServiceName" -}}
{{- include "ghostwire.suffixedName" (list . "headless") -}}
{{- end -}}

{{- define "ghostwire.authSecretName" -}}
{{- if .Values.auth.existingSecret -}}
{{- .Values.auth.existingSecret -}}
{{- else -}}
{{- include "ghostwire.suffixedName" (list . "auth") -}}
{{- end -}}
{{- end -}}

{{- define "ghostwire.authSecretKey" -}}
{{- if .Values.auth.existingSecret -}}
{{- .Values.auth.existingSecretKey -}}
{{- else -}}
password
{{- end -}}
{{- end -}}

{{- define "ghostwire.tlsSecretName" -}}
{{- if .Values.tls.secretName -}}
{{- .Values.tls.secretName -}}
{{- else -}}
{{- include "ghostwire.suffixedName" (list . "tls") -}}
{{- end -}}
{{- end -}}

{{- define "ghostwire.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "ghostwire.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "ghostwire.testPodName" -}}
{{- include "ghostwire.suffixedName" (list . "test") -}}
{{- end -}}
