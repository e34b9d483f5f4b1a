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
