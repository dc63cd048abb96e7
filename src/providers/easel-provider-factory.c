/* TEMPORARY STUB — replaced at merge */
#include "config.h"
#include "easel-provider-factory.h"
#include "easel-cost.h"
EaselProvider *easel_provider_new_for_kind (const EaselProviderConfig *config, const char *base_url, const char *api_key) { return NULL; }
EaselMappedRequest *easel_provider_map_request (const EaselProviderConfig *config, const EaselGenerateRequest *request, const EaselCapabilities *caps, GError **error) { g_set_error (error, EASEL_PROVIDER_ERROR, 0, "stub"); return NULL; }
gboolean easel_cost_estimate (const char *model, const char *size, const char *quality, const char *usage_json, JsonObject *prices, double *usd) { return FALSE; }
