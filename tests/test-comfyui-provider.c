/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ComfyUI provider against the fake: normal, cached and progress jobs, every recorded
 * 400, runtime errors, precise cancel, websocket drops, unsafe names, a legacy server, check,
 * headers, and the fault matrix.
 */
#include "config.h"

#include <string.h>

#include "easel-comfyui-provider.h"
#include "easel-comfyui-socket.h"
#include "easel-error.h"
#include "easel-fake-comfyui.h"
#include "easel-fake-util.h"
#include "easel-generation.h"
#include "easel-image-setting.h"
#include "easel-json.h"
#include "easel-provider-config.h"

#define CHECKPOINT "sd_xl_base_1.0.safetensors"

/* Transcript 10's weight-free graph, and 17's websocket variant. */
static const char probe_workflow[] =
  "{\"1\": {\"class_type\": \"EmptyImage\", \"inputs\": {\"width\": 64, \"height\": 64, \"batch_size\": 1, \"color\": 16744448}},"
  " \"2\": {\"class_type\": \"SaveImage\", \"inputs\": {\"images\": [\"1\", 0], \"filename_prefix\": \"probe\"}}}";
static const char ws_workflow[] =
  "{\"1\": {\"class_type\": \"EmptyImage\", \"inputs\": {\"width\": 64, \"height\": 64, \"batch_size\": 3, \"color\": 65280}},"
  " \"2\": {\"class_type\": \"SaveImageWebsocket\", \"inputs\": {\"images\": [\"1\", 0]}}}";

typedef struct
{
  EaselFakeComfyui *fake;
} Fixture;

typedef struct
{
  double  fraction;
  char   *text;
  gsize   preview_size;
  char   *preview_mime;
} Tick;

typedef struct
{
  int        ref_count;
  GPtrArray *images;
  GError    *error;
  gboolean   done;
  GPtrArray *ticks;
  guint      previews;
  gboolean   progress_destroyed;
} Run;

static void
tick_free (Tick *tick)
{
  g_free (tick->text);
  g_free (tick->preview_mime);
  g_free (tick);
}

static Run *
run_new (void)
{
  Run *run = g_new0 (Run, 1);

  run->ref_count = 1;
  run->ticks = g_ptr_array_new_with_free_func ((GDestroyNotify) tick_free);
  return run;
}

static void
run_unref (Run *run)
{
  if (--run->ref_count > 0)
    return;
  g_clear_pointer (&run->images, g_ptr_array_unref);
  g_clear_error (&run->error);
  g_ptr_array_unref (run->ticks);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_unref)

static void
progress_cb (const EaselProgress *progress,
             gpointer             user_data)
{
  Run *run = user_data;
  Tick *tick = g_new0 (Tick, 1);

  g_assert_false (run->done);
  tick->fraction = progress->fraction;
  tick->text = g_strdup (progress->text);
  if (progress->preview != NULL)
    {
      tick->preview_size = g_bytes_get_size (progress->preview);
      tick->preview_mime = g_strdup (progress->preview_mime);
      run->previews++;
    }
  g_ptr_array_add (run->ticks, tick);
}

static void
progress_destroy (gpointer user_data)
{
  Run *run = user_data;

  run->progress_destroyed = TRUE;
  run_unref (run);
}

static void
generate_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;

  run->images = easel_provider_generate_finish (EASEL_PROVIDER (source), result, &run->error);
  run->done = TRUE;
  run_unref (run);
}

static Run *
start (EaselProvider        *provider,
       EaselGenerateRequest *request,
       GCancellable         *cancellable)
{
  Run *run = run_new ();

  run->ref_count += 2;
  easel_provider_generate_async (provider, request, progress_cb, run, progress_destroy,
                                 cancellable, generate_cb, run);
  return run;
}

static gboolean
run_done (gpointer data)
{
  return ((Run *) data)->done;
}

static void
wait_run (Run *run)
{
  easel_fake_wait_until (run_done, run, 15000);
  g_assert_true (run->progress_destroyed);
}

static Run *
generate (EaselProvider        *provider,
          EaselGenerateRequest *request)
{
  Run *run = start (provider, request, NULL);

  wait_run (run);
  return run;
}

static EaselProviderConfig *
make_config (const char         *workflow,
             const char * const *headers,
             const char         *options_json)
{
  EaselProviderConfig *config = easel_provider_config_new ("Studio", EASEL_PROVIDER_KIND_COMFYUI);
  g_autoptr(JsonNode) options = NULL;

  config->model = g_strdup (CHECKPOINT);
  config->workflow = g_strdup (workflow);
  config->headers = g_strdupv ((char **) headers);
  json_object_unref (config->options);
  options = json_from_string (options_json != NULL ? options_json : "{}", NULL);
  g_assert_nonnull (options);
  config->options = json_object_ref (json_node_get_object (options));
  /* Fast timers so a test never waits long; the options are the real knobs. */
  if (!json_object_has_member (config->options, "timeout_s"))
    json_object_set_double_member (config->options, "timeout_s", 5);
  if (!json_object_has_member (config->options, "reconnect_initial_s"))
    json_object_set_double_member (config->options, "reconnect_initial_s", 0.05);
  if (!json_object_has_member (config->options, "watchdog_s"))
    json_object_set_double_member (config->options, "watchdog_s", 0.5);
  if (!json_object_has_member (config->options, "cancel_wait_s"))
    json_object_set_double_member (config->options, "cancel_wait_s", 3);
  return config;
}

static EaselProvider *
make_provider_full (Fixture            *f,
                    const char         *base_url,
                    const char         *workflow,
                    const char * const *headers,
                    const char         *api_key,
                    const char         *options_json)
{
  g_autoptr(EaselProviderConfig) config = make_config (workflow, headers, options_json);

  return easel_comfyui_provider_new (config,
                                     base_url != NULL ? base_url
                                                      : easel_fake_comfyui_get_url (f->fake),
                                     api_key);
}

static EaselProvider *
make_provider (Fixture    *f,
               const char *workflow,
               const char *options_json)
{
  return make_provider_full (f, NULL, workflow, NULL, NULL, options_json);
}

static EaselGenerateRequest *
make_request (int width,
              int height,
              int count)
{
  EaselGenerateRequest *request = easel_generate_request_new ("a watercolor fox", NULL);
  g_autofree char *id = easel_uuid_new ();

  request->remote_id = g_steal_pointer (&id);
  request->setting->width = width;
  request->setting->height = height;
  request->setting->steps = 4;
  request->count = count;
  return request;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->fake = easel_fake_comfyui_new ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  /* Let the provider's last requests land before the server goes. */
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_clear_pointer (&f->fake, easel_fake_comfyui_free);
}

static gboolean
has_adjustment (EaselGeneratedImage *image,
                const char          *prefix)
{
  for (guint i = 0; i < image->adjustments->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (image->adjustments, i), prefix))
      return TRUE;
  return FALSE;
}

static gboolean
ids_contain (GPtrArray  *ids,
             const char *id)
{
  return g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL);
}

static char *
read_data (const char *name,
           gsize      *length)
{
  g_autofree char *path = g_build_filename (g_getenv ("EASEL_TEST_DATA"), "comfyui-0.3.65",
                                            name, NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, NULL));
  return contents;
}

/* ---- normal, cached, progress ------------------------------------------------------------ */

static void
test_normal_job (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(EaselProvider) provider = make_provider (f, NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = make_request (64, 64, 1);
  g_autoptr(Run) run = NULL;
  const EaselFakeComfyuiStats *stats = easel_fake_comfyui_get_stats (f->fake);
  EaselGeneratedImage *image;
  GBytes *served;
  g_autoptr(JsonNode) body = NULL;
  JsonObject *post;
  JsonObject *easel;
  double last = 0;
  gboolean saw_step = FALSE;

  run = generate (provider, request);
  g_assert_no_error (run->error);
  g_assert_cmpuint (run->images->len, ==, 1);
  image = g_ptr_array_index (run->images, 0);

  /* The bytes are exactly what /view served. */
  served = easel_fake_comfyui_get_file (f->fake, "output", "", "easel_00001_.png");
  g_assert_nonnull (served);
  g_assert_true (g_bytes_equal (image->bytes, served));
  g_assert_cmpstr (image->mime_type, ==, "image/png");
  g_assert_cmpint (image->width, ==, 64);
  g_assert_cmpint (image->height, ==, 64);
  g_assert_cmpstr (image->remote_id, ==, request->remote_id);
  g_assert_true (image->has_seed);
  g_assert_cmpstr (image->model, ==, CHECKPOINT);
  g_assert_cmpint (image->effective->steps, ==, 4);

  /* One POST with our ids and extra_data, one history read and delete, one socket. */
  g_assert_cmpuint (stats->prompts_accepted, ==, 1);
  body = json_from_string (g_ptr_array_index (stats->prompt_bodies, 0), NULL);
  post = json_node_get_object (body);
  g_assert_cmpstr (easel_json_object_get_string (post, "prompt_id"), ==, request->remote_id);
  g_assert_cmpstr (easel_json_object_get_string (post, "client_id"), ==,
                   easel_comfyui_provider_get_client_id (EASEL_COMFYUI_PROVIDER (provider)));
  g_assert_cmpstr (easel_json_object_get_string (easel_json_object_get_object (post, "extra_data"),
                                                 "preview_method"), ==, "auto");
  easel = easel_json_object_get_object (
    easel_json_object_get_object (easel_json_object_get_object (post, "extra_data"),
                                  "extra_pnginfo"), "easel");
  g_assert_cmpstr (easel_json_object_get_string (easel, "prompt_id"), ==, request->remote_id);
  g_assert_cmpuint (stats->history_deletes, ==, 1);
  g_assert_true (ids_contain (stats->history_deleted_ids, request->remote_id));
  g_assert_cmpuint (stats->ws_connections, ==, 1);
  g_assert_cmpuint (stats->ws_feature_flags, ==, 1);
  g_assert_cmpuint (stats->interrupts_bare + stats->interrupts_targeted, ==, 0);
  g_assert_cmpint (easel_provider_get_queue_remaining (provider), ==, 0);

  /* Progress never goes back and stays below 1; the sampler steps are spelled out. */
  for (guint i = 0; i < run->ticks->len; i++)
    {
      Tick *tick = g_ptr_array_index (run->ticks, i);

      g_assert_cmpfloat (tick->fraction, >=, last);
      g_assert_cmpfloat (tick->fraction, <, 1.0);
      last = tick->fraction;
      if (g_strcmp0 (tick->text, "Step 4 of 4") == 0)
        saw_step = TRUE;
    }
  g_assert_true (saw_step);
  g_assert_cmpfloat (last, >=, 0.9);
}

static void
test_recorded_png (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(EaselProvider) provider = make_provider (f, probe_workflow, NULL);
  g_autoptr(EaselGenerateRequest) request = make_request (0, 0, 1);
  g_autoptr(Run) run = NULL;
  g_autofree char *png = NULL;
  gsize length = 0;
  EaselGeneratedImage *image;

  request->setting->steps = 0;
  request->setting->has_seed = TRUE;
  request->setting->seed = 1;
  run = generate (provider, request);
  g_assert_no_error (run->error);
  g_assert_cmpuint (run->images->len, ==, 1);
  image = g_ptr_array_index (run->images, 0);
  png = read_data ("12-GET_view_job1.bin", &length);
  g_assert_cmpmem (g_bytes_get_data (image->bytes, NULL), g_bytes_get_size (image->bytes),
                   png, length);
  g_assert_true (has_adjustment (image, "seed ignored: workflow has no KSampler"));
  g_assert_cmpstr (g_ptr_array_index (easel_fake_comfyui_get_stats (f->fake)->view_filenames, 0),
                   ==, "probe_00001_.png");
}

static void
test_batch (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(EaselProvider) provider = make_provider (f, NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = make_request (96, 64, 3);
  g_autoptr(Run) run = generate (provider, request);

  g_assert_no_error (run->error);
  g_assert_cmpuint (run->images->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      EaselGeneratedImage *image = g_ptr_array_index (run->images, i);

      g_assert_cmpint (image->width, ==, 96);
      g_assert_cmpint (image->height, ==, 64);
    }
  g_assert_false (g_bytes_equal (((EaselGeneratedImage *) g_ptr_array_index (run->images, 0))->bytes,
                                 ((EaselGeneratedImage *) g_ptr_array_index (run->images, 1))->bytes));
}

static void
test_cached (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(EaselProvider) provider = make_provider (f, probe_workflow, NULL);
  g_autoptr(EaselGenerateRequest) first = make_request (0, 0, 1);
  g_autoptr(EaselGenerateRequest) second = make_request (0, 0, 1);
  g_autoptr(Run) run1 = NULL;
  g_autoptr(Run) run2 = NULL;
  EaselGeneratedImage *a;
  EaselGeneratedImage *b;

  run1 = generate (provider, first);
  g_assert_no_error (run1->error);
  run2 = generate (provider, second);
  g_assert_no_error (run2->error);
  a = g_ptr_array_index (run1->images, 0);
  b = g_ptr_array_index (run2->images, 0);

  /* Transcript 14: everything cached, the old file named again. */
  g_assert_true (g_bytes_equal (a->bytes, b->bytes));
  g_assert_false (has_adjustment (a, "no new image"));
  g_assert_true (has_adjustment (b, "no new image: ComfyUI reused a cached result"));
  g_assert_cmpstr (b->remote_id, ==, second->remote_id);
}

static void
test_previews_type4 (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(EaselProvider) provider = make_provider (f, NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = make_request (64, 64, 1);
  g_autoptr(Run) run = NULL;
  guint jpeg = 0;

  request->setting->steps = 6;
  run = generate (provider, request);
  g_assert_no_error (run->error);
  for (guint i = 0; i < run->ticks->len; i++)
    {
      Tick *tick = g_ptr_array_index (run->ticks, i);

      if (g_strcmp0 (tick->preview_mime, "image/jpeg") == 0)
        {
          jpeg++;
          g_assert_cmpuint (tick->preview_size, >, 100);
        }
    }
  /* One sampler preview per step, named by its metadata (type 4). */
  g_assert_cmpuint (jpeg, ==, 6);
  g_assert_cmpuint (easel_fake_comfyui_get_stats (f->fake)->ws_feature_flags, ==, 1);
}

static void
test_websocket_images (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(EaselProvider) provider = make_provider (f, ws_workflow, NULL);
  g_autoptr(EaselGenerateRequest) request = make_request (0, 0, 3);
  g_autoptr(Run) run = NULL;

  request->setting->steps = 0;
  run = generate (provider, request);
  g_assert_no_error (run->error);
  /* Transcript 16: the images exist only as binary frames; each is also a preview. */
  g_assert_cmpuint (run->images->len, ==, 3);
  g_assert_cmpstr (((EaselGeneratedImage *) g_ptr_array_index (run->images, 0))->mime_type, ==,
                   "image/png");
  g_assert_cmpuint (run->previews, ==, 3);
  g_assert_cmpuint (easel_fake_comfyui_get_stats (f->fake)->view_gets, ==, 0);
}

static void
test_previews_type1_legacy (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(EaselProvider) provider = make_provider (f, NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = make_request (64, 64, 1);
  g_autoptr(Run) run = NULL;
  EaselGeneratedImage *image;
  const char *minted;

  /* 0.3.43: its own prompt ids, no feature_flags reply, type-1 frames only. */
  easel_fake_comfyui_set_legacy (f->fake, TRUE);
  request->setting->steps = 5;
  run = generate (provider, request);
  g_assert_no_error (run->error);
  g_assert_true (easel_comfyui_provider_is_legacy (EASEL_COMFYUI_PROVIDER (provider)));
  image = g_ptr_array_index (run->images, 0);
  minted = easel_fake_comfyui_get_last_prompt_id (f->fake);
  g_assert_cmpstr (image->remote_id, ==, minted);
  g_assert_cmpstr (image->remote_id, !=, request->remote_id);
  g_assert_true (has_adjustment (image, "this ComfyUI is older than 0.3.45"));
  /* Type-1 previews attributed to the running prompt. */
  g_assert_cmpuint (run->previews, ==, 5);
  g_assert_true (ids_contain (easel_fake_comfyui_get_stats (f->fake)->history_deleted_ids,
                              minted));
}

/* ---- 400 bodies and runtime errors ------------------------------------------------------- */

typedef struct
{
  const char            *name;
  EaselFakeComfyuiFault  fault;
  const char            *workflow;
  const char            *model;
  const char            *sampler;
  const char * const    *checkpoints;
  EaselProviderError     code;
  const char            *field;
  const char            *message;
} ErrorCase;

static const char * const many_checkpoints[] = {
  "m01.safetensors", "m02.safetensors", "m03.safetensors", "m04.safetensors", "m05.safetensors",
  "m06.safetensors", "m07.safetensors", "m08.safetensors", "m09.safetensors", "m10.safetensors",
  "m11.safetensors", "m12.safetensors", "m13.safetensors", "m14.safetensors", "m15.safetensors",
  "m16.safetensors", "m17.safetensors", "m18.safetensors", "m19.safetensors", "m20.safetensors",
  "m21.safetensors", "m22.safetensors", "m23.safetensors", "m24.safetensors", "m25.safetensors",
  NULL
};
static const char * const no_checkpoints[] = { NULL };

static const ErrorCase error_cases[] = {
  { "18-no-outputs", EASEL_FAKE_COMFYUI_FAULT_NO_OUTPUTS, NULL, NULL, NULL, NULL,
    EASEL_PROVIDER_ERROR_INVALID_REQUEST, "workflow",
    "refused the workflow: Prompt has no outputs. It needs an output node such as Save Image." },
  { "19-bad-value", EASEL_FAKE_COMFYUI_FAULT_BAD_VALUE, probe_workflow, NULL, NULL, NULL,
    EASEL_PROVIDER_ERROR_INVALID_REQUEST, "width",
    "refused the workflow: EmptyImage (node 1) input width: Value -5 smaller than min of 1." },
  { "20-unknown-class", EASEL_FAKE_COMFYUI_FAULT_UNKNOWN_CLASS, NULL, NULL, NULL, NULL,
    EASEL_PROVIDER_ERROR_NOT_FOUND, "workflow",
    "is missing custom node NoSuchNode (Node ID '#1')" },
  { "20-unknown-class-by-graph", EASEL_FAKE_COMFYUI_FAULT_NONE,
    "{\"1\": {\"class_type\": \"EmptyImage\", \"inputs\": {\"width\": 8, \"height\": 8, \"batch_size\": 1, \"color\": 0}},"
    " \"5\": {\"class_type\": \"ImpactWildcardProcessor\", \"inputs\": {\"image\": [\"1\", 0]}},"
    " \"2\": {\"class_type\": \"SaveImage\", \"inputs\": {\"images\": [\"5\", 0], \"filename_prefix\": \"x\"}}}",
    NULL, NULL, NULL, EASEL_PROVIDER_ERROR_NOT_FOUND, "workflow",
    "is missing custom node ImpactWildcardProcessor (Node ID '#5')" },
  { "21-missing-link", EASEL_FAKE_COMFYUI_FAULT_MISSING_LINK, NULL, NULL, NULL, NULL,
    EASEL_PROVIDER_ERROR_INVALID_REQUEST, "workflow",
    "SaveImage (node 2) links to node '9', which is not in the workflow" },
  { "21-missing-link-by-graph", EASEL_FAKE_COMFYUI_FAULT_NONE,
    "{\"2\": {\"class_type\": \"SaveImage\", \"inputs\": {\"images\": [\"9\", 0], \"filename_prefix\": \"x\"}}}",
    NULL, NULL, NULL, EASEL_PROVIDER_ERROR_INVALID_REQUEST, "workflow",
    "SaveImage (node 2) links to node '9', which is not in the workflow" },
  { "22-not-json-500", EASEL_FAKE_COMFYUI_FAULT_SERVER_ERROR, NULL, NULL, NULL, NULL,
    EASEL_PROVIDER_ERROR_SERVER, NULL, "Server got itself in trouble" },
  { "missing-checkpoint", EASEL_FAKE_COMFYUI_FAULT_NONE, NULL, "nope.safetensors", NULL, NULL,
    EASEL_PROVIDER_ERROR_NOT_FOUND, "model",
    "checkpoint 'nope.safetensors' is not installed; installed: sd_xl_base_1.0.safetensors, "
    "v1-5-pruned-emaonly.safetensors. Pick an installed model" },
  { "missing-checkpoint-long-list", EASEL_FAKE_COMFYUI_FAULT_NONE, NULL, "nope.safetensors",
    NULL, many_checkpoints, EASEL_PROVIDER_ERROR_NOT_FOUND, "model",
    "checkpoint 'nope.safetensors' is not installed; installed: (list of length 25)" },
  { "missing-checkpoint-none-installed", EASEL_FAKE_COMFYUI_FAULT_NONE, NULL, "nope.safetensors",
    NULL, no_checkpoints, EASEL_PROVIDER_ERROR_NOT_FOUND, "model",
    "checkpoint 'nope.safetensors' is not installed; installed: none" },
  { "missing-checkpoint-fault", EASEL_FAKE_COMFYUI_FAULT_MISSING_CHECKPOINT, NULL, NULL, NULL,
    NULL, EASEL_PROVIDER_ERROR_NOT_FOUND, "model",
    "checkpoint 'sd_xl_base_1.0.safetensors' is not installed" },
  { "unknown-sampler", EASEL_FAKE_COMFYUI_FAULT_NONE, NULL, NULL, "Restart", NULL,
    EASEL_PROVIDER_ERROR_INVALID_REQUEST, "sampler",
    "KSampler (node 3) input sampler_name: 'Restart' is not one of the choices: "
    "(list of length 42)" },
  { "execution-error", EASEL_FAKE_COMFYUI_FAULT_EXECUTION_ERROR, NULL, NULL, NULL, NULL,
    EASEL_PROVIDER_ERROR_SERVER, NULL,
    "failed in KSampler (node 3): Allocation on device 0 would exceed allowed memory. (out of "
    "memory). The GPU ran out of memory" },
};

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  const ErrorCase *c = data;
  g_autoptr(EaselProvider) provider = make_provider (f, c->workflow, NULL);
  g_autoptr(EaselGenerateRequest) request = make_request (64, 64, 1);
  g_autoptr(Run) run = NULL;

  if (c->checkpoints != NULL)
    easel_fake_comfyui_set_checkpoints (f->fake, c->checkpoints);
  easel_fake_comfyui_set_fault (f->fake, c->fault);
  request->model = g_strdup (c->model);
  easel_image_setting_set_string (&request->setting->sampler, c->sampler);

  run = generate (provider, request);
  g_assert_null (run->images);
  g_assert_nonnull (run->error);
  g_test_message ("%s → %s: %s", c->name,
                  easel_provider_error_code_to_string (run->error->code), run->error->message);
  g_assert_error (run->error, EASEL_PROVIDER_ERROR, (gint) c->code);
  g_assert_nonnull (strstr (run->error->message, c->message));
  g_assert_cmpstr (easel_provider_error_get_field (run->error), ==, c->field);

  if (c->fault == EASEL_FAKE_COMFYUI_FAULT_EXECUTION_ERROR)
    {
      /* The traceback is for the details view only. */
      g_assert_null (strstr (run->error->message, "Traceback"));
      g_assert_null (strstr (run->error->message, "execution.py"));
      g_assert_nonnull (strstr (easel_provider_error_get_details (run->error), "execution.py"));
      g_assert_true (ids_contain (easel_fake_comfyui_get_stats (f->fake)->history_deleted_ids,
                                  request->remote_id));
    }
  if (c->fault == EASEL_FAKE_COMFYUI_FAULT_MISSING_LINK)
    g_assert_nonnull (strstr (easel_provider_error_get_details (run->error), "<comfyui-dir>"));
}

static void
test_interrupted_by_someone_else (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(EaselProvider) provider = make_provider (f, NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = make_request (64, 64, 1);
  g_autoptr(Run) run = NULL;

  easel_fake_comfyui_set_node_delay_ms (f->fake, 150);
  run = start (provider, request, NULL);
  while (easel_fake_comfyui_get_running_prompt_id (f->fake) == NULL && !run->done)
    g_main_context_iteration (NULL, TRUE);
  easel_fake_comfyui_interrupt (f->fake);
  wait_run (run);
  g_assert_error (run->error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_SERVER);
  g_assert_nonnull (strstr (run->error->message, "interrupted by someone else"));
}

/* ---- cancel ------------------------------------------------------------------------------ */

static gboolean
fake_has_pending (gpointer data)
{
  return easel_fake_comfyui_get_pending_count (((Fixture *) data)->fake) > 0;
}

typedef struct
{
  Fixture    *f;
  const char *prompt_id;
} PendingWait;

/* @prompt_id waits in the server's queue behind a running prompt. */
static gboolean
prompt_is_pending (gpointer data)
{
  PendingWait *w = data;

  return easel_fake_comfyui_get_running_prompt_id (w->f->fake) != NULL &&
         easel_fake_comfyui_get_pending_count (w->f->fake) > 0 &&
         g_strcmp0 (easel_fake_comfyui_get_last_prompt_id (w->f->fake), w->prompt_id) == 0;
}

typedef struct
{
  Run *run;
  int  min_ticks;
} TickWait;

static gboolean
sampling (gpointer data)
{
  TickWait *w = data;

  for (guint i = 0; i < w->run->ticks->len; i++)
    if (g_str_has_prefix (((Tick *) g_ptr_array_index (w->run->ticks, i))->text, "Step"))
      return TRUE;
  return w->run->done;
}

static void
test_cancel_queued (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(EaselProvider) provider = make_provider (f, NULL, NULL);
  g_autoptr(EaselGenerateRequest) first = make_request (64, 64, 1);
  g_autoptr(EaselGenerateRequest) second = make_request (64, 64, 1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(Run) running = NULL;
  g_autoptr(Run) queued = NULL;
  const EaselFakeComfyuiStats *stats = easel_fake_comfyui_get_stats (f->fake);
  PendingWait wait = { f, NULL };

  easel_fake_comfyui_set_node_delay_ms (f->fake, 60);
  running = start (provider, first, NULL);
  queued = start (provider, second, cancellable);
  wait.prompt_id = second->remote_id;
  easel_fake_wait_until (prompt_is_pending, &wait, 5000);

  g_cancellable_cancel (cancellable);
  wait_run (queued);
  g_assert_error (queued->error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CANCELLED);

  /* A queue delete for exactly that id; no interrupt of any kind. */
  g_assert_cmpuint (stats->queue_deletes, ==, 1);
  g_assert_cmpuint (stats->queue_deleted_ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (stats->queue_deleted_ids, 0), ==, second->remote_id);
  g_assert_cmpuint (stats->interrupts_targeted, ==, 0);
  g_assert_cmpuint (stats->interrupts_bare, ==, 0);

  /* The other job is untouched. */
  wait_run (running);
  g_assert_no_error (running->error);
  g_assert_cmpuint (stats->prompts_completed, ==, 1);
}

static void
test_cancel_running (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(EaselProvider) provider = make_provider (f, NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = make_request (64, 64, 1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(Run) run = NULL;
  const EaselFakeComfyuiStats *stats = easel_fake_comfyui_get_stats (f->fake);
  TickWait wait;

  request->setting->steps = 20;
  easel_fake_comfyui_set_node_delay_ms (f->fake, 100);
  run = start (provider, request, cancellable);
  wait.run = run;
  easel_fake_wait_until (sampling, &wait, 10000);
  g_assert_false (run->done);

  g_cancellable_cancel (cancellable);
  wait_run (run);
  g_assert_error (run->error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CANCELLED);

  /* Targeted at exactly our prompt, never bare; waited for the end, then history cleaned. */
  g_assert_cmpuint (stats->interrupts_targeted, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (stats->interrupted_ids, 0), ==, request->remote_id);
  g_assert_cmpuint (stats->interrupts_bare, ==, 0);
  g_assert_cmpuint (stats->queue_deletes, ==, 0);
  g_assert_cmpuint (stats->prompts_completed, ==, 1);
  g_assert_true (ids_contain (stats->history_deleted_ids, request->remote_id));
  g_assert_null (easel_fake_comfyui_get_running_prompt_id (f->fake));
}

static void
test_cancel_running_legacy (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(EaselProvider) provider = make_provider (f, NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = make_request (64, 64, 1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(Run) run = NULL;
  const EaselFakeComfyuiStats *stats = easel_fake_comfyui_get_stats (f->fake);
  gint queue_at = -1, interrupt_at = -1;
  TickWait wait;

  easel_fake_comfyui_set_legacy (f->fake, TRUE);
  request->setting->steps = 20;
  easel_fake_comfyui_set_node_delay_ms (f->fake, 100);
  run = start (provider, request, cancellable);
  wait.run = run;
  easel_fake_wait_until (sampling, &wait, 10000);

  g_cancellable_cancel (cancellable);
  wait_run (run);
  g_assert_error (run->error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CANCELLED);

  /* On 0.3.43 every interrupt is global: Easel looked at the queue first. */
  for (guint i = 0; i < stats->log->len; i++)
    {
      const char *line = g_ptr_array_index (stats->log, i);

      if (g_str_equal (line, "GET /queue") && interrupt_at < 0)
        queue_at = (gint) i;
      if (g_str_equal (line, "POST /interrupt"))
        interrupt_at = (gint) i;
    }
  g_assert_cmpint (queue_at, >=, 0);
  g_assert_cmpint (interrupt_at, >, queue_at);
  g_assert_cmpuint (stats->interrupts_bare, ==, 0);
  g_assert_cmpuint (stats->interrupts_targeted, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (stats->interrupted_ids, 0), ==,
                   easel_fake_comfyui_get_last_prompt_id (f->fake));
}

static void
test_cancel_before_start (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(EaselProvider) provider = make_provider (f, NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = make_request (64, 64, 1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(Run) run = NULL;

  g_cancellable_cancel (cancellable);
  run = start (provider, request, cancellable);
  wait_run (run);
  g_assert_error (run->error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CANCELLED);
  g_assert_cmpuint (easel_fake_comfyui_get_stats (f->fake)->prompts_posted, ==, 0);
}

static void
test_cancel_while_connecting (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(EaselProvider) provider = make_provider (f, NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = make_request (64, 64, 1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(Run) run = NULL;

  /* Before the websocket is up nothing is on the server: nothing to clean. */
  run = start (provider, request, cancellable);
  g_cancellable_cancel (cancellable);
  wait_run (run);
  g_assert_error (run->error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CANCELLED);
  g_assert_cmpuint (easel_fake_comfyui_get_stats (f->fake)->prompts_posted, ==, 0);
  g_assert_cmpuint (easel_comfyui_provider_get_jobs_in_flight (EASEL_COMFYUI_PROVIDER (provider)),
                    ==, 0);
}

static void
test_job_timeout (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(EaselProvider) provider = make_provider (f, NULL, "{\"job_timeout_s\": 0.4}");
  g_autoptr(EaselGenerateRequest) request = make_request (64, 64, 1);
  g_autoptr(Run) run = NULL;
  const EaselFakeComfyuiStats *stats = easel_fake_comfyui_get_stats (f->fake);

  request->setting->steps = 10;
  easel_fake_comfyui_set_node_delay_ms (f->fake, 300);
  run = generate (provider, request);
  g_assert_error (run->error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (run->error->message, "job_timeout_s"));
  g_assert_cmpuint (stats->interrupts_bare, ==, 0);
  g_assert_cmpuint (stats->interrupts_targeted, ==, 1);
}

/* ---- websocket trouble ------------------------------------------------------------------- */

static void
test_websocket_drop (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(EaselProvider) provider = make_provider (f, NULL, "{\"watchdog_s\": 10}");
  g_autoptr(EaselGenerateRequest) request = make_request (64, 64, 1);
  g_autoptr(Run) run = NULL;
  const EaselFakeComfyuiStats *stats = easel_fake_comfyui_get_stats (f->fake);

  /* Cut after the first node; reconnects refused until the job is done, so it finishes while
   * disconnected and only the re-check over HTTP can collect it.
   */
  easel_fake_comfyui_set_fault (f->fake, EASEL_FAKE_COMFYUI_FAULT_WS_DROP);
  easel_fake_comfyui_set_node_delay_ms (f->fake, 30);
  run = generate (provider, request);
  g_assert_no_error (run->error);
  g_assert_cmpuint (run->images->len, ==, 1);
  g_assert_cmpuint (stats->ws_connections, >=, 2);
  g_assert_cmpuint (stats->ws_rejected, >=, 1);
  g_assert_cmpuint (stats->history_gets, >=, 2);
  g_assert_cmpuint (stats->prompts_posted, ==, 1);
  g_assert_true (ids_contain (stats->history_deleted_ids, request->remote_id));
}

static void
test_orphaned_socket (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(EaselProvider) provider = make_provider (f, NULL,
                                                     "{\"orphan_check_s\": 0.2, \"watchdog_s\": 10}");
  g_autoptr(EaselGenerateRequest) request = make_request (64, 64, 1);
  g_autoptr(Run) run = NULL;
  const EaselFakeComfyuiStats *stats = easel_fake_comfyui_get_stats (f->fake);

  easel_fake_comfyui_set_fault (f->fake, EASEL_FAKE_COMFYUI_FAULT_ORPHAN_SOCKET);
  easel_fake_comfyui_set_node_delay_ms (f->fake, 50);
  run = generate (provider, request);
  g_assert_no_error (run->error);
  /* No status after the POST → close, then a new connection with the same clientId. */
  g_assert_cmpuint (stats->ws_connections, ==, 2);
  g_assert_cmpuint (stats->prompts_posted, ==, 1);
}

static void
test_unsafe_filename (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(EaselProvider) provider = make_provider (f, NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = make_request (64, 64, 1);
  g_autoptr(Run) run = NULL;
  const EaselFakeComfyuiStats *stats = easel_fake_comfyui_get_stats (f->fake);

  easel_fake_comfyui_set_fault (f->fake, EASEL_FAKE_COMFYUI_FAULT_UNSAFE_FILENAME);
  run = generate (provider, request);
  g_assert_error (run->error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (run->error->message, "“../../outside_00001_.png”"));
  /* Never requested, never used as a path. */
  g_assert_cmpuint (stats->view_gets, ==, 0);
  g_assert_true (ids_contain (stats->history_deleted_ids, request->remote_id));
}

static void
test_resume_known_id (Fixture       *f,
                      gconstpointer  data)
{
  const char *client_id = "7d0c2f7e-5a3b-4c64-9d55-3e9b4a1f2c80";
  g_autofree char *prompt_id = easel_uuid_new ();
  g_autoptr(EaselProviderConfig) config = make_config (probe_workflow, NULL, "{\"watchdog_s\": 0.2}");
  g_autoptr(EaselProvider) provider = NULL;
  g_autoptr(EaselGenerateRequest) request = make_request (0, 0, 1);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) post = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = g_strconcat (easel_fake_comfyui_get_url (f->fake), "/prompt", NULL);
  g_autofree char *text = NULL;
  g_autoptr(Run) run = NULL;

  /* Easel posted the job, then crashed; the job is still queued behind a long one. */
  easel_fake_comfyui_set_node_delay_ms (f->fake, 80);
  text = g_strdup_printf ("{\"prompt\": %s, \"client_id\": \"%s\", \"prompt_id\": \"%s\"}",
                          probe_workflow, client_id, prompt_id);
  post = soup_message_new ("POST", url);
  body = g_bytes_new (text, strlen (text));
  soup_message_set_request_body_from_bytes (post, "application/json", body);
  /* Sent asynchronously: the fake answers from this main context. */
  soup_session_send_and_read_async (session, post, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  easel_fake_wait_until (fake_has_pending, f, 5000);

  g_free (config->client_id);
  config->client_id = g_strdup (client_id);
  provider = easel_comfyui_provider_new (config, easel_fake_comfyui_get_url (f->fake), NULL);
  g_free (request->remote_id);
  request->remote_id = g_strdup (prompt_id);
  request->setting->steps = 0;
  run = generate (provider, request);
  g_assert_no_error (run->error);
  g_assert_cmpuint (run->images->len, ==, 1);
  /* Found on the server: watched, never posted twice. */
  g_assert_cmpuint (easel_fake_comfyui_get_stats (f->fake)->prompts_posted, ==, 1);
}

static void
test_two_jobs_one_socket (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(EaselProvider) provider = make_provider (f, NULL, NULL);
  g_autoptr(EaselGenerateRequest) a = make_request (64, 64, 1);
  g_autoptr(EaselGenerateRequest) b = make_request (128, 64, 1);
  g_autoptr(Run) run_a = NULL;
  g_autoptr(Run) run_b = NULL;
  const EaselFakeComfyuiStats *stats = easel_fake_comfyui_get_stats (f->fake);

  easel_fake_comfyui_set_node_delay_ms (f->fake, 10);
  run_a = start (provider, a, NULL);
  run_b = start (provider, b, NULL);
  wait_run (run_a);
  wait_run (run_b);
  g_assert_no_error (run_a->error);
  g_assert_no_error (run_b->error);
  g_assert_cmpint (((EaselGeneratedImage *) g_ptr_array_index (run_b->images, 0))->width, ==, 128);
  g_assert_cmpuint (stats->ws_connections, ==, 1);
  g_assert_cmpuint (stats->max_running, ==, 1);
  g_assert_cmpuint (easel_comfyui_provider_get_jobs_in_flight (EASEL_COMFYUI_PROVIDER (provider)),
                    ==, 0);
}

/* ---- headers, origin, prefix ------------------------------------------------------------- */

static void
test_headers_everywhere (Fixture       *f,
                         gconstpointer  data)
{
  static const char * const headers[] = {
    "X-Proxy-Token: abc123", "CF-Access-Client-Id: id.access", NULL
  };
  g_autoptr(EaselProvider) provider = make_provider_full (f, NULL, NULL, headers, "s3cret",
                                                          NULL);
  g_autoptr(EaselGenerateRequest) request = make_request (64, 64, 1);
  g_autoptr(Run) run = generate (provider, request);
  const EaselFakeComfyuiStats *stats = easel_fake_comfyui_get_stats (f->fake);

  g_assert_no_error (run->error);
  g_assert_cmpstr (easel_fake_comfyui_get_request_header (f->fake, "X-Proxy-Token"), ==, "abc123");
  g_assert_cmpstr (easel_fake_comfyui_get_request_header (f->fake, "CF-Access-Client-Id"), ==,
                   "id.access");
  g_assert_cmpstr (easel_fake_comfyui_get_request_header (f->fake, "Authorization"), ==,
                   "Bearer s3cret");
  g_assert_cmpstr (easel_fake_comfyui_get_ws_header (f->fake, "X-Proxy-Token"), ==, "abc123");
  g_assert_cmpstr (easel_fake_comfyui_get_ws_header (f->fake, "Authorization"), ==,
                   "Bearer s3cret");
  /* No Origin on the handshake nor anywhere else. */
  g_assert_null (easel_fake_comfyui_get_ws_header (f->fake, "Origin"));
  g_assert_cmpuint (stats->origin_headers, ==, 0);
}

static void
test_header_authorization_wins (Fixture       *f,
                                gconstpointer  data)
{
  static const char * const headers[] = { "Authorization: Basic dXNlcjpwYXNz", NULL };
  g_autoptr(EaselProvider) provider = make_provider_full (f, NULL, NULL, headers, "s3cret",
                                                          NULL);
  g_autoptr(EaselGenerateRequest) request = make_request (64, 64, 1);
  g_autoptr(Run) run = generate (provider, request);

  g_assert_no_error (run->error);
  g_assert_cmpstr (easel_fake_comfyui_get_request_header (f->fake, "Authorization"), ==,
                   "Basic dXNlcjpwYXNz");
  g_assert_cmpstr (easel_fake_comfyui_get_ws_header (f->fake, "Authorization"), ==,
                   "Basic dXNlcjpwYXNz");
}

static void
test_origin_check_403 (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const headers[] = { "Origin: https://comfy.example.org", NULL };
  g_autoptr(EaselProvider) provider = make_provider_full (f, NULL, NULL, headers, NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = make_request (64, 64, 1);
  g_autoptr(Run) run = generate (provider, request);

  g_assert_error (run->error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_AUTH);
  g_assert_nonnull (strstr (run->error->message, "origin check"));
  g_assert_cmpuint (easel_fake_comfyui_get_stats (f->fake)->origin_rejections, ==, 1);
}

static void
test_path_prefix (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *base = g_strconcat (easel_fake_comfyui_get_url (f->fake), "/api", NULL);
  g_autoptr(EaselProvider) provider = make_provider_full (f, base, NULL, NULL, NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = make_request (64, 64, 1);
  g_autoptr(Run) run = generate (provider, request);
  const EaselFakeComfyuiStats *stats = easel_fake_comfyui_get_stats (f->fake);
  g_autofree char *ws = easel_comfyui_socket_build_url ("https://h.example/comfy/", "c-1");

  g_assert_no_error (run->error);
  g_assert_true (ids_contain (stats->log, "GET /api/ws"));
  g_assert_true (ids_contain (stats->log, "POST /api/prompt"));
  g_assert_cmpstr (ws, ==, "wss://h.example/comfy/ws?clientId=c-1");
}

/* ---- check ------------------------------------------------------------------------------- */

typedef struct
{
  EaselServerInfo *info;
  GError          *error;
  gboolean         done;
} CheckRun;

static void
check_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  CheckRun *run = user_data;

  run->info = easel_provider_check_finish (EASEL_PROVIDER (source), result, &run->error);
  run->done = TRUE;
}

static gboolean
check_done (gpointer data)
{
  return ((CheckRun *) data)->done;
}

static void
run_check (EaselProvider *provider,
           CheckRun      *run)
{
  easel_provider_check_async (provider, NULL, check_cb, run);
  easel_fake_wait_until (check_done, run, 10000);
}

static void
test_check (Fixture       *f,
            gconstpointer  data)
{
  gboolean v3 = GPOINTER_TO_INT (data);
  g_autoptr(EaselProvider) provider = make_provider (f, NULL, NULL);
  g_autoptr(EaselCapabilities) caps = NULL;
  CheckRun run = { NULL, };

  easel_fake_comfyui_set_v3_combos (f->fake, v3);
  run_check (provider, &run);
  g_assert_no_error (run.error);
  g_assert_cmpstr (run.info->version, ==, "0.3.65");
  g_assert_nonnull (strstr (run.info->details, "cpu"));
  g_assert_nonnull (strstr (run.info->details, "RAM free"));
  g_assert_true (g_strv_contains ((const char * const *) run.info->samplers, "euler"));
  g_assert_true (g_strv_contains ((const char * const *) run.info->samplers, "uni_pc_bh2"));
  g_assert_cmpuint (g_strv_length (run.info->samplers), ==, 42);
  g_assert_true (g_strv_contains ((const char * const *) run.info->schedulers, "karras"));
  g_assert_cmpuint (g_strv_length (run.info->schedulers), ==, 9);
  g_assert_cmpuint (g_strv_length (run.info->models), ==, 2);
  g_assert_cmpstr (run.info->models[0], ==, CHECKPOINT);
  g_assert_null (run.info->warnings);

  /* KSampler's seed max is 2^64 − 1, read as −1: unbounded, not "max −1". */
  caps = easel_provider_get_capabilities (provider, NULL);
  g_assert_cmpint (caps->max_seed, ==, G_MAXINT64);
  g_assert_cmpint (caps->max_steps, ==, 1000);
  g_assert_cmpuint (easel_fake_comfyui_get_stats (f->fake)->ws_connections, ==, 1);
  easel_server_info_free (run.info);
}

static void
test_check_no_checkpoints (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(EaselProvider) provider = make_provider (f, NULL, NULL);
  CheckRun run = { NULL, };

  /* The recorded server: `ckpt_name: [[], …]`. */
  easel_fake_comfyui_set_checkpoints (f->fake, no_checkpoints);
  run_check (provider, &run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (g_strv_length (run.info->models), ==, 0);
  g_assert_nonnull (run.info->warnings);
  g_assert_true (g_str_has_prefix (run.info->warnings[0], "no checkpoints installed"));
  easel_server_info_free (run.info);
}

static void
test_check_slow_object_info (Fixture       *f,
                             gconstpointer  data)
{
  CheckRun run = { NULL, };
  CheckRun slow = { NULL, };

  easel_fake_comfyui_set_object_info_delay_ms (f->fake, 300);
  {
    /* /object_info has its own, longer timeout than the other calls. */
    g_autoptr(EaselProvider) provider = make_provider (f, NULL,
                                                       "{\"timeout_s\": 0.3, "
                                                       "\"object_info_timeout_s\": 5}");
    run_check (provider, &run);
    g_assert_no_error (run.error);
    easel_server_info_free (run.info);
  }
  {
    g_autoptr(EaselProvider) provider = make_provider (f, NULL,
                                                       "{\"object_info_timeout_s\": 0.1}");
    run_check (provider, &slow);
    g_assert_error (slow.error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_TIMEOUT);
    g_assert_nonnull (strstr (slow.error->message, "GET /object_info/KSampler"));
    g_clear_error (&slow.error);
  }
}

/* ---- binary frames (§10.4) --------------------------------------------------------------- */

static GBytes *
frame_bytes (guint32       event,
             guint32       word,
             const void   *payload,
             gsize         length)
{
  GByteArray *array = g_byte_array_new ();
  guint32 be;

  be = GUINT32_TO_BE (event);
  g_byte_array_append (array, (guint8 *) &be, 4);
  be = GUINT32_TO_BE (word);
  g_byte_array_append (array, (guint8 *) &be, 4);
  if (payload != NULL)
    g_byte_array_append (array, payload, length);
  return g_byte_array_free_to_bytes (array);
}

static void
test_frames (void)
{
  g_autoptr(GBytes) png = easel_fake_make_png (8, 8, 0xff0000ff);
  g_autoptr(GBytes) jpeg = easel_fake_make_jpeg (8, 8, 0xff0000ff);
  g_autoptr(GError) error = NULL;
  EaselComfyuiFrame frame;

  /* Type 1, JPEG. */
  {
    g_autoptr(GBytes) bytes = frame_bytes (1, 1, g_bytes_get_data (jpeg, NULL),
                                           g_bytes_get_size (jpeg));
    g_assert_true (easel_comfyui_frame_parse (bytes, &frame, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (frame.mime, ==, "image/jpeg");
    g_assert_true (g_bytes_equal (frame.image, jpeg));
    g_assert_null (frame.prompt_id);
    easel_comfyui_frame_clear (&frame);
  }
  /* Type 4, PNG, naming its prompt. */
  {
    const char *meta = "{\"node_id\": \"3\", \"prompt_id\": \"p-1\", \"image_type\": \"image/png\"}";
    g_autoptr(GByteArray) payload = g_byte_array_new ();
    g_autoptr(GBytes) bytes = NULL;

    g_byte_array_append (payload, (const guint8 *) meta, strlen (meta));
    g_byte_array_append (payload, g_bytes_get_data (png, NULL), g_bytes_get_size (png));
    bytes = frame_bytes (4, strlen (meta), payload->data, payload->len);
    g_assert_true (easel_comfyui_frame_parse (bytes, &frame, &error));
    g_assert_cmpstr (frame.prompt_id, ==, "p-1");
    g_assert_cmpstr (frame.node_id, ==, "3");
    g_assert_cmpstr (frame.mime, ==, "image/png");
    easel_comfyui_frame_clear (&frame);
  }
  /* Short, overflowing, garbage, unknown. */
  {
    g_autoptr(GBytes) short_frame = g_bytes_new ("\0\0\0\1", 4);
    g_autoptr(GBytes) overflow = frame_bytes (4, 0xfffffff0, "{}", 2);
    g_autoptr(GBytes) not_image = frame_bytes (1, 2, "hello", 5);
    g_autoptr(GBytes) bad_format = frame_bytes (1, 9, g_bytes_get_data (png, NULL),
                                                g_bytes_get_size (png));
    g_autoptr(GBytes) unknown = frame_bytes (77, 0, "x", 1);
    g_autoptr(GBytes) text = frame_bytes (3, 1, "7hello", 6);
    g_autoptr(GBytes) bad_text = frame_bytes (3, 100, "7", 1);

    g_assert_false (easel_comfyui_frame_parse (short_frame, &frame, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    easel_comfyui_frame_clear (&frame);
    g_assert_false (easel_comfyui_frame_parse (overflow, &frame, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    easel_comfyui_frame_clear (&frame);
    g_assert_false (easel_comfyui_frame_parse (not_image, &frame, &error));
    g_assert_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE);
    g_clear_error (&error);
    easel_comfyui_frame_clear (&frame);
    g_assert_false (easel_comfyui_frame_parse (bad_format, &frame, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    easel_comfyui_frame_clear (&frame);
    g_assert_false (easel_comfyui_frame_parse (unknown, &frame, &error));
    g_assert_no_error (error);
    easel_comfyui_frame_clear (&frame);
    g_assert_true (easel_comfyui_frame_parse (text, &frame, &error));
    g_assert_cmpstr (frame.node_id, ==, "7");
    g_assert_cmpstr (frame.text, ==, "hello");
    easel_comfyui_frame_clear (&frame);
    g_assert_false (easel_comfyui_frame_parse (bad_text, &frame, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    easel_comfyui_frame_clear (&frame);
  }
}

/* ---- the fault matrix -------------------------------------------------------------------- */

typedef struct
{
  const char            *name;
  EaselFakeComfyuiFault  fault;
  const char            *options;
  gboolean               refused;
  gboolean               succeeds;
  EaselProviderError     code;
  const char            *message;
} MatrixCase;

static const MatrixCase matrix[] = {
  { "connection-refused", 0, NULL, TRUE, FALSE, EASEL_PROVIDER_ERROR_CONNECT,
    "Check that the server is running" },
  { "stall", EASEL_FAKE_COMFYUI_FAULT_STALL, "{\"timeout_s\": 0.4}", FALSE, FALSE,
    EASEL_PROVIDER_ERROR_TIMEOUT, "did not answer POST /prompt within 0.4 s" },
  { "401", EASEL_FAKE_COMFYUI_FAULT_UNAUTHORIZED, NULL, FALSE, FALSE, EASEL_PROVIDER_ERROR_AUTH,
    "refused the websocket connection (HTTP 401 Unauthorized)" },
  { "429", EASEL_FAKE_COMFYUI_FAULT_RATE_LIMITED, NULL, FALSE, FALSE,
    EASEL_PROVIDER_ERROR_RATE_LIMITED, "429: Too Many Requests" },
  { "500", EASEL_FAKE_COMFYUI_FAULT_SERVER_ERROR, NULL, FALSE, FALSE, EASEL_PROVIDER_ERROR_SERVER,
    "Server got itself in trouble" },
  { "malformed-json", EASEL_FAKE_COMFYUI_FAULT_MALFORMED_JSON, NULL, FALSE, FALSE,
    EASEL_PROVIDER_ERROR_BAD_RESPONSE, "sent an answer that is not JSON" },
  { "truncated-body", EASEL_FAKE_COMFYUI_FAULT_TRUNCATED, NULL, FALSE, FALSE,
    EASEL_PROVIDER_ERROR_BAD_RESPONSE, "was cut off" },
  { "not-image", EASEL_FAKE_COMFYUI_FAULT_NOT_IMAGE, NULL, FALSE, FALSE,
    EASEL_PROVIDER_ERROR_BAD_RESPONSE, "is not an image" },
  { "oversized-body", EASEL_FAKE_COMFYUI_FAULT_OVERSIZED, "{\"max_body\": 65536}", FALSE, FALSE,
    EASEL_PROVIDER_ERROR_BAD_RESPONSE, "is larger than the" },
  { "node-error", EASEL_FAKE_COMFYUI_FAULT_MISSING_CHECKPOINT, NULL, FALSE, FALSE,
    EASEL_PROVIDER_ERROR_NOT_FOUND, "is not installed; installed:" },
  { "unknown-node", EASEL_FAKE_COMFYUI_FAULT_UNKNOWN_CLASS, NULL, FALSE, FALSE,
    EASEL_PROVIDER_ERROR_NOT_FOUND, "missing custom node NoSuchNode" },
  { "execution-error", EASEL_FAKE_COMFYUI_FAULT_EXECUTION_ERROR, NULL, FALSE, FALSE,
    EASEL_PROVIDER_ERROR_SERVER, "failed in KSampler (node 3)" },
  { "websocket-drop", EASEL_FAKE_COMFYUI_FAULT_WS_DROP, NULL, FALSE, TRUE, 0, NULL },
  { "orphaned-socket", EASEL_FAKE_COMFYUI_FAULT_ORPHAN_SOCKET, "{\"orphan_check_s\": 0.2}",
    FALSE, TRUE, 0, NULL },
  { "unsafe-filename", EASEL_FAKE_COMFYUI_FAULT_UNSAFE_FILENAME, NULL, FALSE, FALSE,
    EASEL_PROVIDER_ERROR_BAD_RESPONSE, "which is not a plain file name" },
  { "websocket-401", EASEL_FAKE_COMFYUI_FAULT_WS_UNAUTHORIZED, NULL, FALSE, FALSE,
    EASEL_PROVIDER_ERROR_AUTH, "Easel sends them on the websocket handshake too" },
  { "websocket-blocked", EASEL_FAKE_COMFYUI_FAULT_WS_BLOCKED, NULL, FALSE, FALSE,
    EASEL_PROVIDER_ERROR_CONNECT, "must forward the Upgrade and Connection headers" },
};

static char *
closed_port_url (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  /* Bind, note the port, close: nothing listens there now. */
  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_strdup_printf ("http://127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
}

static void
test_matrix (Fixture       *f,
             gconstpointer  data)
{
  const MatrixCase *c = data;
  g_autofree char *refused = c->refused ? closed_port_url () : NULL;
  g_autoptr(EaselProvider) provider = make_provider_full (f, refused, NULL, NULL, NULL,
                                                          c->options);
  g_autoptr(EaselGenerateRequest) request = make_request (64, 64, 1);
  g_autoptr(Run) run = NULL;

  easel_fake_comfyui_set_fault (f->fake, c->fault);
  easel_fake_comfyui_set_node_delay_ms (f->fake, 20);
  run = generate (provider, request);

  if (c->succeeds)
    {
      g_assert_no_error (run->error);
      g_test_message ("MATRIX | %s | success | %u image(s), %u websocket connections", c->name,
                      run->images->len, easel_fake_comfyui_get_stats (f->fake)->ws_connections);
      return;
    }
  g_assert_nonnull (run->error);
  g_test_message ("MATRIX | %s | %s | %s", c->name,
                  easel_provider_error_code_to_string (run->error->code), run->error->message);
  g_assert_error (run->error, EASEL_PROVIDER_ERROR, (gint) c->code);
  g_assert_nonnull (strstr (run->error->message, c->message));
  if (c->fault == EASEL_FAKE_COMFYUI_FAULT_RATE_LIMITED)
    g_assert_cmpint (easel_provider_error_get_retry_after (run->error), ==, 7000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/easel/comfyui-provider/" path, Fixture, NULL, fixture_setup, func, \
              fixture_teardown)

  ADD ("normal", test_normal_job);
  ADD ("recorded-png", test_recorded_png);
  ADD ("batch", test_batch);
  ADD ("cached", test_cached);
  ADD ("previews-type4", test_previews_type4);
  ADD ("websocket-images", test_websocket_images);
  ADD ("legacy-type1", test_previews_type1_legacy);
  ADD ("interrupted-by-someone-else", test_interrupted_by_someone_else);
  ADD ("cancel-queued", test_cancel_queued);
  ADD ("cancel-running", test_cancel_running);
  ADD ("cancel-running-legacy", test_cancel_running_legacy);
  ADD ("cancel-before-start", test_cancel_before_start);
  ADD ("cancel-while-connecting", test_cancel_while_connecting);
  ADD ("job-timeout", test_job_timeout);
  ADD ("websocket-drop", test_websocket_drop);
  ADD ("orphaned-socket", test_orphaned_socket);
  ADD ("unsafe-filename", test_unsafe_filename);
  ADD ("resume-known-id", test_resume_known_id);
  ADD ("two-jobs-one-socket", test_two_jobs_one_socket);
  ADD ("headers-everywhere", test_headers_everywhere);
  ADD ("header-authorization-wins", test_header_authorization_wins);
  ADD ("origin-check-403", test_origin_check_403);
  ADD ("path-prefix", test_path_prefix);
  ADD ("check-no-checkpoints", test_check_no_checkpoints);
  ADD ("check-slow-object-info", test_check_slow_object_info);
  g_test_add ("/easel/comfyui-provider/check/legacy-combos", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_check, fixture_teardown);
  g_test_add ("/easel/comfyui-provider/check/v3-combos", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_check, fixture_teardown);
  g_test_add_func ("/easel/comfyui-provider/frames", test_frames);

  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/easel/comfyui-provider/error/%s",
                                               error_cases[i].name);
      g_test_add (path, Fixture, &error_cases[i], fixture_setup, test_errors, fixture_teardown);
    }
  for (guint i = 0; i < G_N_ELEMENTS (matrix); i++)
    {
      g_autofree char *path = g_strdup_printf ("/easel/comfyui-provider/matrix/%s",
                                               matrix[i].name);
      g_test_add (path, Fixture, &matrix[i], fixture_setup, test_matrix, fixture_teardown);
    }

  return g_test_run ();
}
