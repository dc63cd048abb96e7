/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_RESULT_DETAILS (easel_result_details_get_type ())

G_DECLARE_FINAL_TYPE (EaselResultDetails, easel_result_details, EASEL, RESULT_DETAILS, AdwWindow)

GtkWindow *easel_result_details_new (EaselResultItem *item);

G_END_DECLS
