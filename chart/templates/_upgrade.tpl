{{/*
Upgrade guard. Kubernetes refuses changes to a StatefulSet's selector and
volumeClaimTemplates, and a new StatefulSet name makes Helm delete the old one,
leaving its profile claim behind. During install and upgrade `lookup` sees the
release's StatefulSets and these checks stop such an upgrade with the steps
that do work; `helm template`, client-side dry runs and GitOps renders see
nothing and skip them.
*/}}
{{- define "ghostwire.upgradeGuard" -}}
{{- $found := lookup "apps/v1" "StatefulSet" .Release.Namespace "" -}}
{{- $mine := list -}}
{{- range (get $found "items" | default list) -}}
{{- $annotations := dig "metadata" "annotations" dict . -}}
{{- if eq (get $annotations "meta.helm.sh/release-name" | toString) $.Release.Name -}}
{{- $mine = append $mine . -}}
{{- end -}}
{{- end -}}
{{- include "ghostwire.upgradeGuard.check" (list . $mine) -}}
{{- end -}}

{{/* The claim template fields that matter, as JSON, from a rendered or live StatefulSet spec. */}}
{{- define "ghostwire.upgradeGuard.claims" -}}
{{- $out := list -}}
{{- range (get . "volumeClaimTemplates" | default list) -}}
{{- $spec := get . "spec" | default dict -}}
{{- $class := "(cluster default)" -}}
{{- if hasKey $spec "storageClassName" -}}
{{- $class = get $spec "storageClassName" | toString -}}
{{- end -}}
{{- $out = append $out (dict
  "name" (dig "metadata" "name" "" .)
  "annotations" (dig "metadata" "annotations" dict .)
  "labels" (dig "metadata" "labels" dict .)
  "accessModes" (get $spec "accessModes" | default list)
  "storageClassName" $class
  "storage" (dig "resources" "requests" "storage" "" $spec | toString)) -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}

{{/*
Call with (list $ $existing): $existing is the list of this release's live
StatefulSets (empty on a first install or without a cluster).
*/}}
{{- define "ghostwire.upgradeGuard.check" -}}
{{- $root := index . 0 -}}
{{- $ns := $root.Release.Namespace -}}
{{- $name := include "ghostwire.statefulSetName" $root -}}
{{- $want := dict
  "selector" (dict "matchLabels" (include "ghostwire.selectorLabels" $root | fromYaml))
  "volumeClaimTemplates" (include "ghostwire.volumeClaimTemplates" $root | fromYamlArray) -}}
{{- range (index . 1) -}}
{{- $old := .metadata.name -}}
{{- $spec := .spec | default dict -}}
{{- $orphan := printf "kubectl --namespace %s delete statefulset %s --cascade=orphan" $ns $old -}}
{{- if ne $old $name -}}
{{- $policy := dig "persistentVolumeClaimRetentionPolicy" "whenDeleted" "Retain" $spec -}}
{{- if and (get $spec "volumeClaimTemplates") (or (not $root.Values.persistence.existingClaim) (ne $policy "Retain")) -}}
{{- fail (printf (print "ERROR: this upgrade renames StatefulSet %s to %s (nameOverride or fullnameOverride"
  " changed). Helm would delete %s, and the new pod would start without the Signal profile in claim"
  " home-%s-0. Keep the previous nameOverride and fullnameOverride, or move the profile along: set"
  " persistence.existingClaim=home-%s-0 (with persistence.retentionPolicy.whenDeleted=Retain already"
  " applied to %s) in this upgrade. See \"Changing immutable settings\" in the chart README.")
  $old $name $old $old $old $old) -}}
{{- end -}}
{{- else -}}
{{- $oldSelector := dig "selector" "matchLabels" dict $spec | toJson -}}
{{- $newSelector := $want.selector.matchLabels | toJson -}}
{{- if ne $oldSelector $newSelector -}}
{{- fail (printf (print "ERROR: this upgrade changes the pod selector of StatefulSet %s from %s to %s"
  " (nameOverride changed), which Kubernetes refuses. Keep the previous nameOverride, or: (1) %s, which keeps"
  " the pod and its claim; (2) kubectl --namespace %s delete pod %s-0; (3) run this helm upgrade again; the"
  " new pod mounts the same claim. See \"Changing immutable settings\" in the chart README.")
  $name $oldSelector $newSelector $orphan $ns $name) -}}
{{- end -}}
{{- $oldClaims := include "ghostwire.upgradeGuard.claims" $spec -}}
{{- $newClaims := include "ghostwire.upgradeGuard.claims" $want -}}
{{- if ne $oldClaims $newClaims -}}
{{- fail (printf (print "ERROR: this upgrade changes persistence.* in the volumeClaimTemplates of StatefulSet"
  " %s, which Kubernetes refuses to change (from %s to %s). Keep the previous persistence values, or:"
  " (1) %s, which keeps the pod and claim home-%s-0; (2) run this helm upgrade again. An existing claim keeps"
  " its size, class and annotations: resize it with kubectl edit pvc when its StorageClass allows"
  " expansion. See \"Changing immutable settings\" in the chart README.")
  $name $oldClaims $newClaims $orphan $name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
The StatefulSet's volumeClaimTemplates as a YAML list, or nothing when the home
directory is an existing claim or an emptyDir. Immutable once installed.
*/}}
{{- define "ghostwire.volumeClaimTemplates" -}}
{{- $p := .Values.persistence -}}
{{- if and $p.enabled (not $p.existingClaim) -}}
- metadata:
    name: home
    labels:
      {{- include "ghostwire.desktopSelectorLabels" . | nindent 6 }}
    {{- with $p.annotations }}
    annotations:
      {{- toYaml . | nindent 6 }}
    {{- end }}
  spec:
    accessModes:
      {{- toYaml $p.accessModes | nindent 6 }}
    {{- with $p.storageClass }}
    {{- if eq . "-" }}
    storageClassName: ""
    {{- else }}
    storageClassName: {{ . | quote }}
    {{- end }}
    {{- end }}
    resources:
      requests:
        storage: {{ $p.size | quote }}
{{- end -}}
{{- end -}}
