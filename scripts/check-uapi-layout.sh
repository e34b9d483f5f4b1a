#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# check-uapi-layout.sh OBJ: fail when pahole finds a hole or padding in any
# struct logger_* of OBJ (built from tests/uapi-layout.c).
set -eu
obj=$1
out=$(pahole --show_only_data_members -C 'logger_record,logger_view,logger_view_stats,logger_pos,logger_stats,logger_config,logger_map_chunk,logger_map_rec,logger_map_level,logger_map_clear,logger_map_ctl,logger_map_pos,logger_map_cursor' "$obj" 2>&1) || {
	echo "pahole failed: $out" >&2
	exit 1
}
n=$(printf '%s\n' "$out" | grep -c '^struct logger_' || true)
if [ "$n" -lt 12 ]; then
	echo "pahole: expected 12 uapi structs, saw $n" >&2
	printf '%s\n' "$out" >&2
	exit 1
fi
if printf '%s\n' "$out" | grep -E 'XXX|hole|padding:|bit_padding'; then
	echo "pahole: uapi structs have holes or padding" >&2
	exit 1
fi
echo "pahole: $n uapi structs, no holes"
