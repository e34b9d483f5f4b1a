// SPDX-License-Identifier: GPL-2.0
/*
 * Pins the ABI: struct sizes, field offsets that readers rely on, and the
 * ioctl encodings.  A change here is an ABI break.
 */
#include <stddef.h>

#include "logger.h"
#include "unit.h"

START_TEST(test_struct_sizes)
{
	ck_assert_uint_eq(sizeof(struct logger_record), 72);
	ck_assert_uint_eq(sizeof(struct logger_view), 16);
	ck_assert_uint_eq(sizeof(struct logger_view_stats), 48);
	ck_assert_uint_eq(sizeof(struct logger_pos), 16);
	ck_assert_uint_eq(sizeof(struct logger_stats), 400);
	ck_assert_uint_eq(sizeof(struct logger_config), 32);
	ck_assert_uint_eq(sizeof(struct logger_map_chunk), 64);
	ck_assert_uint_eq(sizeof(struct logger_map_rec), 72);
	ck_assert_uint_eq(sizeof(struct logger_map_level), 32);
	ck_assert_uint_eq(sizeof(struct logger_map_clear), 136);
	ck_assert_uint_eq(sizeof(struct logger_map_ctl), 2488);
	ck_assert_uint_eq(sizeof(struct logger_map_pos), 176);
}
END_TEST

START_TEST(test_record_header_layout)
{
	ck_assert_uint_eq(offsetof(struct logger_record, hdr_len), 0);
	ck_assert_uint_eq(offsetof(struct logger_record, msg_len), 8);
	ck_assert_uint_eq(offsetof(struct logger_record, seq), 16);
	ck_assert_uint_eq(offsetof(struct logger_record, lost), 24);
	ck_assert_uint_eq(offsetof(struct logger_record, comm), 56);
	ck_assert_uint_eq(LOGGER_ALIGN(0), 0);
	ck_assert_uint_eq(LOGGER_ALIGN(1), 8);
	ck_assert_uint_eq(LOGGER_ALIGN(8), 8);
}
END_TEST

START_TEST(test_ioctl_encodings)
{
	ck_assert_uint_eq(LOGGER_IOC_CLEAR, 0xbc00);
	ck_assert_uint_eq(LOGGER_IOC_GET_STATS, 0x8190bc01);
	ck_assert_uint_eq(LOGGER_IOC_GET_CONFIG, 0x8020bc02);
	ck_assert_uint_eq(LOGGER_IOC_SET_CONFIG, 0x4020bc03);
	ck_assert_uint_eq(LOGGER_IOC_GET_VIEW, 0x8010bc04);
	ck_assert_uint_eq(LOGGER_IOC_SET_VIEW, 0x4010bc05);
	ck_assert_uint_eq(LOGGER_IOC_VIEW_STATS, 0x8030bc06);
	ck_assert_uint_eq(LOGGER_IOC_NEXT_SIZE, 0x8008bc07);
	ck_assert_uint_eq(LOGGER_IOC_GET_POS, 0x8010bc08);
	ck_assert_uint_eq(LOGGER_IOC_SEEK, 0x4010bc09);
	ck_assert_uint_eq(LOGGER_IOC_MAP_SYNC, 0x40b0bc0a);
}
END_TEST

Suite *make_uapi_suite(void)
{
	Suite *s = suite_create("uapi");
	TCase *tc = tcase_create("abi");

	tcase_add_test(tc, test_struct_sizes);
	tcase_add_test(tc, test_record_header_layout);
	tcase_add_test(tc, test_ioctl_encodings);
	suite_add_tcase(s, tc);
	return s;
}
