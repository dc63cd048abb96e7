/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_CANDIDATE_CARD (easel_candidate_card_get_type ())

G_DECLARE_FINAL_TYPE (EaselCandidateCard, easel_candidate_card, EASEL, CANDIDATE_CARD, AdwBin)

GtkWidget  *easel_candidate_card_new          (void);
void        easel_candidate_card_set_result   (EaselCandidateCard *self,
                                               const EaselResult  *result,
                                               const char         *thumbnail_path,
                                               const char         *image_path,
                                               GCancellable       *cancellable);
void        easel_candidate_card_set_job      (EaselCandidateCard *self,
                                               const EaselJob     *job);
gint64      easel_candidate_card_get_result_id (EaselCandidateCard *self);
gboolean    easel_candidate_card_get_chosen   (EaselCandidateCard *self);
void        easel_candidate_card_set_chosen   (EaselCandidateCard *self,
                                               gboolean            chosen);
gboolean    easel_candidate_card_get_compare  (EaselCandidateCard *self);
void        easel_candidate_card_set_compare  (EaselCandidateCard *self,
                                               gboolean            compare);
GdkPaintable *easel_candidate_card_get_paintable (EaselCandidateCard *self);
const char *easel_candidate_card_get_title    (EaselCandidateCard *self);

G_END_DECLS
