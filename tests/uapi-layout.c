// SPDX-License-Identifier: GPL-2.0
/*
 * Instantiates every uapi struct so that pahole can read their layout
 * from the DWARF (scripts/check-uapi-layout.sh).
 */
#include "logger.h"

struct logger_record uapi_record;
struct logger_view uapi_view;
struct logger_view_stats uapi_view_stats;
struct logger_pos uapi_pos;
struct logger_stats uapi_stats;
struct logger_config uapi_config;
struct logger_map_chunk uapi_map_chunk;
struct logger_map_rec uapi_map_rec;
struct logger_map_level uapi_map_level;
struct logger_map_clear uapi_map_clear;
struct logger_map_ctl uapi_map_ctl;
struct logger_map_pos uapi_map_pos;
struct logger_map_cursor uapi_map_cursor;
