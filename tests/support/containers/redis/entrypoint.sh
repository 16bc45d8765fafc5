#!/bin/sh
# redis-server as the official image runs it: every address, no protected mode.
set -eu
if [ "$1" = "redis-server" ]; then
  shift
  exec redis-server --bind '* -::*' --protected-mode no --dir /data "$@"
fi
exec "$@"
