# Seeds the image's default profile into an empty home volume, run by the
# init container "seed-profile" as uid 1000 before the desktop starts.
#
# Why: on first start the image copies its default profile with
#   cp -rp /home/kasm-default-profile/. "$HOME"/
# under `set -e`. Copying "." also copies the directory's own times onto the
# volume root, which belongs to root (group 1000 through fsGroup) on a fresh
# volume; uid 1000 may not set them, cp fails and the container restarts once.
# Copying each entry instead never touches the volume root. .bashrc goes last:
# the image skips its copy when it exists, so it marks a complete profile.
set -eu
home="${GHOSTWIRE_HOME:-/home/kasm-user}"
profile="${GHOSTWIRE_DEFAULT_PROFILE:-/home/kasm-default-profile}"
if [ -f "$home/.bashrc" ]; then
  echo "seed-profile: $home already holds a profile"
  exit 0
fi
if [ ! -d "$profile" ]; then
  echo "seed-profile: the image has no $profile; the desktop container sets up $home itself"
  exit 0
fi
find "$profile" -mindepth 1 -maxdepth 1 ! -name .bashrc -exec cp -Rp {} "$home/" \;
if [ -f "$profile/.bashrc" ]; then
  cp -p "$profile/.bashrc" "$home/.bashrc"
fi
echo "seed-profile: copied $profile into $home"
