#!/bin/sh
# Writes the commit a binary was built from into its stamp (CPlatform's mmio_build_commit),
# after linking, so that a new commit rebuilds nothing. "+changes" marks a tree whose
# sources differ from the commit. Outside a git checkout the stamp stays "unknown".
set -e
binary=$1
commit=$(git rev-parse HEAD 2>/dev/null) || exit 0
git diff --quiet HEAD -- Sources Package.swift 2>/dev/null || commit="$commit+changes"
offset=$(grep -obUa 'mmio-build-commit:' "$binary" | head -n 1 | cut -d: -f1)
if [ -z "$offset" ]; then
    echo "stamp-commit: no commit stamp in $binary" >&2
    exit 1
fi
printf '%s\0' "$commit" | dd of="$binary" bs=1 seek=$((offset + 18)) conv=notrunc status=none
