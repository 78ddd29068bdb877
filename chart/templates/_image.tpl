{{/*
An image reference from {registry, repository, tag, digest}: by digest when one
is given ("registry/repository@sha256:..."), else by tag.
Call with the image values object, e.g. (include "ghostwire.image" .Values.image).
*/}}
{{- define "ghostwire.image" -}}
{{- $repository := .repository -}}
{{- if .registry -}}
{{- $repository = printf "%s/%s" .registry .repository -}}
{{- end -}}
{{- if .digest -}}
{{- printf "%s@%s" $repository .digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (toString .tag) -}}
{{- end -}}
{{- end -}}
