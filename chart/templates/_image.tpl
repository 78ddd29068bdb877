{{/*
An image reference from {registry, repository, tag, digest}: by digest when one
is given ("registry/repository@sha256:..."), else by tag. global.imageRegistry,
when set, replaces the image's own registry (the convention of charts used as
subcharts). Call with (dict "image" .Values.image "global" .Values.global).
*/}}
{{- define "ghostwire.image" -}}
{{- $image := .image -}}
{{- $registry := $image.registry -}}
{{- with .global -}}
{{- with .imageRegistry -}}
{{- $registry = . -}}
{{- end -}}
{{- end -}}
{{- $repository := $image.repository -}}
{{- if $registry -}}
{{- $repository = printf "%s/%s" $registry $image.repository -}}
{{- end -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $repository $image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (toString $image.tag) -}}
{{- end -}}
{{- end -}}

{{/*
imagePullSecrets: global.imagePullSecrets (names or {name} objects) and then
imagePullSecrets, each name once. Empty when there are none.
*/}}
{{- define "ghostwire.imagePullSecrets" -}}
{{- $names := list -}}
{{- $global := list -}}
{{- with .Values.global -}}
{{- $global = .imagePullSecrets | default list -}}
{{- end -}}
{{- range concat $global .Values.imagePullSecrets -}}
{{- $name := . -}}
{{- if kindIs "map" . -}}
{{- $name = .name -}}
{{- end -}}
{{- if not (has $name $names) -}}
{{- $names = append $names $name -}}
{{- end -}}
{{- end -}}
{{- range $names }}
- name: {{ . }}
{{- end -}}
{{- end -}}
