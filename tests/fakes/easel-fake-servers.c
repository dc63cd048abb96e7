/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-fake-servers: the protocol fakes as a standalone program, for demonstrations and the
 * benchmarks that compare Easel with other clients against the same server. It prints one
 * line of JSON with the base URLs, then serves until it is killed.
 *
 *   easel-fake-servers [--latency-ms N] [--step-delay-ms N]
 */
#include "config.h"

#include <glib-unix.h>
#include <stdio.h>

#include "easel-fake-a1111.h"
#include "easel-fake-comfyui.h"
#include "easel-fake-openai.h"

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  int latency_ms = 0;
  int step_delay_ms = 20;
  const GOptionEntry entries[] = {
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &latency_ms, "OpenAI fake latency per request", "N" },
    { "step-delay-ms", 0, 0, G_OPTION_ARG_INT, &step_delay_ms, "A1111 fake delay per step", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  EaselFakeOpenai *openai;
  EaselFakeA1111 *a1111;
  EaselFakeComfyui *comfyui;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }

  openai = easel_fake_openai_new ();
  easel_fake_openai_set_latency (openai, (guint) latency_ms);
  a1111 = easel_fake_a1111_new ();
  easel_fake_a1111_set_step_delay (a1111, (guint) step_delay_ms);
  comfyui = easel_fake_comfyui_new ();
  easel_fake_comfyui_set_node_delay_ms (comfyui, (guint) step_delay_ms);

  printf ("{\"openai\": \"%s\", \"a1111\": \"%s\", \"comfyui\": \"%s\"}\n",
          easel_fake_openai_get_url (openai), easel_fake_a1111_get_url (a1111),
          easel_fake_comfyui_get_url (comfyui));
  fflush (stdout);

  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  easel_fake_openai_free (openai);
  easel_fake_a1111_free (a1111);
  easel_fake_comfyui_free (comfyui);
  return 0;
}
