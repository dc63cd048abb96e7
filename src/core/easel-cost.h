#pragma once
#include "easel-types.h"
gboolean easel_cost_estimate (const char *model, const char *size, const char *quality, const char *usage_json, JsonObject *prices, double *usd);
