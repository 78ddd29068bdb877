{{/*
Values the schema accepts by type but that cannot work: managed KasmVNC flags,
an exposed Service without a password, an unlimited /dev/shm, clashing volume
names and mount paths. Each failure names the key and the fix.
*/}}

{{/*
Xvnc flags the chart or the image's start-up script set, and the value to use
instead. Xvnc matches flag names without regard to case and accepts "-flag",
"--flag", "-flag=value" and "-flag value".
*/}}
{{- define "ghostwire.managedVncFlags" -}}
disablebasicauth: auth.enabled
sslonly: tls.mode
cert: tls.mode custom with tls.secretName or tls.cert
key: tls.mode custom with tls.secretName or tls.key
interface: nothing (KasmVNC must listen on every interface for the Service to reach it)
websocketport: nothing (the Service and the probes use port 6901)
httpd: nothing (the web client is served from the image's own directory)
geometry: display.width and display.height
{{- end -}}

{{- define "ghostwire.validate.vncOptions" -}}
{{- $managed := include "ghostwire.managedVncFlags" . | fromYaml -}}
{{- range $i, $item := .Values.vncOptions -}}
{{- range splitList " " $item -}}
{{- if hasPrefix "-" . -}}
{{- $name := . | trimPrefix "-" | trimPrefix "-" | lower | splitList "=" | first -}}
{{- if hasKey $managed $name -}}
{{- fail (printf "ERROR: vncOptions[%d] sets %s, which the chart manages: remove it and use %s instead"
  $i . (get $managed $name)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "ghostwire.validate.service" -}}
{{- $s := .Values.service -}}
{{- $exposed := has $s.type (list "NodePort" "LoadBalancer") -}}
{{- $nodePort := int ($s.nodePort | default 0) -}}
{{- if and $exposed (not .Values.auth.enabled) (not $s.exposeWithoutPassword) -}}
{{- fail (printf (print "ERROR: service.type is %s but auth.enabled is false: whoever reaches the address"
  " controls this Signal account. Set auth.enabled=true, or keep service.type ClusterIP behind an ingress"
  " that authenticates, or, if a firewall or service.loadBalancerSourceRanges already limits who can"
  " connect, acknowledge it with service.exposeWithoutPassword=true") $s.type) -}}
{{- end -}}
{{- if and (gt $nodePort 0) (not $exposed) -}}
{{- fail "ERROR: service.nodePort needs service.type NodePort or LoadBalancer: remove it or change service.type" -}}
{{- end -}}
{{- if and (gt $nodePort 0) (or (lt $nodePort 30000) (gt $nodePort 32767)) -}}
{{- fail (printf (print "ERROR: service.nodePort %d is outside the default node port range 30000-32767:"
  " choose a port in it, or 0 to let Kubernetes choose") $nodePort) -}}
{{- end -}}
{{- if and $s.externalTrafficPolicy (not $exposed) -}}
{{- fail (print "ERROR: service.externalTrafficPolicy applies to NodePort and LoadBalancer Services only:"
  " remove it or change service.type") -}}
{{- end -}}
{{- if and $s.loadBalancerSourceRanges (ne $s.type "LoadBalancer") -}}
{{- fail (print "ERROR: service.loadBalancerSourceRanges applies to LoadBalancer Services only:"
  " set service.type=LoadBalancer or restrict access with a NetworkPolicy instead") -}}
{{- end -}}
{{- end -}}

{{- define "ghostwire.validate.shm" -}}
{{- $limit := toString .Values.shm.sizeLimit -}}
{{- if regexMatch "^[+]?(0+[.]?0*|[.]0+)([eE][+-]?[0-9]+|[numkMGTPE]|[KMGTPE]i)?$" $limit -}}
{{- fail (print "ERROR: shm.sizeLimit is zero, which leaves /dev/shm unlimited up to the pod's memory:"
  " set a size such as 1Gi") -}}
{{- end -}}
{{- end -}}

{{- define "ghostwire.validate.env" -}}
{{- range .Values.extraEnv -}}
{{- if has .name (list "VNC_PW" "VNC_VIEW_ONLY_PW" "VNCOPTIONS" "VNC_RESOLUTION") -}}
{{- fail (printf "ERROR: extraEnv sets %s, which the chart manages: use auth.*, vncOptions or display.* instead"
  .name) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
Volume names must be unique in the pod, and mount paths in the container.
Paths are compared after path.Clean, so "/dev/shm/" is "/dev/shm".
*/}}
{{- define "ghostwire.validate.volumes" -}}
{{- $chartVolumes := dict "home" "persistence.*" "shm" "shm.*" "tls" "tls.*" -}}
{{- $names := list -}}
{{- range $i, $v := .Values.extraVolumes -}}
{{- if hasKey $chartVolumes $v.name -}}
{{- fail (printf "ERROR: extraVolumes[%d] is named %q, a volume the chart creates (see %s): choose another name"
  $i $v.name (get $chartVolumes $v.name)) -}}
{{- end -}}
{{- if has $v.name $names -}}
{{- fail (printf "ERROR: extraVolumes[%d] is named %q like an earlier entry: volume names must be unique"
  $i $v.name) -}}
{{- end -}}
{{- $names = append $names $v.name -}}
{{- end -}}
{{- $chartPaths := dict "/home/kasm-user" "persistence.*" "/dev/shm" "shm.*" -}}
{{- $_ := set $chartPaths (include "ghostwire.tlsMountPath" .) "tls.*" -}}
{{- $paths := list -}}
{{- range $i, $m := .Values.extraVolumeMounts -}}
{{- $path := clean $m.mountPath -}}
{{- if hasKey $chartPaths $path -}}
{{- fail (printf "ERROR: extraVolumeMounts[%d] mounts %s, which the chart already mounts: use %s instead"
  $i $path (get $chartPaths $path)) -}}
{{- end -}}
{{- if has $path $paths -}}
{{- fail (printf "ERROR: extraVolumeMounts[%d] mounts %s like an earlier entry: mount paths must be unique"
  $i $path) -}}
{{- end -}}
{{- $paths = append $paths $path -}}
{{- if not (or (has $m.name $names) (hasKey $chartVolumes $m.name)) -}}
{{- fail (printf "ERROR: extraVolumeMounts[%d] mounts volume %q, which is not in extraVolumes: add it there"
  $i $m.name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
