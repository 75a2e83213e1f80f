#!/bin/sh
# Planted bug for --exec (crash): reads the stream on standard input, accepts everything (exit 0),
# but dies of SIGABRT when the stream holds a <presence/> stanza.
input=$(cat)
case "$input" in
  *"<presence"*) kill -ABRT $$ ;;
esac
exit 0
