/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

/* Exit statuses shared by every command. */
#define EASEL_EXIT_OK        0
#define EASEL_EXIT_FAILED    1
#define EASEL_EXIT_USAGE     2
#define EASEL_EXIT_CANCELLED 130

typedef struct _EaselCliCommand EaselCliCommand;

/**
 * EaselCliCommand:
 * @name: the word after `easel`
 * @summary: one line for `easel --help` (marked with N_())
 * @run: runs the command; argv[0] is the command name, the rest its arguments, with the global
 *   options already removed. Returns the exit status.
 */
struct _EaselCliCommand
{
  const char *name;
  const char *summary;
  int       (*run) (int argc, char **argv);
};

/* Each easel-cli-*.c file defines one command table entry. */
extern const EaselCliCommand _easel_cli_settings_command;
extern const EaselCliCommand _easel_cli_providers_command;
extern const EaselCliCommand _easel_cli_examples_command;
extern const EaselCliCommand _easel_cli_generate_command;
extern const EaselCliCommand _easel_cli_history_command;
extern const EaselCliCommand _easel_cli_import_command;
extern const EaselCliCommand _easel_cli_jobs_command;
extern const EaselCliCommand _easel_cli_post_command;
extern const EaselCliCommand _easel_cli_serve_command;
extern const EaselCliCommand _easel_cli_retry_command;

/* Helpers shared by the commands. */
int          _easel_cli_usage_error   (GOptionContext *context,
                                       const char     *format,
                                       ...) G_GNUC_PRINTF (2, 3);
int          _easel_cli_fail          (const GError   *error);
int          _easel_cli_fail_message  (const char     *format,
                                       ...) G_GNUC_PRINTF (1, 2);
GOptionContext *_easel_cli_option_context_new (const char *command,
                                               const char *parameter_string,
                                               const char *summary);
EaselStore  *_easel_cli_open_store    (GError        **error);
char        *_easel_cli_read_text_arg (const char     *arg,
                                       GError        **error);
void         _easel_cli_print_json    (JsonNode       *node);
EaselEngine *_easel_cli_open_engine   (GError        **error);
GStrv        _easel_cli_split_list    (char          **values);

G_END_DECLS
