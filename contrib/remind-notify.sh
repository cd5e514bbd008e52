#!/bin/sh
# Runs `dosediary remind` once and shows what is new as a desktop notification.
# Exit codes of `dosediary remind`: 0 nothing new is due, 3 something is (printed, one line each).
# Used by the systemd timer, the cron line and the launchd agent in this folder.
# Set DOSEDIARY (the binary) and DOSEDIARY_DB (the diary) in the environment if they are not the defaults.
bin="${DOSEDIARY:-dosediary}"
out=$("$bin" remind)
status=$?
case "$status" in
  0) exit 0 ;;  # nothing new
  3) ;;         # something new: show it
  *) exit "$status" ;;
esac
if command -v notify-send >/dev/null 2>&1; then
  # One notification per line; urgent and emergency lines stay until dismissed.
  printf '%s\n' "$out" | while IFS= read -r line; do
    case "$line" in
      EMERGENCY*|URGENT*) notify-send -u critical -a dosediary "dosediary" "$line" ;;
      *) notify-send -a dosediary "dosediary" "$line" ;;
    esac
  done
elif command -v osascript >/dev/null 2>&1; then
  printf '%s\n' "$out" | while IFS= read -r line; do
    # AppleScript string: escape backslashes and double quotes.
    esc=$(printf '%s' "$line" | sed 's/\\/\\\\/g; s/"/\\"/g')
    osascript -e "display notification \"$esc\" with title \"dosediary\""
  done
else
  printf '%s\n' "$out"
fi
exit 0
