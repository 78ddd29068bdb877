{{/* The chart label: "<name>-<version>", '+' replaced as label values forbid it. */}}
{{- define "ghostwire.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Selector labels: the two labels that identify this release's pods. They are
immutable in a StatefulSet, so nothing that changes between upgrades belongs
here.
*/}}
{{- define "ghostwire.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ghostwire.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/*
Labels of the Signal desktop pod and the Services' selector: the selector
labels plus the component, so that the helm test pod (component "test") is
never an endpoint of the Services.
*/}}
{{- define "ghostwire.desktopSelectorLabels" -}}
{{ include "ghostwire.selectorLabels" . }}
app.kubernetes.io/component: desktop
{{- end -}}

{{/* Standard labels without the component; templates add their own. */}}
{{- define "ghostwire.labels" -}}
helm.sh/chart: {{ include "ghostwire.chart" . }}
{{ include "ghostwire.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: ghostwire
{{- end -}}
