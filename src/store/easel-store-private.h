/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "easel-store.h"

G_BEGIN_DECLS

struct _EaselStore
{
  GObject      parent_instance;

  /* One connection, used by one thread at a time. Recursive, so a public call can run inside
   * a transaction another public call opened on the same thread.
   */
  GRecMutex    lock;
  sqlite3     *db;
  GHashTable  *statements;
  guint        transaction_depth;

  char        *data_dir;
  char        *db_path;
  char        *image_dir;
  int          schema_version;
};

#define STORE_LOCKED(self) \
  G_GNUC_UNUSED g_autoptr(GRecMutexLocker) G_PASTE (locker_, __LINE__) = \
    g_rec_mutex_locker_new (&(self)->lock)

sqlite3_stmt *_easel_store_prepare    (EaselStore    *self,
                                       const char    *sql,
                                       GError       **error);
gboolean      _easel_store_exec       (EaselStore    *self,
                                       const char    *sql,
                                       GError       **error);
gboolean      _easel_store_begin      (EaselStore    *self,
                                       GError       **error);
gboolean      _easel_store_commit     (EaselStore    *self,
                                       GError       **error);
void          _easel_store_rollback   (EaselStore    *self);
gboolean      _easel_store_step_done  (EaselStore    *self,
                                       sqlite3_stmt  *stmt,
                                       const char    *what,
                                       GError       **error);
void          _easel_store_set_error  (sqlite3       *db,
                                       int            rc,
                                       const char    *what,
                                       GError       **error);

void          _easel_bind_text        (sqlite3_stmt  *stmt,
                                       int            index,
                                       const char    *text);
void          _easel_bind_int_or_null (sqlite3_stmt  *stmt,
                                       int            index,
                                       gboolean       set,
                                       gint64         value);
char         *_easel_column_dup_text  (sqlite3_stmt  *stmt,
                                       int            column);

typedef gpointer (*EaselRowReader) (sqlite3_stmt *stmt);
GPtrArray    *_easel_store_read_rows  (EaselStore    *self,
                                       sqlite3_stmt  *stmt,
                                       EaselRowReader reader,
                                       GDestroyNotify free_func,
                                       const char    *what,
                                       GError       **error);
gboolean      _easel_store_get_row    (EaselStore    *self,
                                       const char    *sql,
                                       const char    *key,
                                       gint64         id,
                                       EaselRowReader reader,
                                       gpointer      *row,
                                       GError       **error);
char         *_easel_strv_to_json     (char * const  *strv);
GStrv         _easel_strv_from_json   (const char    *json);

gboolean      _easel_store_bind_setting (sqlite3_stmt           *stmt,
                                         int                     first,
                                         const EaselImageSetting *setting);
EaselImageSetting *_easel_store_read_setting (sqlite3_stmt *stmt,
                                              int           first);
#define EASEL_SETTING_COLUMNS \
  "width, height, steps, guidance_scale, sampler, scheduler, seed, model, negative_prompt, " \
  "extra_settings, legacy_text"

char         *_easel_store_fts_query  (const char    *search);

/* Migrations (easel-store-migrate.c) */
gboolean      _easel_store_migrate    (EaselStore    *self,
                                       gboolean       existed,
                                       GError       **error);
void          _easel_store_set_migration_fault (int   version,
                                                int   after_rows);

G_END_DECLS
